"""Incremental rebuilds (one import's assessments) must give what a full rebuild gives."""
import shutil

import duckdb
import pandas as pd
import pytest

from metrics.derive import refresh_derived
from tests.helpers import make_store

TABLES = {"assessment_status": ["school_id", "school_year", "assessment_type"],
          "criterion_status": ["school_id", "school_year", "assessment_type", "criterion_id"],
          "findings": ["school_id", "school_year", "assessment_type", "ord", "detail"],
          "plan_item_details": ["school_id", "school_year", "assessment_type", "item_no"],
          "criterion_counts": ["province", "district", "school_level", "school_year", "assessment_type",
                               "framework_key", "criterion_id"],
          "category_counts": ["province", "district", "school_level", "school_year", "assessment_type",
                              "category_key"],
          "plan_item_categories": ["school_id", "school_year", "assessment_type", "item_no", "category_key"],
          "criterion_gap_categories": ["school_id", "school_year", "assessment_type", "criterion_id", "category_key"]}


def _snapshot(con) -> dict[str, pd.DataFrame]:
    return {t: con.execute(f"SELECT * FROM {t}").df().sort_values(k).reset_index(drop=True)
            for t, k in TABLES.items()}


def test_incremental_imports_equal_a_full_rebuild(seed_store, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(seed_store.current_path(), copy)
    con = duckdb.connect(str(copy))
    incremental = _snapshot(con)
    refresh_derived(con)
    full = _snapshot(con)
    for table in TABLES:
        pd.testing.assert_frame_equal(incremental[table], full[table], check_dtype=False, obj=table)


def test_a_school_that_moves_district_is_recounted_in_both(seed_store, tmp_path):
    from loaders.importer import import_file
    from loaders.store import Store
    shutil.copytree(seed_store.root, tmp_path / "store")
    store = Store(tmp_path / "store")
    moved = tmp_path / "Trường.csv"
    moved.write_text("Mã trường,Tên trường,Cấp học,Tỉnh/Thành phố,Quận/Huyện\n"
                     "HP-THCS-TT,Trường THCS Toàn Thắng,THCS,Hải Phòng,Huyện Mới\n", encoding="utf-8")
    assert import_file(store, moved).status == "imported"
    con = duckdb.connect(str(store.current_path()))
    incremental = _snapshot(con)
    assert "Huyện Mới" in set(incremental["criterion_counts"]["district"])
    refresh_derived(con)
    full = _snapshot(con)
    for table in TABLES:
        pd.testing.assert_frame_equal(incremental[table], full[table], check_dtype=False, obj=table)


def _bits_against_rows(con) -> None:
    """Levels, counts and lists read from the bit sets equal those counted from the per-criterion rows."""
    from_bits = con.execute("""
        SELECT a.school_id, a.school_year, a.assessment_type, k.criterion_id,
               criterion_level(k.criterion_bit, k.has_level3, a.bits_rated, a.bits_level0, a.bits_level1,
                               a.bits_below3) AS level
        FROM assessment_status a JOIN criteria k USING (framework_key) WHERE a.level_basis = 'computed'
        ORDER BY ALL""").df()
    from_rows = con.execute("""
        SELECT c.school_id, c.school_year, c.assessment_type, c.criterion_id, c.level
        FROM criterion_status c JOIN assessment_status a USING (school_id, school_year, assessment_type)
        WHERE a.level_basis = 'computed' ORDER BY ALL""").df()
    pd.testing.assert_frame_equal(from_bits, from_rows, check_dtype=False)
    counts = con.execute("""
        SELECT a.n_below2, a.n_missing, a.list_below2, a.list_missing,
               (SELECT count(*) FILTER (WHERE level < 2) FROM criterion_status c
                WHERE c.school_id = a.school_id AND c.school_year = a.school_year
                  AND c.assessment_type = a.assessment_type) AS rows_below2,
               (SELECT count(*) FILTER (WHERE is_missing) FROM criterion_status c
                WHERE c.school_id = a.school_id AND c.school_year = a.school_year
                  AND c.assessment_type = a.assessment_type) AS rows_missing,
               (SELECT string_agg(criterion_id, ', ' ORDER BY sort_key) FILTER (WHERE level < 2) FROM criterion_status c
                WHERE c.school_id = a.school_id AND c.school_year = a.school_year
                  AND c.assessment_type = a.assessment_type) AS rows_list_below2
        FROM assessment_status a WHERE a.level_basis = 'computed'""").df()
    assert (counts.n_below2 == counts.rows_below2).all() and (counts.n_missing == counts.rows_missing).all()
    assert (counts.list_below2.fillna("") == counts.rows_list_below2.fillna("")).all()


def test_bit_sets_agree_with_the_criterion_rows_on_the_seeds(seed_con):
    _bits_against_rows(seed_con)


@pytest.mark.parametrize("framework, school_level", [("TT18_2018_THCS_THPT", "THCS"), ("TT17_2018_TH", "Tiểu học"),
                                                     ("TT57_2026_PT_PL2", "THCS")])
def test_bit_sets_agree_with_the_criterion_rows_at_every_level(framework, school_level):
    levels = {"1.1": 0, "1.2": 3, "2.1": 1, "3.1": 3, "4.1": 2, "5.1": 0}
    _bits_against_rows(make_store(framework, levels, default=3, missing=("1.3", "5.2"), school_level=school_level))
