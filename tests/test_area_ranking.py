"""Theo địa bàn without a province: every district and commune of the scope ranked, each keyed by its
province; and the layout the screen gives key columns (metrics.present)."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders.store import StoreReader
from metrics.filters import Filters
from metrics.present import leading, screen_layout
from metrics.tables import area_table
from tests.apptest import on_screen, open_app


@pytest.mark.parametrize("area", ["district", "commune"])
def test_the_country_s_districts_and_communes_add_up_to_their_provinces(shared_demo_store, area):
    con = StoreReader(shared_demo_store).cursor()
    provinces = area_table(con, Filters(), "province").set_index("province")
    places = area_table(con, Filters(), area)
    assert list(places.columns[:2]) == ["province", area]
    assert not places.duplicated(["province", area]).any()
    summed = places.groupby("province")[["n_assessed", "n_below1", "plan_cost_vnd"]].sum()
    pd.testing.assert_frame_equal(summed.sort_index(), provinces[summed.columns].sort_index(), check_dtype=False)
    # within one province the same rows as when the province is chosen
    one = area_table(con, Filters(province="Hải Phòng"), area)
    # (a seed school with no commune is one row of its own: blank)
    assert sorted(one[area].fillna("")) == sorted(places.loc[places["province"] == "Hải Phòng", area].fillna(""))


def test_the_page_ranks_every_district_before_a_province_is_chosen(shared_demo_store, monkeypatch):
    app = open_app(shared_demo_store, monkeypatch, "pages/theo_dia_ban.py")
    app.radio(key="area_grouping").set_value("district").run()
    assert not app.exception
    assert "Bảng so sánh: 25 quận/huyện (trước 2025)" in [s.value for s in app.subheader]
    shown = on_screen(app.dataframe[0])
    assert list(shown.columns[:2]) == ["Tỉnh/Thành phố", "Quận/Huyện (trước 2025)"]
    assert set(shown["Tỉnh/Thành phố"]) == {"Hải Phòng", "Điện Biên", "Hồ Chí Minh"}
    # an empty cell is drawn empty, not as Streamlit's default "None"
    assert all(table.proto.placeholder == "" and table.proto.HasField("placeholder") for table in app.dataframe)


def test_long_texts_are_capped_and_the_name_pinned_by_header():
    frame = pd.DataFrame(columns=["name", "cost_vnd", "action", "criterion_id", "school_id", "level_group"])
    assert screen_layout(frame) == {"Tên trường": {"width": 260, "pinned": True},
                                    "Kinh phí (đồng)": {"alignment": "right"},
                                    "Công việc/giải pháp": {"width": "large"}}


def test_a_list_puts_its_own_columns_first_and_keeps_the_rest_in_order():
    frame = pd.DataFrame(columns=["name", "district", "self_assessed", "self_year", "school_id"])
    assert list(leading(frame, ["name", "self_assessed", "missing_column"]).columns) == [
        "name", "self_assessed", "district", "self_year", "school_id"]


def test_the_schools_behind_a_blank_commune_are_those_without_one(seed_con):
    from metrics.overview import schools_behind
    communes = area_table(seed_con, Filters(), "commune")
    blank = communes[communes["commune"].isna()]
    assert len(blank), "the seeds hold schools with no commune written"
    for _, row in blank.iterrows():  # the row as the page reads it back (a missing text is pd.NA)
        behind = schools_behind(seed_con, Filters(province=row["province"]), area="commune", area_value=row["commune"])
        assert len(behind) == row["n_assessed"] and behind["commune"].isna().all()


def test_counts_on_screen_group_thousands_the_vietnamese_way():
    """Streamlit would group '11185' as the browser's locale does ('11,185' in an English browser)."""
    from metrics.present import for_screen
    shown = for_screen(pd.DataFrame({"n_schools": [11185, 7], "recognised_level_any": [2, None]}))
    assert list(shown["Số trường"]) == ["11.185", "7"]
    assert screen_layout(pd.DataFrame(columns=["n_schools"])) == {"Số trường": {"alignment": "right"}}
