"""Which schools a file names, and the error when one is outside the importing user's scope.

A Trường account may import only files about its own school, a Xã/Phường account only files about
the schools of its communes. The rule itself (metrics.access Viewer.allows_school) is passed in as
`allows`; this module only finds every school the file would write and asks. A school already in
the store is asked about twice: as the store has it and as the file writes it, so a file cannot
move another commune's school into the user's commune to gain the right to change it.
"""
from __future__ import annotations

from typing import Callable, Mapping

import duckdb
import pandas as pd

from loaders.issues import IssueLog
from loaders.store import registered
from loaders.validate import Batch

_PLACE = ("school_id", "name", "province", "district", "commune", "school_level")


def school_ids(batch: Batch) -> list[str]:
    """Every school the file would write a row for, in the order first met."""
    frames = (batch.schools, batch.assessments, batch.ratings, batch.level4, batch.plan, batch.conclusions,
              batch.recognitions)
    ids = [frame["school_id"] for frame in frames if len(frame) and "school_id" in frame]
    return list(dict.fromkeys(pd.concat(ids).dropna().astype(str))) if ids else []


def check_scope(con: duckdb.DuckDBPyConnection, batch: Batch, log: IssueLog,
                allows: Callable[[Mapping], bool], who: str) -> None:
    """An error in `log` for each school of the file that `allows` refuses (the file is then rejected)."""
    ids = school_ids(batch)
    if not ids:
        return
    with registered(con, "_named", pd.DataFrame({"school_id": ids})):
        stored = con.execute(f"SELECT {', '.join(_PLACE)} FROM schools SEMI JOIN _named USING (school_id)").df()
    written = batch.schools[[c for c in _PLACE if c in batch.schools]] if len(batch.schools) else pd.DataFrame()
    for school_id in ids:
        versions = [_row(frame, school_id) for frame in (stored, written)]
        versions = [row for row in versions if row is not None] or [{"school_id": school_id}]
        if not all(allows(row) for row in versions):
            name = next((row.get("name") for row in versions if row.get("name")), None)
            named = f"{school_id} ({name})" if name else school_id
            log.error(f"tệp có dữ liệu của trường {named}, ngoài phạm vi của tài khoản {who}: tài khoản này "
                      "chỉ được nhập dữ liệu của trường thuộc phạm vi mình. Tệp không được nhập")


def _row(frame: pd.DataFrame, school_id: str) -> dict | None:
    if not len(frame) or "school_id" not in frame:
        return None
    found = frame[frame["school_id"].astype(str) == school_id]
    if not len(found):
        return None
    return {k: (None if v is None or v != v else v) for k, v in found.iloc[0].to_dict().items()}
