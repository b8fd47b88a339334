"""A folder of Word plans through the upload page, in AppTest (run by hand).

    python bench/upload_page.py [--plans 1000]

The plans are bench/batch.py's (renamed seed plans and a registry CSV of their schools); the registry
is imported first, then every plan is given to the page's uploader at once, as an official who drops
the folder does. Times the page's run that previews them all, a rerun with the previews cached, and
the run of "Xác nhận nhập N tệp hợp lệ" (the import as one batch, and the page drawn again). AppTest
runs the page's script in this process without a browser: sending the files and drawing the page in
Chromium come on top.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from batch import build_demo, make_plans  # noqa: E402
from loaders.importer import import_file  # noqa: E402
from loaders.store import Store  # noqa: E402

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, store = make_plans(Path(tmp) / "plans", args.plans), Path(tmp) / "store"
        build_demo(ROOT, store)
        assert import_file(Store(store), folder / "Trường bench.csv").status == "imported"
        os.environ.update(KDCL_STORE=str(store), KDCL_OPEN_UPLOADS="1")
        files = [(p.name, p.read_bytes(), DOCX) for p in sorted(folder.glob("*.docx"))]
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=3600)
        app.switch_page("pages/nhap_du_lieu.py")
        app.run()
        app.file_uploader(key="uploads").set_value(files)
        print(f"{len(files)} plans previewed: {_timed(app.run):.1f} s")
        print(f"rerun, previews cached: {_timed(app.run):.1f} s")
        confirm = next(b for b in app.button if b.label.startswith("Xác nhận nhập"))
        print(f"'{confirm.label}': {_timed(confirm.click().run):.1f} s "
              f"(exceptions {len(app.exception)}, load {os.getloadavg()[0]:.1f})")


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
