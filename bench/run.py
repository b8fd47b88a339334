"""Time the national import and every metric over it (run by hand, not a test).

    python bench/national.py           # writes bench/out/national/*.csv (~3.6M rating rows)
    python bench/run.py                # imports them into fresh stores and times everything

Prints rows/s for imports (CSV and XLSX; median and range of three fresh stores),
warm milliseconds for every metric nationally and for one province, and the peak
memory of the process.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import xlsxwriter  # noqa: E402

from loaders import limits  # noqa: E402
from loaders.importer import import_file, preview_file  # noqa: E402
from loaders.spec import RATINGS  # noqa: E402
from loaders.store import Store, StoreReader, connect  # noqa: E402
from metrics.derive import refresh_derived  # noqa: E402
from metrics.filters import Filters  # noqa: E402
from metrics.overview import headline, heatmap, level_distribution  # noqa: E402
from metrics.tables import TABLES  # noqa: E402

XLSX_ROWS = 200_000


def timed_import(store: Store, path: Path) -> tuple[float, dict]:
    os.sync()  # the previous step's writes are flushed first, not during this import's own fsync
    start = time.perf_counter()
    result = import_file(store, path)
    assert result.status == "imported", result.errors.head().to_dict("records")
    return time.perf_counter() - start, result.counts


def timed_validation(store: Store, path: Path) -> float:
    """Reading and validating only (what the upload page's preview does): no store write, no derive."""
    os.sync()
    start = time.perf_counter()
    result = preview_file(store, path)
    assert result.status == "valid", result.errors.head().to_dict("records")
    return time.perf_counter() - start


def timed_rebuild(store: Store, folder: Path) -> float:
    """Every derived table rebuilt whole in a copy of the store's current version (what an import
    that touches most schools pays, without its reading and writing)."""
    copy = folder / "rebuild.duckdb"
    shutil.copyfile(store.current_path(), copy)
    with connect(copy) as con:
        con.execute("BEGIN TRANSACTION")  # as in an import: one transaction
        start = time.perf_counter()
        refresh_derived(con)
        seconds = time.perf_counter() - start
    copy.unlink()
    return seconds


def write_xlsx(csv_path: Path, out: Path, rows: int, levels: str = "text") -> Path:
    """The first `rows` ratings as a template workbook. Text goes to a shared-string table, as
    Excel saves it (xlsxwriter's constant_memory mode writes inline strings, which Excel never does).
    `levels`: "text" ('Mức 2', as the template's text columns keep it), "numbers" (2, typed into
    every row: a column of one type, still read by column) or "mixed" (every tenth row a number:
    the sheet is read cell by cell)."""
    frame = pd.read_csv(csv_path, nrows=rows, dtype=str, keep_default_na=False)
    if levels != "text":
        numbers = frame["Mức đạt"].map({"Không đạt": 0, "Mức 1": 1, "Mức 2": 2, "Mức 3": 3}).astype(object)
        typed = frame.index % 10 == 0 if levels == "mixed" else frame.index >= 0
        frame["Mức đạt"] = numbers.where(typed, frame["Mức đạt"].astype(object))
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


def import_rounds(root: Path, files: list[Path], rounds: int) -> tuple[Store, dict[str, list]]:
    """Import `files` in order into `rounds` fresh stores; per file the (import, validation) seconds
    and row count of every round. This machine's timings vary by about 10% from run to run."""
    timings: dict[str, list] = {}
    for number in range(rounds):
        store = Store(root / f"round{number}")
        for path in files:
            validation = timed_validation(store, path) if path.stem != "Trường" else None
            seconds, counts = timed_import(store, path)
            timings.setdefault(path.name, []).append((seconds, validation, max(counts.values())))
        if number < rounds - 1:
            shutil.rmtree(store.root)
    return store, timings


def print_rounds(timings: dict[str, list]) -> None:
    for name, runs in timings.items():
        rows = runs[0][2]
        rates = sorted(rows / seconds for seconds, _, _ in runs)
        line = (f"{name:22s} {rows:>10,} rows  {statistics.median(s for s, _, _ in runs):7.2f} s  "
                f"{statistics.median(rates):>10,.0f} rows/s (range {rates[0]:,.0f}-{rates[-1]:,.0f})")
        if runs[0][1] is not None:
            line += f"   validation alone {statistics.median(rows / v for _, v, _ in runs):>10,.0f} rows/s"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "out" / "national")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-xlsx", action="store_true", help="time the CSV imports and the metrics only")
    parser.add_argument("--store", type=Path, help="time the metrics only, on this store (no import)")
    args = parser.parse_args()
    limits.use(limits.BULK)  # the national files are far above what a school sends (loaders/limits.py)
    if args.store:
        time_metrics(Store(args.store))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            time_metrics(time_imports(args, Path(tmp)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"== peak memory {peak:,.0f} MB")


def time_imports(args, tmp: Path) -> Store:
    print(f"== import (CSV), median of {args.rounds} fresh stores: "
          "whole import = validate + write new version + rebuild pre-aggregated tables")
    store, timings = import_rounds(tmp, [args.data / n for n in ("Trường.csv", "Đánh giá.csv", "Kế hoạch.csv")],
                                   args.rounds)
    print_rounds(timings)
    seconds, _ = timed_import(store, ROOT / "tests" / "fixtures" / "template" / "HP-THCS-TT.xlsx")
    print(f"{'one school .xlsx':22s} {'(into the national store)':>26s} {seconds:7.2f} s")
    print(f"{'derived tables, whole':22s} {'(national store)':>26s} {timed_rebuild(store, tmp):7.2f} s")
    print(f"== import (XLSX), median of {args.rounds} fresh stores; levels as text (the template's "
          "text columns), as numbers, and mixed (read cell by cell)")
    for levels in () if args.skip_xlsx else ("text", "numbers", "mixed"):
        xlsx = write_xlsx(args.data / "Đánh giá.csv", tmp / "Đánh giá.xlsx", XLSX_ROWS, levels)
        _, timings = import_rounds(tmp / f"xlsx-{levels}", [args.data / "Trường.csv", xlsx], args.rounds)
        print_rounds({f"{xlsx.name} ({levels})": timings[xlsx.name]})
    return store


def time_metrics(store: Store) -> None:
    """Every public table and dashboard question: the default standing (national, one province), the
    standing on a day of the year before the latest, and a one-year slice."""
    print("== metrics (warm, median of 5)")
    con = StoreReader(store).cursor()
    province = con.execute("SELECT province FROM schools LIMIT 1").fetchall()[0][0]
    year = con.execute("SELECT max(school_year) FROM assessments").fetchall()[0][0]
    earlier = date(int(year[:4]) - 1, 10, 1)
    scopes = {"national": Filters(), "province": Filters(province=province),
              f"national on {earlier:%d/%m/%Y}": Filters(as_of=earlier), f"national, {year}": Filters(school_year=year)}
    metrics = {**TABLES, "headline": headline,
               "level_distribution": lambda c, f: level_distribution(c, f, "province"),
               "heatmap (40 schools)": lambda c, f: heatmap(c, f, "TT18_2018_THCS_THPT")}
    print(f"{'metric':22s}" + "".join(f"{name:>24s}" for name in scopes))
    for name, function in metrics.items():
        cells = [warm_ms(function, con, scope) for scope in scopes.values()]
        print(f"{name:22s}" + "".join(f"{cell:24.1f}" for cell in cells))


if __name__ == "__main__":
    main()
