"""The store heals (issue 13, cases 4 and 6): a missing or bad CURRENT or version file falls back to the
newest intact version and says so, the next import starts from it, pruning and drafts, originals and
their names, the log's torn lines, and a command line run that one bad file never stops."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.cli import main
from loaders.durable import file_sha256, safe_name
from loaders.importer import import_file
from loaders.store import BrokenStore, Store, StoreReader
from tests.conftest import ROOT, TEMPLATE_SEEDS
from tests.store_cases import build_three_schools, copy_of, half_written, schools, version_names

NEXT = TEMPLATE_SEEDS[3]  # a school none of the three has


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Store:
    return build_three_schools(tmp_path_factory.mktemp("three") / "store")


@pytest.fixture
def store3(three, tmp_path) -> Store:
    return copy_of(three, tmp_path / "store")


def _newest(store: Store) -> Path:
    return store.versions / version_names(store)[-1]


def _break(store: Store, how: str) -> None:
    newest = _newest(store)
    if how == "CURRENT deleted":
        store.pointer.unlink()
    elif how == "CURRENT garbage":
        store.pointer.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff garbage")
    elif how == "CURRENT dangling":
        store.pointer.write_text("v000099.duckdb")
    elif how == "CURRENT leaves the folder":
        store.pointer.write_text("../../v000001.duckdb")
    elif how == "version truncated":
        os.truncate(newest, newest.stat().st_size // 2)
    elif how == "version emptied":
        os.truncate(newest, 0)
    elif how == "version overwritten":  # same size, other bytes: only the hash sees it
        with open(newest, "r+b") as handle:
            handle.seek(newest.stat().st_size // 2)
            handle.write(os.urandom(65536))


_POINTER_CASES = ["CURRENT deleted", "CURRENT garbage", "CURRENT dangling", "CURRENT leaves the folder"]
_VERSION_CASES = ["version truncated", "version emptied", "version overwritten"]
_SAYS = {"CURRENT deleted": "bị mất", "CURRENT garbage": "không ghi tên một phiên bản",
         "CURRENT dangling": "không còn trong thư mục versions/", "CURRENT leaves the folder": "không ghi tên",
         "version truncated": "bị cắt ngắn", "version emptied": "bị cắt ngắn", "version overwritten": "mã băm"}


@pytest.mark.parametrize("how", _POINTER_CASES + _VERSION_CASES)
def test_a_broken_current_falls_back_to_the_newest_intact_version_and_loses_nothing(store3, how):
    everything = schools(store3)
    last_school = sorted(set(everything) - set(_schools_of(store3, version_names(store3)[-2])))
    _break(store3, how)
    reader = StoreReader(Store(store3.root))
    shown = [r[0] for r in reader.cursor().execute("SELECT school_id FROM schools ORDER BY 1").fetchall()]
    if how in _POINTER_CASES:  # the newest version is intact: nothing at all is missing
        assert shown == everything
        assert reader.version == "v000004.duckdb"
    else:  # the newest is broken: the one before it, and the message names the file to import again
        assert shown == sorted(set(everything) - set(last_school)) and reader.version == "v000003.duckdb"
        assert TEMPLATE_SEEDS[2].name in reader.problem and "hãy nhập lại" in reader.problem
    assert "CURRENT" in reader.problem and _SAYS[how] in reader.problem and "nguyên vẹn mới nhất" in reader.problem
    # the next import starts from that same version, writes after every number on disk, and repairs CURRENT
    assert import_file(Store(store3.root), NEXT).status == "imported"
    assert store3.pointer.read_text() == "v000005.duckdb"
    new_school = sorted(set(_schools_of(store3, "v000005.duckdb")) - set(shown))
    assert schools(store3) == sorted(shown + new_school) and len(new_school) == 1
    assert reader.cursor() and reader.problem is None


def _with_old_seals(store: Store) -> None:
    """The seals a store written before BLAKE3 holds: size and SHA-256, in `.sha256` files."""
    for version in store.versions.glob("v*.duckdb"):
        (store.versions / f"{version.name}.seal").unlink()
        record = {"size": version.stat().st_size, "sha256": file_sha256(version)}
        (store.versions / f"{version.name}.sha256").write_text(json.dumps(record))


@pytest.mark.parametrize("how", ["", "version overwritten", "version truncated"])
def test_a_store_sealed_with_sha256_before_blake3_is_still_checked(store3, how):
    _with_old_seals(store3)
    if how:
        _break(store3, how)
    reader = StoreReader(Store(store3.root))
    reader.cursor()
    assert reader.version == ("v000003.duckdb" if how else "v000004.duckdb")
    assert (reader.problem is None) if not how else _SAYS[how] in reader.problem
    assert import_file(Store(store3.root), NEXT).status == "imported"  # its seal is new, the old ones stay
    assert (store3.versions / "v000005.duckdb.seal").exists() and (store3.versions / "v000003.duckdb.sha256").exists()


def test_deleting_current_then_importing_loses_no_version_and_no_school(store3):
    """The case that emptied the dashboard: CURRENT deleted, and the next import's pruning removed the
    version it had named. Now the import starts from the newest intact version and keeps it."""
    everything = schools(store3)
    store3.pointer.unlink()
    for path in TEMPLATE_SEEDS[3:]:
        assert import_file(store3, path).status == "imported"
    assert set(everything) < set(schools(store3)) and len(schools(store3)) == 5


def test_an_unsealed_version_from_before_seals_falls_back_when_duckdb_cannot_open_it(store3):
    for seal in store3.versions.glob("*.seal"):
        seal.unlink()
    _break(store3, "version truncated")
    reader = StoreReader(Store(store3.root))
    reader.cursor()
    assert reader.version == "v000003.duckdb" and "không mở được" in reader.problem


def test_no_intact_version_at_all_is_a_message_naming_the_originals(store3):
    for version in store3.versions.glob("v*.duckdb"):
        os.truncate(version, 100)
    with pytest.raises(BrokenStore, match="không còn phiên bản nào nguyên vẹn.*originals"):
        StoreReader(Store(store3.root)).cursor()
    result = import_file(Store(store3.root), NEXT)  # an import says so too, and changes nothing
    assert result.status == "failed" and "nguyên vẹn" in result.errors.iloc[0]["message"]


def test_pruning_keeps_the_version_current_names_and_the_newest_intact_one(store3):
    # v000005-v000009 are copies of v000004 with its seal; v000006-v000009 are then truncated
    for number in range(5, 10):
        for suffix in (".duckdb", ".duckdb.seal"):
            shutil.copyfile(store3.versions / f"v000004{suffix}", store3.versions / f"v{number:06d}{suffix}")
    for number in range(6, 10):
        os.truncate(store3.versions / f"v{number:06d}.duckdb", 1000)
    store3.pointer.write_text("v000002.duckdb")
    store3.prune()
    assert version_names(store3) == ["v000002.duckdb", *[f"v{n:06d}.duckdb" for n in range(5, 10)]]
    assert sorted(p.name for p in store3.versions.glob("*.seal")) == [f"{n}.seal" for n in version_names(store3)]


def test_what_a_killed_import_leaves_is_removed_at_the_next_start_but_not_while_one_runs(store3):
    # a process dies inside the version's transaction: no cleanup code of ours runs
    script = ("import os, sys; from loaders.store import Store\n"
              "store = Store(sys.argv[1])\n"
              "with store.lock(), store.new_version() as con:\n"
              "    con.execute('DELETE FROM ratings'); os._exit(3)\n")
    assert subprocess.run([sys.executable, "-c", script, str(store3.root)], cwd=ROOT).returncode == 3
    (store3.root / "CURRENT.partial").write_text("v000009.duckdb")
    (store3.originals / "abc-x.xlsx.partial").write_bytes(b"half")
    (store3.versions / "v000009.duckdb.seal").write_text("{}")  # a seal whose version never got its name
    left = half_written(store3)
    assert "versions/v000005.draft" in left and len(left) >= 4
    with store3.lock():  # an import is running: a reader starting now must not touch its files
        StoreReader(Store(store3.root))
        assert half_written(store3) == left
    StoreReader(Store(store3.root)).cursor()
    assert half_written(store3) == [] and len(schools(store3)) == 3
    (store3.versions / "v000005.draft").write_bytes(b"left by a crash")
    assert import_file(Store(store3.root), NEXT).status == "imported"  # an import cleans up as it starts
    assert half_written(store3) == [] and store3.pointer.read_text() == "v000005.duckdb"


def test_a_bad_original_is_written_again_by_the_next_import_of_the_same_bytes(store3):
    original = store3.originals / Path(store3.read_log()[-1]["original"]).name  # the log has the first store's path
    original.write_bytes(b"")  # what the old code left when the disk was full
    assert import_file(store3, TEMPLATE_SEEDS[2]).status == "unchanged"
    assert original.read_bytes() == TEMPLATE_SEEDS[2].read_bytes()


_LONG_VIETNAMESE = ("Kế hoạch cải tiến chất lượng giáo dục năm học 2023-2024 của Trường Trung học cơ sở Toàn Thắng, "
                    "huyện Tiên Lãng, thành phố Hải Phòng, theo Thông tư 18 về kiểm định chất lượng (bản cuối).xlsx")
_ODD_NAMES = {
    "189 Vietnamese characters": _LONG_VIETNAMESE,
    "300 bytes": "Đánh giá " + "ư" * 141 + "a.xlsx",
    "a slash keeps its prefix": "Phòng GD Tiên Lãng/THCS Toàn Thắng.xlsx",
    "dots and a backslash": "../../..\\etc\\kế hoạch.xlsx",
}


def test_the_odd_names_are_what_the_issue_says():
    assert len(_LONG_VIETNAMESE) == 189 and len(_ODD_NAMES["300 bytes"].encode()) == 300


@pytest.mark.parametrize("name", list(_ODD_NAMES.values()), ids=list(_ODD_NAMES))
def test_a_long_or_odd_name_is_imported_kept_and_logged_as_sent(store, tmp_path, name):
    path = tmp_path / "upload.xlsx"
    shutil.copyfile(NEXT, path)
    result = import_file(store, path, display_name=name)
    assert result.status == "imported", result.issues
    entry = store.read_log()[-1]
    kept = Path(entry["original"])
    assert entry["file"] == name and kept.parent == store.originals and kept.read_bytes() == NEXT.read_bytes()
    assert len(kept.name.encode()) <= 140 and kept.suffix == ".xlsx"
    con = StoreReader(store).cursor()
    assert con.execute("SELECT file_name, stored_path FROM imports").fetchall() == [(name, str(kept))]


def test_a_file_named_with_255_bytes_on_disk_is_imported_from_the_command_line(store, tmp_path):
    path = tmp_path / ("ư" * 125 + ".xlsx")  # 255 bytes: the kept copy's old name (hash + name) could not exist
    shutil.copyfile(NEXT, path)
    assert len(path.name.encode()) == 255
    assert import_file(store, path).status == "imported"
    assert Path(store.read_log()[-1]["original"]).exists()


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=400), st.sampled_from(["", ".xlsx", ".csv", ".docx", ".XLSX"]))
def test_a_safe_name_is_one_short_harmless_component_keeping_its_extension(stem, suffix):
    name = safe_name(stem + suffix)
    assert name and name not in {".", ".."} and "/" not in name and "\\" not in name and "\x00" not in name
    assert len(name.encode("utf-8")) <= 120 and not name.startswith(".") and ".." not in name
    assert all(ord(c) >= 32 and c != "\x7f" for c in name)
    if suffix:
        assert name.endswith(suffix)
    assert safe_name(name) == name  # stable: the same file always gets the same name


def test_a_torn_log_line_is_skipped_with_a_note_and_the_next_entry_starts_on_its_own_line(store3):
    intact = store3.log_path.read_bytes()
    store3.log_path.write_bytes(intact + b"\xff\xfe not json\n" + b'{"time": "2025-01-01T00:00:00", "file": "x.xl')
    history = store3.import_history()
    assert len(history.entries) == 3 and history.torn == [4, 5]
    assert import_file(store3, NEXT).status == "imported"
    history = store3.import_history()
    assert [e["file"] for e in history.entries] == [p.name for p in TEMPLATE_SEEDS[:4]] and history.torn == [4, 5]


def test_a_file_whose_import_raises_never_stops_the_others(tmp_path, monkeypatch, capsys):
    import loaders.import_write as import_write
    real = import_write.refresh_derived
    first, second = TEMPLATE_SEEDS[3], TEMPLATE_SEEDS[4]

    def fails_for_first(con, touched):  # the batch's one rebuild fails, then the first file's own
        if first.stem in set(touched["school_id"]):
            raise RuntimeError("boom")
        return real(con, touched)

    monkeypatch.setattr(import_write, "refresh_derived", fails_for_first)
    missing = tmp_path / "không có.xlsx"
    code = main([str(first), str(missing), str(second), "--db", str(tmp_path / "store")])
    lines = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("  ")]
    assert code == 1
    assert [line.split(":")[0] for line in lines] == [first.name, missing.name, second.name]
    assert "KHÔNG NHẬP ĐƯỢC" in lines[0] and "KHÔNG NHẬP ĐƯỢC" in lines[1] and "ĐÃ NHẬP" in lines[2]
    store = Store(tmp_path / "store")
    assert len(schools(store)) == 1
    log = sorted(store.read_log(), key=lambda e: e["status"])  # a batch logs its imported files with the version
    assert [(e["file"], e["status"]) for e in log] == [(first.name, "failed"), (second.name, "imported")]
    assert "RuntimeError: boom" in log[0]["message"] and Path(log[0]["original"]).exists()


def _schools_of(store: Store, version: str) -> list[str]:
    con = duckdb.connect(str(store.versions / version), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT school_id FROM schools").fetchall()]
    finally:
        con.close()
