"""Where the store lives, how its version files are named, and whether it holds anything yet.

Light on purpose (no pandas, no DuckDB): the dashboard's first run asks this before its heavy imports,
so that a fresh clone's demo build starts at once (pages/startup.py)."""
from __future__ import annotations

import os
import re
from pathlib import Path

DEFAULT_STORE_DIR = Path(__file__).resolve().parent.parent / "data" / "store"
POINTER, VERSIONS = "CURRENT", "versions"  # in the store's folder: the name of the version to read, the versions
_NAME = re.compile(r"^v(\d{6,})\.duckdb$")
# Written before the first-start demo build writes anything, removed when it is complete (data/demo.py).
DEMO_UNFINISHED = ".demo-unfinished"


def store_dir_from_env() -> Path:
    return Path(os.environ.get("KDCL_STORE", DEFAULT_STORE_DIR))


def holds_a_store(root: Path) -> bool:
    """A CURRENT pointer or any version file: the store exists, intact or not (loaders.store heals it)."""
    return (root / POINTER).exists() or bool(version_files(root / VERSIONS))


def demo_unfinished(root: Path) -> bool:
    """A first-start demo build began here and did not finish (it failed, or was killed)."""
    return (root / DEMO_UNFINISHED).exists()


def is_version_name(name: str) -> bool:
    return bool(_NAME.match(name))


def version_files(folder: Path) -> list[Path]:
    """Every version file, oldest first (by number, not by name: v1000000 follows v999999)."""
    found = [p for p in folder.glob("v*.duckdb") if is_version_name(p.name)] if folder.is_dir() else []
    return sorted(found, key=number)


def number(path: Path) -> int:
    return int(_NAME.match(path.name).group(1))
