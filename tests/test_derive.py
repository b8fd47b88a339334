"""Incremental rebuilds (one import's assessments) must give what a full rebuild gives."""
import shutil

import duckdb
import pandas as pd

from metrics.derive import refresh_derived

TABLES = {"assessment_status": ["school_id", "school_year", "assessment_type"],
          "criterion_status": ["school_id", "school_year", "assessment_type", "criterion_id"],
          "findings": ["school_id", "school_year", "assessment_type", "ord", "detail"],
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
