"""The versioned DuckDB store: which version to read, an import's draft and its publishing, originals, the log.

How imports reach a dashboard that is running:

DuckDB lets one process write a file, and a writer blocks every reader. So no
file that a reader may have open is ever written: an import copies the current
version to a new file, applies the whole file's rows in one transaction, and
only then moves the CURRENT pointer (an atomic rename). Readers open versions
read-only and switch when CURRENT changes. Imports from the upload page and
the command line take an exclusive file lock, so two at once are serialised
and neither is lost. Old versions are pruned; an open reader keeps its inode.

How it heals: every version is sealed (size and hash, loaders.versions) and
synced before CURRENT names it. When CURRENT is missing, garbage, dangling or
names a version that does not match its seal, readers and the next import use
the newest intact version instead and say so (`Store.problem`); pruning keeps
both. What an interrupted write left (drafts, half-written files) is removed
under the lock when the next import or reader starts.

Every connection is opened in loaders.connections, re-exported here.
"""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from loaders import import_log
from loaders.connections import OutdatedStore, StoreProblem, StoreReader, connect, read_only, registered
from loaders.durable import StoreWriteError, copy_verified, disk_full, file_sha256, fsync_path, safe_name, \
    write_atomic, write_problem
from loaders.schema import create_store
from loaders.store_dir import DEFAULT_STORE_DIR, POINTER, VERSIONS, holds_a_store, is_version_name, store_dir_from_env, \
    version_files
from loaders.versions import DRAFT, IntactCheck, fallback_problem, leftovers, next_version, seal, seal_paths

# connections, their errors and the file hash are used through this module by the layers above
__all__ = ["Store", "StoreReader", "StoreProblem", "OutdatedStore", "BrokenStore", "StoreWriteError", "connect",
           "read_only", "registered", "open_reader", "file_sha256", "now", "DEFAULT_STORE_DIR", "store_dir_from_env"]
_KEEP_VERSIONS = 4
_LOG = logging.getLogger(__name__)


