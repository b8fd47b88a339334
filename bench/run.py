"""Time the national import and every metric over it (run by hand, not a test).

    python bench/national.py           # writes bench/out/national/*.csv (~3.6M rating rows)
    python bench/run.py                # imports them into a fresh store and times everything

Prints rows/s for imports (CSV and XLSX), warm milliseconds for every metric
nationally and for one province, and the peak memory of the process.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import xlsxwriter  # noqa: E402

from loaders.importer import import_file, preview_file  # noqa: E402
from loaders.spec import RATINGS  # noqa: E402
from loaders.store import Store  # noqa: E402
from metrics.db import StoreReader  # noqa: E402
from metrics.filters import Filters  # noqa: E402
from metrics.overview import headline, heatmap, level_distribution  # noqa: E402
from metrics.tables import TABLES  # noqa: E402

XLSX_ROWS = 200_000


def timed_import(store: Store, path: Path) -> tuple[float, dict]:
    start = time.perf_counter()
    result = import_file(store, path)
    assert result.status == "imported", result.errors.head().to_dict("records")
    return time.perf_counter() - start, result.counts


def timed_validation(store: Store, path: Path) -> float:
    """Reading and validating only (what the upload page's preview does): no store write, no derive."""
    start = time.perf_counter()
    result = preview_file(store, path)
    assert result.status == "valid", result.errors.head().to_dict("records")
    return time.perf_counter() - start


def write_xlsx(csv_path: Path, out: Path, rows: int) -> Path:
    """The first `rows` ratings as a template workbook. Text goes to a shared-string table, as
    Excel saves it (xlsxwriter's constant_memory mode writes inline strings, which Excel never does)."""
    frame = pd.read_csv(csv_path, nrows=rows, dtype=str, keep_default_na=False)
    workbook = xlsxwriter.Workbook(str(out))
    sheet = workbook.add_worksheet(RATINGS.name)
    sheet.write_row(0, 0, list(frame.columns))
    for index, row in enumerate(frame.itertuples(index=False), start=1):
        sheet.write_row(index, 0, row)
    workbook.close()
    return out


def warm_ms(function, *args, repeat: int = 5) -> float:
    function(*args)  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "out" / "national")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        print("== import (CSV): whole import = validate + write new version + rebuild pre-aggregated tables")
        for name in ("Trường.csv", "Đánh giá.csv", "Kế hoạch.csv"):
            validation = timed_validation(store, args.data / name) if name != "Trường.csv" else None
            seconds, counts = timed_import(store, args.data / name)
            rows = max(counts.values())
            line = f"{name:16s} {rows:>10,} rows  {seconds:7.2f} s  {rows / seconds:>10,.0f} rows/s"
            if validation:
                line += f"   (validation alone {validation:5.2f} s, {rows / validation:>10,.0f} rows/s)"
            print(line)
        seconds, _ = timed_import(store, ROOT / "tests" / "fixtures" / "template" / "HP-THCS-TT.xlsx")
        print(f"{'one school .xlsx':16s} {'(into the national store)':>26s} {seconds:7.2f} s")
        print("== import (XLSX)")
        xlsx_store = Store(Path(tmp) / "xlsx")
        timed_import(xlsx_store, args.data / "Trường.csv")
        xlsx = write_xlsx(args.data / "Đánh giá.csv", Path(tmp) / "danh_gia.xlsx", XLSX_ROWS)
        validation = timed_validation(xlsx_store, xlsx)
        seconds, counts = timed_import(xlsx_store, xlsx)
        print(f"{'Đánh giá.xlsx':16s} {counts['ratings']:>10,} rows  {seconds:7.2f} s  "
              f"{counts['ratings'] / seconds:>10,.0f} rows/s   (validation alone {validation:5.2f} s, "
              f"{counts['ratings'] / validation:>10,.0f} rows/s)")
        print("== metrics (warm, median of 5)")
        con = StoreReader(store).cursor()
        province = con.execute("SELECT province FROM schools LIMIT 1").fetchall()[0][0]
        year = con.execute("SELECT max(school_year) FROM assessments").fetchall()[0][0]
        scopes = {"national": Filters(school_year=year), "province": Filters(province=province, school_year=year)}
        metrics = {**TABLES, "headline": headline,
                   "level_distribution": lambda c, f: level_distribution(c, f, "province"),
                   "heatmap (40 schools)": lambda c, f: heatmap(c, f, "TT18/2018")}
        print(f"{'metric':22s} {'national ms':>12s} {'province ms':>12s}")
        for name, function in metrics.items():
            cells = [warm_ms(function, con, scope) for scope in scopes.values()]
            print(f"{name:22s} {cells[0]:12.1f} {cells[1]:12.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"== peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
