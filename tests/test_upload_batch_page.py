"""AppTest: the upload page with several files at once (one batch, one version), its titles
('Hợp lệ, 4 cảnh báo' with the warnings open, 'Không hợp lệ, 1 lỗi'), and adding a new school for a
Word plan whose school is not in the list; add_school's checks and scope."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from loaders.accounts import Account, add_account
from loaders.importer import add_school
from loaders.store import Store, StoreReader
from metrics.access import Viewer
from tests.apptest import as_read, on_screen, open_app
from tests.conftest import FIXTURES
from tests.store_cases import copy_of, schools, version_names
from tests.test_downloads import served_downloads  # noqa: F401 (fixture: the bytes a download serves)
from tests.test_pages import _bad_workbook
from tests.test_signin import _AUTH, _signed_in
from tests.test_upload_page import one_school, page  # noqa: F401 (fixtures: a copy of the one-school store, its page)

TEMPLATE, DOCX = FIXTURES / "template", FIXTURES / "samples" / "docx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _run(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _picker(app: AppTest):
    return next(s for s in app.selectbox if s.label == "Tài liệu này của trường nào?")


def _titles(app: AppTest) -> dict[str, str]:
    return dict(as_read(e.label).split(": ", 1) for e in app.expander)


def test_several_files_are_checked_titled_and_imported_as_one_version(page, tmp_path):
    store, app = page
    files = [("Quang Trung.xlsx", (TEMPLATE / "HP-THPT-QT.xlsx").read_bytes(), XLSX),
             ("hỏng.xlsx", _bad_workbook(tmp_path), XLSX),
             ("Hẹ Muông.xlsx", (TEMPLATE / "DB-TH-HM.xlsx").read_bytes(), XLSX)]
    app.file_uploader(key="uploads").set_value(files)
    _run(app)
    titles = _titles(app)
    assert titles == {"Quang Trung.xlsx": ":material/check_circle: Hợp lệ, 4 cảnh báo",
                      "hỏng.xlsx": ":material/error: Không hợp lệ, 1 lỗi — tệp sẽ không được nhập",
                      "Hẹ Muông.xlsx": ":material/check_circle: Hợp lệ, sẵn sàng nhập"}
    opened = {as_read(e.label).split(": ")[0]: e.proto.expanded for e in app.expander}
    assert opened == {"Quang Trung.xlsx": True, "hỏng.xlsx": True, "Hẹ Muông.xlsx": False}  # warnings shown open
    warnings = on_screen(app.expander[0].dataframe[0])
    assert list(warnings["Mức"]) == ["Cảnh báo"] * 4
    versions = version_names(store)
    button = next(b for b in app.button if b.label.startswith("Xác nhận nhập"))
    assert button.label == "Xác nhận nhập 2 tệp hợp lệ"
    button.click()
    _run(app)
    assert schools(store) == ["DB-TH-HM", "HP-THCS-TT", "HP-THPT-QT"]
    assert len(version_names(store)) == len(versions) + 1  # the two files: one version
    assert _titles(app)["Quang Trung.xlsx"] == ":material/check_circle: Đã nhập, 4 cảnh báo"
    assert [as_read(s.value) for s in app.success][:2] == ["Quang Trung.xlsx: :material/check_circle: Đã nhập, "
                                                           "4 cảnh báo", "Hẹ Muông.xlsx: :material/check_circle: Đã nhập"]
    confirmed = [e for e in store.read_log() if e.get("door") == "upload"]
    assert sorted(e["file"] for e in confirmed) == ["Hẹ Muông.xlsx", "Quang Trung.xlsx"]
    history = on_screen(app.dataframe[-1])
    assert "Bản gốc lưu tại" not in history.columns  # server paths: behind "Chi tiết kỹ thuật"
    app.toggle(key="history_technical").set_value(True)
    _run(app)
    assert "Bản gốc lưu tại" in app.dataframe[-1].value.columns


def test_a_plan_whose_school_is_not_listed_can_add_it_as_a_new_school(page):
    store, app = page
    app.file_uploader(key="uploads").upload("Quang Trung.docx", (DOCX / "HP-THPT-QT.docx").read_bytes())
    _run(app)
    assert "Không hợp lệ, 1 lỗi" in _titles(app)["Quang Trung.docx"]
    picker = _picker(app)
    assert picker.options == ["— chọn trường —", "Thêm trường mới (chưa có trong danh sách)"]
    picker.set_value("__new_school__")
    _run(app)
    fid = picker.key.removeprefix("school_for_")
    assert app.text_input(key=f"new_name_{fid}").value == "TRƯỜNG THPT QUANG TRUNG"  # as the plan names it
    app.text_input(key=f"new_school_id_{fid}").set_value("HP-THPT-QT")
    app.text_input(key=f"new_name_{fid}").set_value("Trường THPT Quang Trung")
    app.selectbox(key=f"new_school_level_{fid}").set_value("THPT")
    app.selectbox(key=f"new_province_{fid}").set_value("Hải Phòng")
    app.text_input(key=f"new_district_{fid}").set_value("Thủy Nguyên")
    next(b for b in app.button if b.label == "Thêm trường và dùng cho tài liệu này").click()
    _run(app)
    assert schools(store) == ["HP-THCS-TT", "HP-THPT-QT"]
    added = [e for e in store.read_log() if e.get("door") == "upload_new_school"]
    assert [(e["file"], e["status"], e["schools"]) for e in added] == [("Thêm trường mới HP-THPT-QT.csv", "imported", 1)]
    # the plan is checked again for the new school, and can now be imported
    assert _titles(app)["Quang Trung.docx"].startswith(":material/check_circle: Hợp lệ")
    next(b for b in app.button if b.label.startswith("Xác nhận nhập")).click()
    _run(app)
    con = StoreReader(Store(store.root)).cursor()
    assert con.execute("SELECT count(*) FROM plan_items WHERE school_id = 'HP-THPT-QT'").fetchall()[0][0] > 0
    assert con.execute("SELECT district, province FROM schools WHERE school_id = 'HP-THPT-QT'").fetchall() == [
        ("Thủy Nguyên", "Hải Phòng")]


def test_the_form_says_what_is_missing_and_refuses_a_code_the_store_has(page):
    store, app = page
    app.file_uploader(key="uploads").upload("Quang Trung.docx", (DOCX / "HP-THPT-QT.docx").read_bytes())
    _run(app)
    _picker(app).set_value("__new_school__")
    _run(app)
    fid = _picker(app).key.removeprefix("school_for_")
    app.text_input(key=f"new_school_id_{fid}").set_value("HP-THCS-TT")  # Toàn Thắng's code
    next(b for b in app.button if b.label == "Thêm trường và dùng cho tài liệu này").click()
    _run(app)
    errors = [e.value for e in app.error]
    assert any("Chưa chọn Tỉnh/Thành phố" in e for e in errors) and any("Cấp học phải là" in e for e in errors)
    assert schools(store) == ["HP-THCS-TT"]
    result = add_school(store, {"school_id": "hp-thcs-tt", "name": "Trường mới", "school_level": "THCS",
                                "province": "Hải Phòng", "district": "Tiên Lãng"})
    assert result.status == "rejected" and "đã có trong dữ liệu (Trường THCS Toàn Thắng)" in result.errors.iloc[0][
        "message"]


def test_adding_a_school_stays_within_the_viewers_scope(page):
    store, _ = page
    fields = {"school_id": "HP-TH-MOI", "name": "Trường Tiểu học Mới", "school_level": "Tiểu học",
              "province": "Hải Phòng", "district": "Tiên Lãng", "commune": "Xã Tiên Lãng 2"}
    elsewhere = Viewer("so", email="so@db.vn", province="Điện Biên")
    refused = add_school(store, fields, user=elsewhere.email, allows=elsewhere.allows_school)
    assert refused.status == "rejected" and "ngoài phạm vi của tài khoản so@db.vn" in refused.errors.iloc[0]["message"]
    school = Viewer("truong", email="gv@tt.vn", province="Hải Phòng", school_id="HP-THCS-TT")
    assert add_school(store, fields, user=school.email, allows=school.allows_school).status == "rejected"
    assert schools(store) == ["HP-THCS-TT"]
    province = Viewer("so", email="so@hp.vn", province="Hải Phòng")
    added = add_school(store, fields, user=province.email, allows=province.allows_school)
    assert added.status == "imported" and schools(store) == ["HP-TH-MOI", "HP-THCS-TT"]
    assert store.read_log()[-1]["user"] == "so@hp.vn"


@pytest.fixture(scope="module")
def accounts_store(one_school, tmp_path_factory) -> Store:
    store = copy_of(one_school, tmp_path_factory.mktemp("accounts") / "store")
    add_account(store, Account("so@hp.vn", "so", "Hải Phòng"), by="test")
    add_account(store, Account("gv@tt.edu.vn", "truong", school_id="HP-THCS-TT"), by="test")
    return store


def _signed_in_page(store: Store, monkeypatch, tmp_path, email: str) -> AppTest:
    monkeypatch.delenv("KDCL_OPEN_UPLOADS", raising=False)
    monkeypatch.setenv("KDCL_UPLOADS", str(tmp_path / "uploads"))
    app = open_app(store, monkeypatch, "pages/nhap_du_lieu.py", secrets={"auth": _AUTH}, user=_signed_in(email))
    app.file_uploader(key="uploads").upload("Quang Trung.docx", (DOCX / "HP-THPT-QT.docx").read_bytes())
    return _run(app)


def test_a_school_account_is_not_offered_a_new_school_and_a_so_only_its_province(accounts_store, monkeypatch,
                                                                                  tmp_path):
    school = _signed_in_page(accounts_store, monkeypatch, tmp_path, "gv@tt.edu.vn")
    assert not [s for s in school.selectbox if s.label == "Tài liệu này của trường nào?"]  # nothing to choose
    so = _signed_in_page(accounts_store, monkeypatch, tmp_path, "so@hp.vn")
    assert "Thêm trường mới (chưa có trong danh sách)" in _picker(so).options
    _picker(so).set_value("__new_school__")
    _run(so)
    fid = _picker(so).key.removeprefix("school_for_")
    assert so.selectbox(key=f"new_province_{fid}").options == ["Hải Phòng"]


def test_a_files_errors_download_as_the_rows_shown(page, tmp_path, served_downloads):  # noqa: F811
    """The grid's own CSV button is hidden, so an import report has its own two downloads: the rejected
    file's error, titled with the file's name, in the bytes the button serves."""
    serve = served_downloads
    store, app = page
    app.file_uploader(key="uploads").set_value([("hỏng.xlsx", _bad_workbook(tmp_path), XLSX)])
    _run(app)
    shown = on_screen(app.expander[0].dataframe[0])
    key = next(b.key for b in app.get("download_button") if (b.key or "").startswith("csv_issues_"))
    text = serve(app, key).decode("utf-8-sig")
    assert text.startswith("# Bảng: Lỗi và cảnh báo của tệp hỏng.xlsx\r\n")
    assert "# Nguồn" not in text and "# Phạm vi" not in text  # the rows come from the file, not the store
    assert f"\r\nLỗi,{shown['Trang/Bảng'].iloc[0]}," in text and shown["Nội dung"].iloc[0] in text
    workbook = serve(app, key.replace("csv_", "xlsx_", 1))
    assert workbook[:2] == b"PK"
