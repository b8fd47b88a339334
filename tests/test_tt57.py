"""TT57/2026 in time (issue 11 §3, RULES.md §3): Chuẩn quốc gia needs three consecutive school
years of data under the framework, and an assessment of 2026-2027 or later recorded under a 2018
circular is kept with a finding. Which frameworks are which, and how many years, is reference data
(frameworks.csv); the expected texts are written here by hand.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from loaders.importer import import_file
from loaders.store import Store, connect
from metrics.derive import refresh_derived
from tests.helpers import criteria_of
from tests.test_derive import assert_incremental_equals_full
from tests.test_levels import _REFERENCE, FRAMEWORKS_2018, FRAMEWORKS_TT57, assess, rated_store

_WAITING = "Chưa đủ 3 năm liên tiếp có dữ liệu tự đánh giá (TT57/2026)"


def _reason(level: int, years: int, last: str) -> str:
    return (f" Chưa đủ điều kiện xét Chuẩn quốc gia Mức độ {level}: theo TT57/2026 (tạm thời) cần 3 năm học "
            f"liên tiếp có dữ liệu tự đánh giá; trường có {years} năm liên tiếp tính đến năm học {last}.")


@pytest.mark.parametrize("framework", FRAMEWORKS_TT57)
def test_tt57_standard_needs_three_consecutive_years(framework):
    three = ("2026-2027", "2027-2028", "2028-2029")
    s = assess(framework, {"three": {"years": three}, "two": {"years": three[1:]}, "one": {"years": three[2:]},
                           "gap": {"years": ("2025-2026", "2027-2028", "2028-2029")},
                           "three_at_level1": {"years": three, "default": 1}})
    assert (s["three"]["national_standard"], s["three"]["standard_text"]) == (2, "Mức độ 2")
    assert s["three"]["consecutive_data_years"] == 3
    assert s["three"]["explanation"] == "Đạt Mức 2. Đạt mức cao nhất của khung tiêu chí."
    assert (s["three_at_level1"]["national_standard"], s["three_at_level1"]["standard_text"]) == (1, "Mức độ 1")
    for case, years in (("two", 2), ("one", 1), ("gap", 2)):  # a gap year starts the count again
        row = s[case]
        assert pd.isna(row["national_standard"]), case  # not decided yet, not failed
        assert row["standard_text"] == _WAITING, case
        assert row["consecutive_data_years"] == years, case
        assert row["explanation"] == "Đạt Mức 2. Đạt mức cao nhất của khung tiêu chí." + _reason(2, years, "2028-2029")
        assert row["accreditation_text"] == "Cấp độ 2", case  # only the standard waits, not the level


@pytest.mark.parametrize("framework", FRAMEWORKS_TT57)
def test_a_year_without_data_does_not_count_and_a_failed_level_is_not_waiting(framework):
    con = rated_store(framework, {"S": {"years": ("2026-2027", "2027-2028", "2028-2029")},
                                  "below": {"years": ("2028-2029",), "default": 0}})
    con.execute("DELETE FROM ratings WHERE school_id = 'S' AND school_year = '2027-2028'")
    refresh_derived(con)
    rows = dict(con.execute("SELECT school_id || ' ' || school_year, standard_text FROM assessment_status").fetchall())
    assert rows["S 2027-2028"] == "Chưa có dữ liệu"
    assert rows["S 2028-2029"] == _WAITING
    assert rows["below 2028-2029"] == "Chưa đạt"


@pytest.mark.parametrize("framework", FRAMEWORKS_2018)
def test_a_2018_circular_grants_the_standard_from_one_year(framework):
    s = assess(framework, {"one": {"years": ("2025-2026",)}})
    assert (s["one"]["national_standard"], s["one"]["standard_text"]) == (1, "Mức độ 1")


def _findings(con) -> dict[str, list[str]]:
    found = con.execute("SELECT school_year, detail FROM findings WHERE ord = 9 ORDER BY ALL").fetchall()
    return {year: [d for y, d in found if y == year] for year in ("2025-2026", "2026-2027", "2027-2028")}


@pytest.mark.parametrize("framework, school_level, circular", [
    ("TT18_2018_THCS_THPT", "THCS", "TT18/2018"), ("TT19_2018_MN", "Mầm non", "TT19/2018"),
    ("TT17_2018_TH", "Tiểu học", "TT17/2018")])
def test_a_2018_circular_after_2025_2026_is_kept_with_a_finding(framework, school_level, circular):
    con = rated_store(framework, {"S": {"years": ("2025-2026", "2026-2027", "2027-2028")}}, school_level)
    found = _findings(con)
    assert found["2025-2026"] == []
    assert found["2026-2027"] == [f"Đánh giá năm học 2026-2027 theo {circular}; "
                                  "từ năm học 2026-2027 áp dụng TT57/2026 (tạm thời)"]
    assert found["2027-2028"] == [f"Đánh giá năm học 2027-2028 theo {circular}; "
                                  "từ năm học 2026-2027 áp dụng TT57/2026 (tạm thời)"]
    kept = con.execute("SELECT count(*), min(f.circular_short) FROM assessment_status JOIN frameworks f "
                       "USING (framework_key)").fetchall()[0]
    assert kept == (3, circular)


@pytest.mark.parametrize("framework", FRAMEWORKS_TT57)
def test_a_tt57_assessment_raises_no_such_finding(framework):
    con = rated_store(framework, {"S": {"years": ("2026-2027", "2027-2028")}})
    assert con.execute("SELECT count(*) FROM findings WHERE ord = 9").fetchall()[0][0] == 0


def test_the_third_year_imported_grants_the_standard_incrementally_as_a_full_rebuild_would(tmp_path):
    """An import rebuilds every assessment of the school it touches (scope_touched.sql): the earlier
    years keep their wait, the third year gets Mức độ 2, the other school is untouched."""
    store = Store(tmp_path / "store")
    def write(name: str, text: str) -> Path:
        (tmp_path / name).write_text(text, encoding="utf-8")
        return tmp_path / name
    write("Trường.csv", "Mã trường,Tên trường,Cấp học,Tỉnh/Thành phố\nS,Trường THCS Sơn,THCS,Hải Phòng\n"
                        "T,Trường THCS Tân,THCS,Hải Phòng\n")
    criteria = [c for c, _, _ in criteria_of(_REFERENCE, "TT57_2026_PT_PL2")]

    def ratings(name, pairs):  # the framework is left blank: TT57/2026 from 2026-2027 on (school_levels.csv)
        return write(name, "Mã trường,Năm học,Tiêu chí,Mức đạt\n"
                     + "".join(f"{school},{year},{c},Mức 2\n" for school, year in pairs for c in criteria))
    for path in (tmp_path / "Trường.csv", ratings("1-Đánh giá.csv", [(s, y) for s in "ST" for y in
                                                                     ("2026-2027", "2027-2028")]),
                 ratings("2-Đánh giá.csv", [("S", "2028-2029")])):
        assert import_file(store, path).status == "imported"
    with connect(store.current_path(), read_only=True) as con:
        found = dict(con.execute("SELECT school_id || ' ' || school_year, standard_text FROM assessment_status"
                                 ).fetchall())
    assert found == {"S 2026-2027": _WAITING, "S 2027-2028": _WAITING, "S 2028-2029": "Mức độ 2",
                     "T 2026-2027": _WAITING, "T 2027-2028": _WAITING}
    assert_incremental_equals_full(store.current_path(), tmp_path)
