"""Saved planner scenarios as files beside the versioned store: `<store>/scenarios/<name>.json`.

An import makes a new version file of the database and prunes old ones, so a scenario kept inside a
version would vanish; the folder beside the versions survives every import. One JSON file per
scenario, written as every store file is (loaders.durable: a temporary file, fsync, rename, fsync the
folder), so a reader sees the old file or the new one, never half of one; a full disk is a
StoreWriteError with its Vietnamese message. Saves and deletes hold the store's scenario lock, so "is
that name taken?" and the write are one step for every process (the page and the CLI), and what a
killed save left (`*.partial`) is removed by the next save.

A name is what the user typed; the file name is made from it: ASCII letters and digits of the
name for a person looking in the folder, and a hash of the name (spacing collapsed, case ignored)
so two names that fold to the same letters ("Phương án A", "Phuong an A") are two files, while
"phương án a" again is the same scenario.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

from loaders.durable import TEMPORARY, fsync_path, write_atomic, write_problem
from loaders.store import Store

FOLDER = "scenarios"
MAX_NAME_LENGTH = 120
_LOCK = ".scenarios.lock"
_SLUG_LENGTH = 48
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class ScenarioExists(Exception):
    """A scenario of that name is saved already and the caller did not ask to overwrite it."""


def clean_name(name: str) -> str:
    """The name as it is kept: one space between words, no spaces around; ValueError when unusable."""
    text = " ".join(unicodedata.normalize("NFC", str(name)).split())
    if not text:
        raise ValueError("Tên phương án không được để trống.")
    if len(text) > MAX_NAME_LENGTH:
        raise ValueError(f"Tên phương án dài quá {MAX_NAME_LENGTH} ký tự.")
    return text


def file_name(name: str) -> str:
    """'Phương án 50 tỷ' -> 'phuong-an-50-ty-<hash>.json': only [a-z0-9-], whatever the name holds."""
    text = clean_name(name)
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    slug = _NOT_SLUG.sub("-", ascii_text.encode("ascii", "ignore").decode().lower()).strip("-")[:_SLUG_LENGTH]
    digest = hashlib.sha256(text.casefold().encode("utf-8")).hexdigest()[:12]
    return f"{slug.strip('-') or 'phuong-an'}-{digest}.json"


class ScenarioFiles:
    """The scenario files of one store; each record is a JSON object with at least a "name"."""

    def __init__(self, store: Store):
        self.store = store
        self.folder = store.root / FOLDER

    def path(self, name: str) -> Path:
        return self.folder / file_name(name)

    def exists(self, name: str) -> bool:
        return self.path(name).exists()

    def save(self, record: dict, overwrite: bool = False) -> bool:
        """Write the record under its name; True when it replaced a saved one. ScenarioExists when
        the name is taken and `overwrite` is not set, StoreWriteError when the disk refuses (nothing
        is written then, the saved file stays as it was)."""
        target = self.path(record["name"])
        data = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        with self.store.lock(_LOCK):
            replaced = target.exists()
            if replaced and not overwrite:
                raise ScenarioExists(record["name"])
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                for leftover in self.folder.glob("*" + TEMPORARY):  # a save killed half-way; we hold the lock
                    leftover.unlink(missing_ok=True)
                write_atomic(target, data)
            except OSError as exc:
                raise write_problem(exc, f"phương án '{record['name']}'", self.folder, "lưu lại phương án") from exc
        return replaced

    def load(self, name: str) -> dict:
        """The record saved under `name`; KeyError when there is none."""
        try:
            return json.loads(self.path(name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise KeyError(name) from None

    def delete(self, name: str) -> bool:
        with self.store.lock(_LOCK):
            try:
                self.path(name).unlink()
            except FileNotFoundError:
                return False
        fsync_path(self.folder)  # the unlink reaches the disk only when the folder is synced
        return True

    def signature(self) -> tuple:
        """(file, inode, modified, size) of every file: what a cache of the records is keyed on (a page reads
        them on every rerun, and 20 national scenarios take ~0.4 s to read)."""
        found = []
        for path in sorted(self.folder.glob("*.json")) if self.folder.exists() else []:
            try:
                stat = path.stat()
            except FileNotFoundError:  # deleted by another session meanwhile
                continue
            # every save is a new file (written, then renamed over the old): its inode tells even two
            # saves within one tick of the file clock apart
            found.append((path.name, stat.st_ino, stat.st_mtime_ns, stat.st_size))
        return tuple(found)

    def all(self) -> tuple[list[dict], list[str]]:
        """Every record that reads as a JSON object, and the names of the files that do not (shown
        as such, never silently left out)."""
        records, unreadable = [], []
        for path in sorted(self.folder.glob("*.json")) if self.folder.exists() else []:
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                record = None
            if isinstance(record, dict) and isinstance(record.get("name"), str):
                records.append(record)
            else:
                unreadable.append(path.name)
        return records, unreadable

