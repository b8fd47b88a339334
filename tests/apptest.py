"""Opening the dashboard in AppTest on a given store, shared by the page tests."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.testing.v1 import AppTest

from loaders.importer import import_file
from loaders.store import Store
from tests.conftest import FIXTURES, ROOT

PAGES = ["pages/tong_quan.py", "pages/theo_dia_ban.py", "pages/so_sanh_truong.py", "pages/ho_so_truong.py",
         "pages/diem_yeu_chung.py", "pages/kinh_phi.py", "pages/nhap_du_lieu.py", "pages/cong_nhan.py",
         "pages/phan_bo.py"]


def open_app(store: Store, monkeypatch, page: str | None = None, secrets: dict | None = None,
             user: dict | None = None, query_params: dict | None = None) -> AppTest:
    """The dashboard on `store`; `secrets` as secrets.toml would give them ({"auth": ...} turns sign-in on),
    `user` as st.user (AppTest's {"is_logged_in": True, "email": ...}), `query_params` the link's query string."""
    monkeypatch.setenv("KDCL_STORE", str(store.root))
    st.cache_data.clear()
    st.cache_resource.clear()  # the reader is cached per process: never leak it between stores
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in (secrets or {}).items():
        app.secrets[key] = value
    if user is not None:
        app.user = user
    app.query_params.update(query_params or {})
    if page and query_params:  # a link opens its page on the session's first run
        app.switch_page(page)
    app.run()
    if page and not query_params:
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


def open_upload_page(store: Store, monkeypatch) -> AppTest:
    """The upload page in open mode on a store built by a test (not demo data), as an operator who
    opted in to uploads without sign-in (KDCL_OPEN_UPLOADS; pages/signin.py). Without it the page
    refuses files: tests/test_signin.py checks that."""
    monkeypatch.setenv("KDCL_OPEN_UPLOADS", "1")
    return open_app(store, monkeypatch, "pages/nhap_du_lieu.py")


def on_screen(table) -> pd.DataFrame:
    """A table as the screen draws it: metrics.present.screen_table pads the numbers with spaces on the
    left so that the grid sorts them by value, and in their right-aligned cells the spaces are not seen."""
    return table.value.map(lambda v: v.strip() if isinstance(v, str) else v)
