"""Keys inside, labels at the edge: frameworks and assessments are picked by key, never by a
display label, and every column a metric returns has its Vietnamese header in metrics.labels."""
from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from loaders.importer import import_file
from loaders.store import Store
from metrics import overview, profile, tables
from loaders.store import StoreReader
from metrics.filters import Filters
from metrics.present import for_download, for_screen
from tests.conftest import ROOT

_SCHOOLS = ("Mã trường,Tên trường,Cấp học,Tỉnh/Thành phố,Quận/Huyện\n"
            "PT57,Trường THCS Hòa Bình,THCS,Hải Phòng,Tiên Lãng\n"
            "MN57,Trường Mầm non Hòa Bình,Mầm non,Hải Phòng,Tiên Lãng\n"
            "TWIN1,Trường Tiểu học An Hòa,Tiểu học,Hải Phòng,An Lão\n"
            "TWIN2,Trường Tiểu học An Hòa,Tiểu học,Hải Phòng,Kiến Thụy\n")


def _ratings(rows: list[tuple[str, str, str, str, str]]) -> str:
    lines = ["Mã trường,Năm học,Hình thức,Tiêu chí,Mức đạt"]
    return "\n".join(lines + [",".join(r) for r in rows]) + "\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    """Two TT57/2026 schools of different frameworks (general, preschool) rated 2026-2027, where only
    the general school has criterion 1.3 below Mức 2; two primary schools of the same name; and one
    of them with a self and an external assessment in the same year."""
    folder = tmp_path_factory.mktemp("keys")
    store = Store(folder / "store")
    (folder / "Trường.csv").write_text(_SCHOOLS, encoding="utf-8")
    rows = [("PT57", "2026-2027", "Tự đánh giá", "1.3", "Mức 1"), ("PT57", "2026-2027", "Tự đánh giá", "1.1", "Mức 2"),
            ("MN57", "2026-2027", "Tự đánh giá", "1.3", "Mức 2"), ("MN57", "2026-2027", "Tự đánh giá", "1.1", "Mức 1"),
            ("TWIN1", "2023-2024", "Tự đánh giá", "1.1", "Mức 1"), ("TWIN2", "2023-2024", "Tự đánh giá", "1.1", "Mức 2"),
            ("TWIN1", "2023-2024", "Đánh giá ngoài", "1.1", "Mức 2")]
    (folder / "Đánh giá.csv").write_text(_ratings(rows), encoding="utf-8")
    for name in ("Trường.csv", "Đánh giá.csv"):
        result = import_file(store, folder / name)
        assert result.status == "imported", result.issues
    return store


@pytest.fixture(scope="module")
def con(store):
    return StoreReader(store).cursor()


def test_the_two_tt57_frameworks_get_a_heatmap_each(con):
    frameworks = overview.heatmap_frameworks(con, Filters(school_year="2026-2027"))
    assert set(frameworks["framework_key"]) == {"TT57_2026_PT_PL2", "TT57_2026_MN_PL1"}
    cells = overview.heatmap(con, Filters(), "TT57_2026_PT_PL2")
    assert set(cells["school_id"]) == {"PT57"}
    assert len(cells) == 15  # the 15 criteria of Phụ lục II, once each, not both frameworks' criteria


def test_a_drill_down_on_criterion_1_3_returns_only_that_frameworks_school(con):
    behind = overview.schools_behind(con, Filters(), criterion=("TT57_2026_PT_PL2", "1.3"))
    assert list(behind["school_id"]) == ["PT57"]
    assert overview.schools_behind(con, Filters(), criterion=("TT57_2026_MN_PL1", "1.3")).empty


def test_each_school_is_its_own_row_in_the_comparison_never_merged_by_name(con):
    """Two schools of one name are two rows; in a school year each school counts once, by its
    external assessment when it has one (issue 11), keyed by the assessment, never by its label."""
    cells = overview.heatmap(con, Filters(school_year="2023-2024"), "TT17_2018_TH", limit=10)
    assessments = cells.drop_duplicates(["school_id", "school_year", "assessment_type"])
    assert sorted(zip(assessments["school_id"], assessments["assessment_type"])) == [
        ("TWIN1", "Đánh giá ngoài"), ("TWIN2", "Tự đánh giá")]
    shown = overview.assessment_labels(assessments)
    assert set(shown) == {"Trường Tiểu học An Hòa · 2023-2024 · Đánh giá ngoài", "Trường Tiểu học An Hòa · 2023-2024"}
    self_only = overview.heatmap(con, Filters(school_year="2023-2024", assessment_type="Tự đánh giá"), "TT17_2018_TH")
    labels_ = overview.assessment_labels(self_only.drop_duplicates(["school_id", "school_year", "assessment_type"]))
    assert set(labels_) == {"Trường Tiểu học An Hòa · 2023-2024 (TWIN1)", "Trường Tiểu học An Hòa · 2023-2024 (TWIN2)"}


def test_the_comparison_page_offers_every_school(store, monkeypatch):
    monkeypatch.setenv("KDCL_STORE", str(store.root))
    st.cache_data.clear()
    st.cache_resource.clear()  # the reader is cached per process: never leak it between stores
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    app.selectbox(key="filter_school_year").set_value("2023-2024").run()
    app.selectbox(key="filter_assessment_type").set_value("Tự đánh giá").run()
    app.switch_page("pages/so_sanh_truong.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.multiselect[0].options) == 2 and len(set(app.multiselect[0].options)) == 2


def _every_table(con):
    filters = Filters()
    yield from (table(con, filters) for table in tables.TABLES.values())
    yield tables.criteria_table(con, filters, "district")
    for by in tables.FUNDING_GROUPS:
        yield tables.funding_table(con, filters, by)
    distribution = overview.level_distribution(con, filters, "district")
    yield overview.level_table(distribution, "district")
    yield profile.school_years(con, "PT57")
    yield profile.criteria_detail(con, "PT57", "2026-2027", "Tự đánh giá")
    yield profile.plan_detail(con, "PT57", "2026-2027")
    yield profile.school_sources(con, "PT57")


def test_every_column_a_metric_returns_has_a_vietnamese_header(con, seed_con):
    for connection in (con, seed_con):
        for frame in _every_table(connection):
            shown = for_screen(frame)
            assert not [c for c in shown.columns if re.fullmatch(r"[a-z][a-z0-9_]*", c)], shown.columns
            assert list(for_download(frame).columns) == list(shown.columns)


def test_value_labels_and_formats_apply_at_the_edge():
    import pandas as pd
    frame = pd.DataFrame({"level": [0, 3, None], "plan_cost_vnd": [1_500_000, None, 0], "level_basis": ["computed",
                          "reported", "none"], "framework_key": ["TT17_2018_TH"] * 3})
    screen = for_screen(frame)
    assert list(screen.columns) == ["Mức đạt", "Kinh phí dự kiến (đồng)", "Cơ sở kết luận"]
    assert list(screen["Mức đạt"]) == ["Không đạt", "Mức 3", "Chưa có dữ liệu"]
    assert list(screen["Kinh phí dự kiến (đồng)"]) == ["1.500.000 đ", "", "0 đ"]
    assert list(for_download(frame)["Kinh phí dự kiến (đồng)"].fillna(-1)) == [1_500_000, -1, 0]
    with pytest.raises(KeyError, match="metrics/labels.py"):
        for_screen(pd.DataFrame({"unlabelled_column": [1]}))


def test_the_recognition_lists_pick_by_status_and_level():
    import pandas as pd
    from metrics.standing import external_assessment_candidates, renewals_due, self_and_external_disagree
    schools = pd.DataFrame({
        "school_id": ["A", "B", "C", "D", "E"],
        "recognised_level_status": ["expiring", "valid", None, "expired", None],
        "recognised_standard_status": [None, "expiring", None, None, "valid"],
        "recognition_valid_until": pd.to_datetime(["2027-03-15", "2027-01-10", None, "2024-06-01", "2029-09-10"]),
        "self_level": [2, 3, 2, 2, 1], "external_level": [2, 2, None, 2, 1]})
    # B lapses first (its Chuẩn quốc gia), then A; D has lapsed already, E is in force for years
    assert list(renewals_due(schools)["school_id"]) == ["B", "A"]
    # Mức 2 or higher by itself and nothing in force: C (never recognised), D (lapsed)
    assert list(external_assessment_candidates(schools)["school_id"]) == ["C", "D"]
    assert list(self_and_external_disagree(schools)["school_id"]) == ["B"]


def test_text_from_files_is_escaped_before_markdown():
    from pages.ui import plain
    assert plain("![x](http://host/t.png) **b** <i>") == "\\!\\[x\\](http\\:\u2060//host/t\\.png) \\*\\*b\\*\\* \\<i\\>"


def test_a_school_name_with_markdown_shows_as_written_on_its_profile(tmp_path, monkeypatch):
    hostile = "![x](http://host/t.png) **b**"
    (tmp_path / "Trường.csv").write_text("Mã trường,Tên trường,Cấp học,Tỉnh/Thành phố,Quận/Huyện\n"
                                         f'X1,"{hostile}",THCS,Hải Phòng,Tiên Lãng\n', encoding="utf-8")
    (tmp_path / "Đánh giá.csv").write_text(_ratings([("X1", "2023-2024", "Tự đánh giá", "1.1", "Mức 2")]),
                                           encoding="utf-8")
    store = Store(tmp_path / "store")
    for name in ("Trường.csv", "Đánh giá.csv"):
        assert import_file(store, tmp_path / name).status == "imported"
    monkeypatch.setenv("KDCL_STORE", str(store.root))
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/ho_so_truong.py").run()
    assert not app.exception, [e.value for e in app.exception]
    shown = [h.value for h in app.header if h.value != "Bộ lọc"]
    assert shown == ["\\!\\[x\\](http\\:\u2060//host/t\\.png) \\*\\*b\\*\\*"]


def test_levels_by_year_puts_each_criterion_once_with_its_level_in_each_year(tmp_path):
    """Hồ sơ trường's 'Mức đạt từng tiêu chí qua các năm' over two school years: one row per criterion
    of the framework, the newest year first, a criterion not rated in a year blank (not 0)."""
    store = Store(tmp_path / "store")
    (tmp_path / "Trường.csv").write_text("Mã trường,Tên trường,Cấp học,Tỉnh/Thành phố,Quận/Huyện\n"
                                         "Y2,Trường Tiểu học Hai Năm,Tiểu học,Hải Phòng,An Lão\n", encoding="utf-8")
    rows = [("Y2", "2022-2023", "Tự đánh giá", "1.1", "Mức 1"),
            ("Y2", "2023-2024", "Tự đánh giá", "1.1", "Mức 2"), ("Y2", "2023-2024", "Tự đánh giá", "1.2", "Không đạt")]
    (tmp_path / "Đánh giá.csv").write_text(_ratings(rows), encoding="utf-8")
    for name in ("Trường.csv", "Đánh giá.csv"):
        assert import_file(store, tmp_path / name).status == "imported"
    table = profile.levels_by_year(StoreReader(store).cursor(), "Y2")
    assert list(table.columns) == ["criterion_id", "2023-2024 · Tự đánh giá", "2022-2023 · Tự đánh giá"]
    assert table["criterion_id"].is_unique and list(table["criterion_id"][:3]) == ["1.1", "1.2", "1.3"]
    by_criterion = table.set_index("criterion_id")
    assert list(by_criterion.loc["1.1"]) == [2, 1]
    assert by_criterion.loc["1.2", "2023-2024 · Tự đánh giá"] == 0
    assert by_criterion.loc[["1.2", "1.3"], "2022-2023 · Tự đánh giá"].isna().all()
