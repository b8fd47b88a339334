"""What the browser and load benches share: a demo store kept between runs, and the app started on it.

    python bench/browser_speed.py   # one user in Chromium
    python bench/load.py            # many sessions at once
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data.demo import build_demo_store  # noqa: E402
from loaders.store import Store  # noqa: E402
from tests.browser import running_app  # noqa: E402,F401  (the benches start the app as the tests do)

DEMO_DIR = ROOT / "bench" / "out" / "demo_store"
# The sidebar's pages and a text each one draws when its content is there (its title).
PAGES = {"Tổng quan": "Tổng quan chất lượng trường học", "Theo địa bàn": "So sánh theo địa bàn",
         "So sánh trường": "So sánh trường theo tiêu chí", "Hồ sơ trường": "Hồ sơ trường",
         "Điểm yếu chung": "Điểm yếu chung", "Kinh phí": "Kinh phí cải tiến chất lượng",
         "Công nhận": "Công nhận kiểm định và chuẩn quốc gia", "Nhập dữ liệu": "Nhập dữ liệu"}


def demo_store(path: Path = DEMO_DIR) -> Path:
    """The demo store at `path`, built the first time (~10 s)."""
    store = Store(path)
    if not store.exists():
        build_demo_store(store)
    return path


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]
