"""A full disk (issue 13, case 5) at every write of an import: the version's copy, its sync, its seal,
the log, the pointer, the original. Each gives a Vietnamese message, leaves no partial file and the
store as it was; the same file imports once there is room. Simulated by making the system calls
fail, and for real on a tiny tmpfs in a private mount namespace."""
from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import loaders.store as store_module
from loaders.durable import StoreWriteError, copy_verified, file_sha256
from loaders.importer import import_file
from loaders.store import Store
from tests.conftest import ROOT, TEMPLATE_SEEDS
from tests.store_cases import copy_of, files_of, half_written, schools, version_names

FILE = TEMPLATE_SEEDS[3]


@pytest.fixture(scope="module")
def one_school(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("one") / "store")
    assert import_file(store, TEMPLATE_SEEDS[0]).status == "imported"
    return store


def _full() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _fail_calls_on(monkeypatch, pattern: str) -> None:
    """os.write and os.fsync on a file whose path matches `pattern` fail as on a full disk; a write
    gets half its bytes out first, as a real one does when the disk fills in the middle."""
    real_write, real_fsync = os.write, os.fsync

    def matches(fd) -> bool:
        try:
            return re.search(pattern, os.readlink(f"/proc/self/fd/{fd}")) is not None
        except OSError:
            return False

    def write(fd, data):
        if matches(fd):
            real_write(fd, bytes(data)[:len(data) // 2])
            raise _full()
        return real_write(fd, data)

    def fsync(fd):
        if matches(fd):
            raise _full()
        return real_fsync(fd)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "fsync", fsync)


def _copy_half_then_fail(source, target, *args, **kwargs):
    Path(target).write_bytes(Path(source).read_bytes()[:1_000_000])
    raise _full()


_WHERE = {"the version's copy": None, "syncing the new version": r"\.draft$",
          "its seal": r"\.seal\.partial$", "the log": r"import_log\.jsonl$",
          "the pointer": r"CURRENT\.partial$", "the original": r"/originals/.*\.partial$"}


@pytest.mark.parametrize("where", list(_WHERE))
def test_a_full_disk_anywhere_in_an_import_is_a_message_and_changes_nothing(one_school, tmp_path, monkeypatch,
                                                                           where):
    store = copy_of(one_school, tmp_path / "store")
    before, seen, log_before = files_of(store), schools(store), store.log_path.read_bytes()
    with monkeypatch.context() as patch:
        if _WHERE[where] is None:
            patch.setattr(store_module.shutil, "copyfile", _copy_half_then_fail)
        else:
            _fail_calls_on(patch, _WHERE[where])
        result = import_file(store, FILE)
    assert result.status == "failed"
    message = result.errors.iloc[-1]["message"]
    assert message.startswith("ổ đĩa đầy: không ghi được") and "còn trống" in message and "giải phóng" in message
    assert half_written(store) == []
    assert schools(store) == seen and store.pointer.read_text() == before["CURRENT"].decode()
    assert {k: v for k, v in files_of(store).items() if k.startswith("versions/")} == \
        {k: v for k, v in before.items() if k.startswith("versions/")}
    _assert_originals_whole(store)
    # the log holds nothing about this file, or one line saying it failed; never a torn line
    added = store.log_path.read_bytes()[len(log_before):]
    assert store.log_path.read_bytes().startswith(log_before) and store.import_history().torn == []
    assert [json.loads(line)["status"] for line in added.splitlines()] in ([], ["failed"])
    # once there is room again the same file imports, and its original is whole
    assert import_file(store, FILE).status == "imported"
    assert len(schools(store)) == len(seen) + 1 and version_names(store)[-1] == store.pointer.read_text()
    _assert_originals_whole(store)


def _assert_originals_whole(store: Store) -> None:
    """Each kept file is named by the hash of its bytes: a short or empty copy cannot hide."""
    for kept in store.originals.iterdir():
        assert file_sha256(kept)[:16] == kept.name[:16], kept.name


def test_a_copy_that_does_not_match_its_hash_is_not_kept(tmp_path):
    source = tmp_path / "a.xlsx"
    source.write_bytes(b"what the school sent")
    with pytest.raises(StoreWriteError, match="không khớp mã băm"):
        copy_verified(source, tmp_path / "kept.xlsx", "0" * 64)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


_CHILD = """
import json, sys
from pathlib import Path
from loaders.importer import import_file
from loaders.store import Store
store = Store(sys.argv[1])
result = import_file(store, Path(sys.argv[2]))
print(json.dumps({"status": result.status, "message": result.errors["message"].iloc[-1] if len(result.errors) else "",
                  "pointer": store.pointer.read_text(),
                  "files": sorted(str(p.relative_to(store.root)) for p in store.root.rglob("*") if p.is_file())}))
"""


def _can_mount() -> bool:
    try:
        return subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux") or not _can_mount(),
                    reason="needs a private mount namespace (unshare -rm) to mount a tmpfs")
@pytest.mark.parametrize("room", ["copy", "transaction"])
def test_a_really_full_disk_leaves_the_store_as_it_was(one_school, tmp_path, room):
    """On a tmpfs a little bigger than the store: the copy of the version fails half-way, or (with
    room for the copy) DuckDB's own writes fail inside the transaction."""
    used = sum(p.stat().st_size for p in one_school.root.rglob("*") if p.is_file())
    version = (one_school.versions / one_school.pointer.read_text()).stat().st_size
    size_kb = (used + (version // 2 if room == "copy" else version + 2_000_000)) // 1024 + 200
    mount = tmp_path / "disk"
    mount.mkdir()
    script = (f"mount -t tmpfs -o size={size_kb}k tmpfs {mount} && cp -a {one_school.root} {mount}/store && "
              f"{sys.executable} -c \"$0\" {mount}/store {FILE}")
    run = subprocess.run(["unshare", "-rm", "sh", "-c", script, _CHILD], capture_output=True, text=True,
                         cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["status"] == "failed" and seen["message"].startswith("ổ đĩa đầy"), seen
    assert seen["pointer"] == one_school.pointer.read_text()
    versions = sorted(f for f in seen["files"] if f.startswith("versions/"))
    assert versions == sorted(f"versions/{p.name}" for p in one_school.versions.iterdir())  # no draft, no new seal
    assert not [f for f in seen["files"] if f.endswith(".partial")]

