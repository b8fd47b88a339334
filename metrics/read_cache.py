"""Answers of read queries kept for the whole process, shared by every session that asks the same.

Twenty officials on one dashboard ask the same few questions (the sidebar's options, the header's
coverage, a page's tables) over and over: a rerun spent most of its query time asking DuckDB again
what it had just answered for another session. A `CachedCursor` (what pages/ui.py hands out) wraps a
read-only cursor and keeps each answer under

    (store version, viewer scope, day, query text, parameters)

* the store version is the version file's path, inode and modification time (loaders.connections
  `StoreReader.cursor_and_version`): a new version, here or written by another process, is a new key,
  and two stores in one process never share one;
* the viewer's scope (role, province, communes, districts, school) is in the key although the scope is
  also in the query's filters: one viewer's answers are never handed to a viewer of another scope, even
  for a query that looks the same;
* the day, because "today" moves the standing even when no file does.

A question whose pandas work after its queries costs a rerun more than the queries (a natural sort, a
pivot) is kept whole the same way: `@kept` on a metric `f(con, ...)` whose arguments are hashable.

Only answers are kept, never cursors; a frame is handed out as a shallow copy (pandas copy-on-write: a
page that changes its copy changes nobody else's), any other answer as a deep copy. A cursor that
registers a frame stops caching: its queries may read what was registered. The cache holds `max_mb` of
frames, oldest dropped first.
"""
from __future__ import annotations

import copy
import functools
import os
import threading
from collections import OrderedDict
from datetime import date

import pandas as pd

_READS = ("SELECT", "WITH", "FROM", "(")


class ReadCache:
    """A process's answers, least recently used dropped first beyond `max_mb`."""

    def __init__(self, max_mb: float):
        self.max_bytes = int(max_mb * 2**20)
        self._answers: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Lock] = {}
        self.hits = self.misses = 0

    def get(self, key: tuple, compute):
        """The answer under `key`; computed once when many sessions ask for it at the same moment."""
        with self._lock:
            if key in self._answers:
                self.hits += 1
                self._answers.move_to_end(key)
                return self._answers[key][0]
            busy = self._computing.setdefault(key, threading.Lock())
        with busy:  # the others wait for the first, then find its answer
            with self._lock:
                if key in self._answers:
                    self.hits += 1
                    return self._answers[key][0]
                self.misses += 1
            try:
                answer = compute()
                self._keep(key, answer)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            return answer

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
            self._bytes = 0

    def _keep(self, key: tuple, answer) -> None:
        size = _size(answer)
        with self._lock:
            if size > self.max_bytes:
                return
            self._answers[key] = (answer, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._answers.popitem(last=False)
                self._bytes -= dropped


def _size(answer) -> int:
    if isinstance(answer, pd.DataFrame):
        return int(answer.memory_usage(deep=True, index=True).sum()) + 1024
    return 64 * (len(answer) + 1) if isinstance(answer, list) else 64


# One per process: the dashboard's sessions are threads of it. KDCL_READ_CACHE_MB=0 turns it off.
READS = ReadCache(float(os.environ.get("KDCL_READ_CACHE_MB", "256")))


def hashable(params) -> tuple:
    """Bound parameters as part of a key: a dict's order does not matter, lists become tuples, and each
    value's type is kept (True == 1 in Python, not in SQL)."""
    if params is None:
        return ()
    items = sorted(params.items()) if isinstance(params, dict) else enumerate(params)
    return tuple((k, type(v).__name__, tuple(v) if isinstance(v, (list, set, frozenset)) else v) for k, v in items)


class CachedCursor:
    """A read-only DuckDB cursor whose reads are answered from `cache` when the same version, scope
    and day asked them before; anything else goes to the cursor itself."""

    def __init__(self, cursor, version: tuple, scope: tuple, cache: ReadCache = READS):
        self._cursor = cursor
        self._prefix = (version, scope)
        self._cache = cache if cache.max_bytes > 0 else None

    @property
    def version(self) -> tuple:
        """The identity of the version this cursor reads (for other caches keyed by it)."""
        return self._prefix[0]

    def frame(self, text: str, params, compute) -> pd.DataFrame:
        """`compute(cursor)`'s DataFrame for this query, from the cache when it can be."""
        return self._answer(("frame", text, hashable(params)), lambda: compute(self._cursor))

    def kept(self, name: str, arguments: tuple, compute):
        """`compute()`'s answer to the question `name` asked with `arguments` (see `kept` below)."""
        return self._answer(("kept", name, arguments), compute)

    def _answer(self, question: tuple, compute):
        """`compute()`'s answer under this cursor's version and scope and today's date, handed out as a copy."""
        if self._cache is None:
            return compute()
        return _handed_out(self._cache.get((*self._prefix, date.today(), *question), compute))

    def execute(self, query: str, parameters=None):
        if self._cache is None or not query.lstrip().upper().startswith(_READS):
            return self._cursor.execute(query, parameters)
        return _Pending(self, query, parameters)

    def register(self, name: str, frame):
        self._cache = None  # what this cursor reads from now on may depend on the frame
        return self._cursor.register(name, frame)

    def _rows(self, query: str, parameters) -> list:
        key = (*self._prefix, date.today(), "rows", query, hashable(parameters))
        return self._cache.get(key, lambda: self._cursor.execute(query, parameters).fetchall())

    def __getattr__(self, name):
        return getattr(self._cursor, name)


def kept(question):
    """`question(con, *arguments)` answered once per version, scope and day when `con` is the dashboard's
    CachedCursor, and every time otherwise (the command line, tests with a plain cursor). Its arguments
    must be all it depends on besides the store and the day: unhashable ones (a frame) are not kept."""
    name = f"{question.__module__}.{question.__qualname__}"

    @functools.wraps(question)
    def answer(con, *args, **kwargs):
        arguments = (args, tuple(sorted(kwargs.items())))
        if not isinstance(con, CachedCursor) or not _hashable(arguments):
            return question(con, *args, **kwargs)
        return con.kept(name, arguments, lambda: question(con, *args, **kwargs))
    return answer


def _hashable(value) -> bool:
    try:
        hash(value)
        return True
    except TypeError:
        return False


def _handed_out(answer):
    """What a caller may change without changing the kept answer (pandas copy-on-write for frames)."""
    return answer.copy(deep=False) if isinstance(answer, pd.DataFrame) else copy.deepcopy(answer)


class _Pending:
    """`execute(...)`'s result: fetchall/fetchone come from the cache; anything else runs the query."""

    def __init__(self, owner: CachedCursor, query: str, parameters):
        self._owner, self._query, self._parameters = owner, query, parameters

    def fetchall(self) -> list:
        return list(self._owner._rows(self._query, self._parameters))

    def fetchone(self):
        rows = self._owner._rows(self._query, self._parameters)
        return rows[0] if rows else None

    def __getattr__(self, name):
        return getattr(self._owner._cursor.execute(self._query, self._parameters), name)
