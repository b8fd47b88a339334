"""The import log (`import_log.jsonl`): one JSON line per file received, appended whole or not at all.

A line is written by one `write` and synced; if the disk fills half-way the file is cut back to
where it was, so a failed append leaves no torn line. A torn line already there (a crash, a
hand edit) is skipped when reading and reported, never fatal: the upload page must still open.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

_LOG = logging.getLogger(__name__)


@dataclass
class LogRead:
    entries: list[dict] = field(default_factory=list)
    torn: list[int] = field(default_factory=list)  # line numbers (1-based) that are not a JSON object


def append(path: Path, *entries: dict) -> int:
    """Append `entries` in one write (a batch's files: one sync, not one per file); returns the log's
    size before them, to `undo` the append with."""
    line = b"".join(json.dumps(entry, ensure_ascii=False, default=str).encode("utf-8") + b"\n" for entry in entries)
    handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        start = os.fstat(handle).st_size
        if start and os.pread(handle, 1, start - 1) != b"\n":
            line = b"\n" + line  # a torn last line stays alone on its line instead of swallowing this one
        try:
            _write_all(handle, line)
            os.fsync(handle)
        except OSError:
            os.ftruncate(handle, start)
            raise
    finally:
        os.close(handle)
    return start


def undo(path: Path, size: int) -> None:
    """Cut the log back to `size` (what `append` returned): truncating needs no free space."""
    os.truncate(path, size)


def read(path: Path) -> LogRead:
    if not path.exists():
        return LogRead()
    result = LogRead()
    for number, line in enumerate(path.read_bytes().split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line.decode("utf-8"))
        except ValueError:  # UnicodeDecodeError is a ValueError
            entry = None
        if isinstance(entry, dict):
            result.entries.append(entry)
        else:
            result.torn.append(number)
    if result.torn:
        _LOG.warning("%s: skipped unreadable lines %s", path, result.torn)
    return result


def torn_note(path: Path, torn: list[int]) -> str:
    lines = ", ".join(str(n) for n in torn[:10]) + (" …" if len(torn) > 10 else "")
    return (f"Nhật ký nhập {path} có {len(torn)} dòng không đọc được (dòng {lines}), đã bỏ qua; các lần nhập "
            "khác hiển thị đầy đủ. Dữ liệu trong kho không bị ảnh hưởng; có thể xóa các dòng đó khỏi tệp nhật ký.")


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


# What the history shows, in order: when, which file, what came of it and why first (at 1400 px the
# message was the 13th column, off-screen); a hand-edited line's other keys are left out (each shown
# column needs a label) and its values are coerced, so no line can break the table.
HISTORY_COLUMNS = ["time", "file", "status", "message", "errors", "warnings", "schools", "ratings", "level4",
                   "plan_items", "recognitions", "door", "user", "original"]
_COUNTS = ["schools", "ratings", "level4", "plan_items", "recognitions", "errors", "warnings"]


def history_frame(entries: list[dict]) -> pd.DataFrame:
    """The log newest first, one row per file received, with typed columns."""
    frame = pd.DataFrame(entries[::-1], columns=HISTORY_COLUMNS)
    frame["time"] = pd.to_datetime(frame["time"], format="ISO8601", errors="coerce")
    for name in _COUNTS:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("Int64")
    for name in ("file", "door", "user", "status", "message", "original"):
        frame[name] = frame[name].map(lambda v: None if v is None or v != v else str(v)).astype(object)
    return frame.dropna(axis=1, how="all")
