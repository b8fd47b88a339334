"""The level rules of Điều 6/34/37 (2018) and khoản 3 Điều 5 TT57/2026, at each threshold's edge.

Which frameworks follow which rule, the "at least k of the others", the mandatory criteria and
the number of Mức 4 clauses are read from the reference data; the expected verdicts are the
regulation's (RULES.md §2, §3), written here by hand.
"""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from loaders.schema import create_store, framework_reference
from metrics.derive import refresh_derived
from tests.helpers import criteria_of, level3_everywhere, make_store, status

_FRAMEWORKS = framework_reference()
FRAMEWORKS_2018 = _FRAMEWORKS.loc[_FRAMEWORKS.rule == "every_criterion", "framework_key"].tolist()
FRAMEWORKS_TT57 = _FRAMEWORKS.loc[_FRAMEWORKS.rule == "mandatory_and_others", "framework_key"].tolist()
_YEAR, _TYPE = "2023-2024", "Tự đánh giá"


def _reference_store() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    create_store(con)
    return con


_REFERENCE = _reference_store()


def _criteria(framework: str) -> list[tuple[str, bool, bool]]:
    return criteria_of(_REFERENCE, framework)


def _clauses(framework: str) -> int:
    return _REFERENCE.execute("SELECT count(*) FROM level4_clauses WHERE framework_key = ?", [framework]).fetchall()[0][0]


def assess(framework: str, cases: dict[str, dict]) -> dict[str, dict]:
    """One store, one school per case; a case is {criterion: level} plus optional keys
    'default' (level of the other criteria, 2), 'missing' (unrated criteria), 'level4'
    ({clause: achieved}) and 'years' (the school years rated alike, by default the framework's
    standard_years_needed up to 2023-2024). Returns each case's row of its last year."""
    con = rated_store(framework, cases)
    found = con.execute("SELECT * FROM assessment_status QUALIFY row_number() OVER "
                        "(PARTITION BY school_id ORDER BY school_year DESC) = 1").df().set_index("school_id")
    return {school: found.loc[school].to_dict() for school in cases}


def rated_store(framework: str, cases: dict[str, dict], school_level: str = "THCS") -> duckdb.DuckDBPyConnection:
    con = _reference_store()
    rows = {"schools": [], "assessments": [], "ratings": [], "level4_results": []}
    for school, case in cases.items():
        case = dict(case)
        default, missing, level4 = case.pop("default", 2), case.pop("missing", ()), case.pop("level4", {})
        years = case.pop("years", None) or _years_up_to(_YEAR, _years_needed(framework))
        rows["schools"].append((school, school, school_level, "Hải Phòng", "Tiên Lãng", False))
        for year in years:
            rows["assessments"].append((school, year, _TYPE, framework, int(year[:4]), 1))
            rows["ratings"] += [(school, year, _TYPE, framework, c, case.get(c, default))
                                for c, _, _ in _criteria(framework) if c not in missing]
            rows["level4_results"] += [(school, year, _TYPE, clause, met) for clause, met in level4.items()]
    columns = {"schools": ["school_id", "name", "school_level", "province", "district", "is_demo"],
               "assessments": ["school_id", "school_year", "assessment_type", "framework_key", "year_start", "import_id"],
               "ratings": ["school_id", "school_year", "assessment_type", "framework_key", "criterion_id", "level"],
               "level4_results": ["school_id", "school_year", "assessment_type", "clause", "achieved"]}
    for table, values in rows.items():
        if values:
            con.register("_rows", pd.DataFrame(values, columns=columns[table]))
            con.execute(f"INSERT INTO {table} ({', '.join(columns[table])}) SELECT * FROM _rows")
            con.unregister("_rows")
    refresh_derived(con)
    return con


def _years_needed(framework: str) -> int:
    return int(_FRAMEWORKS.set_index("framework_key").at[framework, "standard_years_needed"])


