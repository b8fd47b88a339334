"""What reading a file in a bounded child process costs (run by hand, not a test).

    python bench/readers.py                       # this code
    python bench/readers.py --code DIR            # another checkout, e.g. the code before a change

Times `preview_file` (read + validate, what the upload page does before confirming; nothing is
written) and `import_file` (into a fresh store each time) for a seed Word plan, a seed template
workbook and the national ratings CSV (make it with bench/national.py), median of a few runs, in
stores holding what the file refers to. With this code it also times the reading alone, in-process
and in its child: the difference is the fork (from loaders.reader_server), the limits and the pipe.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose readers are timed")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-csv", action="store_true")
    parser.add_argument("--xlsx", action="store_true", help="also the 200,000-row workbooks of bench/run.py")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code))
    from loaders.importer import import_file, preview_file
    from loaders.store import Store
    try:
        from loaders import limits
        limits.use(limits.BULK)  # the national file is far above what a school sends
    except ImportError:
        limits = None  # the code before the limits
    samples, national = ROOT / "tests" / "fixtures" / "samples", ROOT / "bench" / "out" / "national"
    cases = [("seed .docx", samples / "docx" / "HP-THCS-TT.docx", [samples / "registry.csv"], args.rounds),
             ("seed template .xlsx", ROOT / "tests" / "fixtures" / "template" / "HP-THCS-TT.xlsx", [], args.rounds)]
    if not args.skip_csv:
        cases.append(("national ratings .csv", national / "Đánh giá.csv", [national / "Trường.csv"], 3))
    with tempfile.TemporaryDirectory() as tmp:
        for label, path, before, rounds in cases:
            stores = iter(range(10**6))

            def fresh_store() -> Store:  # what the file refers to is imported first, untimed
                store = Store(Path(tmp) / f"{label.replace(' ', '_')}-{next(stores)}")
                for needed in before:
                    assert import_file(store, needed).status == "imported"
                return store
            store = fresh_store()
            previewed = _median(lambda: None, lambda _: preview_file(store, path), rounds)
            imported = _median(fresh_store, lambda fresh: import_file(fresh, path), rounds)
            line = f"{label:22s} preview {previewed * 1000:7.0f} ms, import {imported * 1000:7.0f} ms"
            if limits is not None:
                line += _child_cost(path, rounds)
            print(line)
        if args.xlsx and limits is not None:
            _bulk_workbooks(national / "Đánh giá.csv", Path(tmp), args.rounds)


def _bulk_workbooks(csv_path: Path, tmp: Path, rounds: int) -> None:
    """What the checks and the child add to reading bench/run.py's workbooks: the grids as read before
    (loaders.workbook.read_grids), with the checks in-process, and in the child, in turns."""
    sys.path.insert(0, str(ROOT / "bench"))
    from run import XLSX_ROWS, write_xlsx

    from loaders.workbook import read_grids
    for levels in ("text", "numbers", "mixed"):
        path = write_xlsx(csv_path, tmp / f"{levels}.xlsx", XLSX_ROWS, levels)
        grids = _median(lambda: None, lambda _: read_grids(path), rounds)
        print(f"{'200,000 rows, ' + levels:22s} grids alone {grids * 1000:6.0f} ms" + _child_cost(path, rounds))


def _child_cost(path: Path, rounds: int) -> str:
    """The reading alone, in-process and in its child, run in turns so both see the same machine."""
    from loaders import limits
    from loaders.bounded import run_bounded
    from loaders.reading import read_content
    settings = limits.current()
    ways = {"in-process": lambda: read_content(path, path.name, settings),
            "in its child": lambda: run_bounded(read_content, (path, path.name, settings), settings)}
    times = {way: [] for way in ways}
    for _ in range(rounds + 1):
        for way, read in ways.items():
            start = time.perf_counter()
            read()
            times[way].append(time.perf_counter() - start)
    medians = {way: statistics.median(values[1:]) * 1000 for way, values in times.items()}  # the first warms
    return (f"; reading in-process {medians['in-process']:6.0f} ms, in its child {medians['in its child']:6.0f} ms "
            f"({medians['in its child'] - medians['in-process']:+.0f} ms)")


def _median(setup, function, rounds: int) -> float:
    """Median seconds of `function(setup())`, the setup untimed, after one warm run."""
    function(setup())  # warm: imports, caches, the first touch of memory
    times = []
    for _ in range(rounds):
        prepared = setup()
        start = time.perf_counter()
        function(prepared)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    main()
