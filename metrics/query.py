"""Running a named SQL question with the common filters bound."""
from __future__ import annotations

import duckdb
import pandas as pd

from metrics.derive import sql
from metrics.filters import Filters

# Every assessment in the selection with its school's attributes ('a' and 's').
_SELECTION = """
    SELECT a.*, s.name, s.school_level, s.province, s.district, s.commune, s.is_demo
    FROM assessment_status a JOIN schools s USING (school_id)
    WHERE TRUE {where}
"""


def selection_sql(filters: Filters) -> tuple[str, list]:
    where, params = filters.sql()
    return _SELECTION.format(where=where), params


def run(con: duckdb.DuckDBPyConnection, name: str, filters: Filters, **fmt) -> pd.DataFrame:
    """Run metrics/sql/<name>.sql over the filtered selection (exposed as CTE `selection`).

    `fmt` fills whitelisted identifiers ({area}); values are always bound parameters.
    """
    selection, params = selection_sql(filters)
    body = sql(name).format(**fmt) if fmt else sql(name)
    return con.execute(with_selection(selection, body), params).df()


def with_selection(selection: str, body: str) -> str:
    lines = [line for line in body.splitlines() if not line.lstrip().startswith("--")]
    body = "\n".join(lines).lstrip()
    if body[:4].upper() == "WITH":
        return f"WITH selection AS ({selection}), {body[4:]}"
    return f"WITH selection AS ({selection}) {body}"
