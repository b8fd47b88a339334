"""How long a page takes to re-render after a filter change (run by hand).

    python bench/ui_latency.py              # on the demo store (~600 schools)
    python bench/ui_latency.py --national   # on the national bench data (python bench/national.py first)

Uses Streamlit's AppTest (the real scripts, in-process, no browser): first load, then the
median of switching the province filter back and forth, for every page.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from data.demo import build_demo_store  # noqa: E402
from loaders import limits  # noqa: E402
from loaders.importer import import_file  # noqa: E402
from loaders.store import Store  # noqa: E402

PAGES = ["tong_quan", "theo_dia_ban", "so_sanh_truong", "ho_so_truong", "diem_yeu_chung", "kinh_phi",
         "nhap_du_lieu"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--national", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        if args.national:
            limits.use(limits.BULK)  # the national files are far above what a school sends
            for name in ("Trường.csv", "Đánh giá.csv", "Kế hoạch.csv"):
                assert import_file(store, ROOT / "bench" / "out" / "national" / name).status == "imported"
        else:
            build_demo_store(store)
        os.environ["KDCL_STORE"] = str(store.root)
        print(f"{'page':16s} {'first load ms':>14s} {'filter change ms (median of 6)':>32s}")
        for page in PAGES:
            app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
            app.run()
            start = time.perf_counter()
            app.switch_page(f"pages/{page}.py").run()
            first = (time.perf_counter() - start) * 1000
            times = []
            for province in ["Hải Phòng", "Tất cả"] * 3:
                start = time.perf_counter()
                app.selectbox(key="filter_province").set_value(province).run()
                times.append((time.perf_counter() - start) * 1000)
                assert not app.exception, app.exception
            print(f"{page:16s} {first:14.0f} {statistics.median(times):32.0f}")


if __name__ == "__main__":
    main()
