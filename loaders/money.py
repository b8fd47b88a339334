"""Parse budget cells ('5,5 tỷ đồng', '350 triệu', '2.500.000.000 đ') into whole VND.

The result keeps three cases apart, because officials must never see a
missing estimate added as zero:
  * an amount (including an explicit 0 for 'Không' or '-'),
  * not estimated (empty cell)            -> vnd None, no warning,
  * text that is not an amount            -> vnd None, with a warning.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from loaders.parse import Parsed
from loaders.text import clean_cell, fold

_UNITS = {"ty": 10**9, "trieu": 10**6, "tr": 10**6, "nghin": 10**3, "ngan": 10**3}
_ZERO_WORDS = {"khong", "0", "-", "--", "0 dong", "khong co", "khong can"}
# Words that may surround an amount without changing it.
_NOISE = re.compile(r"\b(?:dong|vnd|vnđ|d|khoang|du kien|uoc tinh|tong)\b|[.:~]")
_PAIR = re.compile(r"(\d[\d.,]*)\s*(ty|trieu|tr|nghin|ngan)?\b")
_RANGE = re.compile(r"\d\s*(?:-|–|den|toi)\s*\d")


def parse_vnd_amount(value: object) -> Parsed:
    """Return Parsed(vnd) where vnd is an int, or None when not estimated."""
    value = clean_cell(value)
    if value is None:
        return Parsed(None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _checked(Decimal(str(value)), value)
    folded = fold(value)
    if folded in _ZERO_WORDS:
        return Parsed(0)
    if _RANGE.search(folded):
        return _not_an_amount(value, "là một khoảng, không phải một số")
    pairs = _PAIR.findall(folded)
    leftover = _NOISE.sub(" ", _PAIR.sub(" ", folded)).strip()
    if not pairs or leftover:
        return _not_an_amount(value, "không phải là số tiền")
    return _sum_pairs(pairs, value)


def _sum_pairs(pairs: list[tuple[str, str]], original: object) -> Parsed:
    total = Decimal(0)
    previous_unit = None
    for number, unit in pairs:
        multiplier = _UNITS.get(unit, 1)
        if previous_unit is not None and (not unit or multiplier >= previous_unit):
            # '1 tỷ 200' or '200 triệu 1 tỷ': the unit of a part is unclear.
            return _not_an_amount(original, "có phần số không rõ đơn vị")
        amount = _number(number, has_unit=bool(unit))
        if amount is None:
            return _not_an_amount(original, f"không đọc được số '{number}'")
        total += amount * multiplier
        previous_unit = multiplier
    return _checked(total, original)


def _number(text: str, has_unit: bool) -> Decimal | None:
    """'5,5' and '1.5' are decimals next to a unit; '2.500.000' groups thousands."""
    text = text.rstrip(".,")
    groups = re.split(r"[.,]", text)
    if len(groups) == 1:
        return Decimal(text)
    thousands = all(len(g) == 3 for g in groups[1:]) and len(set(re.findall(r"[.,]", text))) == 1
    if thousands and (len(groups) > 2 or not has_unit):
        return Decimal("".join(groups))
    if len(groups) == 2 and has_unit and len(groups[1]) != 3:
        # '1.500 tỷ' reads as 1,5 tỷ or 1500 tỷ depending on the writer: ask.
        try:
            return Decimal(f"{groups[0]}.{groups[1]}")
        except InvalidOperation:
            return None
    return None


def _checked(amount: Decimal, original: object) -> Parsed:
    if amount < 0:
        return _not_an_amount(original, "là số âm")
    return Parsed(int(amount.to_integral_value()))


def _not_an_amount(original: object, reason: str) -> Parsed:
    return Parsed(None, warning=(
        f"kinh phí '{original}' {reason}; giữ nguyên văn bản và tính là chưa ước tính. "
        "Nếu có số tiền, hãy ghi dạng '350 triệu đồng' hoặc '1,5 tỷ đồng'"))
