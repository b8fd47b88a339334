"""Whole questions kept between sessions (metrics.read_cache `kept`): the pandas work after a query (a
natural sort, a pivot) done once per store version, viewer scope, day and arguments, on the dashboard's
cursor only; what a caller changes in its answer changes nobody else's."""
from __future__ import annotations

import duckdb
import pytest

from metrics.filters import Filters
from metrics.query import fetch
from metrics.read_cache import CachedCursor, ReadCache, kept

_SCOPE_A, _SCOPE_B = ("so", "Hải Phòng", (), (), None), ("so", "Điện Biên", (), (), None)
_CALLS: list = []


@kept
def _names(con, filters: Filters, below: int = 3):
    _CALLS.append((filters, below))
    return fetch(con, "SELECT * FROM t WHERE n < $k ORDER BY n", {"k": below})


@kept
def _options(con, below: int):
    _CALLS.append(below)
    return {"n": [r[0] for r in con.execute("SELECT n FROM t WHERE n < ?", [below]).fetchall()]}


@kept
def _first_of(con, frame):
    _CALLS.append("frame")
    return frame.head(1)


@pytest.fixture
def con():
    _CALLS.clear()
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT range AS n, 'x' || range AS s FROM range(5)")
    return con


def test_the_same_question_with_the_same_arguments_is_worked_out_once(con):
    cache = ReadCache(16)
    first = _names(CachedCursor(con, ("v1",), _SCOPE_A, cache), Filters(province="Hải Phòng"), below=3)
    again = _names(CachedCursor(con.cursor(), ("v1",), _SCOPE_A, cache), Filters(province="Hải Phòng"), below=3)
    assert len(_CALLS) == 1
    assert first["n"].tolist() == again["n"].tolist() == [0, 1, 2]


@pytest.mark.parametrize("version, scope, filters, below", [
    (("v2",), _SCOPE_A, Filters(), 3), (("v1",), _SCOPE_B, Filters(), 3),
    (("v1",), _SCOPE_A, Filters(province="Điện Biên"), 3), (("v1",), _SCOPE_A, Filters(), 4)])
def test_another_version_scope_filter_or_argument_is_worked_out_again(con, version, scope, filters, below):
    cache = ReadCache(16)
    _names(CachedCursor(con, ("v1",), _SCOPE_A, cache), Filters(), below=3)
    _names(CachedCursor(con, version, scope, cache), filters, below=below)
    assert len(_CALLS) == 2


def test_a_plain_cursor_asks_every_time(con):
    _names(con, Filters())
    _names(con, Filters())
    assert len(_CALLS) == 2


def test_a_caller_changing_its_answer_changes_nobody_elses(con):
    cache = ReadCache(16)
    cursor = CachedCursor(con, ("v1",), _SCOPE_A, cache)
    frame = _names(cursor, Filters())
    frame.loc[0, "s"] = "đổi"
    _options(cursor, 3)["n"].append(99)
    assert _names(cursor, Filters())["s"].tolist() == ["x0", "x1", "x2"]
    assert _options(cursor, 3) == {"n": [0, 1, 2]}
    assert len(_CALLS) == 2


def test_a_frame_as_argument_is_not_kept(con):
    cursor = CachedCursor(con, ("v1",), _SCOPE_A, ReadCache(16))
    table = fetch(con, "SELECT * FROM t")
    assert _first_of(cursor, table)["n"].tolist() == [0]
    _first_of(cursor, table)
    assert _CALLS == ["frame", "frame"]
