"""The store's version files: their names, their seals, and whether one can be trusted.

Each published version gets a seal beside it (`v000007.duckdb.seal`: its size and BLAKE3 hash),
written before CURRENT may point to it. A version is intact when it matches its seal; one from
before seals existed is intact when DuckDB opens it and finds its meta table. The verdict is
kept per file (inode, size, modification time) for the process, so the hash is read once per
version, not once per query. BLAKE3 because the seal is on every import's path: an 86 MB national
version took 0.05 s with SHA-256 and takes 0.01 s; seals written before (`.sha256`) still hold.
"""
from __future__ import annotations

import json
import threading
from datetime import datetime
from pathlib import Path

import duckdb

from loaders.durable import TEMPORARY, file_blake3, file_sha256, write_atomic
from loaders.store_dir import number, version_files

_SEAL = ".seal"
_OLD_SEAL = ".sha256"  # before 5/12/2026: {"size", "sha256"}
_DIGESTS = {"blake3": file_blake3, "sha256": file_sha256}
DRAFT = ".draft"


def next_version(folder: Path) -> Path:
    """After the highest number on disk, so a broken newest version is never written over."""
    files = version_files(folder)
    return folder / f"v{(number(files[-1]) if files else 0) + 1:06d}.duckdb"


def seal_path(version: Path) -> Path:
    return version.with_name(version.name + _SEAL)


def seal_paths(version: Path) -> tuple[Path, Path]:
    """Its seal and the older kind: what goes when the version goes."""
    return seal_path(version), version.with_name(version.name + _OLD_SEAL)


def seal(draft: Path, version: Path) -> None:
    """Record the draft's size and hash under the name it is about to take."""
    record = {"size": draft.stat().st_size, "blake3": file_blake3(draft)}
    write_atomic(seal_path(version), json.dumps(record).encode())


def leftovers(root: Path, versions: Path, originals: Path) -> list[Path]:
    """What an interrupted write leaves: drafts (and their DuckDB WAL), half-written files, seals
    whose version never got its name. Only safe to remove while holding the store's lock."""
    found = [p for folder in (root, versions, originals) if folder.is_dir() for p in folder.iterdir()
             if p.name.endswith(TEMPORARY) or p.name.endswith(DRAFT) or p.name.endswith(DRAFT + ".wal")]
    found += [p for suffix in (_SEAL, _OLD_SEAL) for p in versions.glob("*" + suffix)
              if not p.with_name(p.name[:-len(suffix)]).exists()] if versions.is_dir() else []
    return found


class IntactCheck:
    """Why a version cannot be trusted (None when it can), remembered per file state."""

    def __init__(self):
        self._verdicts: dict[tuple, str | None] = {}
        self._lock = threading.Lock()

    def problem(self, path: Path) -> str | None:
        try:
            key = _state(path)
        except FileNotFoundError:
            return "không còn trong thư mục versions/"
        with self._lock:
            if key not in self._verdicts:
                self._verdicts[key] = _problem(path, key[2])
            return self._verdicts[key]

    def trust(self, path: Path) -> None:
        """A version this process has just sealed."""
        with self._lock:
            self._verdicts[_state(path)] = None


def _state(path: Path) -> tuple:
    info = path.stat()
    return str(path), info.st_ino, info.st_size, info.st_mtime_ns


def _problem(path: Path, size: int) -> str | None:
    record = _read_seal(path)
    if record is None:
        return _opens(path)
    if size != record["size"]:
        how = "bị cắt ngắn" if size < record["size"] else "đã bị ghi thêm sau khi đóng"
        return f"{how} ({_bytes(size)}, lúc ghi xong là {_bytes(record['size'])})"
    kind = next(k for k in _DIGESTS if k in record)
    if _DIGESTS[kind](path) != record[kind]:
        return "nội dung đã bị hỏng (mã băm không khớp với lúc ghi)"
    return None


def _bytes(size: int) -> str:
    return f"{size:,} byte".replace(",", ".")


def _read_seal(path: Path) -> dict | None:
    """The version's seal, or the older kind when it has none; None when neither is readable."""
    for where in seal_paths(path):
        try:
            record = json.loads(where.read_text())
        except (OSError, ValueError):
            continue
        return record if isinstance(record, dict) and "size" in record and set(_DIGESTS) & set(record) else None
    return None


def _opens(path: Path) -> str | None:
    """A version written before seals: DuckDB checks its header and the blocks it reads."""
    try:
        con = duckdb.connect(str(path), read_only=True)
        try:
            con.execute("SELECT count(*) FROM meta").fetchall()
        finally:
            con.close()
    except duckdb.Error as exc:
        return f"không mở được ({type(exc).__name__})"
    return None


def fallback_problem(store, written: str | None, named: Path | None, why: str | None,
                     intact: Path | None) -> str:
    """What the dashboard says when CURRENT cannot be followed (`store` gives the folders and the log)."""
    if written is None:
        what = f"Tệp CURRENT của kho {store.root} bị mất"
    elif named is None:
        what = f"Tệp CURRENT của kho {store.root} không ghi tên một phiên bản (nội dung: '{written[:40]}')"
    else:
        what = f"Tệp CURRENT của kho {store.root} chỉ tới {written}, nhưng phiên bản này {why}"
    if intact is None:
        return (f"{what}, và không còn phiên bản nào nguyên vẹn trong {store.versions}. Các tệp gốc vẫn còn "
                f"trong {store.originals}: hãy nhập lại chúng vào một kho mới.")
    stamp = datetime.fromtimestamp(intact.stat().st_mtime).strftime("%H:%M %d/%m/%Y")
    text = (f"{what}. Đang dùng phiên bản nguyên vẹn mới nhất {intact.name} (ghi lúc {stamp}); lần nhập tới "
            f"bắt đầu từ phiên bản này và sửa lại CURRENT.")
    later = imported_after(intact, store.read_log())
    if later:
        shown = ", ".join(later[:5]) + (f" và {len(later) - 5} tệp khác" if len(later) > 5 else "")
        text += (f" Phiên bản này chưa có {len(later)} tệp đã nhập sau nó ({shown}): bản gốc của chúng còn trong "
                 f"{store.originals}, hãy nhập lại.")
    return text


def imported_after(version: Path, log: list[dict]) -> list[str]:
    """Names of the files the log says were imported whose rows `version` does not hold."""
    imported = {e.get("sha256"): str(e.get("file")) for e in log if e.get("status") == "imported"}
    if not imported:
        return []
    con = duckdb.connect(str(version), read_only=True)
    try:
        held = {row[0] for row in con.execute("SELECT sha256 FROM imports").fetchall()}
    finally:
        con.close()
    return [name for sha, name in imported.items() if sha not in held]
