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

from loaders.schema import SCHEMA_VERSION
from loaders.store import Store, connect


class OutdatedStore(RuntimeError):
    """The store was built by an older version of the code (different schema)."""


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
                con = connect(path, read_only=True)
                _check_schema(con, path)
                self._con = con
                self._path = path
            return self._con.cursor()

    @property
    def version(self) -> str:
        return self._path.name if self._path else ""


def _check_schema(con, path: Path) -> None:
    found = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    if not found or found[0][0] != str(SCHEMA_VERSION):
        raise OutdatedStore(f"Kho dữ liệu {path.parent.parent} được tạo bởi phiên bản cũ của chương trình "
                            f"(lược đồ {found[0][0] if found else '?'}, cần {SCHEMA_VERSION}). Hãy nhập lại các tệp "
                            "gốc trong thư mục originals/ vào một kho mới, hoặc xóa thư mục kho để tạo lại dữ liệu minh họa.")


def open_reader(store_dir: Path | str | None = None) -> StoreReader:
    return StoreReader(Store(store_dir))
