"""Import one file into the store, all or nothing.

A file with any error changes nothing; warnings are kept with the import.
Re-importing a school, year and assessment type replaces that part of the
earlier data table by table (ratings, Mức 4, plan, conclusions), so a school
may send its ratings and its plan in separate files.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

import duckdb
import pandas as pd

from loaders import limits
from loaders.bounded import ReadFailed, run_bounded
from loaders.doc_tables import workbook_content
from loaders.documents import read_document
from loaders.import_scope import check_scope
from loaders.file_checks import check_upload
from loaders.issues import ERROR, WARNING, IssueLog
from loaders.limits import OverLimit
from loaders.reading import FileContent, read_content
from loaders.store import Store, StoreProblem, StoreWriteError, file_sha256, now, read_only, registered
from loaders.tabular import csv_tables, read_tables
from loaders.validate import Batch, validate
from loaders.write import apply_batch, touched_assessments
from metrics.derive import refresh_derived

TEMPLATE_SUFFIXES = {".xlsx", ".xlsm", ".csv"}
DOCUMENT_SUFFIXES = {".docx"}  # and .xlsx files in free layout


# who may import a school: a Viewer's allows_school (metrics.access), given a school's row as a mapping
Allows = Callable[[Mapping], bool]


class Rejected(Exception):
    """Raised inside the version transaction so the draft is thrown away."""


@dataclass
class ImportResult:
    file: str
    status: str                     # 'imported' | 'rejected' | 'unchanged' | 'valid' (preview) | 'failed'
    counts: dict = field(default_factory=dict)
    issues: pd.DataFrame = field(default_factory=pd.DataFrame)
    import_id: int | None = None
    candidates: list = field(default_factory=list)  # close schools when the document's school is uncertain

    @property
    def errors(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == ERROR] if len(self.issues) else self.issues

    @property
    def warnings(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == WARNING] if len(self.issues) else self.issues


def import_file(store: Store, path: Path, *, is_demo: bool = False, display_name: str | None = None,
                school_choice: str | None = None, door: str = "cli", user: str | None = None,
                allows: Allows | None = None) -> ImportResult:
    """Import one file; whatever happens it is kept in originals/ and logged (when the disk allows),
    and the result says what happened: a full disk or an unexpected error is a 'failed' result
    with a message, never an exception that would stop the files after it. `user` is who imports
    (kept with the import and in the log); `allows` (a Viewer's allows_school) rejects a file that
    names a school outside the user's scope."""
    path = Path(path)
    name = display_name or path.name
    log = IssueLog(name)
    sha = file_sha256(path)
    stored, entry = None, {}
    with store.lock():
        try:
            # kept first, even when rejected or already imported: nothing a school sent is lost, and a
            # bad copy left by an earlier full disk is written again
            stored = store.keep_original(path, sha, name)
            if _already_imported(store, sha):
                return _logged(store, ImportResult(name, "unchanged"), sha, stored, door, user)
            with store.new_version(entry) as con:
                batch = _scoped_batch(path, con, log, school_choice, allows, user)
                if log.has_errors:
                    raise Rejected
                import_id = _next_import_id(con)
                apply_batch(con, batch, import_id, is_demo)
                _record_import(con, import_id, name, sha, stored, batch, log, user)
                refresh_derived(con, touched_assessments(con, batch))
                result = ImportResult(name, "imported", batch.counts(), log.frame(), import_id)
                entry.update(_log_entry(result, sha, stored, door, user))  # written as the version is published
            return result
        except Rejected:
            rejected = ImportResult(name, "rejected", {}, log.frame(), candidates=log.school_candidates)
            return _logged(store, rejected, sha, stored, door, user)
        except (StoreProblem, StoreWriteError) as problem:
            return _failed(store, log, str(problem), sha, stored, door, user)
        except Exception as exc:  # a bug or a file no check foresaw: this file fails, the next ones go on
            logging.getLogger(__name__).exception("importing %s failed", path)
            return _failed(store, log, f"lỗi không lường trước khi nhập ({type(exc).__name__}: {str(exc)[:200]}); "
                           "dữ liệu không thay đổi. Hãy gửi tệp này cho người quản trị hệ thống", sha, stored, door,
                           user)


def preview_file(store: Store, path: Path, display_name: str | None = None,
                 school_choice: str | None = None, allows: Allows | None = None,
                 user: str | None = None) -> ImportResult:
    """Validate without importing: the report the upload page shows before confirming (the scope
    check included, so a file about another school is refused before anyone confirms it)."""
    path = Path(path)
    log = IssueLog(display_name or path.name)
    try:
        with read_only(store.current_path()) as con:
            if _already_imported_con(con, file_sha256(path)):
                return ImportResult(log.file, "unchanged")
            batch = _scoped_batch(path, con, log, school_choice, allows, user)
    except StoreProblem as problem:
        log.error(str(problem))
        return ImportResult(log.file, "failed", {}, log.frame())
    return ImportResult(log.file, "rejected" if log.has_errors else "valid", batch.counts(), log.frame(),
                        candidates=log.school_candidates)


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
            return _with_error(result, str(problem))
        return _logged(store, result, sha, stored, door, user)


def _scoped_batch(path: Path, con, log: IssueLog, school_choice: str | None, allows: Allows | None,
                  user: str | None) -> Batch:
    batch = read_batch(path, con, log, school_choice)
    if allows is not None and not log.has_errors:
        check_scope(con, batch, log, allows, user or "không rõ")
    return batch


def read_batch(path: Path, con: duckdb.DuckDBPyConnection, log: IssueLog,
               school_choice: str | None = None) -> Batch:
    """Any supported file -> validated Batch (issues go to `log`). The file is read in a child
    process within the limits in force (loaders.limits); only its cells come back."""
    suffix = path.suffix.lower()
    if suffix not in TEMPLATE_SUFFIXES | DOCUMENT_SUFFIXES:
        log.error(_UNSUPPORTED.get(suffix, f"định dạng '{suffix}' không được hỗ trợ; hãy dùng .xlsx, .csv hoặc .docx"))
        return Batch()
    settings = limits.current()
    try:
        check_upload(path, settings)
        content = run_bounded(read_content, (path, log.file, settings), settings)
    except OverLimit as over:
        log.error(over.message, **over.where())
        return Batch()
    except ReadFailed as failed:
        log.error(_unreadable(failed.kind, suffix))
        return Batch()
    log.extend(content.issues)
    if log.has_errors:
        return Batch()
    try:
        return _validated(content, path, con, log, school_choice)
    except Rejected:
        raise
    except Exception as exc:  # a corrupt or disguised file must give a message, not a traceback
        logging.getLogger(__name__).debug("reading %s failed", path, exc_info=True)
        log.error(_unreadable(type(exc).__name__, suffix))
        return Batch()


def _validated(content: FileContent, path: Path, con, log: IssueLog, school_choice: str | None) -> Batch:
    if content.kind == "document":
        return read_document(content.text, content.tables, con, log, school_choice)
    if content.kind == "workbook" and not content.template:  # an .xlsx in free layout: a plan pasted into Excel
        text, tables = workbook_content({name: grid.all_rows() for name, grid in content.grids.items()})
        return read_document(text, tables, con, log, school_choice)
    tables = (csv_tables(path, content.header, content.table, log) if content.kind == "csv"
              else read_tables(path, log, content.grids))
    return validate(con, log, tables) if not log.has_errors else Batch()


_UNSUPPORTED = {".doc": "tệp .doc (Word cũ) không đọc được; hãy mở bằng Word và lưu lại dạng .docx",
                ".pdf": "tệp PDF (thường là bản scan) không đọc được; hãy gửi bản Word (.docx) hoặc Excel (.xlsx)"}


def _unreadable(kind: str, suffix: str) -> str:
    return (f"không mở được tệp ({kind}). Tệp có thể bị hỏng hoặc không đúng định dạng {suffix}; "
            "hãy mở bằng Excel/Word và lưu lại")


def _already_imported(store: Store, sha: str) -> bool:
    with read_only(store.current_path()) as con:
        return _already_imported_con(con, sha)


def _already_imported_con(con, sha: str) -> bool:
    return con.execute("SELECT count(*) FROM imports WHERE sha256 = ?", [sha]).fetchall()[0][0] > 0


def _next_import_id(con) -> int:
    return con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchall()[0][0]


def _record_import(con, import_id, name, sha, stored, batch: Batch, log: IssueLog, user: str | None) -> None:
    counts = batch.counts()
    # the document reader (Word or free-layout Excel) always leaves the letterhead it read in log.identity
    reader = "tài liệu (đọc theo bố cục)" if log.identity else "mẫu nhập liệu"
    identity = log.identity
    con.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        import_id, name, sha, now(), str(stored), reader, counts["schools"], counts["ratings"],
        counts["level4"], counts["plan_items"], log.count(WARNING), identity.get("number"),
        identity.get("place"), identity.get("date"), user])
    issues = log.frame()
    if len(issues):
        with registered(con, "_issues", issues.assign(import_id=import_id)):
            con.execute('INSERT INTO import_issues SELECT import_id, sheet, "row", "column", severity, message FROM _issues')


