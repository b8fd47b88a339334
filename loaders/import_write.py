"""A batch's files written into one new version, under the store's lock (loaders.importer reads them).

Each file is checked against the draft and written if it has no error, so one file's rows are in
or out whole; the derived tables are rebuilt once for every assessment the batch touched. When the
version cannot be written (a full disk) nothing changes and every file that would have been
imported is 'failed' with the reason. When one file's writing raises, the draft is thrown away and
the batch is written again without it; an error no file can be blamed for (the rebuild) makes each
file go on its own, so a bug that one file triggers never costs the others their import.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd

from loaders.durable import disk_full
from loaders.import_read import ImportResult, Received, validated
from loaders.import_results import failed, log_entry, unexpected, with_error
from loaders.issues import WARNING, IssueLog
from loaders.registry import SchoolNames
from loaders.store import Store, StoreProblem, StoreWriteError, now, read_only, registered
from loaders.validate import Batch
from loaders.validate_context import load_reference
from loaders.write import PendingRows, apply_batch, distinct_assessments, touched_assessments
from metrics.derive import refresh_derived

_LOG = logging.getLogger(__name__)
# The stored schools by name, per store: (version, index). A process that imports again (the dashboard,
# a bench) starts from the index the last batch left instead of normalising every name again; readers
# (previews) take it as it is, a batch takes a copy to add to, and it is replaced only when a version
# it describes is published.
NAMES: dict[str, tuple[tuple, SchoolNames]] = {}


def version_key(path) -> tuple:
    """A version as the cache knows it: its name and its file (a store rebuilt at the same path is new)."""
    stat = path.stat()
    return path.name, stat.st_ino, stat.st_mtime_ns
_NAME_COLUMNS = ["school_id", "name", "district", "province"]


class _NothingToWrite(Exception):
    """No file of the attempt is to be imported: the draft is thrown away, the store unchanged."""


class _FileBroke(Exception):
    """Writing one file raised: the draft is thrown away and the batch written again without it."""

    def __init__(self, index: int, result: ImportResult):
        super().__init__(index)
        self.index, self.result = index, result


def write_batch(store: Store, received: list, door: str, user: str | None, allows, progress) -> list[ImportResult]:
    """One result per entry of `received` (a Received, or the ImportResult of a file that could not
    be opened, passed through). Call within the store's lock."""
    results = {i: r for i, r in enumerate(received) if isinstance(r, ImportResult)}
    stored = {}
    for i, r in _pending(received, results):
        try:  # kept first, even when rejected or already imported: nothing a school sent is lost
            stored[i] = store.keep_original(r.item.path, r.sha, r.item.name)
        except StoreWriteError as problem:
            results[i] = failed(r.item.name, str(problem))
    try:
        seen = _imported_shas(store, [r.sha for _, r in _pending(received, results)])
    except StoreProblem as problem:  # no version to start from (none intact): every file says so
        seen = set()
        results.update({i: failed(r.item.name, str(problem)) for i, r in _pending(received, results)})
    first: dict[tuple, int] = {}
    twins = {}  # the same file again in this batch: it has the first copy's fate
    for i, r in _pending(received, results):
        if r.sha in seen:
            results[i] = ImportResult(r.item.name, "unchanged")
        elif (key := _twin_key(r)) in first:
            twins[i] = first[key]
        else:
            first[key] = i
    todo = [i for i, _ in _pending(received, results) if i not in twins]
    if todo:
        results.update(_one_version(store, received, todo, stored, (door, user, allows, progress)))
    for i, j in twins.items():
        twin = results[j]
        results[i] = (ImportResult(received[i].item.name, "unchanged") if twin.status == "imported" else
                      replace(twin, file=received[i].item.name, import_id=None))
    _log_the_rest(store, received, results, stored, door, user)
    return [results[i] for i in range(len(received))]


def _twin_key(received: Received) -> tuple:
    """What a file's fate depends on besides its bytes: the same bytes named .pdf and .doc are refused
    for different reasons, and a plan's school may be chosen for one copy only."""
    item = received.item
    return received.sha, Path(item.name).suffix.lower(), item.school_choice, item.is_demo


def _pending(received: list, results: dict):
    return [(i, r) for i, r in enumerate(received) if i not in results]


def _one_version(store: Store, received: list, todo: list[int], stored: dict, how: tuple) -> dict[int, ImportResult]:
    broken: dict[int, ImportResult] = {}
    while True:
        attempt, out, entries = [i for i in todo if i not in broken], {}, []
        try:
            with store.new_version(entries) as con:
                names = _names_for(store, con)
                _fill(con, received, attempt, stored, how, out, entries, names)
            if names.loaded:
                NAMES[str(store.root)] = (version_key(store.current_path()), names)
            return {**out, **broken}
        except _NothingToWrite:
            return {**out, **broken}
        except _FileBroke as broke:
            broken[broke.index] = broke.result
        except (StoreProblem, StoreWriteError) as problem:
            return {**{i: out[i] if i in out and out[i].status == "rejected" else
                       failed(received[i].item.name, str(problem)) for i in attempt}, **broken}
        except Exception as exc:  # noqa: BLE001 - the rebuild or the commit: no file to blame
            if len(attempt) == 1:
                return {attempt[0]: unexpected(received[attempt[0]].item.name, exc), **broken}
            _LOG.exception("writing a batch of %d files failed; each file goes on its own", len(attempt))
            for i in attempt:
                out.update(_one_version(store, received, [i], stored, how))
            return {**out, **broken}


