"""What a folded school search costs (run by hand; issue 15).

    python bench/search.py

1. The SQL alone (metrics.search.match_sql over the store's fold() macro) on 45,000 synthetic school
   names, the size of the country, in an in-memory DuckDB: median of 20 runs per query.
2. The pages on the demo store in AppTest (the real scripts, in-process, no browser): typing a search on
   Hồ sơ trường and on So sánh trường, median of 5 reruns each.
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from data.demo import build_demo_store  # noqa: E402
from loaders.store import Store  # noqa: E402
from metrics.search import match_sql, search_words  # noqa: E402
from metrics.sql_files import sql_text  # noqa: E402

_WORDS = ["Toàn", "Thắng", "Đông", "Anh", "Quang", "Trung", "Hòa", "Bình", "Tiên", "Lãng", "Nguyễn", "Trãi",
          "Lê", "Lợi", "Hùng", "Vương", "Ứng", "Đức", "Thạnh", "Lộc", "Mường", "Nhé", "Hẹ", "Muông"]
_KINDS = ["Trường Tiểu học", "Trường THCS", "Trường THPT", "Trường Mầm non", "Trường PTDTBT Tiểu học"]
_QUERIES = ["toan thang", "thang toan", "THCS dong anh 12", "xyz không có"]


def _median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def sql_search(n: int = 45_000) -> None:
    con = duckdb.connect()
    con.execute(sql_text("fold_macro"))
    rng = random.Random(15)
    names = [f"{rng.choice(_KINDS)} {' '.join(rng.sample(_WORDS, 2))} {i % 40}" for i in range(n)]
    con.execute("CREATE TABLE schools AS SELECT unnest($names) AS name, 'S' || unnest(range($n)) AS school_id",
                {"names": names, "n": n})
    print(f"SQL search over {n:,} school names (median of 20): match_sql, and contains() over the fold() macro")
    for query in _QUERIES:
        times = []
        for where, params in (match_sql(query, ("name", "school_id")), _over_fold_macro(query)):
            text = f"SELECT school_id, name FROM schools WHERE TRUE {where} ORDER BY name LIMIT 2001"
            found = len(con.execute(text, params).fetchall())
            times.append(_median_ms(lambda: con.execute(text, params).fetchall(), 20))
        print(f"  {query!r:22s} {times[0]:7.1f} ms  {times[1]:7.1f} ms  {found:5d} found")


def _over_fold_macro(query: str) -> tuple[str, dict]:
    """The first way (kept to compare): every row's name folded by the macro, then contains()."""
    words = search_words(query)
    return ("".join(f" AND contains(fold(name) || ' ' || fold(school_id), $w{i})" for i in range(len(words))),
            {f"w{i}": word for i, word in enumerate(words)})


def page_search() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        build_demo_store(store)
        os.environ["KDCL_STORE"] = str(store.root)
        print("Pages on the demo store, a search typed (AppTest rerun, median of 5)")
        for page, key in (("ho_so_truong", "profile_search"), ("so_sanh_truong", "compare_search")):
            app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
            app.run()
            app.switch_page(f"pages/{page}.py").run()
            typed = iter(["tien lang", "truong", "hai phong", "tieu hoc", "mam non"] * 2)
            ms = _median_ms(lambda: app.text_input(key=key).input(next(typed)).run(), 5)
            assert not app.exception, app.exception
            print(f"  {page:16s} {ms:7.0f} ms")


if __name__ == "__main__":
    sql_search()
    page_search()
