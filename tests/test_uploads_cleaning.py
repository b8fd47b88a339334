"""What closed browsers left in the uploads folder goes after a day (loaders/uploads.py), and the upload
page, which asks on each rerun, walks the folder at most once per interval."""
from __future__ import annotations

import os
import time

import pytest

from loaders import uploads


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("KDCL_UPLOADS", str(tmp_path))
    monkeypatch.setattr(uploads, "_cleaned_at", [float("-inf")])
    return tmp_path


def _left(folder, name: str, age_seconds: float):
    path = folder / name
    path.mkdir()
    (path / "Kế hoạch.docx").write_bytes(b"PK")
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


def test_a_folder_older_than_a_day_goes_and_a_younger_one_stays(folder):
    old = _left(folder, "old", uploads.MAX_AGE_SECONDS + 60)
    young = _left(folder, "young", uploads.MAX_AGE_SECONDS - 60)
    assert uploads.clean_old_uploads() == [old]
    assert not old.exists() and young.exists()


def test_the_page_walks_the_folder_once_per_interval(folder):
    first = _left(folder, "first", uploads.MAX_AGE_SECONDS + 60)
    assert uploads.clean_old_uploads_now_and_then(every=600) == [first]
    second = _left(folder, "second", uploads.MAX_AGE_SECONDS + 60)
    assert uploads.clean_old_uploads_now_and_then(every=600) == []  # within ten minutes: not walked again
    assert second.exists()
    assert uploads.clean_old_uploads_now_and_then(every=0) == [second]
