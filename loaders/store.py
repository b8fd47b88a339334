"""The versioned DuckDB store, and the one owner of its connections (read and write).

How imports reach a dashboard that is running:

DuckDB lets one process write a file, and a writer blocks every reader. So no
file that a reader may have open is ever written: an import copies the current
version to a new file, applies the whole file's rows in one transaction, and
only then moves the CURRENT pointer (an atomic rename). Readers open versions
read-only and switch when CURRENT changes. Imports from the upload page and
the command line take an exclusive file lock, so two at once are serialised
and neither is lost. Old versions are pruned; an open reader keeps its inode.

Every connection is opened by `connect` (settings applied there, once): the
import's read-write draft, `read_only` for a look at the current version, and
the readers' `StoreReader`, which hands each query its own cursor (a DuckDB
connection is not thread-safe and Streamlit runs each session in a thread).
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from loaders.schema import SCHEMA_VERSION, create_store

DEFAULT_STORE_DIR = Path(__file__).resolve().parent.parent / "data" / "store"
_KEEP_VERSIONS = 4


def store_dir_from_env() -> Path:
    return Path(os.environ.get("KDCL_STORE", DEFAULT_STORE_DIR))


class Store:
    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root else store_dir_from_env()
        self.versions = self.root / "versions"
        self.originals = self.root / "originals"
        self.pointer = self.root / "CURRENT"
        self.log_path = self.root / "import_log.jsonl"

    # ------------------------------------------------------------ reading
    def current_path(self) -> Path:
        """The current version; creates an empty store (reference data only) if none."""
        if not self.pointer.exists():
            with self.lock(".init.lock"):
                if not self.pointer.exists():
                    self._create_first_version()
        return self.versions / self.pointer.read_text().strip()

    def exists(self) -> bool:
        return self.pointer.exists()

    # ------------------------------------------------------------ writing
    @contextmanager
    def lock(self, name: str = ".lock"):
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / name, "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def new_version(self):
        """Yield a read-write connection to a copy of the current version.

        The copy becomes current only if the block finishes without raising;
        call within `lock()`.
        """
        current = self.current_path()
        number = int(current.stem[1:]) + 1
        target = self.versions / f"v{number:06d}.duckdb"
        draft = target.with_suffix(".draft")
        shutil.copyfile(current, draft)
        con = connect(draft)
        try:
            # One transaction: a commit per statement would write and sync the log dozens of times.
            con.execute("BEGIN TRANSACTION")
            yield con
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
        except BaseException:
            con.close()
            draft.unlink(missing_ok=True)
            raise
        os.replace(draft, target)
        self._point_to(target.name)
        self._prune()

    def keep_original(self, path: Path, sha256: str) -> Path:
        self.originals.mkdir(parents=True, exist_ok=True)
        target = self.originals / f"{sha256[:16]}-{path.name}"
        if not target.exists():
            shutil.copyfile(path, target)
        return target

    def append_log(self, entry: dict) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")

    def read_log(self) -> list[dict]:
        if not self.log_path.exists():
            return []
        lines = self.log_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    # ------------------------------------------------------------ internals
    def _create_first_version(self) -> None:
        self.versions.mkdir(parents=True, exist_ok=True)
        target = self.versions / "v000001.duckdb"
        draft = target.with_suffix(".draft")
        draft.unlink(missing_ok=True)
        con = connect(draft)
        create_store(con)  # the derived tables too, empty: a reader finds every table it asks for
        con.execute("CHECKPOINT")
        con.close()
        os.replace(draft, target)
        self._point_to(target.name)

    def _point_to(self, name: str) -> None:
        temporary = self.pointer.with_suffix(".tmp")
        temporary.write_text(name)
        os.replace(temporary, self.pointer)

    def _prune(self) -> None:
        versions = sorted(self.versions.glob("v*.duckdb"))
        for old in versions[:-_KEEP_VERSIONS]:
            old.unlink(missing_ok=True)


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


class OutdatedStore(RuntimeError):
    """The store was built by an older version of the code (different schema)."""


class StoreReader:
    """One read-only connection to the current version per process; when an import moves the
    CURRENT pointer, the next cursor() opens the new version: no restart needed."""

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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 23), b""):
            digest.update(chunk)
    return digest.hexdigest()


def now() -> datetime:
    return datetime.now().replace(microsecond=0)
