"""The Phân bổ kinh phí page on the demo store (issue 12): the priority objective with its weights and reasons,
annual budgets, the caps, the unit-cost flags with their drill-down (which never change the choice), the
budget curve solved only when asked, and the Word draft read back from the bytes a click serves."""
from __future__ import annotations

import io
import json
from datetime import date

import docx
import pandas as pd
import pytest
import streamlit as st

from loaders.store import Store, StoreReader
from metrics import planner_compare, planner_docx, unit_costs
from metrics.filters import Filters
from metrics.formatting import format_vnd
from metrics.planner import Constraints, plan
from metrics.planner_model import PlanOptions, planner_needs
from metrics.planner_priority import Priority, planning_period_end, priority_weights, recognised_below, weight_map
from metrics.planner_report import funded_items, funding_by_district
from metrics.tables import funding_items
from pages import ui
from tests.apptest import on_screen, open_app
from tests.test_downloads import served_downloads  # noqa: F401 (a fixture)

_HAI_PHONG = Filters(province="Hải Phòng")
_BUDGET = 50_000_000_000


@pytest.fixture(scope="module")
def demo_store(shared_demo_store) -> Store:
    return shared_demo_store


@pytest.fixture(scope="module")
def needs(demo_store):
    return planner_needs(StoreReader(demo_store).cursor(), _HAI_PHONG)


def _page(demo_store, monkeypatch):
    app = open_app(demo_store, monkeypatch, "pages/phan_bo.py")
    app.selectbox(key="filter_province").set_value("Hải Phòng").run()
    return app


