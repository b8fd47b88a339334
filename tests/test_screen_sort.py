"""Tables on screen sort by value: metrics.present.screen_table sends the numbers and dates to sort by
and the Vietnamese text to draw (a pandas Styler's display values), so '9.000.000 đ' comes before
'10.000.000.000 đ' and '9' before '10' when an official clicks a header. Text sorted them the other way."""
from __future__ import annotations

from datetime import date

import pandas as pd
from pandas.io.formats.style import Styler

from metrics import present
from tests.apptest import on_screen, open_app


def _drawn(styler: Styler) -> pd.DataFrame:
    """The display text a Styler gives Streamlit, cell by cell."""
    body = styler._translate(False, False)["body"]
    return pd.DataFrame([[cell["display_value"] for cell in row if cell["type"] == "td"] for row in body],
                        columns=styler.data.columns)


def test_money_counts_and_dates_keep_their_values_and_are_drawn_the_vietnamese_way():
    frame = pd.DataFrame({"name": ["A", "B", "C"], "plan_cost_vnd": [10_000_000_000, 9_000_000, None],
                          "n_schools": [10, 9, 1_234], "decision_date": [date(2024, 3, 10), date(2023, 12, 1), None]})
    styler = present.screen_table(frame)
    data = styler.data
    assert data["Kinh phí dự kiến (đồng)"].sort_values().tolist()[:2] == [9_000_000, 10_000_000_000]
    assert data["Số trường"].tolist() == [10, 9, 1_234]
    drawn = _drawn(styler)
    assert drawn["Kinh phí dự kiến (đồng)"].tolist() == ["10.000.000.000 đ", "9.000.000 đ", ""]  # missing: blank
    assert drawn["Số trường"].tolist() == ["10", "9", "1.234"]
    assert drawn[present.column("decision_date").header].tolist() == ["10/03/2024", "01/12/2023", ""]


def test_a_table_above_the_styled_size_is_sent_as_text():
    rows = present.STYLED_CELLS // 2 + 1
    frame = pd.DataFrame({"name": ["A"] * rows, "n_schools": [1_234] * rows})
    shown = present.screen_table(frame)
    assert isinstance(shown, pd.DataFrame) and shown["Số trường"].iloc[0] == "1.234"


def test_a_page_sends_numbers_beside_the_text_it_draws(seed_store, monkeypatch):
    app = open_app(seed_store, monkeypatch, "pages/kinh_phi.py")
    table = app.dataframe[0]
    values, drawn = table.value, on_screen(table)
    money = "Kinh phí dự kiến (đồng)"
    assert pd.api.types.is_numeric_dtype(values[money])
    assert drawn[money].tolist() == [f"{v:,.0f} đ".replace(",", ".") for v in values[money]]
