"""The store's tables, reference data, macros and views, created in this one place.

Raw text is kept next to every parsed value (cost_text next to cost_vnd,
source sheet and row next to every rating) so each number can be traced back.
The derived tables (metrics/derive.py fills them) are declared here too, empty,
so a store no import has reached yet already answers every question.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from metrics.sql_files import sql_text

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
# 2: criteria.criterion_bit, ratings.framework_key; criterion_status became a view.
# 3: frameworks carry their rule parameters (frameworks.csv).
# 4: macros fold() and criteria_in() made with the schema; derived tables declared empty.
# 5: schools.province is the 2025 province, province_written as the file wrote it; assessment_status
#    carries which assessment stands for each school (ref_from/ref_until, is_year_reference);
#    recognitions (the authority's decisions).
# 6: frameworks carry the school years they apply to and the years of data Chuẩn quốc gia needs.
# 7: priority_communes (the communes a budget may favour, data/reference/priority_communes.csv).
SCHEMA_VERSION = 7
# One assessment: a school, a school year and a type (Tự đánh giá / Đánh giá ngoài). Every table keyed by it uses this.
ASSESSMENT_KEY = ("school_id", "school_year", "assessment_type")

_DDL = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);

-- reference data (data/reference/*.csv)
CREATE TABLE frameworks (framework_key VARCHAR PRIMARY KEY, label VARCHAR, circular_short VARCHAR, circular VARCHAR,
    rule VARCHAR, max_level INTEGER, others_needed INTEGER, standard_level1 INTEGER, standard_level2 INTEGER,
    applies_from_year INTEGER, applies_until_year INTEGER, standard_years_needed INTEGER,
    provisional BOOLEAN, rule_source VARCHAR);
CREATE TABLE school_level_frameworks (school_level VARCHAR PRIMARY KEY,
    framework_2018 VARCHAR, framework_2026 VARCHAR);
CREATE TABLE criteria (framework_key VARCHAR, criterion_id VARCHAR, standard_no INTEGER,
    standard_name VARCHAR, criterion_name VARCHAR, has_level3 BOOLEAN, is_mandatory BOOLEAN,
    sort_key INTEGER, criterion_bit BIGINT, PRIMARY KEY (framework_key, criterion_id));
CREATE TABLE level4_clauses (framework_key VARCHAR, clause INTEGER, summary VARCHAR, text VARCHAR,
    PRIMARY KEY (framework_key, clause));
CREATE TABLE indicators (framework_key VARCHAR, criterion_id VARCHAR, level INTEGER,
    position INTEGER, text VARCHAR);
CREATE TABLE gap_categories (category_key VARCHAR PRIMARY KEY, category_name VARCHAR, sort_order INTEGER);
CREATE TABLE gap_rules (rule_id VARCHAR PRIMARY KEY, category_key VARCHAR, match_on VARCHAR,
    framework_key VARCHAR, criterion_id VARCHAR, keyword VARCHAR);
CREATE TABLE provinces (province_2025 VARCHAR PRIMARY KEY, former_provinces VARCHAR, centrally_run_city BOOLEAN);
CREATE TABLE priority_communes (province VARCHAR, commune VARCHAR, reason VARCHAR, source VARCHAR);

-- imported data
CREATE TABLE imports (import_id INTEGER PRIMARY KEY, file_name VARCHAR, sha256 VARCHAR,
    imported_at TIMESTAMP, stored_path VARCHAR, reader VARCHAR, n_schools INTEGER,
    n_ratings INTEGER, n_level4 INTEGER, n_plan_items INTEGER, n_warnings INTEGER,
    document_number VARCHAR, document_place VARCHAR, document_date VARCHAR);
CREATE TABLE schools (school_id VARCHAR PRIMARY KEY, name VARCHAR, school_level VARCHAR,
    province VARCHAR, province_written VARCHAR, district VARCHAR, commune VARCHAR, school_type VARCHAR,
    n_classes INTEGER, n_students INTEGER, is_demo BOOLEAN, import_id INTEGER);
CREATE TABLE assessments (school_id VARCHAR, school_year VARCHAR, assessment_type VARCHAR,
    framework_key VARCHAR, year_start INTEGER, import_id INTEGER,
    PRIMARY KEY (school_id, school_year, assessment_type));
-- framework_key repeats the assessment's: the derived tables then join ratings to the small
-- criteria table directly instead of through millions of assessment-key lookups.
CREATE TABLE ratings (school_id VARCHAR, school_year VARCHAR, assessment_type VARCHAR,
    framework_key VARCHAR, criterion_id VARCHAR, level INTEGER, shortfall VARCHAR, source_sheet VARCHAR,
    source_row INTEGER, import_id INTEGER);
CREATE TABLE level4_results (school_id VARCHAR, school_year VARCHAR, assessment_type VARCHAR,
    clause INTEGER, achieved BOOLEAN, note VARCHAR, source_sheet VARCHAR, source_row INTEGER,
    import_id INTEGER);
CREATE TABLE plan_items (school_id VARCHAR, school_year VARCHAR, assessment_type VARCHAR,
    item_no INTEGER, criterion_id VARCHAR, current_level INTEGER, target_level INTEGER,
    action VARCHAR, owner VARCHAR, timeframe VARCHAR, plan_year INTEGER,
    cost_vnd BIGINT, cost_text VARCHAR, funding_source VARCHAR, note VARCHAR,
    source_sheet VARCHAR, source_row INTEGER, import_id INTEGER);
CREATE TABLE conclusions (school_id VARCHAR, school_year VARCHAR, assessment_type VARCHAR,
    claimed_level INTEGER, claimed_level_text VARCHAR, claimed_standard INTEGER,
    claimed_standard_text VARCHAR, count_level1 VARCHAR, count_level2 VARCHAR,
    count_level3 VARCHAR, count_level4 VARCHAR, source_sheet VARCHAR, source_row INTEGER,
    import_id INTEGER, PRIMARY KEY (school_id, school_year, assessment_type));
-- decisions of the authority (kind 'accreditation': Cấp độ KĐCLGD 1-4; 'national_standard': Chuẩn quốc gia
-- Mức độ 1-2): a school keeps its history, one row per (school_id, kind, decision_date). A date written as
-- a month or a year is stored as that period's first day (decision_date) or last day (valid_until);
-- date_precision says how the decision date was written ('day' | 'month' | 'year');
-- valid_until_written is false where the expiry is the default (decision date + 5 years, Điều 34/37).
CREATE TABLE recognitions (school_id VARCHAR, kind VARCHAR, level INTEGER, decision_number VARCHAR,
    decision_date DATE, valid_until DATE, valid_until_written BOOLEAN, date_precision VARCHAR,
    source_sheet VARCHAR, source_row INTEGER, import_id INTEGER,
    PRIMARY KEY (school_id, kind, decision_date));
CREATE TABLE import_issues (import_id INTEGER, sheet VARCHAR, "row" INTEGER, "column" VARCHAR,
    severity VARCHAR, message VARCHAR);
"""

