"""Parse budget cells ('5,5 tỷ đồng', '350 triệu', '2.500.000.000 đ') into whole VND.

The result keeps three cases apart, because officials must never see a
missing estimate added as zero:
  * an amount (including an explicit 0 for 'Không' or '-'),
  * not estimated (empty cell)            -> vnd None, no warning,
  * text that is not an amount            -> vnd None, with a warning.
parse_item_cost adds the one range check: an amount no single plan item can cost (above MAX_ITEM_VND)
is an error naming the cell, a unit or a column typed wrong that would outweigh every real plan.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from loaders.parse import Parsed
from loaders.text import clean_cell, fold

# One plan item above 1.000 tỷ đồng is a typing error: the largest seed item is 50 tỷ (a school's
# new building), and a province spends a few thousand tỷ a year on all of its schools.
MAX_ITEM_VND = 1_000 * 10**9
_UNITS = {"ty": 10**9, "trieu": 10**6, "tr": 10**6, "nghin": 10**3, "ngan": 10**3}
_ZERO_WORDS = {"khong", "0", "-", "--", "0 dong", "khong co", "khong can"}
# Words that may surround an amount without changing it.
_NOISE = re.compile(r"\b(?:dong|vnd|vnđ|d|khoang|du kien|uoc tinh|tong)\b|[.:~]")
_PAIR = re.compile(r"(\d[\d.,]*)\s*(ty|trieu|tr|nghin|ngan)?\b")
_RANGE = re.compile(r"\d\s*(?:-|–|den|toi)\s*\d")
# '05/01/2024', '2024-01-05 00:00:00': a date written as text (a CSV, or a cell Excel turned into text)
_DATE_TEXT = re.compile(r"^\d{1,4}[/-]\d{1,2}[/-]\d{1,4}(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")


def parse_vnd_amount(value: object) -> Parsed:
    """Return Parsed(vnd) where vnd is an int, or None when not estimated."""
    value = clean_cell(value)
    if value is None:
        return Parsed(None)
    if isinstance(value, (date, time, timedelta)):  # datetime too: a cell formatted as a date
        return _not_an_amount(_date_text(value), "là ô chứa ngày, không phải số tiền",
                              "Hãy định dạng ô là Số hoặc Văn bản rồi ghi lại số tiền")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _checked(Decimal(str(value)), value)
    folded = fold(value)
    if _DATE_TEXT.match(folded):
        return _not_an_amount(value, "là ngày, không phải số tiền")
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


def parse_item_cost(value: object) -> Parsed:
    """One plan item's cost: parse_vnd_amount, and an error above MAX_ITEM_VND (a budget, which
    may be larger, is read by parse_vnd_amount alone)."""
    parsed = parse_vnd_amount(value)
    if parsed.value is None or parsed.value <= MAX_ITEM_VND:
        return parsed
    return Parsed(error=(f"kinh phí '{clean_cell(value)}' vượt mức tối đa của một hạng mục "
                         f"({MAX_ITEM_VND // 10**9:,} tỷ đồng)".replace(",", ".")
                         + "; kiểm tra đơn vị (đồng, triệu, tỷ) và số chữ số, hoặc tách thành nhiều hạng mục"))


def _checked(amount: Decimal, original: object) -> Parsed:
    if not amount.is_finite():  # a float cell holding inf or NaN
        return _not_an_amount(original, "không phải là số hữu hạn")
    if amount < 0:
        return _not_an_amount(original, "là số âm")
    return Parsed(int(amount.to_integral_value()))


def _not_an_amount(original: object, reason: str,
                   fix: str = "Nếu có số tiền, hãy ghi dạng '350 triệu đồng' hoặc '1,5 tỷ đồng'") -> Parsed:
    return Parsed(None, warning=f"kinh phí '{original}' {reason}; giữ nguyên văn bản và tính là chưa ước tính. {fix}")


def _date_text(value: date | time | timedelta) -> str:
    """The cell as the school saw it: 05/01/2024 (a date cell), 08:30 (a time)."""
    if isinstance(value, datetime) and value.time() == time():
        value = value.date()
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    return f"{value:%d/%m/%Y}" if isinstance(value, date) else str(value)
