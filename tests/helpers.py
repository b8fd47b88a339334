"""Hand-made stores: a few rows in a real in-memory DuckDB, with the real SQL."""
from __future__ import annotations

import duckdb

from loaders.schema import create_store
from metrics.derive import refresh_derived

KEY = ("S1", "2023-2024", "Tự đánh giá")


def criteria_of(con, framework: str) -> list[tuple[str, bool, bool]]:
    return con.execute("SELECT criterion_id, has_level3, is_mandatory FROM criteria WHERE framework_key = ? "
                       "ORDER BY sort_key", [framework]).fetchall()


def make_store(framework: str, levels: dict[str, int] | None = None, default: int = 2,
               level4: dict[int, bool] | None = None, missing: tuple = (), school_level: str = "THCS",
               plan: list[tuple] = ()) -> duckdb.DuckDBPyConnection:
    """One school whose ratings are `default` except `levels`; `missing` criteria unrated."""
    con = duckdb.connect()
    create_store(con)
    con.execute("INSERT INTO schools (school_id, name, school_level, province, district, is_demo) "
                "VALUES ('S1', 'Trường thử', ?, 'Hải Phòng', 'Tiên Lãng', false)", [school_level])
    con.execute("INSERT INTO assessments VALUES (?, ?, ?, ?, 2023, 1)", [*KEY, framework])
    for criterion, has_level3, _ in criteria_of(con, framework):
        if criterion in missing:
            continue
        level = (levels or {}).get(criterion, default)
        con.execute("INSERT INTO ratings (school_id, school_year, assessment_type, framework_key, criterion_id, "
                    "level) VALUES (?, ?, ?, ?, ?, ?)", [*KEY, framework, criterion, level])
    for clause, achieved in (level4 or {}).items():
        con.execute("INSERT INTO level4_results (school_id, school_year, assessment_type, clause, achieved) "
                    "VALUES (?, ?, ?, ?, ?)", [*KEY, clause, achieved])
    for item_no, (criterion, cost) in enumerate(plan, start=1):
        con.execute("INSERT INTO plan_items (school_id, school_year, assessment_type, item_no, criterion_id, "
                    "cost_vnd) VALUES (?, ?, ?, ?, ?, ?)", [*KEY, item_no, criterion, cost])
    refresh_derived(con)
    return con


def status(con) -> dict:
    return con.execute("SELECT * FROM assessment_status").df().iloc[0].to_dict()


def level3_everywhere(con, framework: str) -> dict[str, int]:
    return {c: 3 for c, has3, _ in criteria_of(con, framework) if has3}
