"""Budgets as officials write them, for the planner's page and command: an amount read the way the importer
reads a plan's cost ("50 tỷ", "50.000.000.000", "800 triệu", "1 tỷ 200 triệu"), and annual budgets
("2026=20 tỷ; 2027=30 tỷ", one year per line or separated by ';': a comma is a decimal mark in "5,5 tỷ")."""
from __future__ import annotations

import re

from loaders.money import parse_vnd_amount
from metrics.formatting import format_amount_input

_ENTRY_SEPARATORS = re.compile(r"[;\n]+")
_YEAR = re.compile(r"^\s*(?:năm\s*)?(\d{4})\s*[=:]\s*(.+)$", re.IGNORECASE)
_YEARS = range(2000, 2101)


def parse_amount(text: str) -> int | None:
    """Whole đồng, or None when the text is not an amount."""
    parsed = parse_vnd_amount(text)
    return None if parsed.value is None else int(parsed.value)


def parse_annual(text: str) -> dict[int, int]:
    """{year: đồng}, in year order; ValueError (its message says what to write) on anything else."""
    budgets: dict[int, int] = {}
    for entry in (e.strip() for e in _ENTRY_SEPARATORS.split(text)):
        if not entry:
            continue
        found = _YEAR.match(entry)
        if not found or int(found.group(1)) not in _YEARS:
            raise ValueError(f"'{entry}' cần dạng NĂM=SỐ TIỀN, ví dụ 2026=20 tỷ")
        year, amount = int(found.group(1)), parse_amount(found.group(2))
        if amount is None:
            raise ValueError(f"số tiền '{found.group(2).strip()}' của năm {year} không đọc được; "
                             "ghi dạng 20 tỷ hoặc 20.000.000.000")
        if year in budgets:
            raise ValueError(f"năm {year} được ghi hai lần")
        budgets[year] = amount
    if not budgets:
        raise ValueError("chưa có năm nào; ghi dạng 2026=20 tỷ; 2027=30 tỷ")
    return dict(sorted(budgets.items()))


def annual_input(years: dict[int, int]) -> str:
    """Annual budgets as an official types them ("2026=20 tỷ; 2027=30 tỷ"): parse_annual reads them back."""
    return "; ".join(f"{year}={format_amount_input(amount)}" for year, amount in sorted(years.items()))
