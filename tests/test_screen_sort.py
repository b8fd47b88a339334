"""Tables on screen sort by value. The grid sorts text character by character, so '10.000.000.000 đ'
came before '9.000.000 đ' and '10' before '9'. metrics.present.screen_table pads the numbers with
spaces on the left to one width (a space comes before every digit); right-aligned, the spaces are not seen."""
from __future__ import annotations

import pandas as pd

from metrics import present
from tests.apptest import on_screen, open_app

_MONEY, _COUNT, _SHARE = "Kinh phí dự kiến (đồng)", "Số trường", present.column("share_level2_up").header


def _sorted_as_text(texts: list[str]) -> list[str]:
    """The order a click on the header gives: the text's characters, compared one by one."""
    return [t.strip() for t in sorted(texts)]


def test_money_counts_and_shares_sort_by_value_and_read_as_written():
    frame = pd.DataFrame({"name": ["A", "B", "C", "D"],
                          "plan_cost_vnd": [10_000_000_000, 9_000_000, None, 250_000_000],
                          "n_schools": [10, 9, 1_234, 0], "share_level2_up": [9.0, 12.5, 100.0, 0.5]})
    shown = present.screen_table(frame)
    assert _sorted_as_text(list(shown[_MONEY])) == ["", "9.000.000 đ", "250.000.000 đ", "10.000.000.000 đ"]
    assert _sorted_as_text(list(shown[_COUNT])) == ["0", "9", "10", "1.234"]
    assert _sorted_as_text(list(shown[_SHARE])) == ["0,5", "9,0", "12,5", "100,0"]
    assert [t.strip() for t in shown[_MONEY]] == ["10.000.000.000 đ", "9.000.000 đ", "", "250.000.000 đ"]
    assert len(set(shown[_MONEY].str.len())) == 1  # one width: the separators stand in the same places


def test_a_column_with_a_negative_number_or_a_label_is_left_as_written():
    frame = pd.DataFrame({"plan_cost_vnd": [-5_000, 250_000_000], "n_schools": [3, "Cấp độ 2"]})
    shown = present.screen_table(frame)
    assert list(shown[_MONEY]) == ["-5.000 đ", "250.000.000 đ"]
    assert list(shown[_COUNT]) == ["3", "Cấp độ 2"]


def test_other_uses_of_the_screen_text_are_not_padded():
    frame = pd.DataFrame({"plan_cost_vnd": [9_000_000, 10_000_000_000]})
    assert list(present.for_screen(frame)[_MONEY]) == ["9.000.000 đ", "10.000.000.000 đ"]  # the Word annex's


def test_a_page_draws_its_amounts_padded_to_one_width(seed_store, monkeypatch):
    app = open_app(seed_store, monkeypatch, "pages/kinh_phi.py")
    table = app.dataframe[0]
    sent, drawn = table.value[_MONEY], on_screen(table)[_MONEY]
    assert len(set(sent.str.len())) == 1 and sent.str.startswith(" ").any()
    assert all(text.endswith(" đ") and text[0].isdigit() for text in drawn)


def test_dates_and_times_stay_dates_the_grid_writes_the_vietnamese_way():
    """As text, '01/12/2026' sorted before '31/01/2025'; as dates the grid sorts them by time and
    writes them 'DD/MM/YYYY' (times 'HH:mm:ss DD/MM/YYYY') by the column's format."""
    import datetime as dt
    frame = pd.DataFrame({"recognition_valid_until": [dt.date(2026, 12, 1), dt.date(2025, 1, 31), None],
                          "imported_at": pd.to_datetime(["2026-12-01 14:05:09", "2026-12-02 09:00:00", None])})
    shown = present.screen_table(frame)
    until, imported = present.column("recognition_valid_until").header, present.column("imported_at").header
    assert list(shown[until].sort_values().dropna().dt.strftime("%d/%m/%Y")) == ["31/01/2025", "01/12/2026"]
    assert list(shown[imported].sort_values().dropna().dt.strftime("%H:%M:%S %d/%m/%Y")) == [
        "14:05:09 01/12/2026", "09:00:00 02/12/2026"]
    layout = present.screen_layout(frame)
    assert layout[until]["type_config"] == {"type": "date", "format": "DD/MM/YYYY"}
    assert layout[imported]["type_config"] == {"type": "datetime", "format": "HH:mm:ss DD/MM/YYYY"}
    assert list(present.for_screen(frame)[until]) == ["01/12/2026", "31/01/2025", ""]  # elsewhere: text


def test_the_recognition_page_sends_its_dates_as_dates(seed_store, monkeypatch):
    app = open_app(seed_store, monkeypatch, "pages/cong_nhan.py")
    until = present.column("recognition_valid_until").header
    tables = [t.value for t in app.dataframe if until in t.value.columns]
    assert tables and all(pd.api.types.is_datetime64_any_dtype(t[until]) for t in tables)
