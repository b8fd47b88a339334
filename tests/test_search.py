"""Search folds diacritics, case and spaces (metrics/search.py): the Python folding, the SQL one every
store holds, and the predicates built from what a user typed, checked against each other."""
from __future__ import annotations

import unicodedata

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.search import fold, match_sql, matches, search_words, slug
from metrics.sql_files import sql_text

# Every letter of Vietnamese, with each of the five tone marks, in both cases (typed or pasted).
_BASES = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_LETTERS = sorted({unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES} | set("bcdđghklmnpqrstvx"))
_LETTERS += [c.upper() for c in _LETTERS]
vietnamese = st.text(st.sampled_from([*_LETTERS, " ", "\t", "\u00a0", "0", "7", "-", "%", "_"]), max_size=30)
as_typed = vietnamese.flatmap(lambda t: st.sampled_from([t, unicodedata.normalize("NFD", t)]))
# The SQL macro's \s (RE2) leaves a no-break space as it is where Python's makes it a space; a search is
# word by word (match_sql), so the separator between two words never decides a match.
ordinary_spaces = as_typed.map(lambda t: t.replace("\u00a0", " "))
# What a user may type that means something to a regular expression or to LIKE.
_SYNTAX = list("\\[](){}.*+?^$|%_'\"")
with_syntax = st.text(st.sampled_from([*_LETTERS[:40], "đ", "Đ", " ", *_SYNTAX]), max_size=12)


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    connection.execute(sql_text("fold_macro"))
    return connection


@pytest.mark.parametrize("typed, folded", [
    ("Toàn Thắng", "toan thang"), ("ĐÔNG ANH", "dong anh"), ("Đồng Đăng", "dong dang"),
    ("  Tiêu\t Chí  ", "tieu chi"), (unicodedata.normalize("NFD", "Trường Ứng Hòa"), "truong ung hoa"),
    ("Nguyễn Thị Định", "nguyen thi dinh"), (None, "")])
def test_fold_strips_marks_case_and_spaces(typed, folded):
    assert fold(typed) == folded


def test_toan_thang_finds_toan_thang_in_any_case_and_order():
    name = "Trường THCS Toàn Thắng"
    assert matches("toan thang", name) and matches("THẮNG toàn", name) and matches("", name)
    assert matches("tt", name, "HP-THCS-TT") and not matches("toan thanh", name)


@settings(max_examples=200, deadline=None)
@given(as_typed)
def test_fold_is_ascii_lower_single_spaced_and_idempotent(text):
    folded = fold(text)
    assert folded == fold(folded) and folded == folded.strip() and "  " not in folded
    assert folded.isascii() and folded == folded.lower() and "\t" not in folded


@settings(max_examples=200, deadline=None)
@given(ordinary_spaces)
def test_the_sql_fold_macro_folds_as_python_does(con, text):
    assert con.execute("SELECT fold(?)", [text]).fetchone()[0] == fold(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(as_typed | with_syntax, min_size=1, max_size=6), as_typed | with_syntax)
def test_match_sql_keeps_the_rows_matches_keeps(con, names, query):
    where, params = match_sql(query, ("name", "code"))
    rows = con.execute(f"SELECT i FROM (SELECT unnest($names) AS name, unnest($codes) AS code, "
                       f"unnest(range(len($names))) AS i) WHERE TRUE {where} ORDER BY i",
                       {**params, "names": names, "codes": [f"C{i}" for i in range(len(names))]}).fetchall()
    assert [r[0] for r in rows] == [i for i, name in enumerate(names) if matches(query, name, f"C{i}")]


@given(as_typed)
def test_a_name_is_found_by_any_folded_piece_of_it(text):
    words = fold(text).split()
    assert all(matches(word, text) for word in words) and matches(" ".join(reversed(words)), text)


def test_a_wildcard_typed_is_a_character(con):
    where, params = match_sql("5%", ("name",))
    found = con.execute(f"SELECT name FROM (SELECT unnest(['Trường 5%', 'Trường 50']) AS name) WHERE TRUE {where}",
                        params).fetchall()
    assert found == [("Trường 5%",)]


def test_a_long_search_is_cut_to_a_few_distinct_words():
    assert search_words("a b a c d e f g h i j k") == ["a", "b", "c", "d", "e", "f", "g", "h"]


@pytest.mark.parametrize("value, key", [("Hải Phòng", "hai-phong"), ("Tự đánh giá", "tu-danh-gia"),
                                        ("2025-2026", "2025-2026"), ("THCS", "thcs"), ("TP. Hồ Chí Minh", "tp-ho-chi-minh")])
def test_slug(value, key):
    assert slug(value) == key and slug(key) == key


@given(as_typed)
def test_slug_is_a_stable_url_key(text):
    key = slug(text)
    assert slug(key) == key and all(c.isascii() and (c.isalnum() or c == "-") for c in key)
    assert not key.startswith("-") and "--" not in key
