"""Issue 13 end to end: `python -m loaders` over a folder of hostile files and one good file.
The process ends by itself (no abort, exit 1 for the rejections), says one Vietnamese line per
file, imports the good file and nothing else, and stays within its bounds."""
from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time

from loaders.importer import import_file
from loaders.store import Store, StoreReader
from tests import hostile_files as hostile
from tests.conftest import ROOT, TEMPLATE_SEEDS

HOSTILE = {
    "1 hai góc.xlsx": hostile.corner_cells,
    "1 vùng khai man.xlsx": hostile.lying_dimension,
    "2 phình 460 MB.docx": hostile.docx_bomb,
    "2 mười hai triệu dòng.xlsx": hostile.many_rows,
    "2 rác.csv": lambda path: hostile.garbage_csv(path, 60),
    "9 công thức chưa tính.xlsx": lambda path: hostile.formula_template(path, {("Kế hoạch", "I2"): "=100*1000000"}, {}),
    "10 bốn ô 1 MB.xlsx": hostile.long_cells,
    "10 ô dài.xlsx": lambda path: hostile.long_cells(path, cells=1, chars=40_000, varied=True),
}


def _tables(store: Store) -> dict:
    con = StoreReader(store).cursor()
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("schools", "ratings", "imports")}


def test_the_cli_over_a_folder_of_hostile_files(tmp_path):
    folder = tmp_path / "nhận"
    folder.mkdir()
    for name, build in HOSTILE.items():
        build(folder / name)
    good = shutil.copy(TEMPLATE_SEEDS[0], folder / TEMPLATE_SEEDS[0].name)
    store = Store(tmp_path / "store")
    assert import_file(store, TEMPLATE_SEEDS[1]).status == "imported"  # a store that already holds a school
    before = _tables(store)

    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "loaders", str(folder), "--db", str(store.root)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    assert run.returncode == 1, (run.returncode, run.stdout, run.stderr)  # rejections, not an abort (134)
    lines = [line for line in run.stdout.splitlines() if not line.startswith("  ")]
    assert sorted(line.split(": ")[0] for line in lines) == sorted([*HOSTILE, good.name])
    for line in lines:
        assert ("ĐÃ NHẬP" if line.startswith(good.name) else "TỪ CHỐI") in line, line
    errors = "\n".join(line for line in run.stdout.splitlines() if line.startswith("  Lỗi"))
    for fragment in ("A1:XFD1048576", "bộ nhớ", "dung lượng khi giải nén", "50 MB", "ô I2 là công thức",
                     "trang 'Kế hoạch' nở ra", "ô F2 có 40.000 ký tự"):
        assert fragment in errors, fragment
    after = _tables(store)
    assert after["imports"] == before["imports"] + 1 and after["schools"] > before["schools"]
    assert not list(store.versions.glob("*.draft"))
    assert seconds < 10 * (len(HOSTILE) + 1) and peak_mb < 1536, (seconds, peak_mb)
