"""The answers shared between sessions (metrics/read_cache.py): kept per store version, viewer scope
and query, never handed across scopes, renewed when an import publishes a new version."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from loaders.importer import import_file
from loaders.store import Store, StoreReader
from metrics.access import Viewer
from metrics.filters import Filters
from metrics.overview import coverage
from metrics.query import fetch
from metrics.read_cache import CachedCursor, ReadCache, READS, hashable
from pages import ui
from tests.apptest import open_app
from tests.conftest import TEMPLATE_SEEDS

_SCOPE_A, _SCOPE_B = ("so", "Hải Phòng", (), (), None), ("so", "Điện Biên", (), (), None)


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT range AS n, 'x' || range AS s FROM range(5)")
    return con


def _counting(con):
    calls = []

    def compute(cursor):
        calls.append(1)
        return fetch(cursor, "SELECT * FROM t WHERE n < $k", {"k": 3})
    return calls, compute


def test_the_same_question_in_the_same_version_and_scope_is_answered_once(con):
    cache = ReadCache(16)
    calls, compute = _counting(con)
    first = CachedCursor(con, ("v1",), _SCOPE_A, cache).frame("q", {"k": 3}, compute)
    again = CachedCursor(con.cursor(), ("v1",), _SCOPE_A, cache).frame("q", {"k": 3}, compute)
    assert len(calls) == 1 and cache.hits == 1
    pd.testing.assert_frame_equal(first, again)


@pytest.mark.parametrize("version, scope, params", [(("v2",), _SCOPE_A, {"k": 3}), (("v1",), _SCOPE_B, {"k": 3}),
                                                    (("v1",), _SCOPE_A, {"k": 4})])
def test_another_version_scope_or_parameter_is_asked_again(con, version, scope, params):
    cache = ReadCache(16)
    calls, compute = _counting(con)
    CachedCursor(con, ("v1",), _SCOPE_A, cache).frame("q", {"k": 3}, compute)
    CachedCursor(con, version, scope, cache).frame("q", params, compute)
    assert len(calls) == 2 and cache.hits == 0


def test_a_page_changing_its_answer_changes_nobody_elses(con):
    cache = ReadCache(16)
    cursor = CachedCursor(con, ("v1",), _SCOPE_A, cache)
    mine = fetch(cursor, "SELECT * FROM t")
    mine["s"] = "changed"
    mine.loc[0, "n"] = 99
    assert fetch(cursor, "SELECT * FROM t")["s"].tolist() == [f"x{i}" for i in range(5)]
    assert fetch(cursor, "SELECT * FROM t")["n"].tolist() == list(range(5))


def test_rows_are_cached_and_a_cursor_that_registers_a_frame_stops_caching(con):
    cache = ReadCache(16)
    cursor = CachedCursor(con, ("v1",), _SCOPE_A, cache)
    assert cursor.execute("SELECT count(*) FROM t").fetchall() == [(5,)]
    assert cursor.execute("SELECT count(*) FROM t").fetchone() == (5,)
    assert cache.hits == 1
    cursor.register("extra", pd.DataFrame({"n": [1, 2]}))
    assert cursor.execute("SELECT count(*) FROM extra").fetchall() == [(2,)]
    cursor.register("extra", pd.DataFrame({"n": [1, 2, 3]}))
    assert cursor.execute("SELECT count(*) FROM extra").fetchall() == [(3,)]


def test_the_oldest_answers_go_beyond_the_budget(con):
    cache = ReadCache(0.01)  # ~10 KB: a few small frames
    cursor = CachedCursor(con, ("v1",), _SCOPE_A, cache)
    for k in range(50):
        fetch(cursor, "SELECT * FROM t WHERE n < $k", {"k": k})
    assert 0 < len(cache._answers) < 50 and cache._bytes <= cache.max_bytes


def test_an_import_is_a_new_version_and_a_new_answer(tmp_path):
    store = Store(tmp_path / "store")
    assert import_file(store, TEMPLATE_SEEDS[0]).status == "imported"
    reader = StoreReader(store)
    before = coverage(CachedCursor(*reader.cursor_and_version(), _SCOPE_A), Filters())["n_schools"]
    assert import_file(Store(store.root), TEMPLATE_SEEDS[1]).status == "imported"  # as another process would
    con, version = reader.cursor_and_version()
    assert coverage(CachedCursor(con, version, _SCOPE_A), Filters())["n_schools"] == before + 1


def _headline_and_provinces(app) -> tuple[str, list]:
    return app.metric[0].value, app.selectbox(key="filter_province").options


def test_two_provinces_in_one_process_never_see_each_others_answers(shared_demo_store, monkeypatch):
    """Sở Hải Phòng fills the cache, then Sở Điện Biên asks the same pages in the same process: Điện
    Biên sees what it sees with an empty cache, and the cache holds each scope's answers apart."""
    seen = {}
    for province in ("Hải Phòng", "Điện Biên", "Hải Phòng"):
        monkeypatch.setattr(ui, "viewer", lambda p=province: Viewer("so", f"so@{p}.vn", province=p))
        app = open_app(shared_demo_store, monkeypatch, "pages/tong_quan.py")
        seen.setdefault(province, []).append(_headline_and_provinces(app))
    assert seen["Hải Phòng"][0] == seen["Hải Phòng"][1]
    assert seen["Hải Phòng"][0] != seen["Điện Biên"][0]
    assert seen["Điện Biên"][0][1] == ["Tất cả", "Điện Biên"]
    READS.clear()
    monkeypatch.setattr(ui, "viewer", lambda: Viewer("so", "so@db.vn", province="Điện Biên"))
    fresh = open_app(shared_demo_store, monkeypatch, "pages/tong_quan.py")
    assert _headline_and_provinces(fresh) == seen["Điện Biên"][0]
    scopes = {key[1] for key in READS._answers}
    assert ("so", "Điện Biên", (), (), None) in scopes and not any(s[:2] == ("so", "Hải Phòng") for s in scopes)


_VALUES = st.one_of(st.none(), st.integers(), st.text(max_size=5), st.dates(),
                    st.lists(st.text(max_size=3), max_size=3))


@given(st.dictionaries(st.text(max_size=4), _VALUES, max_size=5), st.dictionaries(st.text(max_size=4), _VALUES, max_size=5))
def test_two_sets_of_parameters_share_a_key_exactly_when_they_are_equal(first, second):
    same_types = first.keys() == second.keys() and all(type(first[k]) is type(second[k]) for k in first)
    assert (hashable(first) == hashable(second)) == (first == second and same_types)
    assert hashable(dict(reversed(list(first.items())))) == hashable(first)
    hash(hashable(first))
