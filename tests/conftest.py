from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures"
TEMPLATE_SEEDS = sorted((FIXTURES / "template").glob("*.xlsx"))

from data.demo import build_demo_store  # noqa: E402
from loaders.importer import import_file  # noqa: E402
from loaders.store import Store, StoreReader  # noqa: E402


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "store")


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Store:
    """The five seed schools imported from their template files."""
    store = Store(tmp_path_factory.mktemp("seeds") / "store")
    for path in TEMPLATE_SEEDS:
        assert import_file(store, path).status == "imported"
    return store


@pytest.fixture(scope="session")
def seed_con(seed_store):
    return StoreReader(seed_store).cursor()


@pytest.fixture(scope="session")
def shared_demo_store(tmp_path_factory) -> Store:
    """One demo store for the tests that only read it (a module that imports into its store builds its own)."""
    store = Store(tmp_path_factory.mktemp("shared-demo") / "store")
    build_demo_store(store)
    return store
