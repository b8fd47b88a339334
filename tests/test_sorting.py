"""Natural order of names (metrics.sorting): numbers as numbers, letters folded, a total order."""
from __future__ import annotations

import random

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.sorting import natural_key, natural_sorted, sort_naturally

# prefixes without digits, as school and place names start ("Trường Tiểu học ", "Xã Tiên Lãng ")
_WORDS = st.text(st.characters(blacklist_categories=("Nd", "Cs"), blacklist_characters="\0"), max_size=12)


def test_schools_numbered_as_people_count():
    names = ["Trường THCS số 10", "Trường THCS số 2", "Trường THCS số 22", "Trường THCS số 11", "Trường THCS số 1"]
    assert natural_sorted(names) == ["Trường THCS số 1", "Trường THCS số 2", "Trường THCS số 10",
                                     "Trường THCS số 11", "Trường THCS số 22"]


def test_letters_folded_and_prefixes_first():
    assert natural_sorted(["Quận 12", "quận 3", "Ánh Dương", "Anh Đào", "Quận 3 mới", "Bắc Ninh"]) == [
        "Anh Đào", "Ánh Dương", "Bắc Ninh", "quận 3", "Quận 3 mới", "Quận 12"]


def test_missing_values_first_and_ties_broken_by_the_text():
    assert natural_sorted(["số 2", None, "Số 2", "số 02"]) == [None, "Số 2", "số 02", "số 2"]
    assert natural_sorted(["\0", ""]) == natural_sorted(["", "\0"]) == ["", "\0"]  # found by hypothesis


def test_a_frame_sorted_by_several_columns():
    frame = pd.DataFrame({"district": ["Quận 10", "Quận 2", "Quận 2", None],
                          "name": ["Trường số 1", "Trường số 10", "Trường số 9", "Trường số 3"]})
    out = sort_naturally(frame, ["district", "name"])
    assert out["name"].tolist() == ["Trường số 3", "Trường số 9", "Trường số 10", "Trường số 1"]
    assert out.index.tolist() == [0, 1, 2, 3]


@given(_WORDS, st.integers(0, 10**30), st.integers(0, 10**30), _WORDS)
def test_numbers_after_the_same_words_compare_as_numbers(prefix, a, b, suffix):
    first, second = f"{prefix}{a}{suffix}", f"{prefix}{b}{suffix}"
    if a < b:
        assert natural_key(first) < natural_key(second)
    elif a == b:
        assert natural_key(first) == natural_key(second)


@settings(max_examples=50)
@given(st.lists(st.one_of(st.none(), st.text(max_size=15),
                          st.builds(lambda w, n: f"{w} {n}", _WORDS, st.integers(0, 500))), max_size=40),
       st.randoms())
def test_the_order_is_total_whatever_order_rows_come_in(values, rng):
    shuffled = list(values)
    rng.shuffle(shuffled)
    assert natural_sorted(shuffled) == natural_sorted(values)
    frame = pd.DataFrame({"name": values})
    assert sort_naturally(frame.sample(frac=1, random_state=random.Random(1).randint(0, 99)), ["name"])[
        "name"].tolist() == sort_naturally(frame, ["name"])["name"].tolist()


@settings(max_examples=50)
@given(st.lists(st.one_of(st.none(), st.text(max_size=10)), max_size=30))
def test_a_frame_is_sorted_as_the_list_is(values):
    # pandas holds a missing name as NaN: compared as None
    shown = sort_naturally(pd.DataFrame({"name": values}), ["name"])["name"].tolist()
    assert [None if v != v else v for v in shown] == natural_sorted(values)

