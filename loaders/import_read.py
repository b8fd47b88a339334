"""One file's way from the disk to a validated Batch, in two halves.

`arrive` hashes the file and `read_into` reads it (its limits checked, the readers in a bounded
child); neither needs the store, so a batch reads ahead of its checks in a pool (loaders.importer
says when it takes the lock). `validated` waits for the read, then turns what was read into rows
checked against a connection: the draft of the batch's version, so a plan can name a school an
earlier file of the same batch brought.
"""
from __future__ import annotations

import logging
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Mapping

import duckdb
import pandas as pd

from loaders import limits
from loaders.bounded import ReadFailed, run_bounded
from loaders.doc_tables import workbook_content
from loaders.documents import read_document
from loaders.file_checks import check_upload
from loaders.file_kinds import READ_SUFFIXES, UNREAD_REASONS
from loaders.import_scope import check_scope
from loaders.issues import ERROR, WARNING, IssueLog
from loaders.limits import OverLimit
from loaders.reading import FileContent, read_content
from loaders.registry import SchoolNames
from loaders.store import file_sha256
from loaders.tabular import csv_tables, read_tables
from loaders.validate import Batch, validate
from loaders.validate_context import Reference


# who may import a school: a Viewer's allows_school (metrics.access), given a school's row as a mapping
Allows = Callable[[Mapping], bool]


@dataclass
class ImportResult:
    file: str
    status: str                     # 'imported' | 'rejected' | 'unchanged' | 'valid' (preview) | 'failed'
    counts: dict = field(default_factory=dict)
    issues: pd.DataFrame = field(default_factory=pd.DataFrame)
    import_id: int | None = None
    candidates: list = field(default_factory=list)  # close schools when the document's school is uncertain
    unmatched_school: str | None = None  # the school a document names when no stored school is it for sure

    # Worked out once: a page of 1,000 previews asks each result several times on every rerun, and a
    # result is never changed once made (a later outcome is a new ImportResult).
    @cached_property
    def errors(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == ERROR] if len(self.issues) else self.issues

    @cached_property
    def warnings(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == WARNING] if len(self.issues) else self.issues


@dataclass
class ImportItem:
    """A file to import and how: the name as sent, the school chosen for an uncertain document."""
    path: Path
    display_name: str | None = None
    school_choice: str | None = None
    is_demo: bool = False

    @property
    def name(self) -> str:
        return self.display_name or Path(self.path).name


@dataclass
class Received:
    """A file read, before any store is asked: its hash, its cells (None when it could not be read)
    and the issues found so far. `reading`: the read still under way in a batch's pool (`wait`);
    `failure`: why the server could not read it (the file is 'failed', not the school's fault)."""
    item: ImportItem
    sha: str
    log: IssueLog
    content: FileContent | None = None
    reading: Future | None = None
    failure: str | None = None

    def wait(self) -> None:
        if self.reading is not None:
            self.reading.result()


def arrive(item: ImportItem) -> Received:
    """The file's hash, nothing read yet. Raises OSError when it cannot be opened."""
    return Received(item, file_sha256(Path(item.path)), IssueLog(item.name))


def read_into(received: Received) -> Received:
    """Its cells read within the limits in force (loaders.limits), in a bounded child; every problem
    is an error in its log or its `failure`, never an exception (this runs in a batch's pool, where
    one would surface in the check of the batch and fail every file)."""
    path, log = Path(received.item.path), received.log
    suffix = path.suffix.lower()
    if suffix not in READ_SUFFIXES:
        log.error(UNREAD_REASONS.get(suffix, f"định dạng '{suffix}' không được hỗ trợ; hãy dùng .xlsx, .csv hoặc .docx"))
        return received
    settings = limits.current()
    try:
        check_upload(path, settings)
        if path.stat().st_size == 0:
            log.error(_EMPTY)
            return received
        received.content = run_bounded(read_content, (path, received.item.name, settings), settings)
    except OverLimit as over:
        log.error(over.message, **over.where())
    except ReadFailed as failed:  # the reader's own words (an exception's name) go to the server's log only
        logging.getLogger(__name__).warning("reading %s failed: %s", path, failed.kind)
        log.error(_unreadable(failed.kind, suffix))
    except OSError as exc:  # gone or unreadable since it was hashed, or the server out of file handles
        received.failure = unopenable(path, exc)
    except Exception as exc:  # noqa: BLE001 - a bug, or the reader's answer not read back
        logging.getLogger(__name__).error("reading %s failed", path, exc_info=exc)
        received.failure = (f"lỗi không lường trước khi đọc tệp ({type(exc).__name__}); các tệp khác vẫn được "
                            "nhập. Hãy gửi tệp này cho người quản trị hệ thống")
    if received.content is not None:
        log.extend(received.content.issues)
    return received


