"""What a download of a country-sized table costs (run by hand, not a test).

    python bench/exports.py                      # this code
    python bench/exports.py --code DIR           # another checkout, e.g. the code before a change

The schools table of a demo store (built in a temporary folder, ~15 s; or --store DIR), repeated to
--rows rows (45,000: the country's schools), written as the dashboard's "Tải Excel" and "Tải CSV"
buttons write it (metrics.exports), median of --rounds runs.
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
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose exports are timed")
    parser.add_argument("--store", type=Path, help="a store to read (default: a fresh demo store)")
    parser.add_argument("--rows", type=int, default=45_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(args.code))
    import pandas as pd
    from data.demo import build_demo_store
    from loaders.store import Store, StoreReader
    from metrics.exports import to_csv_bytes, to_xlsx_bytes
    from metrics.filters import Filters
    from metrics.tables import school_table

    with tempfile.TemporaryDirectory() as folder:
        store = Store(args.store) if args.store else Store(Path(folder) / "store")
        if not args.store:
            build_demo_store(store)
        schools = school_table(StoreReader(store).cursor(), Filters())
        table = pd.concat([schools] * (args.rows // len(schools) + 1), ignore_index=True).head(args.rows)
        for name, write in (("xlsx", to_xlsx_bytes), ("csv", to_csv_bytes)):
            times, cpu, size = [], [], 0
            for _ in range(args.rounds):
                start, start_cpu = time.perf_counter(), time.process_time()
                size = len(write(table, Filters(), "Trường"))
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            # CPU time as well: on a shared machine the wall clock mostly measures the other work
            print(f"{name}: {len(table):,} rows x {len(table.columns)} columns, {size / 1e6:.1f} MB, "
                  f"median {statistics.median(times):.2f} s wall, {statistics.median(cpu):.2f} s CPU "
                  f"(runs {', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
