"""Every table's CSV and Excel download holds the rows and values the table shows, read from the
bytes a click on the button would serve."""
from __future__ import annotations

import io
from datetime import date
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import on_screen, open_app


@pytest.fixture
def served_downloads(monkeypatch):
    """What a click on a download button would serve, as bytes.

    The pages build their files lazily (`st.download_button(label, callable, on_click="ignore")`), and
    AppTest 1.67 has no way to read a download's data (streamlit/streamlit#9003): it gives each run a
    MediaFileManager, in which the button registers its callable under the proto's `deferred_file_id`,
    and drops it after the run. So the managers AppTest creates are recorded here, and a download is
    served the way Streamlit's server serves a click: `execute_deferred(file_id)`, then the stored file."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import app_test
    runs = []

    class RecordedManager(MediaFileManager):
        def __init__(self, storage):
            super().__init__(storage)
            runs.append((self, storage))

    monkeypatch.setattr(app_test, "MediaFileManager", RecordedManager)

    def serve(app: AppTest, key: str, named: bool = False):
        """The bytes, or with `named` (bytes, the file name the browser is told)."""
        button = next(b for b in app.get("download_button") if b.key == key)
        manager, storage = runs[-1]  # the run whose page the test is looking at
        url = manager.execute_deferred(button.proto.deferred_file_id)
        served = storage.get_file(url.rsplit("/", 1)[1])
        return (served.content, served.filename) if named else served.content

    return serve


def _table_and_its_downloads(app: AppTest, key: str) -> tuple[pd.DataFrame, str, str]:
    """The table shown with key `key`: every table a page shows is followed by its two buttons."""
    csv_keys = [b.key for b in app.get("download_button") if b.key and b.key.startswith("csv_")]
    assert len(csv_keys) == len(app.dataframe), csv_keys
    return on_screen(app.dataframe[csv_keys.index(f"csv_{key}")]), f"csv_{key}", f"xlsx_{key}"


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and value == "") or bool(pd.isna(value))


def _same_as_shown(column: str, shown, downloaded, percent: float = 1) -> bool:
    """The table shows amounts as '1.234.567 đ' and shares as '12,5'; the files keep the numbers (Excel a
    share as the fraction its percent format shows: `percent` = 100)."""
    if _blank(shown):
        return _blank(downloaded)
    if "(đồng)" in column:
        return int(re.sub(r"\D", "", shown)) == int(float(downloaded))
    if column.startswith("Tỷ lệ"):
        return float(shown.replace(",", ".")) == round(float(downloaded) * percent, 1)
    if column.startswith("TB "):
        return float(shown.replace(",", ".")) == round(float(downloaded), 1)
    if isinstance(shown, (int, float)) and not isinstance(shown, bool):
        return float(shown) == float(downloaded)
    return str(shown) == str(downloaded)


def _assert_same_rows(shown: pd.DataFrame, columns: list, rows: list[list], percent: float = 1) -> None:
    assert columns == list(shown.columns)
    assert len(rows) == len(shown)
    for got, (_, row) in zip(rows, shown.iterrows()):
        for column, downloaded in zip(columns, got):
            assert _same_as_shown(column, row[column], downloaded, percent), (column, row[column], downloaded)


@pytest.mark.parametrize("page, key, title", [
    ("pages/theo_dia_ban.py", "areas", "So sánh theo Tỉnh/Thành phố"),
    ("pages/kinh_phi.py", "largest", "Hạng mục lớn nhất"),
    ("pages/ho_so_truong.py", "profile_criteria", "Tiêu chí — Trường THPT Quang Trung 2023-2024"),
    ("pages/diem_yeu_chung.py", "groups", "Nhóm điểm yếu"),
])
def test_downloads_hold_the_rows_the_table_shows(page, key, title, seed_store, monkeypatch, served_downloads):
    app = open_app(seed_store, monkeypatch, page)
    shown, csv_key, xlsx_key = _table_and_its_downloads(app, key)
    assert len(shown) > 0

    data = served_downloads(app, csv_key)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    header = [line for line in lines if line.startswith("# ")]
    # the scope a download states: by default each school's standing on the day the file was made
    today = date.today().strftime("%d/%m/%Y")
    assert header[:1] == [f"# Bảng: {title}"] and f"# Hiện trạng tính đến ngày: {today}" in header
    parsed = pd.read_csv(io.StringIO("\n".join(lines[len(header):])), dtype=str, keep_default_na=False)
    _assert_same_rows(shown, list(parsed.columns), parsed.values.tolist())

    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(served_downloads(app, xlsx_key)), data_only=True).active
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert cells[0] == [title] + [None] * (len(cells[0]) - 1)
    start = next(i for i, r in enumerate(cells) if r[:2] == list(shown.columns[:2]))
    rows = cells[start + 1:]
    if rows[-1][0] == "Tổng cộng":  # tests/test_report_xlsx.py checks what it adds up
        rows = rows[:-1]
    _assert_same_rows(shown, cells[start], rows, percent=100)


def test_download_of_the_tien_lang_funding_holds_its_figure(seed_store, monkeypatch, served_downloads):
    app = open_app(seed_store, monkeypatch, "pages/kinh_phi.py")
    # the default, each school's current standing, holds both Tiên Lãng schools (2021-2022 and 2023-2024)
    app.selectbox(key="filter_district").set_value("Tiên Lãng").run()
    text = served_downloads(app, "csv_funding_district").decode("utf-8-sig")
    assert "# Quận/Huyện (trước 2025): Tiên Lãng" in text.splitlines()
    # the district beside its province (a key); Toàn Thắng 5,545 tỷ, the other plan: none
    assert text.splitlines()[-1].startswith("Tiên Lãng,Hải Phòng,5545000000,")
