"""Opening the dashboard in AppTest on a given store, shared by the page tests."""
from __future__ import annotations

import re
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from loaders.importer import import_file
from loaders.store import Store
from tests.conftest import FIXTURES, ROOT

PAGES = ["pages/tong_quan.py", "pages/theo_dia_ban.py", "pages/so_sanh_truong.py", "pages/ho_so_truong.py",
         "pages/diem_yeu_chung.py", "pages/kinh_phi.py", "pages/nhap_du_lieu.py", "pages/cong_nhan.py",
         "pages/phan_bo.py"]


def open_app(store: Store, monkeypatch, page: str | None = None) -> AppTest:
    monkeypatch.setenv("KDCL_STORE", str(store.root))
    st.cache_data.clear()
    st.cache_resource.clear()  # the reader is cached per process: never leak it between stores
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def one_school_store_at(root: Path) -> Store:
    """A store holding Toàn Thắng (seed 004) alone."""
    store = Store(root)
    assert import_file(store, FIXTURES / "template" / "HP-THCS-TT.xlsx").status == "imported"
    return store


def as_read(markdown: str) -> str:
    """Markdown source as a reader sees it: escapes resolved, the invisible word joiners of pages.ui.plain gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