def _names_for(store: Store, con) -> SchoolNames:
    """The batch's index of the draft's schools: a copy of the one the last batch left when it describes
    the version the draft was copied from, else one read from the draft when first asked."""
    known = NAMES.get(str(store.root))
    return known[1].copy() if known and known[0] == version_key(store.current_path()) else SchoolNames(con)


def _fill(con, received: list, attempt: list[int], stored: dict, how: tuple, out: dict, entries: list,
          names: SchoolNames) -> None:
    """Check each file against the draft and write it there if it has no error (`names` kept equal to
    the draft as files add schools); then rebuild the derived tables once. Fills `out` (results) and
    `entries` (log lines published with the version)."""
    door, user, allows, progress = how
    import_id = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchall()[0][0]
    touched, pending, reference = [], PendingRows(), load_reference(con)
    for done, i in enumerate(attempt):
        r: Received = received[i]
        if progress:
            progress("check", done, len(attempt), r.item.name)
        r.wait()
        if r.failure:
            out[i] = failed(r.item.name, r.failure)
            continue
        batch, log = validated(r, con, names, allows, user, reference)
        if log.has_errors:
            out[i] = ImportResult(r.item.name, "rejected", {}, log.frame(), candidates=log.school_candidates,
                                  unmatched_school=log.identity.get("unmatched_school"))
            _usable(con, i, out[i])  # a check that failed in SQL may have spoilt the transaction
            continue
        try:
            apply_batch(con, batch, import_id, r.item.is_demo, pending)
            _record_import(pending, import_id, r.item.name, r.sha, stored[i], batch, log, user)
            touched += touched_assessments(con, batch)
        except Exception as exc:  # noqa: BLE001
            if disk_full(exc):
                raise
            raise _FileBroke(i, unexpected(r.item.name, exc)) from exc
        if len(batch.schools):
            names.add(batch.schools[_NAME_COLUMNS].itertuples(index=False, name=None))
        out[i] = ImportResult(r.item.name, "imported", batch.counts(), log.frame(), import_id)
        entries.append(log_entry(out[i], r.sha, stored[i], door, user))
        import_id += 1
    if not entries:
        raise _NothingToWrite
    if progress:
        progress("derive", len(attempt), len(attempt), "")
    pending.write(con)
    refresh_derived(con, distinct_assessments(touched))


def _usable(con, index: int, result: ImportResult) -> None:
    try:
        con.execute("SELECT 1").fetchall()
    except duckdb.Error as exc:
        raise _FileBroke(index, result) from exc


def _imported_shas(store: Store, shas: list[str]) -> set[str]:
    if not shas:
        return set()
    with read_only(store.current_path()) as con, registered(con, "_shas", pd.DataFrame({"sha256": shas})):
        return {row[0] for row in con.execute("SELECT DISTINCT sha256 FROM imports SEMI JOIN _shas USING (sha256)"
                                              ).fetchall()}


def _record_import(pending: PendingRows, import_id, name, sha, stored, batch: Batch, log: IssueLog,
                   user: str | None) -> None:
    counts = batch.counts()
    # the document reader (Word or free-layout Excel) always leaves the letterhead it read in log.identity
    reader = "tài liệu (đọc theo bố cục)" if log.identity else "mẫu nhập liệu"
    identity = log.identity
    pending.add_import([
        import_id, name, sha, now(), str(stored), reader, counts["schools"], counts["ratings"],
        counts["level4"], counts["plan_items"], log.count(WARNING), identity.get("number"),
        identity.get("place"), identity.get("date"), user], log.frame().assign(import_id=import_id))


def _log_the_rest(store: Store, received: list, results: dict, stored: dict, door: str, user: str | None) -> None:
    """One write for every file not logged with the version (rejected, unchanged, failed); a file
    that could not be opened has nothing kept and no line. A full disk turns them into 'failed'."""
    rest = [i for i, r in results.items() if isinstance(received[i], Received) and r.status != "imported"]
    entries = [log_entry(results[i], received[i].sha, stored.get(i), door, user) for i in rest]
    if not entries:
        return
    try:
        store.append_log(entries)
    except StoreWriteError as problem:
        for i in rest:
            results[i] = results[i] if results[i].status == "failed" else with_error(results[i], str(problem))
