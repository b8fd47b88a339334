"""What the natural order of names costs a schools table (run by hand, not a test).

    python bench/natural_sort.py [bench/out/national/Trường.csv]

Reads the schools of bench/national.py's Trường.csv (45,000 schools; make it with bench/national.py),
or of the demo store when the file is not there, and times metrics.sorting.sort_naturally by province,
district and name: the first call of the process (every name folded once) and the next ones (the keys
cached), median of 5, beside pandas' byte-order sort of the same rows (what the store's order costs).
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from metrics.sorting import natural_key, sort_naturally  # noqa: E402

_COLUMNS = ["province", "district", "name"]


def schools(path: Path) -> pd.DataFrame:
    if path.exists():
        frame = pd.read_csv(path, dtype=str)
        return frame.rename(columns={"Tên trường": "name", "Tỉnh/Thành phố": "province", "Quận/Huyện": "district"})
    from loaders.store import Store, StoreReader
    return StoreReader(Store()).cursor().sql("SELECT province, district, name FROM schools").df()


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "out" / "national" / "Trường.csv"
    frame = schools(path)
    if frame.empty:
        sys.exit(f"no schools in {path} nor in the demo store: make them with bench/national.py")
    frame = frame.sample(frac=1, random_state=7)[_COLUMNS]
    first = timed(lambda: sort_naturally(frame, _COLUMNS))
    warm = statistics.median(timed(lambda: sort_naturally(frame, _COLUMNS)) for _ in range(5))
    natural_key.cache_clear()
    byte_order = statistics.median(timed(lambda: frame.sort_values(_COLUMNS)) for _ in range(5))
    print(f"{len(frame):,} schools: natural order first call {first * 1000:.0f} ms, then {warm * 1000:.0f} ms "
          f"(median of 5); byte order {byte_order * 1000:.0f} ms")


if __name__ == "__main__":
    main()
