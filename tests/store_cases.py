"""Stores for the healing and disk-full tests: built once, copied per test, and looked at from outside."""
from __future__ import annotations

import shutil
from pathlib import Path

from loaders.importer import import_file
from loaders.store import Store, StoreReader
from tests.conftest import TEMPLATE_SEEDS


def build_three_schools(root: Path) -> Store:
    """v000001 (empty), then one version per seed school: v000002-v000004."""
    store = Store(root)
    for path in TEMPLATE_SEEDS[:3]:
        assert import_file(store, path).status == "imported"
    return store


def copy_of(store: Store, root: Path) -> Store:
    shutil.copytree(store.root, root)
    return Store(root)


def schools(store: Store) -> list[str]:
    """What a fresh reader (a new dashboard process) sees."""
    con = StoreReader(Store(store.root)).cursor()
    return [r[0] for r in con.execute("SELECT school_id FROM schools ORDER BY 1").fetchall()]


def version_names(store: Store) -> list[str]:
    return sorted(p.name for p in store.versions.glob("v*.duckdb"))


def files_of(store: Store) -> dict[str, bytes]:
    """Every file of the store but the lock files, with its bytes: 'unchanged' means this is equal."""
    return {str(p.relative_to(store.root)): p.read_bytes() for p in sorted(store.root.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def half_written(store: Store) -> list[str]:
    """What an interrupted write would leave behind."""
    names = [p for p in store.root.rglob("*") if p.is_file()]
    return sorted(str(p.relative_to(store.root)) for p in names
                  if p.name.endswith((".partial", ".draft", ".draft.wal"))
                  or p.name.endswith(".seal") and not p.with_name(p.name[:-5]).exists())
