"""The one owner of database connections for readers (dashboard, metrics CLI).

Each process keeps one read-only connection to the current store version and
hands every query its own cursor (a DuckDB connection is not thread-safe and
Streamlit runs each session in a thread). When an import moves the CURRENT
pointer, the next cursor() opens the new version: no restart needed.
"""
from __future__ import annotations

import threading
from pathlib import Path

import duckdb  # noqa: F401 - the type of the connections handed out

from loaders.store import Store, connect


class StoreReader:
    def __init__(self, store: Store):
        self.store = store
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._con: duckdb.DuckDBPyConnection | None = None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        path = self.store.current_path()
        with self._lock:
            if path != self._path:
                # The old connection is not closed: cursors handed out earlier may
                # still be running; it closes when the last of them is dropped.
                self._con = connect(path, read_only=True)
                self._path = path
            return self._con.cursor()

    @property
    def version(self) -> str:
        return self._path.name if self._path else ""


def open_reader(store_dir: Path | str | None = None) -> StoreReader:
    return StoreReader(Store(store_dir))
