"""What the sheet checks need from the store, looked up once per file, and the checks several sheets share.

The checks themselves are plain functions of a Context (loaders.validate for the Trường and
Đánh giá sheets, loaders.validate_plan for Mức 4, Kế hoạch and Kết luận).
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from loaders import parse
from loaders.columns import clean_text, map_rows, map_values, parse_column, report_rows
from loaders.issues import IssueLog
from loaders.schema import ASSESSMENT_KEY
from loaders.spec import RATINGS
from loaders.tabular import RawTable

KEY = list(ASSESSMENT_KEY)  # as a list: pandas reads a tuple as one column label


@dataclass(frozen=True)
class Reference:
    """The reference data the checks use, read from the store once per batch (it never changes
    within one: 16 ms a file was a tenth of a Word plan's check)."""
    has_level3: dict[tuple[str, str], bool]  # (framework_key, criterion_id) -> whether it has Mức 3
    clauses: dict[str, int]  # framework_key -> its number of Mức 4 clauses (Điều 22)
    clause_counts: str  # the same, as a reader is told it: "TT17/2018 có 5, ..."
    level_frameworks: pd.DataFrame  # school_level -> framework_2018, framework_2026
    labels: dict[str, str]  # framework_key -> label
    by_circular: dict[str, list[str]]  # circular as files write it -> its framework keys
    applies_from: dict[str, int]  # framework_key -> the first school year (its first calendar year) it applies to


@dataclass
class Context:
    con: duckdb.DuckDBPyConnection
    log: IssueLog
    ref: Reference


def load_context(con: duckdb.DuckDBPyConnection, log: IssueLog, reference: Reference | None = None) -> Context:
    return Context(con, log, reference or load_reference(con))


def load_reference(con: duckdb.DuckDBPyConnection) -> Reference:
    criteria = con.execute("SELECT framework_key, criterion_id, has_level3 FROM criteria").fetchall()
    frameworks = con.execute("""SELECT f.framework_key, f.label, f.circular_short, f.applies_from_year,
                                       count(c.clause) AS n
                                FROM frameworks f LEFT JOIN level4_clauses c USING (framework_key)
                                GROUP BY ALL ORDER BY f.framework_key""").df()
    by_circular: dict[str, list[str]] = {}
    for key, circular in zip(frameworks["framework_key"], frameworks["circular_short"]):
        by_circular.setdefault(circular, []).append(key)
    return Reference({(fw, c): has3 for fw, c, has3 in criteria},
                   dict(zip(frameworks["framework_key"], frameworks["n"].astype(int))), _clause_counts(frameworks),
                   con.execute("SELECT * FROM school_level_frameworks").df().set_index("school_level"),
                   dict(zip(frameworks["framework_key"], frameworks["label"])), by_circular,
                   dict(zip(frameworks["framework_key"], frameworks["applies_from_year"].astype(int))))


def _clause_counts(frameworks: pd.DataFrame) -> str:
    """'TT17/2018 có 5, TT18/2018 và TT19/2018 có 6, TT57/2026 không có Mức 4' from the reference data."""
    circulars_by_count: dict[int, list[str]] = {}
    for circular, n in frameworks[["circular_short", "n"]].drop_duplicates().itertuples(index=False):
        circulars_by_count.setdefault(int(n), []).append(circular)
    return ", ".join(" và ".join(circulars) + (f" có {n}" if n else " không có Mức 4")
                     for n, circulars in circulars_by_count.items())


def required_text(ctx: Context, f: pd.DataFrame, key: str, sheet_spec, sheet: str) -> pd.Series:
    values = clean_text(f[key])
    report_rows(ctx.log, f, values.isna(), sheet, sheet_spec.header_of(key),
                f"thiếu {sheet_spec.header_of(key)} (cột bắt buộc)")
    return values


def stored_for_schools(ctx: Context, query: str, tables: list[RawTable]) -> pd.DataFrame:
    """`query` (over a table with school_id) kept to the schools that `tables` name
    (not all 45,000 of a national store)."""
    ids = [clean_text(t.frame["school_id"]) for t in tables]
    schools = pd.concat(ids).dropna().unique().astype(str).tolist() if ids else []
    # a list parameter, not a registered frame: half the time for the few ids of a school's file
    return ctx.con.execute(f"FROM ({query}) WHERE school_id IN (SELECT unnest(?::VARCHAR[]))", [schools]).df()


def keyed(ctx: Context, f: pd.DataFrame, sheet: str, known: pd.DataFrame, typed: bool = True) -> pd.DataFrame:
    """The assessment key of every row, and the school level of the school it names."""
    out = pd.DataFrame({"_row": f["_row"]})
    out["school_id"] = required_text(ctx, f, "school_id", RATINGS, sheet)
    out["school_year"] = parse_column(f, "school_year", parse.parse_school_year, ctx.log, sheet, "Năm học")
    if typed:
        out["assessment_type"] = parse_column(f, "assessment_type", parse.parse_assessment_type,
                                              ctx.log, sheet, "Hình thức", required=False)
    out["school_level"] = school_levels(ctx, out, sheet, known)
    return out


def school_levels(ctx: Context, out: pd.DataFrame, sheet: str, known: pd.DataFrame) -> pd.Series:
    """The level of the school each row names; a school neither in the file's Trường sheet nor in
    the store is an error for that row."""
    levels = map_values(out["school_id"], dict(zip(known["school_id"].tolist(), known["school_level"].tolist())))
    unknown = out["school_id"].notna() & levels.isna()
    report_rows(ctx.log, out, unknown, sheet, "Mã trường", lambda rows: "mã trường " + rows["school_id"].astype(str)
                + " chưa có trong kho; thêm dòng của trường này vào trang Trường")
    return levels


def framework_key(ctx: Context, out: pd.DataFrame, circular: pd.Series) -> pd.Series:
    """The circular the row names (of its frameworks, the one the school level uses), else the
    level's new framework from the school year it applies to (frameworks.csv: TT57/2026 from
    2026-2027), else the level's 2018 circular (school_levels.csv)."""
    table = ctx.ref.level_frameworks

    def choose(school_level, school_year, named):
        if school_level not in table.index:
            return None
        if named:
            keys = ctx.ref.by_circular.get(named, [])
            own = [k for k in keys if k in set(table.loc[school_level])]
            return (own or keys or [None])[0]
        newer = table.at[school_level, "framework_2026"]
        applies = school_year is not None and int(school_year[:4]) >= ctx.ref.applies_from[newer]
        return newer if applies else table.at[school_level, "framework_2018"]
    return map_rows(choose, out["school_level"], out["school_year"], circular)


def check_criteria(ctx: Context, out: pd.DataFrame, sheet: str) -> pd.DataFrame:
    """A criterion id that the school's framework does not have is an error for that row."""
    out["has_level3"] = map_rows(lambda framework, criterion: ctx.ref.has_level3.get((framework, criterion)),
                                 out["framework_key"], out["criterion_id"])
    bad = out["criterion_id"].notna() & out["framework_key"].notna() & out["has_level3"].isna()
    report_rows(ctx.log, out, bad, sheet, "Tiêu chí", lambda rows: "tiêu chí " + rows["criterion_id"].astype(str)
                + " không có trong khung " + rows["framework_key"].map(ctx.ref.labels).astype(str)
                + " của trường; kiểm tra lại mã tiêu chí")
    return out