DATA_TABLES = ("schools", "assessments", "ratings", "level4_results", "plan_items",
               "conclusions", "recognitions", "imports", "import_issues")


# In this order: the macros are spelled out from the reference criteria, the views read the
# reference tables, and the derived tables are declared last (empty; metrics/derive.py fills them).
_SQL_OBJECTS = ("fold_macro", "criterion_ratings", "criterion_status", "derived_tables")


def create_store(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_DDL)
    _load_reference(con)
    con.execute(_criteria_macros(con))
    for name in _SQL_OBJECTS:
        con.execute(sql_text(name))
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


def _criteria_macros(con: duckdb.DuckDBPyConnection) -> str:
    """criteria_macros.sql with one term per criterion position (SQL has no loop to write them;
    one CASE per position runs about three times faster than list_filter with a lambda)."""
    positions = con.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM criteria GROUP BY framework_key)"
                            ).fetchall()[0][0] or 0

    def each(term: str) -> str:
        return ", ".join(term.format(bit=k, position=k + 1) for k in range(positions)) or "NULL"
    return sql_text("criteria_macros").format(
        each_id=each("CASE WHEN (bits >> {bit}) & 1 = 1 THEN ids[{position}] END"),
        each_id_with_level=each("CASE WHEN (bits >> {bit}) & 1 = 1 THEN ids[{position}] || CASE "
                                "WHEN (level0 >> {bit}) & 1 = 1 THEN ' (Không đạt)' "
                                "WHEN (level1 >> {bit}) & 1 = 1 THEN ' (Mức 1)' ELSE ' (Mức 2)' END END"))


