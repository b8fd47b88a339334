"""Writing a validated batch into a store version: replace per table, keyed by assessment."""
from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa

from loaders.schema import ASSESSMENT_KEY
from loaders.store import registered
from loaders.validate import Batch
from loaders.validate_recognition import KEY as RECOGNITION_KEY


# The tables a file's rows replace by key, written once per batch (PendingRows). A school keeps its
# history of decisions: only the same recognition (kind, date) is replaced.
_ROWS = (("ratings", "ratings", ASSESSMENT_KEY), ("level4_results", "level4", ASSESSMENT_KEY),
         ("plan_items", "plan", ASSESSMENT_KEY), ("conclusions", "conclusions", ASSESSMENT_KEY),
         ("recognitions", "recognitions", RECOGNITION_KEY))


class PendingRows:
    """The rows of a batch's files for the tables no check reads back, gathered and written once at the
    end: a DELETE and an INSERT per table for the whole batch, not per file (1,000 plans: 5 statements
    instead of 5,000). When two files of the batch write the same key, the later file's rows win, as
    if they had been written one after the other."""

    def __init__(self):
        self._frames: dict[str, list[pd.DataFrame]] = {table: [] for table, _, _ in _ROWS}
        self._imports: list[list] = []  # a row of `imports` per file, in the table's column order
        self._issues: list[pd.DataFrame] = []

    def add_import(self, row: list, issues: pd.DataFrame) -> None:
        """A file's line in `imports` and its warnings (import_issues, with import_id)."""
        self._imports.append(row)
        if len(issues):
            self._issues.append(issues)

    def add(self, batch: Batch, import_id: int) -> None:
        for table, attribute, _ in _ROWS:
            frame = getattr(batch, attribute)
            if len(frame):
                self._frames[table].append(frame.assign(import_id=import_id))

    def write(self, con: duckdb.DuckDBPyConnection) -> None:
        for table, _, key in _ROWS:
            frames = self._frames[table]
            if not frames:
                continue
            rows = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
            if len(frames) > 1:
                latest = rows.groupby(list(key), dropna=False, observed=True)["import_id"].transform("max")
                rows = rows[rows["import_id"] == latest]
            _replace(con, table, rows, key)
        if self._imports:
            with registered(con, "_imports", pd.DataFrame(self._imports, columns=_table_columns(con, "imports"))):
                con.execute("INSERT INTO imports SELECT * FROM _imports")
        if self._issues:
            with registered(con, "_issues", pd.concat(self._issues, ignore_index=True)):
                con.execute('INSERT INTO import_issues SELECT import_id, sheet, "row", "column", severity, message '
                            'FROM _issues')


def apply_batch(con: duckdb.DuckDBPyConnection, batch: Batch, import_id: int, is_demo: bool,
                pending: PendingRows | None = None) -> None:
    """Write one file's rows. Schools and assessments at once (the next file of a batch is checked
    against them); the other tables' rows into `pending` when a batch gathers them, else at once."""
    if len(batch.schools):
        schools = batch.schools.assign(is_demo=is_demo, import_id=import_id)
        _replace(con, "schools", schools, ["school_id"])
    _upsert_assessments(con, batch, import_id)
    rows = pending if pending is not None else PendingRows()
    rows.add(batch, import_id)
    if pending is None:
        rows.write(con)


def touched_assessments(con, batch: Batch) -> list[pd.DataFrame]:
    """Assessments whose derived rows must be rebuilt: every one the file wrote, and every
    assessment of a school whose attributes (district, level, ...) the file changed. As frames
    (with repeats) that `distinct_assessments` makes one, once for a whole batch."""
    # batch.assessments already holds every assessment of batch.ratings (one row each, not millions)
    frames = [f[list(ASSESSMENT_KEY)] for f in (batch.assessments, batch.level4, batch.plan, batch.conclusions)
              if len(f) and set(ASSESSMENT_KEY) <= set(f.columns)]
    if len(batch.schools):
        with registered(con, "_changed", batch.schools[["school_id"]]):
            frames.append(con.execute(f"SELECT {', '.join(ASSESSMENT_KEY)} FROM assessments SEMI JOIN _changed USING (school_id)").df())
    return frames


def distinct_assessments(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame(columns=list(ASSESSMENT_KEY))
    return pd.concat([f.astype(object) for f in frames], ignore_index=True).dropna().drop_duplicates().astype(str)


def _upsert_assessments(con, batch: Batch, import_id: int) -> None:
    """The file's rated assessments replace the stored ones; an assessment only its Mức 4, plan or
    conclusion rows name is added when none is stored. One frame, two statements: a Word plan's
    assessments were six statements and 18 ms, a quarter of its import."""
    rated = [batch.assessments[[*ASSESSMENT_KEY, "framework_key"]].assign(rated=True)] if len(batch.assessments) else []
    named = [f[[*ASSESSMENT_KEY, "framework_key"]] for f in (batch.level4, batch.plan) if len(f) and "framework_key" in f]
    named += [batch.conclusions[list(ASSESSMENT_KEY)].assign(framework_key=None)] if len(batch.conclusions) else []
    if not rated and not named:
        return
    frames = rated + [f.assign(rated=False) for f in named]
    rows = pd.concat([f.astype(object) for f in frames], ignore_index=True).drop_duplicates(list(ASSESSMENT_KEY))
    rows["year_start"] = rows["school_year"].str[:4].astype(int)
    rows["import_id"] = import_id
    with registered(con, "_assessments", rows):
        _delete_keys(con, "assessments", "SELECT * FROM _assessments WHERE rated", ASSESSMENT_KEY)
        con.execute(f"""INSERT INTO assessments BY NAME
                        SELECT {', '.join(ASSESSMENT_KEY)}, framework_key, year_start, import_id
                        FROM _assessments ANTI JOIN assessments USING ({', '.join(ASSESSMENT_KEY)})""")


def _replace(con, table: str, frame: pd.DataFrame, key: tuple | list) -> None:
    columns = [c for c in _table_columns(con, table) if c in frame.columns]
    # Through Arrow: categorical columns stay dictionary-encoded, which DuckDB inserts about
    # twice as fast as the same columns read from pandas.
    with registered(con, "_rows", pa.Table.from_pandas(frame[columns], preserve_index=False)):
        _delete_keys(con, table, f"SELECT DISTINCT {', '.join(key)} FROM _rows", key)
        con.execute(f"INSERT INTO {table} BY NAME SELECT {', '.join(columns)} FROM _rows")


def _delete_keys(con, table: str, keys_sql: str, key: tuple | list) -> None:
    """Delete `table`'s rows whose `key` is one that `keys_sql` selects."""
    on = " AND ".join(f"{table}.{k} = r.{k}" for k in key)
    con.execute(f"DELETE FROM {table} USING ({keys_sql}) r WHERE {on}")


def _table_columns(con, table: str) -> list[str]:
    # an empty result's description: information_schema takes ~20 ms per question
    return [column[0] for column in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
