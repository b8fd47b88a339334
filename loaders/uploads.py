"""Files received by the upload page, between the browser and the store.

Each upload is written once to its own folder (named by Streamlit's file_id, unique per upload)
under a safe form of its name, so a 300-byte name, a name with '/' or '..' can be written and
read; the name as sent travels beside it for reports and the log. The folder goes once the file
has been kept in the store (imported or rejected), and any left by a closed browser go after a
day: the temporary folder never fills with what officials sent.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from loaders.durable import safe_name, write_problem

MAX_AGE_SECONDS = 24 * 3600
_cleaned_at = [float("-inf")]  # this process's last cleaning (time.monotonic)
_cleaning = threading.Lock()


def uploads_folder() -> Path:
    """$KDCL_UPLOADS, or kdcl_uploads in the system's temporary folder."""
    return Path(os.environ.get("KDCL_UPLOADS") or Path(tempfile.gettempdir()) / "kdcl_uploads")


def upload_path(file_id: str, name: str) -> Path:
    return uploads_folder() / safe_name(file_id, 64) / safe_name(name)


def saved_upload(file_id: str, name: str, data) -> Path:
    """The upload's path on disk, written from `data()` (its bytes) if it is not there yet."""
    path = upload_path(file_id, name)
    if not path.exists():
        temporary = path.with_name(path.name + ".partial")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data())
            temporary.replace(path)  # a page rerun never previews half a file
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise write_problem(exc, f"tệp tải lên '{name}'", uploads_folder()) from exc
    return path


def discard_upload(file_id: str, name: str) -> None:
    """Remove an upload's folder once the store has its copy."""
    shutil.rmtree(upload_path(file_id, name).parent, ignore_errors=True)


def clean_old_uploads(max_age: float = MAX_AGE_SECONDS) -> list[Path]:
    """Remove upload folders older than `max_age` seconds; returns what was removed."""
    folder = uploads_folder()
    if not folder.is_dir():
        return []
    cutoff = time.time() - max_age
    removed = []
    for entry in folder.iterdir():
        try:
            if entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
                removed.append(entry)
        except OSError:  # another session removed it first, or it is still being written
            continue
    return removed


def clean_old_uploads_now_and_then(every: float = 600) -> list[Path]:
    """clean_old_uploads at most once per `every` seconds in this process: the upload page asks on each
    of its reruns, and walking a folder of a busy day's uploads (1,200 of them) cost each rerun ~8 ms here."""
    with _cleaning:
        if time.monotonic() - _cleaned_at[0] < every:
            return []
        _cleaned_at[0] = time.monotonic()
    return clean_old_uploads()
