"""Vietnamese number style: 1.234.567 đ, '5,5 tỷ đồng', '350 triệu đồng', '12,5%'."""
from __future__ import annotations

import math
import numbers
import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from loaders.text import fold


def _is_missing(value) -> bool:
    """None, NaN, pandas NA and NaT all mean 'no value' (not estimated, not zero)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def format_number(value, decimals: int = 0) -> str:
    """1234567.5 -> '1.234.567,5' (dot groups thousands, comma marks decimals), rounded half up as a
    person rounds: 19,95 to one decimal is '20,0' (the float 19.95 is 19.9499… and printed '19,9')."""
    if _is_missing(value):
        return ""
    if isinstance(value, numbers.Integral):  # every đồng of a table's money column: nothing to round, kept fast
        text = f"{int(value):,}" + ("." + "0" * decimals if decimals else "")
    else:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{number:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_vnd(value) -> str:
    """Whole đồng: '1.234.567 đ'; an amount not estimated stays empty, never '0 đ'."""
    return "" if _is_missing(value) else f"{format_number(round(float(value)))} đ"


def format_money_short(value) -> str:
    """'60 tỷ đồng', '5,545 tỷ đồng', '350 triệu đồng' for headlines and hover text."""
    if _is_missing(value):
        return "chưa ước tính"
    amount = float(value)
    if abs(amount) >= 1e9:
        # three significant digits at least: 5,545 tỷ; 19,95 tỷ (a budget of 20 tỷ less 50 triệu left); 303,7 tỷ
        decimals = next(d for bound, d in ((10e9, 3), (100e9, 2), (1000e9, 1), (math.inf, 0)) if abs(amount) < bound)
        return f"{_trim(format_number(amount / 1e9, decimals))} tỷ đồng"
    if abs(amount) >= 1e6:
        return f"{_trim(format_number(amount / 1e6, 1))} triệu đồng"
    return format_vnd(amount)


def format_amount_input(value: int) -> str:
    """An amount as an official types it into a money input, read back exactly by loaders.money:
    '50 tỷ', '800 triệu', else every đồng ('1.234.567')."""
    amount = int(value)
    for unit, word in ((10**9, "tỷ"), (10**6, "triệu")):
        if amount and amount % unit == 0:
            return f"{amount // unit} {word}"  # loaders.money reads "1500 tỷ", not "1.500 tỷ"
    return format_number(amount)


def format_percent(value, decimals: int = 1) -> str:
    return "" if _is_missing(value) else f"{_trim(format_number(value, decimals))}%"


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(",") if "," in text else text


def format_time(value) -> str:
    """'14:05:09 01/12/2026': the time first, then the date the Vietnamese way."""
    return "" if _is_missing(value) else pd.Timestamp(value).strftime("%H:%M:%S %d/%m/%Y")


def format_date(value) -> str:
    """'01/12/2026'."""
    return "" if _is_missing(value) else pd.Timestamp(value).strftime("%d/%m/%Y")


def format_age(years) -> str:
    """How old a school's data is, in school years: 'năm học này', '1 năm trước', '5 năm trước'."""
    if _is_missing(years):
        return ""
    return "năm học này" if int(years) <= 0 else f"{int(years)} năm trước"


def file_slug(text: str, limit: int = 60) -> str:
    """'Cấp độ theo tỉnh/thành phố' -> 'cap-do-theo-tinh-thanh-pho': a Vietnamese title as an ASCII file
    name (a browser, a zip tool or an e-mail gateway can mangle diacritics), cut at a word within `limit`."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit and slug:
            break
        slug = f"{slug}-{word}" if slug else word[:limit]
    return slug or "bang"
