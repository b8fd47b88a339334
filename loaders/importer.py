"""Import files into the store: each file all or nothing, a batch of files as one new version.

A file with any error changes nothing; warnings are kept with the import. Re-importing a school,
year and assessment type replaces that part of the earlier data table by table (ratings, Mức 4,
plan, conclusions), so a school may send its ratings and its plan in separate files.

A batch (a folder, the files of one upload) is hashed, and read each file in its bounded child: a few
files before the store's lock is taken, a folder while its first files are checked. Under the lock,
every file is kept in originals/, checked against the
draft of ONE new version (so a plan may name a school an earlier file of the batch brought) and
written there if it has no error; the derived tables are rebuilt once and the version is
published with one log line per imported file. Each file keeps its own result and log line.
"""
from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from loaders import limits
from loaders.import_read import Allows, ImportItem, ImportResult, Received, arrive, read_into, unopenable, validated
from loaders.import_results import failed, logged, with_error
from loaders.import_write import NAMES, version_key, write_batch
from loaders.issues import IssueLog
from loaders.read_once import READ_ONCE
from loaders.new_school import check_new_school, school_csv
from loaders.registry import SchoolNames
from loaders.store import Store, StoreProblem, StoreReader, StoreWriteError, file_sha256, read_only
from loaders.validate_context import load_reference
from metrics.formatting import format_number

__all__ = ["ImportItem", "ImportResult", "Allows", "import_file", "import_files", "preview_file", "read_ahead",
           "record_preview", "progress_text", "add_school"]

# progress(stage, done, total, name): stage 'read' per file received (hashed, its read started or done),
# 'check' per file checked (after waiting for its read) and written
# into the draft, 'derive' once the files are in (the derived tables are rebuilt), 'done' at the end
Progress = Callable[[str, int, int, str], None]
_STAGES = {"read": "Đang đọc", "check": "Đang kiểm tra và ghi"}
_READERS = 2  # children reading at once for a school's files; national files (bulk limits) one at a time
# A few files are read before the store's lock is taken, so a file slow to read delays no one else's
# import. A folder is checked while the rest is still read (two children reading ahead of the check:
# 1,000 Word plans ~30 s less); a file slow to read then holds the lock up to its time limit (`seconds`).
_READ_FIRST = 4
_PREVIEWS: dict[str, StoreReader] = {}  # per store folder: the previews' connection (_preview_cursor)
_REFERENCES: dict[str, tuple] = {}  # per store folder: (version identity, its Reference)


def progress_text(stage: str, done: int, total: int, name: str) -> str:
    """What the upload page's bar and the command line's progress line say: 'Đang đọc 37/1.000 tệp: a.docx'."""
    if stage == "derive":
        return f"Đang tính lại các bảng tổng hợp cho {format_number(total)} tệp…"
    if stage == "done":
        return f"Đã xử lý {format_number(total)}/{format_number(total)} tệp"
    return f"{_STAGES[stage]} {format_number(done + 1)}/{format_number(total)} tệp: {name}"


def import_files(store: Store, items: list[ImportItem], *, door: str = "cli", user: str | None = None,
                 allows: Allows | None = None, progress: Progress | None = None) -> list[ImportResult]:
    """Import a batch, one result per item in order. Whatever happens each file is kept in
    originals/ and logged (when the disk allows); a full disk or an unexpected error is a 'failed'
    result with a message, never an exception that would stop the files after it. `user` is who
    imports (kept with each import and in the log); `allows` (a Viewer's allows_school) rejects a
    file that names a school outside the user's scope."""
    received: list[Received | ImportResult] = []
    # Two files read at once: each reader is a child process that waits on the disk or the other core
    # (the server forks one child per request, whichever thread sends it). Progress is told from here,
    # the caller's thread (Streamlit draws only from the script's own).
    pool = ThreadPoolExecutor(max_workers=_readers(len(items)))
    try:
        for done, item in enumerate(items):
            received.append(_arrive(item, pool))
            if progress:
                progress("read", done, len(items), item.name)
        if len(items) <= _READ_FIRST:
            for read in received:
                if isinstance(read, Received):
                    read.wait()
        with store.lock():
            results = write_batch(store, received, door, user, allows, progress)
    finally:  # an error or Ctrl+C under the lock waits for the two reads under way, not for every queued one
        pool.shutdown(cancel_futures=True)
    if progress:
        progress("done", len(items), len(items), "")
    return results


def _readers(files: int) -> int:
    """Each child may take `memory_mb` more: two of a school's files (1 GB each at most), but never two
    national files under the bulk limits (8 GB each)."""
    return _READERS if files > 1 and limits.current().memory_mb <= limits.Limits().memory_mb else 1


def import_file(store: Store, path: Path, *, is_demo: bool = False, display_name: str | None = None,
                school_choice: str | None = None, door: str = "cli", user: str | None = None,
                allows: Allows | None = None) -> ImportResult:
    """One file: a batch of one."""
    item = ImportItem(Path(path), display_name, school_choice, is_demo)
    return import_files(store, [item], door=door, user=user, allows=allows)[0]


