from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures"
TEMPLATE_SEEDS = sorted((FIXTURES / "template").glob("*.xlsx"))

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
