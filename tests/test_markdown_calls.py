"""The pages' source: every value a Markdown-rendering call of Streamlit gets goes through pages.ui.plain
(or is a number, a date or the vocabulary of constants). Checked with `ast`, like tests/test_architecture.py;
test_hostile_text.py shows the same on every page of a store holding a hostile school."""
from __future__ import annotations

import ast

from tests.conftest import ROOT

# Calls whose text Streamlit renders as Markdown (st.x, a column's .x, ui.stop_if_empty), and which of
# their positional arguments are text (the rest: a value, a file name, a page's path)
_MARKDOWN_CALLS = {name: (0,) for name in (
    "markdown", "write", "caption", "title", "header", "subheader", "info", "warning", "error", "success", "toast",
    "expander", "tabs", "button", "download_button", "radio", "checkbox", "toggle", "text_input", "number_input",
    "selectbox", "multiselect", "slider", "date_input", "file_uploader", "popover", "status", "segmented_control",
    "pills")} | {"metric": (0, 1, 2), "stop_if_empty": (1,), "page_link": ()}
_TEXT_KEYWORDS = ("label", "help", "body", "placeholder", "captions")
# What may go into such a text without plain(): plain() itself, a number, date or money formatter, a
# value with a format spec ({n:+d}, {day:%d/%m/%Y}), text written here, and the vocabulary of constants
# (LEVEL_GROUPS[level], metrics.labels)
_SAFE_CALLS = {"plain", "count", "share", "money", "whole", "len", "int", "format_money_short", "format_number",
               "format_percent", "format_date", "format_age", "format_vnd", "format_time", "strftime"}
# Being reworked by other engineers while this was written (issue 12: the planner; issue 13: the upload page).
_REWORKED_ELSEWHERE: set[str] = set()


def _called(node: ast.AST) -> str | None:
    func = node.func if isinstance(node, ast.Call) else None
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _unsafe(node: ast.AST) -> list[ast.AST]:
    """The parts of a text argument that put data into Markdown without plain()."""
    if isinstance(node, ast.Constant) or (isinstance(node, ast.Call) and _called(node) in _SAFE_CALLS):
        return []
    if isinstance(node, ast.Name):
        return []  # a name bound in the page: its f-string or call is checked where it is made, if passed on
    if isinstance(node, ast.Subscript):
        return [] if isinstance(node.value, ast.Name) and node.value.id.isupper() else [node]
    if isinstance(node, ast.JoinedStr):
        return [bad for part in node.values if isinstance(part, ast.FormattedValue) and part.format_spec is None
                for bad in (_unsafe(part.value) or ([] if _plain_value(part.value) else [part.value]))]
    parts = {ast.BinOp: lambda n: [n.left, n.right], ast.BoolOp: lambda n: n.values,
             ast.IfExp: lambda n: [n.body, n.orelse], ast.List: lambda n: n.elts, ast.Tuple: lambda n: n.elts,
             ast.ListComp: lambda n: [n.elt]}
    for kind, children in parts.items():
        if isinstance(node, kind):
            return [bad for child in children(node) for bad in _unsafe(child)]
    return [node]


def _plain_value(node: ast.AST) -> bool:
    """Inside an f-string a bare name or attribute is data unless it is a constant (upper case)."""
    return isinstance(node, (ast.Constant, ast.Call, ast.Subscript, ast.BoolOp, ast.IfExp)) or (
        isinstance(node, ast.Name) and node.id.isupper())


def test_every_value_the_pages_put_into_markdown_goes_through_plain():
    found = []
    for path in sorted((ROOT / "pages").glob("*.py")) + [ROOT / "dashboard.py"]:
        if path.name in _REWORKED_ELSEWHERE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _called(node) in _MARKDOWN_CALLS:
                texts = [node.args[i] for i in _MARKDOWN_CALLS[_called(node)] if i < len(node.args)]
                keywords = _TEXT_KEYWORDS + (("value", "delta") if _called(node) == "metric" else ())
                texts += [k.value for k in node.keywords if k.arg in keywords]
                found += [f"{path.name}:{bad.lineno}: {ast.unparse(bad)}" for text in texts for bad in _unsafe(text)]
    assert not found, "\n".join(["values put into Markdown without ui.plain():", *found])
