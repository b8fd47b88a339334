"""The level rules of Điều 6/34/37 (2018) and khoản 3 Điều 5 TT57/2026, at each threshold's edge."""
import duckdb
import pytest

from loaders.schema import create_store
from tests.helpers import criteria_of, level3_everywhere, make_store, status

FRAMEWORKS_2018 = [("TT17_2018_TH", "Tiểu học", 5), ("TT18_2018_THCS_THPT", "THCS", 6),
                   ("TT19_2018_MN", "Mầm non", 6)]


def _all_level3(framework):
    con = duckdb.connect()
    create_store(con)
    return level3_everywhere(con, framework)


@pytest.mark.parametrize("framework, school_level, clauses", FRAMEWORKS_2018)
class TestRules2018:
    def test_one_criterion_not_met_is_below_level1(self, framework, school_level, clauses):
        s = status(make_store(framework, {"3.1": 0}, school_level=school_level))
        assert (s["computed_level"], s["accreditation_text"], s["standard_text"]) == (0, "Chưa đạt", "Chưa đạt")
        assert "3.1" in s["explanation"]

    def test_all_at_level1_is_level1(self, framework, school_level, clauses):
        s = status(make_store(framework, default=1, school_level=school_level))
        assert (s["computed_level"], s["accreditation_text"], s["national_standard"]) == (1, "Cấp độ 1", 0)

    def test_one_criterion_at_level1_blocks_level2(self, framework, school_level, clauses):
        s = status(make_store(framework, {"3.6": 1}, school_level=school_level))
        assert s["computed_level"] == 1
        assert s["explanation"] == "Đạt Mức 1. Chưa đạt Cấp độ 2: tiêu chí 3.6 (Mức 1) chưa đạt Mức 2."

    def test_all_at_level2_is_level2_and_national_standard_1(self, framework, school_level, clauses):
        s = status(make_store(framework, school_level=school_level))
        assert (s["computed_level"], s["national_standard"], s["standard_text"]) == (2, 1, "Mức độ 1")

    def test_level3_needs_every_criterion_that_has_level3(self, framework, school_level, clauses):
        marks = _all_level3(framework)
        last = list(marks)[-1]
        s = status(make_store(framework, {**marks, last: 2}, school_level=school_level))
        assert s["computed_level"] == 2 and last in s["explanation"]
        s = status(make_store(framework, marks, school_level=school_level))
        assert (s["computed_level"], s["national_standard"]) == (3, 2)

    def test_level4_needs_every_clause(self, framework, school_level, clauses):
        marks = _all_level3(framework)
        all_met = {n: True for n in range(1, clauses + 1)}
        s = status(make_store(framework, marks, level4={**all_met, clauses: False}, school_level=school_level))
        assert s["computed_level"] == 3
        s = status(make_store(framework, marks, level4=all_met, school_level=school_level))
        assert (s["computed_level"], s["accreditation_text"], s["national_standard"]) == (4, "Cấp độ 4", 2)

    def test_missing_criterion_is_not_failure(self, framework, school_level, clauses):
        s = status(make_store(framework, missing=("2.1",), school_level=school_level))
        assert (s["computed_level"], bool(s["data_incomplete"])) == (0, True)
        assert "Không đủ dữ liệu" in s["explanation"] and "2.1" in s["explanation"]

    def test_known_failure_decides_despite_missing_data(self, framework, school_level, clauses):
        s = status(make_store(framework, {"3.1": 0}, missing=("2.1",), school_level=school_level))
        assert (s["computed_level"], bool(s["data_incomplete"])) == (0, False)


def test_level3_rating_on_criterion_without_level3_counts_as_level2():
    con = make_store("TT18_2018_THCS_THPT", {"5.3": 3})
    row = con.execute("SELECT raw_level, level FROM criterion_status WHERE criterion_id = '5.3'").fetchone()
    assert row == (3, 2)


TT57 = "TT57_2026_PT_PL2"


def _others(con):
    return [c for c, _, mandatory in criteria_of(con, TT57) if not mandatory]


class TestRules2026:
    def test_all_mandatory_and_five_others_at_level1(self):
        con = make_store(TT57, default=1, school_level="THCS")
        others = _others(con)
        s = status(make_store(TT57, {c: 0 for c in others[:2]}, default=1))
        assert s["computed_level"] == 1
        s = status(make_store(TT57, {c: 0 for c in others[:3]}, default=1))
        assert s["computed_level"] == 0 and "4/7" in s["explanation"]

    def test_mandatory_criterion_below_level1_fails(self):
        s = status(make_store(TT57, {"1.3": 0}, default=2))
        assert s["computed_level"] == 0

    def test_level2_five_of_seven_and_none_below_level1(self):
        con = make_store(TT57)
        others = _others(con)
        assert status(make_store(TT57, {c: 1 for c in others[:2]}))["computed_level"] == 2
        assert status(make_store(TT57, {c: 1 for c in others[:3]}))["computed_level"] == 1
        # one criterion below Mức 1 still allows Mức 1 (6 of 7 others) but blocks Mức 2
        s = status(make_store(TT57, {others[0]: 0}))
        assert s["computed_level"] == 1 and "dưới Mức 1" in s["explanation"]

    def test_national_standard_follows_level(self):
        s = status(make_store(TT57))
        assert (s["computed_level"], s["national_standard"]) == (2, 2)
