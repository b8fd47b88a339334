"""The layering rules the README states, enforced: pages draw, metrics decide, loaders load."""
import re

from tests.conftest import ROOT

_SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s+[\w*\"]")


def _sources(folder: str):
    return [(p, p.read_text(encoding="utf-8")) for p in sorted((ROOT / folder).glob("*.py"))]


def test_pages_hold_no_sql_and_no_database_access():
    for path, text in _sources("pages") + [(ROOT / "dashboard.py", (ROOT / "dashboard.py").read_text())]:
        assert "import duckdb" not in text and "execute(" not in text, path
        assert not _SQL.search(text), f"SQL in {path}"


def test_dashboard_only_routes():
    text = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    assert "st.navigation" in text and len(text.splitlines()) < 25


def test_loaders_do_not_depend_on_pages():
    for path, text in _sources("loaders") + _sources("metrics"):
        assert "from pages" not in text and "import streamlit" not in text, path
