"""Every connection to a store version is opened and configured here, once: the import's
read-write draft, `read_only` for a short look, and the readers' `StoreReader`, which hands
each query its own cursor (a DuckDB connection is not thread-safe and Streamlit runs each
session in a thread). `loaders.store` decides which version; this module only connects.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb

from loaders.schema import SCHEMA_VERSION


class StoreProblem(RuntimeError):
    """The store cannot be read as it is; the message says why and what to do (Vietnamese)."""


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Every connection to a store version is configured here, once."""
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("SET enable_progress_bar = false")
    # DuckDB 2.0.0 and 2.0.1 narrow a grouped sum() that passes a LEFT JOIN to 8 bits (compressed
    # materialization): Hải Phòng's seed plans summed to 64 đồng instead of 65,545,000,000, and a
    # HUGEINT sum raised a ConversionException. Without that optimizer every sum is exact.
    con.execute("SET disabled_optimizers = 'compressed_materialization'")
    if not read_only:
        # An import may hold millions of rows in pandas too; let DuckDB spill instead of growing.
        con.execute("SET memory_limit = '1GB'")
        # Rows of an import need no order except where a statement says ORDER BY (kept even so);
        # without it DuckDB writes in parallel: the national ratings import took ~0.6 s less.
        con.execute("SET preserve_insertion_order = false")
    return con


@contextmanager
def read_only(path: Path):
    """A short read-only look at one version (an import's checks, the upload page's preview)."""
    con = connect(path, read_only=True)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, frame):
    """`frame` (pandas or Arrow) readable by SQL as `name` for the block, and unregistered even when it raises."""
    con.register(name, frame)
    try:
        yield name
    finally:
        con.unregister(name)


class OutdatedStore(StoreProblem):
    """The store was built by an older version of the code (different schema)."""


class StoreReader:
    """One read-only connection to the current version per process; when an import moves the
    CURRENT pointer, the next cursor() opens the new version: no restart needed."""

    def __init__(self, store):
        self.store = store
        try:
            store.clean_leftovers()  # a reader starting is a start too: what a crashed import left goes
        except OSError:
            pass  # a store folder this process may not write: nothing to clean, reading goes on
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._identity: tuple = ()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.cursor_and_version()[0]

    def cursor_and_version(self) -> tuple[duckdb.DuckDBPyConnection, tuple]:
        """A cursor and the identity of the version it reads (path, inode, modification time), taken
        together: a cache keyed by that identity (metrics.read_cache) never files one version's answers
        under another's, even when an import, here or in another process, moves CURRENT in between."""
        path = self.store.current_path()
        with self._lock:
            if path != self._path:
                # The old connection is not closed: cursors handed out earlier may
                # still be running; it closes when the last of them is dropped.
                con = connect(path, read_only=True)
                _check_schema(con, path)
                info = path.stat()
                self._con, self._path, self._identity = con, path, (str(path), info.st_ino, info.st_mtime_ns)
            return self._con.cursor(), self._identity

    @property
    def problem(self) -> str | None:
        """Why the version read is not the one CURRENT names, for the dashboard to show."""
        return self.store.problem

    @property
    def version(self) -> str:
        return self._path.name if self._path else ""


def _check_schema(con, path: Path) -> None:
    found = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    if not found or found[0][0] != str(SCHEMA_VERSION):
        raise OutdatedStore(f"Kho dữ liệu {path.parent.parent} được tạo bởi phiên bản cũ của chương trình "
                            f"(lược đồ {found[0][0] if found else '?'}, cần {SCHEMA_VERSION}). Hãy nhập lại các tệp "
                            "gốc trong thư mục originals/ vào một kho mới, hoặc xóa thư mục kho để tạo lại dữ liệu minh họa.")
