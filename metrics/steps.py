"""The runner of the derive steps: each derived table is a declared step, run in the order
its inputs require, over a scope (every row, or the keys an import touched).

A step's SQL file selects its rows from the scope_* views; the runner writes them: a full
rebuild replaces the table, an incremental one deletes the touched keys' rows and inserts
the new ones. The scope is chosen once, by defining those views (scope_all.sql or
scope_touched.sql), never by editing a step's SQL.
"""
from __future__ import annotations

from dataclasses import dataclass
from graphlib import TopologicalSorter
from typing import Callable

import duckdb

from loaders.schema import ASSESSMENT_KEY
from metrics.sql_files import sql_text

# The groups every filter can pick; the cubes hold one set of rows per group.
GROUP_KEY = ("province", "district", "school_level", "school_year", "assessment_type")
# Which table of touched keys an incremental rebuild deletes a step's rows by (scope_touched.sql).
_TOUCHED = {ASSESSMENT_KEY: "touched_assessments", GROUP_KEY: "touched_groups"}


@dataclass(frozen=True)
class Step:
    table: str                       # the table the step builds
    inputs: tuple[str, ...]          # tables and views it reads: the runner orders steps by them
    sql: str | None = None           # metrics/sql/<sql>.sql selects its rows from the scope_* views
    key: tuple[str, ...] = ASSESSMENT_KEY  # its rows are replaced per value of this key
    write: Callable | None = None    # writes the table itself, as write(con, step, incremental)


def run_steps(con: duckdb.DuckDBPyConnection, steps: tuple[Step, ...], incremental: bool) -> None:
    """Every step, each after the steps that build its inputs; the scope views must exist."""
    for step in ordered(steps):
        (step.write or write_rows)(con, step, incremental)


def ordered(steps: tuple[Step, ...]) -> list[Step]:
    by_table = {step.table: step for step in steps}
    graph = {step.table: [i for i in step.inputs if i in by_table] for step in steps}
    return [by_table[table] for table in TopologicalSorter(graph).static_order()]


def write_rows(con: duckdb.DuckDBPyConnection, step: Step, incremental: bool) -> None:
    """The step's rows: the whole table replaced, or the touched keys' rows deleted and re-inserted."""
    select = sql_text(step.sql)
    if incremental:
        delete_touched(con, step)
        con.execute(f"INSERT INTO {step.table} BY NAME {select}")
    else:
        con.execute(f"CREATE OR REPLACE TABLE {step.table} AS {select}")


def delete_touched(con: duckdb.DuckDBPyConnection, step: Step) -> None:
    # NULL matches NULL: a district may be blank
    same = " AND ".join(f"t.{column} IS NOT DISTINCT FROM k.{column}" for column in step.key)
    con.execute(f"DELETE FROM {step.table} t USING {_TOUCHED[step.key]} k WHERE {same}")