def _years_up_to(last: str, n: int) -> tuple[str, ...]:  # ('2023-2024', 3) -> 2021-2022 .. 2023-2024
    return tuple(f"{y}-{y + 1}" for y in range(int(last[:4]) - n + 1, int(last[:4]) + 1))


def verdict(row: dict) -> tuple[int, bool, int]:
    return int(row["computed_level"]), bool(row["data_incomplete"]), int(row["national_standard"])


# ---------------------------------------------------------------- 2018 circulars
@pytest.mark.parametrize("framework", FRAMEWORKS_2018)
class TestRules2018:
    def test_every_criterion_at_each_level(self, framework):
        # Điều 6 khoản 1: Mức n = every criterion at Mức n; Điều 37: Mức 2 -> Mức độ 1, Mức 3/4 -> Mức độ 2
        level3 = level3_everywhere(_REFERENCE, framework)
        all_met = {n: True for n in range(1, _clauses(framework) + 1)}
        s = assess(framework, {"none": {"default": 0}, "one_below1": {"3.1": 0}, "all1": {"default": 1},
                               "one_at1": {"3.6": 1}, "all2": {}, "all3": level3,
                               "all4": {**level3, "level4": all_met}})
        assert verdict(s["none"]) == (0, False, 0)
        assert verdict(s["one_below1"]) == (0, False, 0) and "3.1" in s["one_below1"]["explanation"]
        assert verdict(s["all1"]) == (1, False, 0)
        assert verdict(s["one_at1"]) == (1, False, 0)
        assert verdict(s["all2"]) == (2, False, 1)
        assert verdict(s["all3"]) == (3, False, 2)
        assert verdict(s["all4"]) == (4, False, 2)
        assert [s[k]["accreditation_text"] for k in ("none", "all1", "all2", "all3", "all4")] == \
            ["Chưa đạt", "Cấp độ 1", "Cấp độ 2", "Cấp độ 3", "Cấp độ 4"]
        assert [s[k]["standard_text"] for k in ("one_at1", "all2", "all3")] == ["Chưa đạt", "Mức độ 1", "Mức độ 2"]

    def test_level3_needs_each_criterion_that_has_level3_and_only_those(self, framework):
        level3 = level3_everywhere(_REFERENCE, framework)
        without_level3 = [c for c, has3, _ in _criteria(framework) if not has3]
        cases = {c: {**level3, c: 2} for c in level3}
        cases["without_level3_at_2"] = level3  # the others stay at Mức 2 (Điều 6 khoản 2)
        s = assess(framework, cases)
        for criterion in level3:
            assert verdict(s[criterion]) == (2, False, 1), criterion
            assert s[criterion]["explanation"] == \
                f"Đạt Mức 2. Chưa đạt Cấp độ 3: tiêu chí {criterion} (Mức 2) chưa đạt Mức 3."
        assert without_level3 and verdict(s["without_level3_at_2"]) == (3, False, 2)

    def test_level4_needs_every_clause(self, framework):
        # Điều 22: Mức 4 = Mức 3 and every clause; the clause count is the reference data's
        n = _clauses(framework)
        level3 = level3_everywhere(_REFERENCE, framework)
        s = assess(framework, {
            "all": {**level3, "level4": {k: True for k in range(1, n + 1)}},
            "last_failed": {**level3, "level4": {**{k: True for k in range(1, n)}, n: False}},
            "last_blank": {**level3, "level4": {k: True for k in range(1, n)}},
            "not_assessed": level3,
            "all_at_level2": {"level4": {k: True for k in range(1, n + 1)}}})
        assert verdict(s["all"]) == (4, False, 2)
        assert s["all"]["explanation"] == "Đạt Mức 4. Đạt mức cao nhất của khung tiêu chí."
        assert verdict(s["last_failed"]) == (3, False, 2)
        assert s["last_failed"]["explanation"] == \
            f"Đạt Mức 3. Chưa đạt Cấp độ 4: tiêu chí Mức 4 số {n} chưa đạt (Điều 22)."
        # a clause left blank is missing data, not failure
        assert verdict(s["last_blank"]) == (3, True, 2)
        assert s["last_blank"]["explanation"] == \
            "Đạt Mức 3. Không đủ dữ liệu để kết luận Cấp độ 4: chưa có đánh giá tiêu chí (Mức 4)."
        # no Mức 4 assessment at all: not claimed, so not reached and not "missing data"
        assert verdict(s["not_assessed"]) == (3, False, 2)
        assert s["not_assessed"]["explanation"] == \
            "Đạt Mức 3. Chưa đạt Cấp độ 4: chưa có kết quả đánh giá các tiêu chí Mức 4 (Điều 22)."
        assert verdict(s["all_at_level2"]) == (2, False, 1)

    def test_missing_data_on_each_edge(self, framework):
        level3 = level3_everywhere(_REFERENCE, framework)
        first3 = list(level3)[0]
        s = assess(framework, {"missing": {"missing": ("2.1",)}, "failed_and_missing": {"3.1": 0, "missing": ("2.1",)},
                               "level1_and_missing": {"default": 1, "missing": ("2.1",)},
                               "level3_and_missing": {**level3, "missing": (first3,)}})
        assert verdict(s["missing"]) == (0, True, 0)
        assert s["missing"]["explanation"] == "Không đủ dữ liệu để kết luận Cấp độ 1: chưa có đánh giá tiêu chí 2.1."
        assert s["missing"]["accreditation_text"] == "Chưa đạt (thiếu dữ liệu)"
        assert verdict(s["failed_and_missing"]) == (0, False, 0)  # a known failure decides
        assert verdict(s["level1_and_missing"]) == (0, True, 0)  # Mức 1 asks every criterion, rated
        assert verdict(s["level3_and_missing"]) == (0, True, 0)

    def test_explanations_below_level2(self, framework):
        s = assess(framework, {"below1": {"3.1": 0, "3.2": 1}, "at1": {"3.6": 1}})
        assert s["below1"]["explanation"] == ("Chưa đạt Mức 1: tiêu chí 3.1 không đạt. Để đạt Cấp độ 2 cần nâng "
                                              "tiêu chí 3.1 (Không đạt), 3.2 (Mức 1) lên Mức 2.")
        assert s["at1"]["explanation"] == "Đạt Mức 1. Chưa đạt Cấp độ 2: tiêu chí 3.6 (Mức 1) chưa đạt Mức 2."