def preview_file(store: Store, path: Path, display_name: str | None = None,
                 school_choice: str | None = None, allows: Allows | None = None,
                 user: str | None = None) -> ImportResult:
    """Validate without importing: the report the upload page shows before confirming (the scope
    check included, so a file about another school is refused before anyone confirms it)."""
    item = ImportItem(Path(path), display_name, school_choice)
    try:
        con, reference, current = _preview_cursor(store)
        with con:
            if _already_imported(con, file_sha256(item.path)):
                return ImportResult(item.name, "unchanged")
            received = _arrive(item)
            if isinstance(received, ImportResult):
                return received
            if received.failure:
                return failed(item.name, received.failure)
            names = _names_of(store, current, con)
            batch, log = validated(received, con, names, allows, user, reference)
            if names.loaded:
                NAMES[str(store.root)] = (version_key(current), names)
    except StoreProblem as problem:
        log = IssueLog(item.name)
        log.error(str(problem))
        return ImportResult(item.name, "failed", {}, log.frame())
    return ImportResult(log.file, "rejected" if log.has_errors else "valid", batch.counts(), log.frame(),
                        candidates=log.school_candidates, unmatched_school=log.identity.get("unmatched_school"))


def record_preview(store: Store, path: Path, result: ImportResult, door: str = "upload_preview",
                   user: str | None = None) -> ImportResult:
    """Keep and log a file the upload page has checked, whatever it found: a file rejected at
    preview is never confirmed, and would otherwise leave no trace. A full disk makes it 'failed'."""
    path = Path(path)
    sha = file_sha256(path)
    with store.lock():
        try:
            stored = store.keep_original(path, sha, result.file)
        except StoreWriteError as problem:
            return with_error(result, str(problem))
        return logged(store, result, sha, stored, door, user)


def add_school(store: Store, fields: dict, *, user: str | None = None, allows: Allows | None = None,
               door: str = "upload_new_school") -> ImportResult:
    """A new school from the upload page's form, imported as a one-row Trường file (kept, logged,
    recorded under `user`, refused by `allows` outside the user's scope). A code the store has is
    refused: this form adds schools, it never changes one."""
    code = (fields.get("school_id") or "").strip()
    log = IssueLog(f"Thêm trường mới {code}.csv")
    for problem in check_new_school(fields):
        log.error(problem)
    if not log.has_errors:
        with read_only(store.current_path()) as con:
            taken = con.execute("SELECT name FROM schools WHERE lower(school_id) = lower(?)", [code]).fetchall()
        if taken:
            log.error(f"Mã trường {code} đã có trong dữ liệu ({taken[0][0]}); hãy chọn trường đó trong danh sách "
                      "thay vì thêm mới, hoặc dùng mã khác.")
    if log.has_errors:
        return ImportResult(log.file, "rejected", {}, log.frame())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "truong-moi.csv"
        path.write_bytes(school_csv(fields))
        return import_file(store, path, display_name=log.file, door=door, user=user, allows=allows)


def read_ahead(items: list[ImportItem]) -> None:
    """Read the Word plans among `items` in the background, two at a time, for the previews that follow
    (each waits for its own file) and the confirm (loaders.read_once)."""
    READ_ONCE.read_ahead(items)


def _preview_cursor(store: Store):
    """A cursor on the current version, its reference data and its path. The upload page previews each
    of 1,000 plans on its own: one connection per version and process (25 ms each) and the reference
    read once per version (18 ms), as a batch reads it once."""
    reader = _PREVIEWS.get(str(store.root))
    if reader is None:  # once: a StoreReader cleans what crashed imports left when it is made
        reader = _PREVIEWS[str(store.root)] = StoreReader(store)
    con, identity = reader.cursor_and_version()
    known = _REFERENCES.get(str(store.root))
    if known is None or known[0] != identity:
        known = _REFERENCES[str(store.root)] = (identity, load_reference(con))
    return con, known[1], Path(identity[0])


def _names_of(store: Store, version: Path, con) -> SchoolNames:
    """The stored schools by name for a preview (the upload page checks each of 1,000 plans on its own,
    and normalising 45,000 names costs ~0.4 s each time): read as it is, never added to."""
    known = NAMES.get(str(store.root))
    return known[1] if known and known[0] == version_key(version) else SchoolNames(con)


def _arrive(item: ImportItem, pool: ThreadPoolExecutor | None = None) -> Received | ImportResult:
    """The file hashed and its read started in `pool` (else read now, for a preview, and kept for the
    confirm: loaders.read_once), or its 'failed' result when it cannot even be opened (nothing to keep)."""
    try:
        arrived = arrive(item)
    except OSError as exc:
        log = IssueLog(item.name)
        log.error(unopenable(item.path, exc))
        return ImportResult(item.name, "failed", {}, log.frame())
    read = READ_ONCE.get(item, arrived.sha)
    if read is not None:
        return read
    if pool is None:
        return READ_ONCE.keep(read_into(arrived))
    arrived.reading = pool.submit(read_into, arrived)
    return arrived


def _already_imported(con, sha: str) -> bool:
    return con.execute("SELECT count(*) FROM imports WHERE sha256 = ?", [sha]).fetchall()[0][0] > 0