def _metric(app, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def _table(app, key: str) -> pd.DataFrame:
    keys = [b.key for b in app.get("download_button") if b.key and b.key.startswith("csv_")]
    return on_screen(app.dataframe[keys.index(f"csv_{key}")])


def test_the_priority_objective_shows_each_chosen_school_s_weight_and_reasons(demo_store, needs, monkeypatch):
    app = _page(demo_store, monkeypatch)
    app.radio(key="planner_objective").set_value("weight").run()
    communes = app.multiselect(key="planner_communes")
    assert communes.value == []  # no commune of Hải Phòng is in the reference list
    communes.set_value([("Hải Phòng", "Xã An Lão 1")]).run()
    assert not app.exception, [e.value for e in app.exception]
    day = date.today()
    priority = Priority(frozenset({("Hải Phòng", "Xã An Lão 1")}), planning_period_end(day))
    weights = priority_weights(StoreReader(demo_store).cursor(), _HAI_PHONG, priority)
    best = plan(needs, Constraints(_BUDGET, "weight", weights=weight_map(weights)))
    assert _metric(app, "Số trường đạt mục tiêu") == str(best.n_promoted)
    chosen = _table(app, "planner_selected").set_index("Mã trường")
    assert set(chosen.index) == best.selected
    expected = weights.set_index("school_id").loc[list(chosen.index)]
    assert list(chosen["Hệ số ưu tiên"]) == [f"{w:.1f}".replace(".", ",") for w in expected["priority_weight"]]
    assert list(chosen["Lý do ưu tiên"]) == list(expected["priority_reason"])
    in_commune = chosen[chosen["Xã/Phường"] == "Xã An Lão 1"]
    assert len(in_commune) and in_commune["Lý do ưu tiên"].str.contains(
        "Xã An Lão 1: xã khó khăn (chọn khi lập phương án)", regex=False).all()
    assert chosen["Lý do ưu tiên"].str.contains("quyết định công nhận", regex=False).any()


def test_annual_budgets_show_the_money_and_the_schools_of_each_year(demo_store, needs, monkeypatch):
    app = _page(demo_store, monkeypatch)
    app.toggle(key="planner_phased").set_value(True).run()
    app.text_input(key="planner_annual").set_value("2026=20 tỷ; 2027=30 tỷ").run()
    best = plan(needs, Constraints(years={2026: 20_000_000_000, 2027: 30_000_000_000}))
    years = _table(app, "planner_years")
    assert list(years["Năm"]) == [2026, 2027]
    assert list(years["Kinh phí sử dụng (đồng)"]) == [format_vnd(best.funding_by_year[y]) for y in (2026, 2027)]
    assert list(years["Số trường đạt"]) == [str(list(best.promoted_year.values()).count(y)) for y in (2026, 2027)]
    chosen = _table(app, "planner_selected").set_index("Mã trường")
    assert chosen["Năm đạt"].to_dict() == best.promoted_year
    app.text_input(key="planner_annual").set_value("2026=hai mươi tỷ").run()
    assert any("không đọc được" in w.value for w in app.warning) and not app.metric


def test_a_cap_per_commune_and_per_province_reach_the_solver(demo_store, needs, monkeypatch):
    app = _page(demo_store, monkeypatch)
    app.radio(key="planner_cap_area").set_value("commune").run()
    app.text_input(key="planner_cap").set_value("5 tỷ").run()
    capped = plan(needs, Constraints(_BUDGET, commune_cap=5_000_000_000))
    assert capped.n_promoted != plan(needs, Constraints(_BUDGET)).n_promoted  # the cap binds on the demo data
    assert _metric(app, "Số trường đạt mục tiêu") == str(capped.n_promoted)
    app.text_input(key="planner_province_cap").set_value("30 tỷ").run()
    both = plan(needs, Constraints(_BUDGET, commune_cap=5_000_000_000, province_cap=30_000_000_000))
    assert _metric(app, "Số trường đạt mục tiêu") == str(both.n_promoted)


def test_the_flags_of_funded_items_drill_down_to_the_school(demo_store, needs, monkeypatch):
    app = _page(demo_store, monkeypatch)
    best = plan(needs, Constraints(_BUDGET))
    flags = unit_costs.flags_among(unit_costs.unit_cost_flags(funding_items(StoreReader(demo_store).cursor(),
                                                                            _HAI_PHONG)),
                                   needs.items[needs.items["school_id"].isin(best.selected)])
    assert len(flags) and set(flags["school_id"]) <= best.selected
    assert f"Kinh phí bất thường ({len(flags)})" in [t.label for t in app.tabs]
    shown = _table(app, "planner_flags")
    assert list(shown["Ghi chú kinh phí"]) == list(flags["cost_note"])
    assert shown["Ghi chú kinh phí"].str.contains("lần trung vị").all()
    app.session_state["table_planner_flags"] = {"selection": {"rows": [1], "columns": []}}
    app.run()
    links = [link.proto for link in app.get("page_link")]
    assert [(link.page, link.query_string) for link in links] == [("ho_so_truong", f"truong={flags['school_id'][1]}")]


def test_flags_never_change_the_choice(demo_store, monkeypatch):
    """Whatever the check says (here: every item of the scope flagged), the schools chosen are the same."""
    app = _page(demo_store, monkeypatch)
    before = set(_table(app, "planner_selected")["Mã trường"]), _metric(app, "Kinh phí sử dụng")
    real = unit_costs.unit_cost_flags

    def every_item_flagged(items):
        flagged = real(items)
        return pd.concat([flagged] * 3, ignore_index=True).assign(cost_flag="high")
    monkeypatch.setattr(ui, "unit_cost_flags", every_item_flagged)
    st.cache_data.clear()  # the flags are cached per scope, and so is the solve: both are made again
    app.run()
    assert (set(_table(app, "planner_selected")["Mã trường"]), _metric(app, "Kinh phí sử dụng")) == before
    assert len(_table(app, "planner_flags")) > 0


def test_the_budget_curve_is_solved_only_when_asked(demo_store, monkeypatch):
    solves = []
    real = planner_compare.plan
    monkeypatch.setattr(planner_compare, "plan", lambda *a, **k: solves.append(1) or real(*a, **k))
    app = _page(demo_store, monkeypatch)
    assert solves == [] and "csv_planner_curve_table" not in [b.key for b in app.get("download_button")]
    app.button(key="planner_curve_button").click().run()
    curve = _table(app, "planner_curve_table")
    assert len(solves) == len(curve) > 10
    assert "Khoảng cách tối ưu (%)" not in curve.columns  # every point proven optimal: no column of zeros
    names = [trace["name"] for trace in json.loads(app.get("plotly_chart")[-1].proto.spec)["data"]]
    assert names == ["Phương án tối ưu", "Ưu tiên nhu cầu lớn nhất", "Ưu tiên hạng mục rẻ nhất"]
    app.run()  # the same inputs again: the cached curve, no solve
    assert len(solves) == len(curve) and len(_table(app, "planner_curve_table")) == len(curve)
    app.text_input(key="planner_budget").set_value("40 tỷ").run()  # other inputs: asked again, not solved
    assert len(solves) == len(curve) and "csv_planner_curve_table" not in [b.key for b in app.get("download_button")]


def test_the_word_draft_holds_the_assumptions_the_headline_and_the_annex(demo_store, needs, monkeypatch,
                                                                           served_downloads):  # noqa: F811
    app = _page(demo_store, monkeypatch)
    app.checkbox(key="planner_estimate").check().run()
    estimated = planner_needs(StoreReader(demo_store).cursor(), _HAI_PHONG, PlanOptions(estimate_missing=True))
    best = plan(estimated, Constraints(_BUDGET))
    document = docx.Document(io.BytesIO(served_downloads(app, "planner_docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    header, rules_table, signature, *annex = document.tables  # the form's header and signature around the figures
    issuer, motto = ([p.text for p in cell.paragraphs] for cell in header.rows[0].cells)
    assert issuer == ["UBND THÀNH PHỐ HẢI PHÒNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "", "Số: ……/TTr-SGDĐT"]
    assert motto[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert motto[3] == f"Hải Phòng, ngày …… tháng …… năm {date.today().year}"
    assert [p.text for p in document.paragraphs[:4]] == [
        "DỰ THẢO", "TỜ TRÌNH", "Về việc phân bổ kinh phí để các trường đạt Cấp độ 2 / Chuẩn quốc gia Mức độ 1",
        "Kính gửi: Ủy ban nhân dân thành phố Hải Phòng."]
    assert "kính trình Ủy ban nhân dân thành phố Hải Phòng xem xét, phê duyệt" in text
    assert [p.text for p in signature.rows[0].cells[1].paragraphs][0] == "GIÁM ĐỐC"
    page = document.sections[0]  # A4, as a Sở's documents are (the template's own is US Letter)
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    assert "Phạm vi: Tỉnh/Thành phố: Hải Phòng" in text and "Ngân sách: 50 tỷ đồng (50.000.000.000 đ)." in text
    assert "Ước tính hạng mục chưa có kinh phí theo trung vị cùng nhóm và cấp học: Có" in text
    assert f"phương án đưa {best.n_promoted} trường đạt Cấp độ 2" in text
    assert f"Trong {best.n_promoted} trường đạt có 3 trường không cần kinh phí" in text
    assert "Phương án tối ưu: không có cách chọn nào đưa được nhiều trường hơn" in text
    assert "HiGHS" not in text.split("PHỤ LỤC")[0]  # the solver's name only in the closing note
    rules, items, districts, categories = ([[c.text.replace("\xa0", " ") for c in row.cells] for row in t.rows]
                                           for t in (rules_table, *annex))
    assert rules[1] == ["Phương án đề xuất", str(best.n_promoted), format_vnd(best.money_used)]
    funded = funded_items(StoreReader(demo_store).cursor(), estimated, best)
    assert len(items) == len(funded) + 2 and items[0][:2] == ["Mã trường", "Tên trường"]
    assert [row[0] for row in items[1:-1]] == list(funded["school_id"])
    cost = items[0].index("Kinh phí (đồng)")
    assert items[-1][0] == "Tổng cộng" and items[-1][cost] == format_vnd(best.money_used)
    printed = annex[0]._tbl  # as printed: the header on every page, amounts on the right, the totals in bold
    assert printed.tr_lst[0].trPr.xml.count("tblHeader") == 1 and "tblHeader" not in printed.tr_lst[1].xml
    assert 'w:jc w:val="right"' in printed.tr_lst[1].tc_lst[cost].xml and "<w:b/>" in printed.tr_lst[-1].xml
    assert "<w:b/>" not in printed.tr_lst[1].xml
    assert sum(int(row[cost].replace(".", "").removesuffix(" đ")) for row in items[1:-1]) == best.money_used
    assert any(row[-1] == "ước tính theo trung vị" for row in items[1:-1])
    years = [row[items[0].index("Năm thực hiện")] for row in items[1:-1]]  # '2026', never '2026.0'
    assert any(years) and all(y == "" or (y.isdigit() and len(y) == 4) for y in years), set(years)
    assert len(districts) == len(funding_by_district(funded)) + 2 and districts[-1][2] == str(best.n_promoted)
    assert categories[-1][0] == "Tổng cộng" and categories[-1][-1] == format_vnd(best.money_used)


def test_the_annex_workbook_says_its_data_budget_and_target(demo_store, monkeypatch, served_downloads):  # noqa: F811
    """Each sheet of 'Tải phụ lục danh mục đầu tư (Excel)' under its title: the scope, the data's day and
    source, the budget and the target asked for (it had the scope alone)."""
    import openpyxl
    app = _page(demo_store, monkeypatch)
    workbook = openpyxl.load_workbook(io.BytesIO(served_downloads(app, "planner_annex")), data_only=True)
    for sheet in workbook.worksheets:
        lines = [sheet.cell(row, 1).value for row in range(2, 7)]
        assert lines[0].startswith("Phạm vi: Tỉnh/Thành phố: Hải Phòng"), (sheet.title, lines)
        assert any(str(line).startswith("Nguồn: ") for line in lines), lines
        assert "Ngân sách: 50 tỷ đồng (50.000.000.000 đ)" in lines and "Mục tiêu: Cấp độ 2 / Chuẩn quốc gia Mức độ 1" in lines, lines
    chosen = openpyxl.load_workbook(io.BytesIO(served_downloads(app, "xlsx_planner_selected")), data_only=True).active
    lines = [chosen.cell(row, 1).value for row in range(2, 8)]  # a table passed on alone says what was asked too
    assert "Ngân sách: 50 tỷ đồng (50.000.000.000 đ)" in lines and "Mục tiêu: Cấp độ 2 / Chuẩn quốc gia Mức độ 1" in lines
    headers = {cell.value for row in workbook.worksheets[0].iter_rows(max_row=12) for cell in row}
    # no amount estimated by the median: no column that would be empty on every row
    assert "Kinh phí (đồng)" in headers and "Cách tính kinh phí" not in headers


def test_the_schools_promoted_for_nothing_are_told_apart(demo_store, needs, monkeypatch):
    """Three Hải Phòng schools lack only a 0 đ measure ("Tham mưu bổ sung giáo viên"): they count among
    the schools reached, and the page says how many needed no money."""
    free = [("DEMO-HAIPHO-ANLAO-MN13", "DEMO-HAIPHO-HONBAN-MN05", "DEMO-HAIPHO-VINBAO-MN04")]
    assert [tuple(sorted(needs.free()))] == free
    app = _page(demo_store, monkeypatch)
    best = plan(needs, Constraints(_BUDGET))
    said = " ".join(c.value for c in app.caption).replace("\\", "")
    assert f"Trong {best.n_promoted} trường đạt có 3 trường không cần kinh phí từ ngân sách này" in said


def test_the_schools_money_cannot_promote_show_why_and_no_empty_amount(demo_store, needs, monkeypatch):
    app = _page(demo_store, monkeypatch)
    blocked = _table(app, "planner_blocked")
    assert len(blocked) == (~needs.schools["promotable"]).sum() > 0
    assert "Kinh phí cần (đồng)" not in blocked.columns and blocked["Lý do"].str.len().min() > 0
    assert {"Tổng hợp theo quận/huyện", "Tổng hợp theo nhóm điểm yếu"} <= {m.value.strip("*") for m in app.markdown}


def test_schools_below_the_target_that_still_hold_a_recognition_are_counted(demo_store, needs, monkeypatch):
    """Trường THCS Toàn Thắng holds Chuẩn quốc gia Mức độ 2 until 31/05/2029 (seed registry) while its latest
    self-assessment is below Cấp độ 2: it stays in the planner (the gap must be closed before its next external
    assessment), and the page says how many such schools there are."""
    held = recognised_below(StoreReader(demo_store).cursor(), _HAI_PHONG, needs.schools["school_id"])
    assert "HP-THCS-TT" in held and set(held) <= set(needs.schools["school_id"])
    app = _page(demo_store, monkeypatch)
    said = [c.value.replace("\\", "") for c in app.caption]
    assert any(c.startswith(f"{len(held)} trong {len(needs.schools)} trường dưới mức mục tiêu đang có quyết định "
                            "công nhận còn hiệu lực") for c in said), said


def test_every_download_of_the_page_has_a_file_name_of_its_own(demo_store, monkeypatch, served_downloads):  # noqa: F811
    """The annex workbook and the funded items' table were both 'phu-luc-danh-muc-dau-tu-….xlsx'."""
    app = _page(demo_store, monkeypatch)
    names = [served_downloads(app, b.key, named=True)[1] for b in app.get("download_button")]
    assert len(names) > 6 and len(set(names)) == len(names), names
    assert f"cac-hang-muc-duoc-cap-kinh-phi-{date.today():%Y-%m-%d}.xlsx" in names


def test_the_money_cards_give_every_dong_in_their_help(demo_store, needs, monkeypatch):
    """The cards round ('49,68 tỷ đồng' beside '325 triệu đồng' for 50 tỷ); their help has the exact amounts,
    which add up to the budget."""
    app = _page(demo_store, monkeypatch)
    used, left = (next(m for m in app.metric if m.label == label) for label in ("Kinh phí sử dụng", "Còn lại"))
    exact = [int(card.help.removesuffix(" đ").replace(".", "")) for card in (used, left)]
    assert sum(exact) == _BUDGET and exact[0] == plan(needs, Constraints(_BUDGET)).money_used


def test_the_chosen_schools_have_no_column_their_inputs_leave_empty(demo_store, monkeypatch):
    """One budget, no median estimates: 'Năm đạt' and 'Cách tính kinh phí' were empty in every row and
    'Được chọn' said 'Có' in every row; with budgets by year 'Năm đạt' is there (the test above)."""
    app = _page(demo_store, monkeypatch)
    chosen, items = _table(app, "planner_selected"), _table(app, "planner_items")
    assert not {"Năm đạt", "Được chọn", "Cách tính kinh phí"} & set(chosen.columns)
    assert "Cách tính kinh phí" not in items.columns
    app.checkbox(key="planner_estimate").check().run()
    assert "Cách tính kinh phí" in _table(app, "planner_items").columns


@pytest.mark.parametrize("more, said", [(3, "nhiều hơn 3 trường so với"), (0, "bằng số trường của"),
                                        (-1, "ít hơn 1 trường so với")])
def test_the_draft_compares_with_the_simple_rules_in_words_that_fit_the_numbers(more, said):
    """It said 'nhiều hơn 0 trường so với cách ưu tiên…' when the simple rule did as well."""
    assert planner_docx._compared(more) == said


def test_a_target_no_school_reaches_says_so_and_blames_no_filter(demo_store, monkeypatch):
    """Zero schools once read 'Không có dòng nào với bộ lọc hiện tại' under a green '+0 trường'."""
    app = _page(demo_store, monkeypatch)
    app.radio(key="planner_target").set_value(3).run()  # Cấp độ 3: no school's plan costs nothing
    app.text_input(key="planner_budget").set_value("1 triệu").run()
    assert not app.exception, [e.value for e in app.exception]
    warning = next(i.value for i in app.info if i.value.startswith("Không trường nào"))
    assert "nâng được lên mục tiêu này bằng kinh phí" in warning and "Trường chưa thể nâng bằng kinh phí" in warning
    assert "Phương án chưa chọn trường nào với ngân sách và mục tiêu này." in [i.value for i in app.info]
    assert not [i for i in app.info if "bộ lọc hiện tại" in i.value]
    card = next(m for m in app.metric if m.label == "Số trường đạt mục tiêu")
    assert (card.value, card.proto.delta, card.proto.color) == ("0", "+0 trường", 2)  # 2: off, drawn grey


def test_a_budget_below_every_school_s_need_says_what_the_cheapest_needs(shared_demo_store, monkeypatch):
    """Điện Biên's schools can all be promoted, at a cost: 1 triệu promotes none of them."""
    app = open_app(shared_demo_store, monkeypatch, "pages/phan_bo.py")
    app.selectbox(key="filter_province").set_value("Điện Biên").run()
    app.text_input(key="planner_budget").set_value("1 triệu").run()
    assert not app.exception, [e.value for e in app.exception]
    said = next(i.value for i in app.info if i.value.startswith("Không trường nào"))
    assert said.startswith("Không trường nào đạt mục tiêu với ngân sách này: trường cần ít kinh phí nhất cần ")
    assert _metric(app, "Số trường đạt mục tiêu") == "0"
