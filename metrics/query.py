"""Running a named SQL question with the common filters bound."""
from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from metrics.sql_files import sql_text as sql
from dataclasses import replace

from metrics.filters import Filters, standing_on_cutoff
from metrics.read_cache import CachedCursor

# Columns only selection.sql adds (the latest self and external assessments, the recognitions); a query
# that reads none of them gets the plain rows, without the three joins (~15 ms nationally).
_STANDING_COLUMNS = ("self_", "external_", "recogni", "level_group", "data_age")
_ROWS = "SELECT a.* FROM assessment_status a WHERE TRUE {where}"


def assessment_rows_sql(where: str) -> str:
    """The assessments `where` keeps (a filter over alias a), as they are stored."""
    return _ROWS.format(where=where)


def selection_sql(filters: Filters, body: str | None = None) -> tuple[str, dict]:
    """metrics/sql/selection.sql: each school of the filters once, by the assessment that stands for it,
    with its latest self-assessment and external assessment beside it (the two notions of issue 11).
    When `body` (the query over it) reads none of those, just the rows that stand for the schools."""
    where, params = filters.sql(alias="a")
    if body is not None and not any(name in body for name in _STANDING_COLUMNS):
        return assessment_rows_sql(where), params
    text = sql("selection").format(self_match=_latest(filters, "s"), external_match=_latest(filters, "e"),
                                   where=where)
    return text, {**filters.parameters(), **params}


def _latest(filters: Filters, alias: str) -> str:
    """Which row of a type is the school's latest: up to the day, or the one of the chosen school year."""
    return standing_on_cutoff(alias, "type") if filters.is_standing else f"{alias}.school_year = a.school_year"


def _pandas_type(arrow_type):
    # Strings stay Arrow-backed (no Python objects); numbers become numpy (NaN for NULL).
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype("pyarrow")
    return None


def fetch(con: duckdb.DuckDBPyConnection, text: str, params: list | dict | None = None) -> pd.DataFrame:
    """Run a query and return a DataFrame through Arrow: ~4x faster than .df() on wide string tables.
    Through the dashboard's cursor (metrics.read_cache) the answer is kept for the version and scope."""
    if isinstance(con, CachedCursor):
        return con.frame(text, params, lambda cursor: fetch(cursor, text, params))
    table = _sums_as_numbers(con.sql(text, params=params or None).to_arrow_table())
    return table.to_pandas(types_mapper=_pandas_type)


def _sums_as_numbers(table: pa.Table) -> pa.Table:
    """Sums of money are HUGEINT (no sum of BIGINT costs overflows it), which Arrow carries as
    DECIMAL(38,0): they come as a BIGINT would (int64, or float64 with NaN for NULL) when they fit,
    and as floats when they do not (only a store filled past validation holds such sums)."""
    for index, field in enumerate(table.schema):
        if pa.types.is_decimal(field.type):
            bounds = pc.min_max(table[index])
            low, high = bounds["min"].as_py(), bounds["max"].as_py()
            fits = field.type.scale == 0 and (high is None or (-(2**63) <= low and high < 2**63))
            table = table.set_column(index, field.name, pc.cast(table[index], pa.int64() if fits else pa.float64(),
                                                                safe=False))
    return table


def run(con: duckdb.DuckDBPyConnection, name: str, filters: Filters, **fmt) -> pd.DataFrame:
    """Run metrics/sql/<name>.sql over the filtered selection (exposed as CTE `selection`).

    `fmt` fills whitelisted identifiers ({area}); values are always bound (named) parameters.
    A query that reads a pre-aggregated cube (alias `cc`) gets its filter as {cube_where}.
    """
    text = sql(name)
    if "{cube_where}" in text:  # the same named parameters as the selection's
        fmt["cube_where"] = filters.sql(alias="cc")[0] if "plan_item_details" in text else cube_where(filters)[0]
    body = text.format(**fmt) if fmt else text
    text, params = with_cubes(body, filters)
    return run_sql(con, text, filters, params)


# The cubes summed by district; the derive SQL that makes them reads scope_group_status.
_COUNT_CUBES = ("criterion_counts", "category_counts")


def cube_where(filters: Filters) -> tuple[str, dict]:
    """The filter over a count cube (alias cc): its columns only; a scope below the district is applied
    by with_cubes, which recomputes the cube from the scope's assessments."""
    return replace(filters, communes=None, districts=None, school_id=None).sql(alias="cc")


def with_cubes(body: str, filters: Filters) -> tuple[str, dict]:
    """`body` with the count cubes it reads recomputed over the scope's schools, when the filters narrow
    to communes or one school (a Xã/Phường viewer): the stored cubes are summed by district and cannot
    be narrowed further. The same SQL that builds them (criterion_counts.sql, category_counts.sql), over
    a few hundred schools at most."""
    used = [name for name in _COUNT_CUBES if f"FROM {name} " in body]
    if not filters.below_district or not used:
        return body, {}
    where, params = filters.sql(only=("province",), alias="a")
    ctes = [f"scope_group_status AS (SELECT a.* FROM assessment_status a WHERE TRUE {where})"]
    ctes += [f"{name} AS ({_uncommented(sql(name))}\n)" for name in used]
    return _prepend(body, ctes), params


def _uncommented(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))


def _prepend(body: str, ctes: list[str]) -> str:
    body = _uncommented(body).lstrip()
    if body[:4].upper() == "WITH":
        return f"WITH {', '.join(ctes)}, {body[4:]}"
    return f"WITH {', '.join(ctes)} {body}"


def run_sql(con: duckdb.DuckDBPyConnection, body: str, filters: Filters, params: dict | None = None) -> pd.DataFrame:
    """Run a query text over the filtered selection; `params` bind the body's own named placeholders."""
    selection, selection_params = selection_sql(filters, body)
    return fetch(con, with_selection(selection, body), {**selection_params, **(params or {})})


def with_selection(selection: str, body: str) -> str:
    return _prepend(body, [f"selection AS ({selection})"])
