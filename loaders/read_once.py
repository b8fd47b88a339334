"""Word plans read for the upload page's previews, read ahead and kept for the confirm that follows.

The upload page checks every file before the official confirms them (loaders.importer.preview_file),
one after the other, then imports the confirmed ones as a batch: each of 1,000 plans was read twice,
each time in a child process (~50 ms a plan), and one at a time. `read_ahead` reads the page's plans
two at a time in the background while the previews check them in order (a preview waits for its own
file), and the confirm takes them from here. What is kept is what reading gave: a function of the
file's bytes, the name it is reported under and the limits it was read within, which are the key.
Only Word plans are kept (their text and cells are plain strings, which no check changes), at most
MAX_BYTES of them by their size on disk, the oldest going first; a read that failed on the server's
side is not kept.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from loaders import limits
from loaders.file_kinds import DOCUMENT_SUFFIXES
from loaders.import_read import ImportItem, Received, arrive, read_into
from loaders.issues import IssueLog

MAX_BYTES = 64 * 2**20  # of .docx as sent: 1,000 plans of ~40 KB take 40 MB; what was read of each is ~6 KB pickled
_MAX_FILE_BYTES = 4 * 2**20


class ReadOnce:
    def __init__(self, max_bytes: int = MAX_BYTES):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, tuple[Received, int]] = OrderedDict()
        self._bytes = 0
        self._reading: dict[tuple, Future] = {}
        self._lock = threading.Lock()  # previews of several sessions run in their own threads
        # two children at a time for every session's previews, as a batch reads (loaders.importer)
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="read-ahead")

    def read_ahead(self, items: list[ImportItem]) -> None:
        """Start reading the Word plans among `items` that are neither kept nor being read."""
        for item in items:
            if Path(item.path).suffix.lower() not in DOCUMENT_SUFFIXES:
                continue
            try:
                arrived = arrive(item)
            except OSError:
                continue  # its preview says why
            key = _key(item, arrived.sha)
            with self._lock:
                if key not in self._entries and key not in self._reading:
                    self._reading[key] = self._pool.submit(self._read, key, arrived)

    def _read(self, key: tuple, arrived: Received) -> None:
        try:
            self.keep(read_into(arrived), key)
        finally:
            with self._lock:
                self._reading.pop(key, None)

    def get(self, item: ImportItem, sha: str) -> Received | None:
        """A fresh Received for `item` (its own log) when a file of these bytes was read under this name
        (waiting for its read when it is under way)."""
        key = _key(item, sha)
        with self._lock:
            reading = self._reading.get(key)
        if reading is not None:
            reading.result()
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
        if hit is None:
            return None
        log = IssueLog(item.name)
        log.extend(hit[0].log)
        return Received(item, sha, log, hit[0].content)

    def keep(self, received: Received, key: tuple | None = None) -> Received:
        path = Path(received.item.path)
        if received.failure or path.suffix.lower() not in DOCUMENT_SUFFIXES:
            return received
        try:
            size = path.stat().st_size
        except OSError:
            return received
        if size > _MAX_FILE_BYTES:
            return received
        with self._lock:
            key = key or _key(received.item, received.sha)
            if key in self._entries:
                self._bytes -= self._entries.pop(key)[1]
            self._entries[key] = (received, size)
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                self._bytes -= self._entries.popitem(last=False)[1][1]
        return received

    def __len__(self) -> int:
        return len(self._entries)


def _key(item: ImportItem, sha: str) -> tuple:
    return sha, item.name, limits.current()


READ_ONCE = ReadOnce()