def test_level3_rating_on_criterion_without_level3_counts_as_level2():
    con = make_store("TT18_2018_THCS_THPT", {"5.3": 3})
    row = con.execute("SELECT raw_level, level FROM criterion_status WHERE criterion_id = '5.3'").fetchone()
    assert row == (3, 2)


# ---------------------------------------------------------------- TT57/2026 (provisional)
def _split(framework: str) -> tuple[list[str], list[str]]:
    criteria = _criteria(framework)
    return [c for c, _, m in criteria if m], [c for c, _, m in criteria if not m]


def _needed(framework: str) -> int:
    return int(_FRAMEWORKS.set_index("framework_key").at[framework, "others_needed"])


def test_tt57_parameters_are_the_regulation_s():
    # khoản 3 Điều 5 as quoted (RULES.md §3): 8 mandatory criteria, at least 5 of the other 7
    for framework in FRAMEWORKS_TT57:
        mandatory, others = _split(framework)
        assert (len(mandatory), len(others), _needed(framework)) == (8, 7, 5), framework
    assert sorted(_split("TT57_2026_PT_PL2")[0]) == ["1.3", "1.4", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2"]


@pytest.mark.parametrize("framework", FRAMEWORKS_TT57)
class TestRules2026:
    def test_level1_needs_k_others(self, framework):
        mandatory, others = _split(framework)
        k = _needed(framework)
        s = assess(framework, {"k": {c: 0 for c in others[k:]} | {"default": 1},
                               "k_minus_1": {c: 0 for c in others[k - 1:]} | {"default": 1}})
        assert verdict(s["k"]) == (1, False, 1)
        assert verdict(s["k_minus_1"]) == (0, False, 0)
        assert s["k_minus_1"]["explanation"] == \
            f"Chưa đạt Mức 1 (TT57/2026, tạm thời): {k - 1}/{len(others)} tiêu chí còn lại đạt Mức 1 (cần ít nhất {k})."
        assert s["k"]["explanation"] == \
            f"Đạt Mức 1. Chưa đạt Mức 2 (TT57/2026, tạm thời): {len(mandatory)} tiêu chí bắt buộc chưa đạt Mức 2; " \
            f"0/{len(others)} tiêu chí còn lại đạt Mức 2 (cần ít nhất {k}); tiêu chí {', '.join(others[k:])} dưới Mức 1."

    def test_each_mandatory_criterion_blocks_each_level(self, framework):
        mandatory, others = _split(framework)
        cases = {f"{c}@0": {c: 0} for c in mandatory} | {f"{c}@1": {c: 1} for c in mandatory}
        s = assess(framework, cases)
        for c in mandatory:
            assert verdict(s[f"{c}@0"]) == (0, False, 0), c
            assert verdict(s[f"{c}@1"]) == (1, False, 1), c
        assert s[f"{mandatory[0]}@0"]["explanation"] == ("Chưa đạt Mức 1 (TT57/2026, tạm thời): 1 tiêu chí bắt buộc "
                                                         f"chưa đạt Mức 1; {len(others)}/{len(others)} tiêu chí còn lại "
                                                         "đạt Mức 1 (cần ít nhất 5).")
        assert s[f"{mandatory[0]}@1"]["explanation"] == ("Đạt Mức 1. Chưa đạt Mức 2 (TT57/2026, tạm thời): 1 tiêu chí "
                                                         f"bắt buộc chưa đạt Mức 2; {len(others)}/{len(others)} tiêu chí "
                                                         "còn lại đạt Mức 2 (cần ít nhất 5).")

    def test_level2_needs_k_others_and_none_below_level1(self, framework):
        mandatory, others = _split(framework)
        k = _needed(framework)
        s = assess(framework, {"k": {c: 1 for c in others[k:]}, "k_minus_1": {c: 1 for c in others[k - 1:]},
                               "one_below1": {others[0]: 0}})
        assert verdict(s["k"]) == (2, False, 2)
        assert s["k"]["explanation"] == "Đạt Mức 2. Đạt mức cao nhất của khung tiêu chí."
        assert s["k"]["accreditation_text"] == "Cấp độ 2" and s["k"]["standard_text"] == "Mức độ 2"
        assert verdict(s["k_minus_1"]) == (1, False, 1)
        # one criterion below Mức 1 still allows Mức 1 (6 of 7 others) but blocks Mức 2
        assert verdict(s["one_below1"]) == (1, False, 1)
        assert s["one_below1"]["explanation"].endswith(f"; tiêu chí {others[0]} dưới Mức 1.")

    def test_missing_data_on_the_edge(self, framework):
        mandatory, others = _split(framework)
        k = _needed(framework)
        s = assess(framework, {
            # k-1 others met, one unrated: Mức 1 hangs on the unrated one
            "other_missing": {c: 0 for c in others[k:]} | {"default": 1, "missing": (others[k - 1],)},
            # k others met: one unrated other does not matter for Mức 1, but Mức 2 needs every criterion
            "enough_others": {"missing": (others[-1],)},
            "mandatory_missing": {"missing": (mandatory[0],)},
            "known_failure": {mandatory[1]: 0, "missing": (mandatory[0],)}})
        assert verdict(s["other_missing"]) == (0, True, 0)
        assert s["other_missing"]["explanation"] == \
            f"Không đủ dữ liệu để kết luận Cấp độ 1: chưa có đánh giá tiêu chí {others[k - 1]}."
        assert verdict(s["enough_others"]) == (1, True, 1)
        assert verdict(s["mandatory_missing"]) == (0, True, 0)
        assert verdict(s["known_failure"]) == (0, False, 0)
