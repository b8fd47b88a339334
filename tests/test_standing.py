"""Each school's current standing (issue 11), from files imported through the real importer.

Five schools, their provinces written with pre-2025 names, assessed over several years; decisions
valid, expiring (within 12 months of the day), expired, with a written and a default expiry
(decision date + 5 years, Điều 34/37); plans in two years. Every expected value below is worked
out by hand from the rows written here, on 01/12/2026 (school year 2026-2027) and on 30/06/2024
(school year 2023-2024 under way: its first calendar year is 2023).
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from loaders.importer import import_file
from loaders.schema import REFERENCE_DIR
from loaders.store import Store, StoreReader
from metrics import labels, tables
from metrics.cli import main
from metrics.filters import Filters
from tests.conftest import ROOT

DAY, EARLIER = date(2026, 12, 1), date(2024, 6, 30)
SELF, EXTERNAL = "Tự đánh giá", "Đánh giá ngoài"
_SCHOOLS = [("A", "Trường THCS An Dương", "THCS", "Hải Dương", "Gia Lộc"),
            ("B", "Trường Tiểu học Bắc Sơn", "Tiểu học", "TP Hải Phòng", "Tiên Lãng"),
            ("C", "Trường Mầm non Cát Linh", "Mầm non", "Thái Bình", "Vũ Thư"),
            ("D", "Trường Tiểu học Đông Hải", "Tiểu học", "Điện Biên", "Điện Biên"),
            ("E", "Trường THCS Yên Minh", "THCS", "Hà Giang", "Yên Minh")]
_CRITERIA = {"THCS": "criteria_TT18_2018_thcs_thpt.csv", "Tiểu học": "criteria_TT17_2018_tieu_hoc.csv",
             "Mầm non": "criteria_TT19_2018_mam_non.csv", "TT57 Mầm non": "criteria_TT57_2026_mam_non.csv",
             "TT57 Tiểu học": "criteria_TT57_2026_pho_thong.csv"}
# (school, school year, type, criteria file, level of every criterion; "Mức 3" = Mức 3 where the criterion has one)
_ASSESSMENTS = [("A", "2022-2023", SELF, "THCS", "Mức 1"), ("A", "2023-2024", EXTERNAL, "THCS", "Mức 2"),
                ("A", "2024-2025", SELF, "THCS", "Mức 3"),
                ("B", "2025-2026", SELF, "Tiểu học", "Mức 1"), ("B", "2025-2026", EXTERNAL, "Tiểu học", "Mức 2"),
                ("C", "2023-2024", SELF, "Mầm non", "Mức 2"), ("C", "2026-2027", SELF, "TT57 Mầm non", "Mức 2"),
                ("D", "2019-2020", SELF, "Tiểu học", "Mức 2"),
                ("E", "2021-2022", EXTERNAL, "THCS", "Mức 1")]
# an empty cost is "not estimated" (never summed as 0); the item still counts, having an action
_PLANS = [("A", "2023-2024", "1.1", "Xây thư viện", "100 triệu"), ("A", "2023-2024", "1.2", "Bồi dưỡng", "250 triệu"),
          ("A", "2024-2025", "3.1", "Xây phòng học", "1,5 tỷ"), ("B", "2025-2026", "1.1", "Sửa sân trường", "800tr"),
          ("B", "2025-2026", "2.1", "Bồi dưỡng giáo viên", ""), ("C", "2023-2024", "1.1", "Mua đồ chơi", "200 triệu"),
          ("C", "2026-2027", "1.1", "Xây bếp ăn", "1 tỷ 200 triệu")]
_DECISIONS = [("A", "Kiểm định chất lượng giáo dục", "Cấp độ 2", "15/03/2024", ""),
              ("A", "Chuẩn quốc gia", "Mức độ 1", "10/01/2022", "31/12/2026"),
              ("B", "Kiểm định chất lượng giáo dục", "Cấp độ 1", "01/06/2019", ""),
              ("C", "Chuẩn quốc gia", "Mức độ 1", "20/10/2016", ""),
              ("C", "Chuẩn quốc gia", "Mức độ 2", "01/09/2024", "31/08/2029"),
              ("D", "Kiểm định chất lượng giáo dục", "Cấp độ 1", "10/05/2020", "")]


def _write(path: Path, header: list[str], rows: list) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def _ratings(assessments) -> list[list[str]]:
    rows = []
    for school, year, kind, criteria, level in assessments:
        for c in pd.read_csv(REFERENCE_DIR / _CRITERIA[criteria], dtype=str).itertuples():
            shown = "Mức 2" if level == "Mức 3" and c.has_level3 != "yes" else level
            rows.append([school, year, kind, c.criterion_id, shown])
    return rows


def _import(store: Store, path: Path) -> None:
    result = import_file(store, path)
    assert result.status == "imported", result.issues


def csv_store(folder: Path, schools: list, assessments: list, plans: list) -> Store:
    """A store in `folder` from three CSVs: the schools, every criterion of each assessment at its
    level (see _ratings), and plan items."""
    store = Store(folder / "store")
    _import(store, _write(folder / "Trường.csv", ["Mã trường", "Tên trường", "Cấp học", "Tỉnh/Thành phố",
                                                  "Quận/Huyện"], schools))
    _import(store, _write(folder / "Đánh giá.csv", ["Mã trường", "Năm học", "Hình thức", "Tiêu chí", "Mức đạt"],
                          _ratings(assessments)))
    _import(store, _write(folder / "Kế hoạch.csv", ["Mã trường", "Năm học", "Tiêu chí", "Công việc/giải pháp",
                                                    "Kinh phí dự kiến"], plans))
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("standing")
    store = csv_store(folder, _SCHOOLS, _ASSESSMENTS, _PLANS)
    _import(store, _write(folder / "Công nhận.csv", ["Mã trường", "Loại công nhận", "Kết quả", "Ngày quyết định",
                                                     "Hiệu lực đến"], _DECISIONS))
    return store


def _standing(store: Store, day: date) -> pd.DataFrame:
    frame = tables.school_table(StoreReader(store).cursor(), Filters(as_of=day))
    assert frame["school_id"].is_unique
    return frame.set_index("school_id")


_SHOWN = ["province", "province_written", "self_year", "self_assessed", "external_year", "external_result",
          "recognised_level", "recognised_standard", "recognition_valid_until", "recognition_status", "plan_year",
          "plan_cost_vnd", "n_plan_items", "n_not_estimated", "data_age_years"]


def _rows(frame: pd.DataFrame) -> dict[str, tuple]:
    def plain(value):
        if value is None or value is pd.NA or (isinstance(value, float) and value != value) or value is pd.NaT:
            return None
        if isinstance(value, pd.Timestamp):
            return value.date()
        return int(value) if isinstance(value, float) and value.is_integer() else value
    return {school: tuple(plain(v) for v in row) for school, row in frame[_SHOWN].iterrows()}


def test_each_school_once_by_its_latest_assessments_on_the_day(store):
    assert _rows(_standing(store, DAY)) == {
        "A": ("Hải Phòng", "Hải Dương", "2024-2025", "Cấp độ 3", "2023-2024", "Cấp độ 2", 2, 1, date(2026, 12, 31),
              "expiring", "2024-2025", 1_500_000_000, 1, 0, 2),
        # the external assessment stands for the year it shares with the self-assessment
        "B": ("Hải Phòng", "TP Hải Phòng", "2025-2026", "Cấp độ 1", "2025-2026", "Cấp độ 2", 1, None,
              date(2024, 6, 1), "expired", "2025-2026", 800_000_000, 2, 1, 1),
        "C": ("Hưng Yên", "Thái Bình", "2026-2027", "Cấp độ 2", None, None, None, 2, date(2029, 8, 31), "valid",
              "2026-2027", 1_200_000_000, 1, 0, 0),
        # seven years old, still there
        "D": ("Điện Biên", "Điện Biên", "2019-2020", "Cấp độ 2", None, None, 1, None, date(2025, 5, 10), "expired",
              "2019-2020", None, 0, 0, 7),
        "E": ("Tuyên Quang", "Hà Giang", None, None, "2021-2022", "Cấp độ 1 (chưa có quyết định công nhận)", None, None, None, "external_only",
              "2021-2022", None, 0, 0, 5)}


def test_an_earlier_day_gives_the_older_standing(store):
    assert _rows(_standing(store, EARLIER)) == {
        "A": ("Hải Phòng", "Hải Dương", "2022-2023", "Cấp độ 1", "2023-2024", "Cấp độ 2", 2, 1, date(2026, 12, 31),
              "valid", "2023-2024", 350_000_000, 2, 0, 0),
        # B: first assessed in 2025-2026, not yet in the standing of 2023-2024
        "C": ("Hưng Yên", "Thái Bình", "2023-2024", "Cấp độ 2", None, None, None, 1, date(2021, 10, 20), "expired",
              "2023-2024", 200_000_000, 1, 0, 0),
        "D": ("Điện Biên", "Điện Biên", "2019-2020", "Cấp độ 2", None, None, 1, None, date(2025, 5, 10), "expiring",
              "2019-2020", None, 0, 0, 4),
        "E": ("Tuyên Quang", "Hà Giang", None, None, "2021-2022", "Cấp độ 1 (chưa có quyết định công nhận)", None, None, None, "external_only",
              "2021-2022", None, 0, 0, 2)}


def test_tt57_in_2026_2027_waits_for_three_years_before_the_standard(store):
    assessments = tables.assessment_table(StoreReader(store).cursor(), Filters(school_year="2026-2027"))
    row = assessments.set_index("school_id").loc["C"]
    assert (row["accreditation"], row["standard"]) == ("Cấp độ 2", "Chưa đủ 3 năm liên tiếp có dữ liệu tự đánh giá "
                                                                    "(TT57/2026)")


def test_a_newer_assessment_of_one_school_changes_only_its_row(store, tmp_path):
    copy = Store(tmp_path / "store")
    shutil.copytree(store.root, copy.root)
    before = _standing(copy, DAY)
    _import(copy, _write(tmp_path / "Đánh giá.csv", ["Mã trường", "Năm học", "Hình thức", "Tiêu chí", "Mức đạt"],
                         _ratings([("D", "2026-2027", SELF, "TT57 Tiểu học", "Mức 1")])))
    after = _standing(copy, DAY)
    others = [s for s in before.index if s != "D"]
    pd.testing.assert_frame_equal(before.loc[others], after.loc[others])
    assert _rows(after.loc[["D"]])["D"] == ("Điện Biên", "Điện Biên", "2026-2027", "Cấp độ 1", None, None, 1, None,
                                            date(2025, 5, 10), "expired", "2026-2027", None, 0, 0, 0)


# The schools table's columns (metrics/sql/school_table.sql), in order; the CLI writes those labels.py shows.
_SCHOOL_COLUMNS = ["name", "self_assessed", "n_below2", "n_to_level3", "recognised_level", "recognised_standard",
                   "recognition_status", "plan_cost_vnd", "district", "commune", "province", "school_level",
                   "school_id", "self_year", "data_age_years", "external_year", "external_result",
                   "recognition_valid_until", "list_below2", "n_missing", "plan_year", "n_plan_items",
                   "n_not_estimated", "list_below2_unplanned", "province_written", "framework_label", "explanation",
                   "is_demo", "framework_key", "level_group", "assessment_type", "self_level", "external_level",
                   "recognised_level_status", "recognised_standard_status"]


def _table(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("# "))), dtype=str)


def test_the_cli_writes_the_schools_table_with_its_labels(store):
    done = subprocess.run([sys.executable, "-m", "metrics", "schools", "--as-of", DAY.isoformat(), "--db",
                           str(store.root), "--format", "csv"], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "# Hiện trạng tính đến ngày: 01/12/2026" in done.stdout
    frame = _table(done.stdout)
    assert list(frame.columns) == [labels.header(c) for c in _SCHOOL_COLUMNS if c not in labels.HIDDEN]
    assert sorted(frame["Mã trường"]) == ["A", "B", "C", "D", "E"]


@pytest.mark.parametrize("written", ["TP Hải Phòng", "hai phong", "Hải Dương", "Hải Phòng"])
def test_the_cli_reads_a_province_as_the_import_does(store, capsys, written):
    assert main(["schools", "--as-of", DAY.isoformat(), "--db", str(store.root), "--province", written]) == 0
    out = capsys.readouterr().out
    assert "# Tỉnh/Thành phố: Hải Phòng" in out
    assert sorted(_table(out)["Mã trường"]) == ["A", "B"]


def test_the_cli_refuses_an_unknown_province_naming_the_closest(store, capsys):
    assert main(["schools", "--db", str(store.root), "--province", "Hai Phong City"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Lỗi ở --province: không nhận ra tỉnh/thành phố 'Hai Phong City'; gần nhất: ")
    assert "Hải Phòng" in captured.err
