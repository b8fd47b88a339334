"""The layering rules the README states ("Layers"), enforced over every product module with `ast`:
each import of a project module goes to the same layer or a lower one, no project module is
imported inside a function, and the pages hold no SQL and no database access."""
from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from tests.conftest import ROOT

_PROJECT = ("dashboard", "pages", "metrics", "loaders", "data")
# Top to bottom; a module not named in a layer belongs to its folder's default (the None row).
_LAYERS = (
    ("ui", {"dashboard", "pages.*"}),
    ("entry", {"metrics.cli", "metrics.cli_args", "metrics.cli_budget", "metrics.cli_scenarios", "metrics.__main__", "loaders.cli", "loaders.cli_accounts", "loaders.cli_parser", "loaders.__main__", "data.demo", "data.seed_plans", "data.*"}),
    ("imports", {"loaders.importer", "loaders.import_read", "loaders.import_write", "loaders.import_results", "loaders.write",
                 "loaders.read_once"}),
    ("questions", {"metrics.*"}),
    ("derive", {"metrics.derive", "metrics.steps", "metrics.levels", "metrics.categories"}),
    ("readers", {"loaders.*"}),
    ("store", {"loaders.store", "loaders.store_dir", "loaders.connections", "loaders.versions", "loaders.durable", "loaders.import_log", "loaders.scenario_files",
               "loaders.schema", "metrics.sql_files"}),
)
_SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b\s+[\w*\"(]|\bFROM\s+\w+\s+WHERE\b",
                  re.IGNORECASE)
_DATABASE_CALL = re.compile(r"\.(sql|execute|executemany|query)\s*\(", re.IGNORECASE)


@cache
def product_modules() -> dict[str, Path]:
    paths = [ROOT / "dashboard.py", *sorted((ROOT / "data").glob("*.py"))]
    paths += [p for folder in ("pages", "metrics", "loaders") for p in sorted((ROOT / folder).glob("*.py"))]
    return {".".join(p.relative_to(ROOT).with_suffix("").parts): p for p in paths if p.name != "__init__.py"}


def layer_of(module: str) -> int:
    """The layer's rank, 0 at the top: an exact name wins over a folder's default."""
    exact = [rank for rank, (_, names) in enumerate(_LAYERS) if module in names]
    folder = [rank for rank, (_, names) in enumerate(_LAYERS) if f"{module.split('.')[0]}.*" in names]
    return (exact or folder)[0]


def imports_of(path: Path) -> list[tuple[str, bool, int]]:
    """(project module imported, inside a function?, line) for every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((alias.name, in_function, child.lineno) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                # `from metrics import levels` imports the module metrics.levels
                found.extend((_module_named(child.module, alias.name), in_function, child.lineno)
                             for alias in child.names)
            visit(child, nested)
    visit(tree, False)
    return [(m, inside, line) for m, inside, line in found if m.split(".")[0] in _PROJECT]


def _module_named(module: str, name: str) -> str:
    candidate = f"{module}.{name}"
    return candidate if candidate in product_modules() else module


def test_every_import_goes_to_the_same_or_a_lower_layer():
    modules = product_modules()
    wrong = [f"{name}:{line} imports {target} ({_LAYERS[layer_of(target)][0]} is above {_LAYERS[layer_of(name)][0]})"
             for name, path in modules.items() for target, _, line in imports_of(path)
             if target in modules and layer_of(target) < layer_of(name)]
    assert not wrong, "\n".join(wrong)


def test_no_project_module_is_imported_inside_a_function():
    inside = [f"{name}:{line} imports {target} inside a function"
              for name, path in product_modules().items() for target, local, line in imports_of(path) if local]
    assert not inside, "\n".join(inside)


def test_every_module_imported_exists():
    modules = product_modules()
    missing = [f"{name} imports {target}" for name, path in modules.items() for target, _, _ in imports_of(path)
               if target not in modules and target not in _PROJECT and not target.endswith("__init__")]
    assert not missing, "\n".join(missing)


def test_pages_hold_no_sql_and_no_database_access():
    for name, path in product_modules().items():
        if layer_of(name) != 0:
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+duckdb\b", text, re.MULTILINE | re.IGNORECASE), path
        assert not _DATABASE_CALL.search(text), f"a database call in {path}"
        assert not _SQL.search(text), f"SQL in {path}"


def test_the_rules_catch_what_they_are_meant_to():
    assert _SQL.search("rows = 'select * from x'") and _SQL.search("Delete From t")
    assert _DATABASE_CALL.search("con.Execute(q)") and _DATABASE_CALL.search("con.sql (q)")
    assert layer_of("pages.ui") < layer_of("loaders.importer") < layer_of("metrics.tables") \
        < layer_of("metrics.derive") < layer_of("loaders.validate") < layer_of("loaders.store")


def test_dashboard_only_routes():
    text = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    assert "st.navigation" in text and len(text.splitlines()) < 25


def test_loaders_and_metrics_do_not_depend_on_streamlit():
    for name, path in product_modules().items():
        if name.split(".")[0] in ("loaders", "metrics"):
            assert not any(m.split(".")[0] == "streamlit" for m in _all_imports(path)), path


def _all_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names] + \
           [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]


def test_no_label_is_defined_twice():
    """A dict literal with a key twice keeps the last silently (a header once went missing that way),
    and a name assigned twice at module level hides the first definition."""
    tree = ast.parse((ROOT / "metrics" / "labels.py").read_text(encoding="utf-8"))
    twice = [f"line {node.lineno}: {key}" for node in ast.walk(tree) if isinstance(node, ast.Dict)
             for key in _repeated([ast.literal_eval(k) for k in node.keys if isinstance(k, ast.Constant)])]
    names = [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)]
    assert not twice and not _repeated(names), (twice, _repeated(names))


def _repeated(values: list) -> list:
    seen: set = set()
    return [v for v in values if v in seen or seen.add(v)]