def _logged(store: Store, result: ImportResult, sha: str, stored: Path | None, door: str,
            user: str | None) -> ImportResult:
    """`result`, logged; if the log cannot be written (disk full) the result says so instead."""
    try:
        store.append_log(_log_entry(result, sha, stored, door, user))
    except StoreWriteError as problem:
        return _with_error(result, str(problem))
    return result


def _with_error(result: ImportResult, message: str) -> ImportResult:
    log = IssueLog(result.file)
    log.error(message)
    issues = pd.concat([f for f in (result.issues, log.frame()) if len(f)], ignore_index=True)
    return ImportResult(result.file, "failed", result.counts, issues)


def _failed(store: Store, log: IssueLog, message: str, sha: str, stored: Path | None, door: str,
            user: str | None) -> ImportResult:
    log.error(message)
    result = ImportResult(log.file, "failed", {}, log.frame())
    try:  # the failure too goes to the log when the disk allows
        store.append_log(_log_entry(result, sha, stored, door, user))
    except StoreWriteError:
        pass
    return result


def _log_entry(result: ImportResult, sha: str, stored: Path | None, door: str, user: str | None) -> dict:
    """One line of import_log.jsonl: the name as sent ('file'), who sent it ('user'), where its copy is
    kept ('original')."""
    reasons = result.errors["message"].head(3).tolist() if len(result.errors) else []
    return {"time": now().isoformat(), "file": result.file, "door": door, "user": user, "sha256": sha,
            "status": result.status,
            "original": str(stored) if stored else None,
            **result.counts, "errors": len(result.errors), "warnings": len(result.warnings),
            **({"message": "; ".join(map(str, reasons))[:500]} if reasons else {})}