def unopenable(path: Path, exc: OSError) -> str:
    return (f"không đọc được tệp {path} ({type(exc).__name__}: {str(exc)[:200]}); các tệp khác vẫn được nhập. "
            "Hãy kiểm tra đường dẫn và quyền đọc tệp")


def validated(received: Received, con: duckdb.DuckDBPyConnection, names: SchoolNames | None = None,
              allows: Allows | None = None, user: str | None = None,
              reference: Reference | None = None) -> tuple[Batch, IssueLog]:
    """What was read, as validated rows, and every issue of the file in a log of its own (a batch
    whose version must be written again validates the same file twice). `allows` rejects a file
    that names a school outside the user's scope; `names` matches a document's school; `reference` is
    the store's reference data (loaders.validate_context), read once for a batch."""
    received.wait()
    log, content = IssueLog(received.log.file), received.content
    log.extend(received.log)
    if content is None or log.has_errors:
        return Batch(), log
    try:
        batch = _validated(content, Path(received.item.path), con, log, received.item.school_choice, names,
                           reference)
    except Exception as exc:  # a corrupt or disguised file must give a message, not a traceback
        logging.getLogger(__name__).debug("reading %s failed", received.item.path, exc_info=True)
        log.error(_unreadable(type(exc).__name__, Path(received.item.path).suffix.lower()))
        return Batch(), log
    if allows is not None and not log.has_errors:
        check_scope(con, batch, log, allows, user or "không rõ")
    return batch, log


def _validated(content: FileContent, path: Path, con, log: IssueLog, school_choice: str | None,
               names: SchoolNames | None, reference: Reference | None) -> Batch:
    if content.kind == "document":
        return read_document(content.text, content.tables, con, log, school_choice, names, reference)
    if content.kind == "workbook" and not content.template:  # an .xlsx in free layout: a plan pasted into Excel
        text, tables = workbook_content({name: grid.all_rows() for name, grid in content.grids.items()})
        return read_document(text, tables, con, log, school_choice, names, reference)
    tables = (csv_tables(path, content.header, content.table, log) if content.kind == "csv"
              else read_tables(path, log, content.grids))
    return validate(con, log, tables, reference) if not log.has_errors else Batch()


_EMPTY = ("tệp rỗng (0 byte), không có dữ liệu nào: có thể tệp chưa được lưu xong hoặc bị cắt khi gửi. "
          "Hãy mở tệp gốc, kiểm tra nội dung, lưu lại rồi gửi lại")
_KINDS = {".xlsx": "Excel (.xlsx)", ".docx": "Word (.docx)", ".csv": "CSV"}
_SAVE_AGAIN = {".xlsx": "mở tệp bằng Excel rồi lưu lại dạng Excel Workbook (.xlsx)",
               ".docx": "mở tệp bằng Word rồi lưu lại dạng Word Document (.docx)",
               ".csv": "mở tệp bằng Excel rồi lưu lại dạng CSV UTF-8"}
_NOT_AN_ARCHIVE = frozenset({"BadZipFile", "BadZipfile", "LargeZipFile"})


def _unreadable(kind: str, suffix: str) -> str:
    """`kind`: the reader's exception's name, or a Vietnamese reason (loaders.bounded.ReadFailed)."""
    what = _KINDS.get(suffix, suffix)
    if kind in _NOT_AN_ARCHIVE:  # .xlsx and .docx are zip archives: a renamed file or a cut upload is not
        why = (f"đây không phải tệp {what} thật (có thể là tệp loại khác được đổi đuôi thành {suffix}, "
               "hoặc tệp bị hỏng khi gửi)")
    elif kind.isascii():
        why = f"tệp bị hỏng hoặc không đúng định dạng {what}"
    else:
        why = kind
    return f"không mở được tệp: {why}. Hãy {_SAVE_AGAIN.get(suffix, 'lưu lại tệp')}, sau đó gửi lại"
