"""The results of files that were not simply imported, and the import log's line for each file
(loaders.import_write writes a batch, loaders.importer a preview's record).

A file that fails gets a result with its reason in Vietnamese, never an exception that would stop the
files after it; a full disk while logging turns the result into 'failed' with what could not be written.
"""
from __future__ import annotations

import logging

import pandas as pd

from loaders.import_read import ImportResult
from loaders.issues import IssueLog
from loaders.store import Store, StoreWriteError, now

_LOG = logging.getLogger(__name__)


def failed(name: str, message: str) -> ImportResult:
    log = IssueLog(name)
    log.error(message)
    return ImportResult(name, "failed", {}, log.frame())


def unexpected(name: str, exc: BaseException) -> ImportResult:
    """A bug or a file no check foresaw: this file fails, the next ones go on."""
    _LOG.error("importing %s failed", name, exc_info=exc)
    return failed(name, f"lỗi không lường trước khi nhập ({type(exc).__name__}: {str(exc)[:200]}); dữ liệu không "
                        "thay đổi. Hãy gửi tệp này cho người quản trị hệ thống")


def logged(store: Store, result: ImportResult, sha: str, stored, door: str, user: str | None) -> ImportResult:
    """`result`, logged; if the log cannot be written (disk full) the result says so instead."""
    try:
        store.append_log(log_entry(result, sha, stored, door, user))
    except StoreWriteError as problem:
        return with_error(result, str(problem))
    return result


def with_error(result: ImportResult, message: str) -> ImportResult:
    log = IssueLog(result.file)
    log.error(message)
    issues = pd.concat([f for f in (result.issues, log.frame()) if len(f)], ignore_index=True)
    return ImportResult(result.file, "failed", result.counts, issues)


def log_entry(result: ImportResult, sha: str, stored, door: str, user: str | None) -> dict:
    """One line of import_log.jsonl: the name as sent ('file'), who sent it ('user'), where its copy is
    kept ('original')."""
    reasons = result.errors["message"].head(3).tolist() if len(result.errors) else []
    return {"time": now().isoformat(), "file": result.file, "door": door, "user": user, "sha256": sha,
            "status": result.status,
            "original": str(stored) if stored else None,
            **result.counts, "errors": len(result.errors), "warnings": len(result.warnings),
            **({"message": "; ".join(map(str, reasons))[:500]} if reasons else {})}
