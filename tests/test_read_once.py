"""loaders.read_once: the upload page's Word plans are read once, ahead of their previews, and the
confirm takes what the previews read."""
from __future__ import annotations

import shutil

import pytest

import loaders.import_read as import_read
from loaders.import_read import ImportItem
from loaders.importer import import_files, preview_file, read_ahead
from loaders.read_once import ReadOnce
from tests.conftest import FIXTURES
from tests.store_cases import copy_of, schools
from tests.test_upload_page import one_school  # noqa: F401 (a fixture: the one-school store, built once)

DOCX = FIXTURES / "samples" / "docx"


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the files read in a child, in order."""
    names, read = [], import_read.run_bounded

    def counted(function, args, settings):
        names.append(args[1])
        return read(function, args, settings)
    monkeypatch.setattr(import_read, "run_bounded", counted)
    return names


def _plans(tmp_path, n: int) -> list[ImportItem]:
    """`n` copies of the store's own school's plan, each with bytes of its own."""
    items = []
    for k in range(n):
        path = tmp_path / f"kế hoạch {k}.docx"
        shutil.copyfile(DOCX / "HP-THCS-TT.docx", path)
        with path.open("ab") as handle:
            handle.write(f"{tmp_path} {k}".encode())  # after the zip's end: read the same, hashed apart
        items.append(ImportItem(path, path.name))
    return items


def test_plans_read_ahead_are_read_once_for_their_previews_and_their_confirm(one_school, tmp_path, reads):
    store = copy_of(one_school, tmp_path / "store")
    items = _plans(tmp_path, 3)
    read_ahead(items)
    previews = [preview_file(store, item.path, item.name) for item in items]
    assert [p.status for p in previews] == ["valid"] * 3
    results = import_files(store, items)
    assert [r.status for r in results] == ["imported", "imported", "imported"]
    assert sorted(reads) == sorted(item.name for item in items)  # each once, by the read-ahead
    assert schools(store) == ["HP-THCS-TT"]


def test_the_same_bytes_under_another_name_are_read_again(one_school, tmp_path, reads):
    store = copy_of(one_school, tmp_path / "store")
    first = _plans(tmp_path, 1)[0]
    renamed = ImportItem(first.path, "tên khác.docx")
    assert preview_file(store, first.path, first.name).status == "valid"
    result = preview_file(store, renamed.path, renamed.name)
    assert result.status == "valid" and reads == [first.name, renamed.name]
    assert set(result.issues["file"]) <= {"tên khác.docx"}  # its messages name it as it was sent


def test_what_is_kept_stays_within_its_bytes_the_oldest_going_first(tmp_path):
    items = _plans(tmp_path, 3)
    kept = ReadOnce(max_bytes=2 * items[-1].path.stat().st_size)  # room for two of the three
    for item in items:
        received = import_read.arrive(item)
        kept.keep(received)
    assert len(kept) == 2
    assert kept.get(items[0], import_read.arrive(items[0]).sha) is None
    assert kept.get(items[2], import_read.arrive(items[2]).sha) is not None