class Store:
    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root else store_dir_from_env()
        self.versions = self.root / VERSIONS
        self.originals = self.root / "originals"
        self.pointer = self.root / POINTER
        self.log_path = self.root / "import_log.jsonl"
        self.problem: str | None = None  # why the version read is not the one CURRENT names (Vietnamese)
        self._check = IntactCheck()
        self._told: dict[tuple, str] = {}  # fallback messages already worked out

    # ------------------------------------------------------------ reading
    def current_path(self) -> Path:
        """The version to read: CURRENT's when it is intact, else the newest intact one (and
        `problem` says why). Creates an empty store (reference data only) if there is none."""
        if not self.exists():
            with self.lock(".init.lock"):
                if not self.exists():
                    self._create_first_version()
        written = self._pointer_text()
        named = self.versions / written if written and is_version_name(written) else None
        why = self._check.problem(named) if named else None
        if named and why is None:
            self.problem = None
            return named
        return self._fall_back(written, named, why)

    def exists(self) -> bool:
        return holds_a_store(self.root)

    # ------------------------------------------------------------ writing
    @contextmanager
    def lock(self, name: str = ".lock", wait: bool = True):
        """Hold the store's lock for the block; with `wait=False` yield False at once if it is taken."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / name, "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def new_version(self, log_entry: dict | list[dict] | None = None):
        """Yield a read-write connection to a copy of the current version.

        The copy becomes current only if the block finishes without raising; call within
        `lock()`. A `log_entry` the block fills in (or a list of them it appends to: a batch's
        files) is appended to the import log as the version is published, in one write, and
        taken back if publishing fails: the log never names a version that did not become
        current. A full disk raises StoreWriteError with the store as it was.
        """
        self._remove_leftovers()  # under the caller's lock: nobody else is writing a draft
        current = self.current_path()
        target = next_version(self.versions)
        draft = target.with_suffix(DRAFT)
        try:
            shutil.copyfile(current, draft)
        except OSError as exc:
            draft.unlink(missing_ok=True)
            raise write_problem(exc, "bản sao dữ liệu mới", self.versions) from exc
        con = connect(draft)
        try:
            # One transaction: a commit per statement would write and sync the log dozens of times.
            con.execute("BEGIN TRANSACTION")
            yield con
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
        except BaseException as exc:
            _close_quietly(con)
            self._discard(draft)
            if disk_full(exc):  # DuckDB says so in its own IOException
                raise write_problem(OSError(28, str(exc)), "dữ liệu mới", self.versions) from exc
            raise
        self._publish(draft, target, [log_entry] if isinstance(log_entry, dict) else log_entry)
        self.prune()

    def keep_original(self, path: Path, sha256: str, name: str | None = None) -> Path:
        """Keep the file as received, under its hash and a safe form of its name (the name as
        sent goes to the log). A copy there that does not match the hash is written again."""
        self.originals.mkdir(parents=True, exist_ok=True)
        target = self.originals / f"{sha256[:16]}-{safe_name(name or Path(path).name)}"
        if target.exists() and file_sha256(target) == sha256:
            return target
        try:
            copy_verified(path, target, sha256)
        except OSError as exc:
            raise write_problem(exc, "bản gốc của tệp", self.originals) from exc
        return target

    def append_log(self, entry: dict | list[dict]) -> int:
        """Append one entry, or several in one write (call within `lock()`); returns the log's size
        before them."""
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            return import_log.append(self.log_path, *([entry] if isinstance(entry, dict) else entry))
        except OSError as exc:
            raise write_problem(exc, "nhật ký nhập", self.log_path) from exc

    def read_log(self) -> list[dict]:
        return self.import_history().entries

    def import_history(self) -> import_log.LogRead:
        return import_log.read(self.log_path)

    def clean_leftovers(self) -> None:
        """Remove what interrupted writes left, unless an import is running (it holds the lock)."""
        with self.lock(wait=False) as held:
            if held:
                self._remove_leftovers()

    # ------------------------------------------------------------ internals
    def _pointer_text(self) -> str | None:
        try:
            return self.pointer.read_bytes()[:200].decode("utf-8", errors="replace").strip()
        except FileNotFoundError:
            return None
        except OSError:  # a folder, no permission: as good as garbage
            return "?"

    def _fall_back(self, written: str | None, named: Path | None, why: str | None) -> Path:
        intact = self._newest_intact()
        key = (written, why, intact, intact.stat().st_mtime_ns if intact else None)
        if key not in self._told:  # worked out and logged once, not on every query while it lasts
            self._told[key] = fallback_problem(self, written, named, why, intact)
            _LOG.warning(self._told[key])
        self.problem = self._told[key]
        if intact is None:
            raise BrokenStore(self.problem)
        return intact

    def _newest_intact(self) -> Path | None:
        return next((p for p in reversed(version_files(self.versions)) if self._check.problem(p) is None), None)

    def _create_first_version(self) -> None:
        self.versions.mkdir(parents=True, exist_ok=True)
        target = next_version(self.versions)
        draft = target.with_suffix(DRAFT)
        self._discard(draft)
        con = connect(draft)
        create_store(con)  # the derived tables too, empty: a reader finds every table it asks for
        con.execute("CHECKPOINT")
        con.close()
        self._publish(draft, target, None)

    def _publish(self, draft: Path, target: Path, log_entries: list[dict] | None) -> None:
        """Seal, log, then rename: each step synced, and undone if a later one fails."""
        logged = None
        entries = [entry for entry in log_entries or () if entry]
        try:
            fsync_path(draft)
            seal(draft, target)
            logged = self.append_log(entries) if entries else None
            os.replace(draft, target)
            fsync_path(self.versions)
            write_atomic(self.pointer, target.name.encode())
        except (OSError, StoreWriteError) as exc:
            if self._pointer_text() != target.name:
                self._discard(draft, target, *seal_paths(target))
                if logged is not None:
                    import_log.undo(self.log_path, logged)
            if isinstance(exc, StoreWriteError):
                raise
            raise write_problem(exc, "dữ liệu mới", self.root) from exc
        self._check.trust(target)  # just sealed from these bytes: no need to hash them again

    def _discard(self, *paths: Path) -> None:
        for path in paths:
            path.unlink(missing_ok=True)
            if path.suffix == DRAFT:
                path.with_name(path.name + ".wal").unlink(missing_ok=True)

    def _remove_leftovers(self) -> None:
        for path in leftovers(self.root, self.versions, self.originals):
            path.unlink(missing_ok=True)

    def prune(self) -> None:
        """Keep the newest versions, the one CURRENT names and the newest intact one, whatever their age
        (run after each import; call within `lock()`)."""
        versions = version_files(self.versions)
        keep = {*versions[-_KEEP_VERSIONS:], self.versions / (self._pointer_text() or "-"), self._newest_intact()}
        for old in versions:
            if old not in keep:
                self._discard(old, *seal_paths(old))


def _close_quietly(con) -> None:
    try:
        con.close()
    except Exception:  # a draft that failed (disk full) may fail to close too; it is discarded anyway
        pass


class BrokenStore(StoreProblem):
    """No version of the store is intact."""


def open_reader(store_dir: Path | str | None = None) -> StoreReader:
    return StoreReader(Store(store_dir))


def now() -> datetime:
    return datetime.now().replace(microsecond=0)
