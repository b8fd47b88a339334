"""Writing the store's files so that a crash or a full disk leaves the old file or the new one,
never half of one: write under a temporary name, fsync, compare, rename, fsync the folder.

Also the one place that turns a failed write into the message an official reads, and that
makes a name anyone sent safe to write on disk.
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import unicodedata
from pathlib import Path

import blake3

TEMPORARY = ".partial"  # every half-written file ends so; the store removes them on its next start
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
# '/' and '\' would make folders, NUL and control characters break shells, the rest break Windows
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")


class StoreWriteError(RuntimeError):
    """A store file could not be written (disk full, no permission); the store is as it was."""


def write_problem(exc: OSError, what: str, where: Path, retry: str = "nhập lại tệp") -> StoreWriteError:
    """The message for a failed write; `retry` is what to do again once there is room (an import by default)."""
    if exc.errno in _DISK_FULL:
        return StoreWriteError(f"ổ đĩa đầy: không ghi được {what} vào {where} (còn trống {_free(where)}). "
                               f"Hãy giải phóng dung lượng ổ đĩa rồi {retry}; dữ liệu đã có không thay đổi")
    return StoreWriteError(f"không ghi được {what} vào {where} ({exc.strerror or type(exc).__name__}). "
                           f"Hãy kiểm tra quyền ghi và ổ đĩa rồi {retry}; dữ liệu đã có không thay đổi")


def _free(where: Path) -> str:
    folder = next((p for p in (where, *where.parents) if p.exists()), Path("/"))
    free = shutil.disk_usage(folder).free
    return f"{free / 2**20:.1f} MB".replace(".", ",")


def fsync_path(path: Path) -> None:
    """Sync a file, or a folder: a rename is durable only once its folder is synced."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_atomic(target: Path, data: bytes) -> None:
    """`target` holds `data` whole, or stays as it was (OSError raised, nothing left behind)."""
    temporary = target.with_name(target.name + TEMPORARY)
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_path(target.parent)


def copy_verified(source: Path, target: Path, sha256: str) -> None:
    """Copy `source` to `target` only if the copy has the hash `sha256`: a full disk or a file
    changed while it was read leaves no `target`, never a short or empty one."""
    temporary = target.with_name(target.name + TEMPORARY)
    try:
        with open(source, "rb") as src, open(temporary, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 23)
            dst.flush()
            os.fsync(dst.fileno())
        if file_sha256(temporary) != sha256:
            raise StoreWriteError(f"bản sao tệp gốc {target.name} không khớp mã băm (tệp bị thay đổi trong lúc "
                                  "chép?); hãy nhập lại tệp")
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_path(target.parent)


def file_blake3(path: Path) -> str:
    """BLAKE3 of a file, on every core (a version's seal: ~0.01 s for 86 MB)."""
    digest = blake3.blake3(max_threads=blake3.blake3.AUTO)
    digest.update_mmap(str(path))
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 23), b""):
            digest.update(chunk)
    return digest.hexdigest()


def safe_name(name: str, max_bytes: int = 120) -> str:
    """A file name that can be written anywhere, made from any name a user sent: one component
    (no '/', no '..'), no control characters, at most `max_bytes` in UTF-8 (a folder entry holds
    255), the extension kept (the readers go by it)."""
    text = _UNSAFE.sub("_", unicodedata.normalize("NFC", str(name)))
    head, dot, tail = text.rpartition(".")
    stem, suffix = (head, dot + tail) if dot and _SUFFIX.match(dot + tail) else (text, "")
    stem = re.sub(r"\.{2,}", "_", stem).strip(" .") or "tep"
    room = max_bytes - len(suffix)
    # cut on a character boundary: a Vietnamese letter is 2-3 bytes
    stem = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip(" .") or "tep"
    return stem + suffix


def disk_full(exc: BaseException) -> bool:
    """A full disk, as an OSError or as DuckDB's own IOException (which carries only the text)."""
    if isinstance(exc, OSError):
        return exc.errno in _DISK_FULL
    return "No space left on device" in str(exc) or "Disk quota exceeded" in str(exc)
