"""Scenario files beside the versioned store: safe file names whatever the name, save / load / overwrite /
delete, atomic writes, spoiled files reported, and the folder outliving imports."""
from __future__ import annotations

import errno
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from loaders.durable import TEMPORARY, StoreWriteError
from loaders.importer import import_file
from loaders.scenario_files import MAX_NAME_LENGTH, ScenarioExists, ScenarioFiles, clean_name, file_name
from loaders.store import Store
from tests.conftest import FIXTURES

_SAFE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*-[0-9a-f]{12}\.json$")
# names as officials write them, and the characters that break file names and shells
_NAMES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=MAX_NAME_LENGTH) \
    | st.sampled_from(["Phương án 50 tỷ", "../../etc/passwd", "a/b\\c", "CON", ".", "..", "~", "$(rm -rf /)",
                       "tên\x00có\nký tự lạ", "Đội ngũ *?<>|\"", " Hải  Phòng\t2026 "])


def _usable(name: str) -> bool:
    try:
        clean_name(name)
        return True
    except ValueError:
        return False


@settings(max_examples=150, deadline=None)
@given(_NAMES.filter(_usable))
def test_any_name_gives_a_safe_file_in_the_folder_and_reads_back(name):
    safe = file_name(name)
    assert _SAFE.match(safe) and len(safe) <= 80, safe
    assert file_name(f"  {name} ") == safe  # spacing around and inside does not make another scenario
    assert clean_name(clean_name(name)) == clean_name(name)
    with tempfile.TemporaryDirectory() as root:
        files = ScenarioFiles(Store(Path(root) / "store"))
        files.save({"name": clean_name(name), "budget": 1})
        assert files.path(name).parent == files.folder
        assert files.load(name) == {"name": clean_name(name), "budget": 1}
        assert [p.name for p in files.folder.iterdir()] == [safe]


@settings(max_examples=60, deadline=None)
@given(st.lists(_NAMES.filter(_usable), min_size=2, max_size=6))
def test_names_that_differ_beyond_case_and_spacing_are_different_files(names):
    keys = {clean_name(n).casefold() for n in names}
    assert len({file_name(n) for n in names}) == len(keys)


def test_a_name_is_the_same_scenario_whatever_its_case_but_not_without_its_diacritics():
    assert file_name("Phương án A") == file_name("PHƯƠNG ÁN a") == file_name("phương   án a")
    assert file_name("Phương án A") != file_name("Phuong an A")
    assert file_name("Phương án A").startswith("phuong-an-a-")


@pytest.mark.parametrize("name", ["", "   ", "\n\t", "x" * (MAX_NAME_LENGTH + 1)])
def test_an_empty_or_overlong_name_is_refused(name, store):
    with pytest.raises(ValueError):
        ScenarioFiles(store).save({"name": name})
    assert not (store.root / "scenarios").exists() or not list((store.root / "scenarios").iterdir())


def test_saving_a_taken_name_is_refused_unless_overwrite_and_then_replaces(store):
    files = ScenarioFiles(store)
    assert files.save({"name": "Hải Phòng 50 tỷ", "budget": 50}) is False
    with pytest.raises(ScenarioExists):
        files.save({"name": "hải phòng 50 TỶ", "budget": 20})
    assert files.load("Hải Phòng 50 tỷ")["budget"] == 50  # nothing was written
    assert files.save({"name": "hải phòng 50 TỶ", "budget": 20}, overwrite=True) is True
    records, unreadable = files.all()
    assert records == [{"name": "hải phòng 50 TỶ", "budget": 20}] and unreadable == []


def test_delete_removes_the_file_once(store):
    files = ScenarioFiles(store)
    files.save({"name": "A"})
    assert files.delete("a") is True and files.delete("A") is False
    with pytest.raises(KeyError):
        files.load("A")
    assert files.all() == ([], [])


def test_the_signature_changes_with_every_save_and_delete(store):
    files = ScenarioFiles(store)
    empty = files.signature()
    files.save({"name": "A", "budget": 1})
    first = files.signature()
    files.save({"name": "A", "budget": 2}, overwrite=True)  # same size, maybe the same tick of the clock
    second = files.signature()
    files.delete("A")
    assert len({empty, first, second}) == 3 and files.signature() == empty == ()


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(store, monkeypatch):
    files = ScenarioFiles(store)
    files.save({"name": "A", "budget": 1})

    def broken_rename(source, target):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", broken_rename)
    with pytest.raises(StoreWriteError, match="không ghi được phương án 'A'.*rồi lưu lại phương án"):
        files.save({"name": "A", "budget": 2}, overwrite=True)
    monkeypatch.undo()
    assert files.load("A") == {"name": "A", "budget": 1}
    assert [p.name for p in files.folder.iterdir()] == [file_name("A")]


def test_a_full_disk_is_a_message_and_what_a_killed_save_left_goes_with_the_next_save(store, monkeypatch):
    files = ScenarioFiles(store)
    files.save({"name": "A", "budget": 1})
    real_fsync = os.fsync

    def full(fd):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(TEMPORARY):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", full)
        with pytest.raises(StoreWriteError, match="^ổ đĩa đầy: không ghi được phương án 'A'"):
            files.save({"name": "A", "budget": 2}, overwrite=True)
    assert files.load("A") == {"name": "A", "budget": 1}
    assert [p.name for p in files.folder.iterdir()] == [file_name("A")]
    killed = files.folder / (file_name("B") + TEMPORARY)  # a process killed between its write and its rename
    killed.write_bytes(b'{"name": "B", "bud')
    assert files.all() == ([{"name": "A", "budget": 1}], [])  # never read as a scenario
    files.save({"name": "C"})
    assert sorted(p.name for p in files.folder.iterdir()) == sorted([file_name("A"), file_name("C")])


def test_a_spoiled_file_is_listed_as_unreadable_never_dropped(store):
    files = ScenarioFiles(store)
    files.save({"name": "Tốt"})
    files.folder.joinpath("hong.json").write_text("{not json", encoding="utf-8")
    files.folder.joinpath("mang.json").write_text(json.dumps([1, 2]), encoding="utf-8")
    records, unreadable = files.all()
    assert records == [{"name": "Tốt"}] and unreadable == ["hong.json", "mang.json"]


def test_scenarios_outlive_the_imports_that_replace_and_prune_store_versions(store):
    files = ScenarioFiles(store)
    first = store.current_path()
    files.save({"name": "Trước khi nhập"})
    for path in sorted((FIXTURES / "template").glob("*.xlsx")):  # five imports: the first version is pruned
        assert import_file(store, path).status == "imported"
    assert not first.exists()
    assert files.load("Trước khi nhập") == {"name": "Trước khi nhập"}
