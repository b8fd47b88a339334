"""The named SQL files of metrics/sql/, read by name."""
from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).parent / "sql"


@cache
def sql_text(name: str) -> str:
    """metrics/sql/<name>.sql (read once per process: the files do not change while it runs)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
