"""Tables of cases for the three hand-written value kinds (examples from the seeds)."""
import pytest

from loaders.money import parse_vnd_amount
from loaders.parse import (parse_criterion, parse_level, parse_plan_year, parse_school_year,
                           parse_target_text)


@pytest.mark.parametrize("text, vnd", [
    ("50 tỷ đồng", 50_000_000_000), ("5,5 tỷ đồng", 5_500_000_000), ("4,5 tỷ đồng", 4_500_000_000),
    ("350 triệu đồng", 350_000_000), ("1 tỷ 200 triệu", 1_200_000_000), ("800tr", 800_000_000),
    ("2.500.000.000 đ", 2_500_000_000), ("2,500,000,000 VND", 2_500_000_000), (1_500_000, 1_500_000),
    (2.5e9, 2_500_000_000), ("1.5 tỷ", 1_500_000_000), ("40 triệu đồng", 40_000_000),
    ("5 triệu đồng", 5_000_000), ("3 tỷ đồng", 3_000_000_000), ("Không", 0), ("0", 0), ("-", 0), (0, 0),
])
def test_money_amounts(text, vnd):
    parsed = parse_vnd_amount(text)
    assert (parsed.value, parsed.warning) == (vnd, None)


@pytest.mark.parametrize("text", [None, "", "   "])
def test_empty_money_is_not_estimated_not_zero(text):
    parsed = parse_vnd_amount(text)
    assert parsed.value is None and parsed.warning is None


@pytest.mark.parametrize("text", ["Theo dự án", "Xã hội hóa", "2-3 tỷ", "1 tỷ 200", "1.200 triệu", "1,5"])
def test_text_that_is_not_an_amount_is_kept_with_a_warning(text):
    parsed = parse_vnd_amount(text)
    assert parsed.value is None and parsed.warning and str(text) in parsed.warning


@pytest.mark.parametrize("text, criterion", [
    ("3.6", "3.6"), ("Tiêu chí 3.6", "3.6"), ("TC 3.6", "3.6"), ("tiêu chí 3.6: Thư viện", "3.6"),
    ("Tiêu chí 1.10", "1.10"), ("TIEU CHI 2,2", "2.2"), (3.6, "3.6"),
])
def test_criterion_forms(text, criterion):
    parsed = parse_criterion(text)
    assert (parsed.value, parsed.error, parsed.warning) == (criterion, None, None)


def test_numeric_1_1_could_be_1_10():
    parsed = parse_criterion(1.1)
    assert parsed.value == "1.1" and "1.10" in parsed.warning


@pytest.mark.parametrize("text", ["Tiêu chuẩn 3", "abc", None, "Tiêu chí"])
def test_bad_criterion_is_an_error(text):
    assert parse_criterion(text).error


@pytest.mark.parametrize("text, level", [
    ("Không đạt", 0), ("KĐ", 0), ("0", 0), (0, 0), ("Mức 1", 1), ("mức 2", 2), ("M3", 3), ("3", 3),
    (3.0, 3), ("Đạt mức 2", 2), ("  MỨC 1 ", 1),
])
def test_level_forms(text, level):
    assert parse_level(text).value == level


@pytest.mark.parametrize("text", ["Mức 4", "Tốt", "x", "", None, 5, "Đạt"])
def test_bad_level_is_an_error(text):
    assert parse_level(text).error


def test_plan_target_and_current_from_seed_003():
    assert parse_target_text("Đạt mức 3 (hiện trạng mức 2)") == (3, 2)
    assert parse_target_text("Phòng học Công nghệ") == (None, None)


@pytest.mark.parametrize("text, year", [("Năm 2024", 2024), ("Quý 1/2024", 2024),
                                        ("Năm 2023-2025", None), ("Năm 2022 và 2023", None), (None, None)])
def test_plan_year_only_when_one_year_is_named(text, year):
    assert parse_plan_year(text) == year


def test_school_year_forms():
    assert parse_school_year("2023 - 2024").value == "2023-2024"
    assert parse_school_year("2023-2025").error


def test_repeated_marks_every_row_of_a_code_that_occurs_twice():
    import numpy as np
    from loaders.columns import repeated
    assert repeated(np.array([5, 1, 7, 1, 9])).tolist() == [False, True, False, True, False]
    assert not repeated(np.array([3, 2, 1])).any()
    assert not repeated(np.array([], dtype=np.int64)).any()



def test_factorized_takes_a_categoricals_codes_and_factorises_a_small_slice():
    import pandas as pd
    from loaders.columns import factorized
    column = pd.Series(pd.Categorical(["b", None, "a", "b"], categories=["a", "b", "c"]))
    codes, values = factorized(column)
    assert [values[c] if c >= 0 else None for c in codes] == ["b", None, "a", "b"]
    assert values == ["a", "b", "c"]  # the categories as they are, unused 'c' included
    codes, values = factorized(column.iloc[[2]])  # one row of three categories: only what is there
    assert codes.tolist() == [0] and values == ["a"]
    codes, values = factorized(pd.Series(["x", None, 1.1, "x"], dtype=object))
    assert codes.tolist() == [0, -1, 1, 0] and values == ["x", 1.1]

def test_cycle_collector_comes_back_after_overlapping_readers():
    import gc
    from loaders.workbook import cycle_collector_paused
    assert gc.isenabled()
    first, second = cycle_collector_paused(), cycle_collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first reader finishes while the second still reads
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
