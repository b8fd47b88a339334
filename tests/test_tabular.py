"""Workbook reading: a sheet whose columns each hold one type is read by column (fastexcel), one
with a column that mixes types cell by cell (python-calamine), and both ways give the same rows."""
import datetime
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from loaders.importer import preview_file
from loaders.issues import IssueLog
from loaders.schema import create_store
from loaders.store import Store
from loaders.tabular import read_tables
from loaders.workbook import ColumnGrid, Grid, RowGrid, read_grids, read_sheets
from loaders.validate import validate
from tests.conftest import TEMPLATE_SEEDS
from tests.test_import import SCHOOL, full_ratings, workbook


def validated(path: Path, grids: dict[str, Grid]):
    con = duckdb.connect()
    create_store(con)
    log = IssueLog(path.name)
    batch = validate(con, log, read_tables(path, log, grids))
    return batch, log.frame()


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical and object columns hold the same values; NaN and None are both 'missing'."""
    frame = frame.astype(object)
    return frame.where(frame.notna(), None).reset_index(drop=True)


def assert_same_rows(path: Path) -> None:
    """The column reader (fastexcel) and the cell-by-cell reader give the same validated rows and issues."""
    typed_grids = {name: RowGrid(rows) for name, rows in read_sheets(path).items()}
    (fast, fast_issues), (typed, typed_issues) = validated(path, read_grids(path)), validated(path, typed_grids)
    for table in ("schools", "assessments", "ratings", "level4", "plan", "conclusions"):
        pd.testing.assert_frame_equal(comparable(getattr(fast, table)), comparable(getattr(typed, table)),
                                      check_dtype=False)
    pd.testing.assert_frame_equal(comparable(fast_issues), comparable(typed_issues), check_dtype=False)
    assert sum(fast.counts().values()) > 1  # the school and its ratings, Mức 4 or plan rows


@pytest.mark.parametrize("path", TEMPLATE_SEEDS, ids=lambda p: p.stem)
def test_both_readers_give_the_same_rows_on_the_seeds(path):
    assert all(isinstance(grid, ColumnGrid) for grid in read_grids(path).values())
    assert_same_rows(path)


def test_numbers_dates_and_blanks_read_by_column_as_by_cell(tmp_path):
    """Levels, costs and counts typed as numbers, a date, a blank row: each column has one type,
    so the sheet is still read by column, and nothing differs from reading it cell by cell."""
    ratings = [row[:5] + [2] + row[6:] for row in full_ratings()]
    ratings[3][5] = 0
    plan = [["T1", "2023-2024", "3.1", 1, 2, "Sân", None, datetime.date(2024, 9, 5), 1_500_000_000],
            [None] * 9,
            ["T1", "2023-2024", "3.2", 1, 2, "Thư viện", None, datetime.date(2025, 1, 1), 350_000_000.0]]
    school = SCHOOL + [None, "Công lập", 18, 650]
    path = workbook(tmp_path / "numbers.xlsx", ratings, plan, schools=(school,))
    grids = read_grids(path)
    assert all(isinstance(grids[name], ColumnGrid) for name in ("Trường", "Đánh giá", "Kế hoạch"))
    assert_same_rows(path)


def test_a_criterion_typed_as_a_number_keeps_its_warning(tmp_path):
    """1.10 typed into a number cell is stored as 1.1: only a typed cell can tell, so a sheet whose
    criterion column mixes text and numbers is read cell by cell; the row number is the sheet's own."""
    ratings = full_ratings()
    ratings[0][4] = 1.1
    path = workbook(tmp_path / "number.xlsx", ratings)
    assert isinstance(read_grids(path)["Đánh giá"], RowGrid)  # the column mixes text and a number
    result = preview_file_in_fresh_store(tmp_path, path)
    (warning,) = result.warnings.to_dict("records")
    assert (warning["sheet"], warning["row"], warning["column"]) == ("Đánh giá", 2, "Tiêu chí")
    assert "1.10" in warning["message"]


def test_rows_are_numbered_as_in_the_sheet_when_leading_rows_are_empty(tmp_path):
    path = workbook(tmp_path / "gap.xlsx", full_ratings())
    wb = openpyxl.load_workbook(path)
    wb["Đánh giá"].insert_rows(1, amount=2)  # two empty rows above the header
    wb["Đánh giá"]["F9"] = "Tốt"             # the 6th rating, now on row 9
    wb.save(path)
    assert isinstance(read_grids(path)["Đánh giá"], ColumnGrid)
    result = preview_file_in_fresh_store(tmp_path, path)
    (error,) = result.errors.to_dict("records")
    assert (error["sheet"], error["row"], error["column"]) == ("Đánh giá", 9, "Mức đạt")


def test_empty_and_blank_text_cells_are_blank(tmp_path):
    path = workbook(tmp_path / "blank.xlsx", full_ratings() + [["  ", None, None, None, None, " ", None]],
                    schools=(SCHOOL,))
    grids = read_grids(path)
    assert isinstance(grids["Đánh giá"], ColumnGrid)
    result = preview_file_in_fresh_store(tmp_path, path)
    assert result.status == "valid" and result.counts["ratings"] == 28


def preview_file_in_fresh_store(tmp_path, path):
    return preview_file(Store(tmp_path / "store"), path)