def _yes(series: pd.Series) -> pd.Series:
    return series.fillna("no").str.lower().eq("yes")


def _load_reference(con: duckdb.DuckDBPyConnection) -> None:
    _insert(con, "frameworks", framework_reference())
    _insert(con, "school_level_frameworks", pd.read_csv(REFERENCE_DIR / "school_levels.csv"))
    _insert(con, "criteria", _criteria())
    _insert(con, "level4_clauses", _level4())
    _insert(con, "indicators", _indicators())
    _insert(con, "gap_categories", pd.read_csv(REFERENCE_DIR / "gap_categories.csv"))
    _insert(con, "gap_rules", pd.read_csv(REFERENCE_DIR / "gap_rules.csv", dtype=str))
    provinces = pd.read_csv(REFERENCE_DIR / "provinces_2025.csv")
    provinces["centrally_run_city"] = _yes(provinces["centrally_run_city"])
    _insert(con, "provinces", provinces)
    _insert(con, "priority_communes", pd.read_csv(REFERENCE_DIR / "priority_communes.csv", dtype=str))


def framework_reference() -> pd.DataFrame:
    """frameworks.csv: each framework's label and rule parameters (columns in data/reference/SOURCES.md).
    The one reader of the file: the store's table and the level rules (metrics.levels) read the same values."""
    # blank cells (no "others", still in force) stay NULL instead of turning the column into floats
    frameworks = pd.read_csv(REFERENCE_DIR / "frameworks.csv", dtype={"others_needed": "Int64",
                             "applies_until_year": "Int64", "standard_years_needed": "Int64"})
    frameworks["provisional"] = _yes(frameworks["provisional"])
    return frameworks


def _criteria() -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype=str) for p in sorted(REFERENCE_DIR.glob("criteria_*.csv"))]
    criteria = pd.concat(frames, ignore_index=True)
    criteria["has_level3"] = _yes(criteria["has_level3"])
    criteria["is_mandatory"] = _yes(criteria.get("is_mandatory", pd.Series(dtype=str)))
    criteria["standard_no"] = criteria["standard_no"].astype(int)
    minor = criteria["criterion_id"].str.split(".").str[1].astype(int)
    criteria["sort_key"] = criteria["standard_no"] * 100 + minor
    criteria["criterion_bit"] = _criterion_bits(criteria)
    return criteria.rename(columns={"framework": "framework_key"})[[
        "framework_key", "criterion_id", "standard_no", "standard_name", "criterion_name",
        "has_level3", "is_mandatory", "sort_key", "criterion_bit"]]


def _criterion_bits(criteria: pd.DataFrame) -> pd.Series:
    """One bit per criterion of a framework, in criterion order: a school's criteria at a level
    fit in one BIGINT (metrics/sql/assessment_counts.sql counts and lists them from it)."""
    position = criteria.sort_values("sort_key").groupby("framework")["sort_key"].rank(method="first") - 1
    if position.max() > 62:
        raise ValueError("a framework has more than 63 criteria; the bit sets need a wider type")
    return (2 ** position.astype("int64")).reindex(criteria.index)


def _level4() -> pd.DataFrame:
    clauses = pd.read_csv(REFERENCE_DIR / "level4_2018.csv").rename(columns={"framework": "framework_key"})
    texts = [(e["framework"], e["clause"], e["text"]) for e in _indicator_entries() if "clause" in e]
    texts = pd.DataFrame(texts, columns=["framework_key", "clause", "text"])
    return clauses.merge(texts, on=["framework_key", "clause"], how="left")


def _indicators() -> pd.DataFrame:
    rows = [(e["framework"], e["criterion_id"], int(level), position, text)
            for e in _indicator_entries() if "criterion_id" in e
            for level, texts in e["levels"].items() for position, text in enumerate(texts)]
    return pd.DataFrame(rows, columns=["framework_key", "criterion_id", "level", "position", "text"])


def _indicator_entries() -> list[dict]:
    data = json.loads((REFERENCE_DIR / "indicators_2018.json").read_text(encoding="utf-8"))
    return [entry for entries in data.values() for entry in entries]


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    # The frame is named for this one statement (rather than loaders.store.registered: the store
    # module imports this one to create a store, so this one cannot import it).
    con.from_df(frame).query("_frame", f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _frame")
