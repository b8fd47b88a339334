"""AppTest: what the upload page must not forget (issue 13, cases 6 and 7). Every file it checks is kept
and logged, long and odd names pass preview and confirm, its temporary folder is cleaned, a torn
log line or a full disk is a message, and every page says when it shows an older version."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import loaders.store as store_module
from loaders import uploads
from loaders.durable import file_sha256
from loaders.store import Store
from tests.apptest import as_read, on_screen, one_school_store_at, open_app, open_upload_page
from tests.conftest import TEMPLATE_SEEDS
from tests.store_cases import copy_of, files_of, schools
from tests.test_pages import _bad_workbook
from tests.test_store_heals import _ODD_NAMES

GOOD = TEMPLATE_SEEDS[4]  # a school the one-school store does not have


@pytest.fixture(scope="module")
def one_school(tmp_path_factory) -> Store:
    return one_school_store_at(tmp_path_factory.mktemp("one") / "store")


@pytest.fixture
def page(one_school, tmp_path, monkeypatch):
    """The upload page on a copy of the one-school store, with its own temporary upload folder."""
    store = copy_of(one_school, tmp_path / "store")
    monkeypatch.setenv("KDCL_UPLOADS", str(tmp_path / "uploads"))
    return store, open_upload_page(store, monkeypatch)


def _upload(app: AppTest, name: str, content: bytes) -> AppTest:
    app.file_uploader(key="uploads").upload(name, content).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _uploads_left(tmp_path) -> list[Path]:
    return sorted(p for p in (tmp_path / "uploads").rglob("*") if p.is_file())


def _confirm(app: AppTest) -> None:
    next(b for b in app.button if b.label.startswith("Xác nhận nhập")).click().run()
    assert not app.exception, [e.value for e in app.exception]


def test_a_file_rejected_at_preview_is_kept_and_logged_once_and_its_temporary_copy_goes(page, tmp_path):
    store, app = page
    bad = _bad_workbook(tmp_path)
    _upload(app, "hỏng.xlsx", bad)
    assert any("Không hợp lệ" in e.label for e in app.expander)
    entry = store.read_log()[-1]
    assert (entry["file"], entry["status"], entry["door"], entry["errors"]) == ("hỏng.xlsx", "rejected",
                                                                                 "upload_preview", 1)
    assert "Tốt" in entry["message"] and Path(entry["original"]).read_bytes() == bad
    assert _uploads_left(tmp_path) == []
    app.run()  # a rerun shows the same report without logging the file again
    assert len(store.read_log()) == 2 and any("Không hợp lệ" in e.label for e in app.expander)
    history = on_screen(app.dataframe[-1])
    assert list(history["Tệp"])[:2] == ["hỏng.xlsx", "HP-THCS-TT.xlsx"]
    assert list(history["Nhận qua"])[0] == "Tải lên: kiểm tra" and list(history["Kết quả"])[0] == "Từ chối"


@pytest.mark.parametrize("name, reason", [("kế hoạch.pdf", "tệp PDF (thường là bản scan) không đọc được"),
                                          ("kế hoạch.doc", "tệp .doc (Word cũ) không đọc được")])
def test_a_pdf_or_old_word_file_is_taken_then_refused_with_what_to_send(page, name, reason):
    """The browser once refused them with 'Không nhận loại tệp application/pdf' and nothing was kept."""
    store, app = page
    _upload(app, name, b"%PDF-1.4 scanned plan")
    assert any(as_read(e.label).startswith(f"{name}: :material/error: Không hợp lệ, 1 lỗi") for e in app.expander)
    shown = reason[:1].upper() + reason[1:]  # a cell of its own starts as a sentence does
    (issues,) = [on_screen(f) for f in app.dataframe if "Mức" in on_screen(f).columns]
    assert str(issues["Nội dung"].iloc[0]).startswith(shown) and str(issues["Nội dung"].iloc[0]).endswith(".")
    assert list(issues.columns) == ["Mức", "Nội dung"]  # no sheet, row or column to say: no empty columns
    entry = store.read_log()[-1]
    assert (entry["file"], entry["status"]) == (name, "rejected") and reason in entry["message"]
    assert Path(entry["original"]).read_bytes() == b"%PDF-1.4 scanned plan"


@pytest.mark.parametrize("name", list(_ODD_NAMES.values()), ids=list(_ODD_NAMES))
def test_a_long_or_odd_name_passes_preview_and_confirm_and_the_history_shows_it(page, tmp_path, name):
    store, app = page
    _upload(app, name, GOOD.read_bytes())
    assert [as_read(e.label.split(": :material")[0]) for e in app.expander] == [name]
    assert "Hợp lệ" in app.expander[0].label
    _confirm(app)
    assert len(schools(store)) == 2 and "Đã nhập" in app.expander[0].label
    imported = [e for e in store.read_log() if e["status"] == "imported" and e.get("door") == "upload"]
    assert [e["file"] for e in imported] == [name]
    assert file_sha256(Path(imported[0]["original"])) == file_sha256(GOOD)
    assert _uploads_left(tmp_path) == []  # the store has its copy
    assert list(app.dataframe[-1].value["Tệp"])[0] == name


def test_a_torn_log_line_is_a_note_and_the_history_still_shows(page, monkeypatch):
    store, _ = page
    store.log_path.write_bytes(store.log_path.read_bytes() + b'{"time": "2025-01-01T00:00:00", "fi')
    app = open_upload_page(store, monkeypatch)
    notes = [w.value for w in app.warning]
    assert len(notes) == 1 and "1 dòng không đọc được (dòng 2)" in notes[0]
    assert list(app.dataframe[-1].value["Tệp"]) == ["HP-THCS-TT.xlsx"]


def test_uploads_left_more_than_a_day_ago_are_removed(page, tmp_path, monkeypatch):
    store, _ = page
    old, new = tmp_path / "uploads" / "old-upload", tmp_path / "uploads" / "new-upload"
    for folder in (old, new):
        folder.mkdir(parents=True)
        (folder / "x.xlsx").write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    monkeypatch.setattr(uploads, "_cleaned_at", [float("-inf")])  # a process that has not cleaned yet
    open_upload_page(store, monkeypatch)
    assert not old.exists() and new.exists()


def test_a_full_disk_at_confirm_is_a_message_and_the_file_can_be_confirmed_again(page, tmp_path, monkeypatch):
    store, app = page
    _upload(app, "THPT.xlsx", GOOD.read_bytes())
    before = {k: v for k, v in files_of(store).items() if not k.startswith(("originals/", "import_log"))}

    def no_room(source, target, *args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(store_module.shutil, "copyfile", no_room)
        _confirm(app)
    assert as_read([e.value for e in app.error][0]).startswith("THPT.xlsx: :material/error: Không nhập được — ổ đĩa đầy")
    assert {k: v for k, v in files_of(store).items() if not k.startswith(("originals/", "import_log"))} == before
    assert len(_uploads_left(tmp_path)) == 1  # kept to be tried again
    _confirm(app)
    assert len(schools(store)) == 2 and _uploads_left(tmp_path) == []


def test_every_page_says_when_it_shows_an_older_version_than_current_names(page, monkeypatch):
    store, _ = page
    store.pointer.unlink()
    app = open_app(store, monkeypatch)
    warnings = [w.value for w in app.warning]
    assert len(warnings) == 1 and "CURRENT" in warnings[0] and "bị mất" in warnings[0]
    assert [m.value for m in app.metric if m.label == "Số trường có đánh giá"] == ["1"]
