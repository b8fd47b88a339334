"""Parsers for the authority's recognition decisions (Điều 34: Cấp độ KĐCLGD; Điều 37: Chuẩn quốc gia).

Kept apart from loaders.parse (criteria, levels, codes) so each stays small. Like those, every parser
returns a loaders.parse.Parsed and never raises: a cell it cannot read is a message to show.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from loaders.parse import Parsed
from loaders.spec import RECOGNITION_KINDS, RECOGNITION_RESULTS
from loaders.text import clean_cell, fold

VALID_YEARS = 5  # Điều 34 and 37: a recognition is valid 5 years


@dataclass(frozen=True)
class PartialDate:
    """A date as written: a day, or only a month or a year (then first/last are that period's ends)."""
    first: date
    last: date
    precision: str  # 'day' | 'month' | 'year'


@dataclass(frozen=True)
class RecognitionResult:
    kind: str | None  # 'accreditation' for 'Cấp độ n', 'national_standard' for 'Mức độ n', None for a bare n
    level: int


_DAY = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*(?:[/.-]|thang)\s*(\d{1,2})\s*(?:[/.-]|nam)\s*(\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00)?)?$")
_MONTH = re.compile(r"^(?:thang\s*)?(\d{1,2})\s*(?:[/.-]|nam)\s*(\d{4})$")
_YEAR_ONLY = re.compile(r"^(?:nam\s*)?(\d{4})$")
_DATE_FIX = "ghi dạng dd/mm/yyyy, ví dụ 15/04/2024 (chỉ biết tháng hoặc năm: 04/2024 hoặc 2024)"


def parse_partial_date(value: object) -> Parsed:
    """'15/04/2024', 'ngày 15 tháng 4 năm 2024', an Excel date cell -> a day; '04/2024', 'Tháng 4 năm 2024'
    -> a month; '2005', 'Năm 2005' -> a year."""
    value = clean_cell(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):  # a date cell, checked like a written one (31/12/9999 has no expiry date)
        return _period(value.year, value.month, value.day, "day")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # an Excel number cell: 2005 is a year; a day needs a text or a date cell
        if float(value) in range(1900, 2101):
            return _period(int(value), 1, 1, "year")
        return Parsed(error=f"ô số '{value}' không phải là ngày; {_DATE_FIX}")
    folded = fold(value).rstrip(".").strip()
    if match := _DAY.match(folded):
        day, month, year = map(int, match.groups())
    elif match := _ISO_DAY.match(folded):
        year, month, day = map(int, match.groups())
    elif match := _MONTH.match(folded):
        return _period(int(match.group(2)), int(match.group(1)), 1, "month")
    elif match := _YEAR_ONLY.match(folded):
        return _period(int(match.group(1)), 1, 1, "year")
    else:
        return Parsed(error=f"không đọc được ngày '{value or ''}'; {_DATE_FIX}")
    return _period(year, month, day, "day")


def _period(year: int, month: int, day: int, precision: str) -> Parsed:
    if not 1900 <= year <= 2100 or not 1 <= month <= 12:
        return Parsed(error=f"tháng {month} năm {year} không hợp lệ; {_DATE_FIX}")
    try:
        first = date(year, month, day)
    except ValueError:  # 29/02 of a year that is not a leap year, 31/04, ...
        return Parsed(error=f"ngày {day:02d}/{month:02d}/{year} không có trong lịch; kiểm tra lại, {_DATE_FIX}")
    if precision == "day":
        return Parsed(PartialDate(first, first, precision))
    if precision == "year":
        return Parsed(PartialDate(first, date(year, 12, 31), precision))
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return Parsed(PartialDate(first, next_month - timedelta(days=1), precision))


def _said(written: PartialDate) -> str:
    return f"năm {written.first.year}" if written.precision == "year" else f"tháng {written.first:%m/%Y}"


def parse_decision_date(value: object) -> Parsed:
    """The decision's date; a month or a year alone is read as its first day, with a warning saying so."""
    if clean_cell(value) is None:
        return Parsed(error="thiếu Ngày quyết định (cột bắt buộc); ghi dạng dd/mm/yyyy")
    parsed = parse_partial_date(value)
    if parsed.error or parsed.value.precision == "day":
        return parsed
    return Parsed(parsed.value, warning=f"chỉ ghi {_said(parsed.value)}: tính ngày quyết định là "
                                        f"{parsed.value.first:%d/%m/%Y}; nếu biết ngày trên quyết định, hãy ghi đủ")


def parse_valid_until(value: object) -> Parsed:
    """The written expiry; a month or a year alone is read as its last day, with a warning saying so."""
    if clean_cell(value) is None:
        return Parsed(None)
    parsed = parse_partial_date(value)
    if parsed.error or parsed.value.precision == "day":
        return parsed
    return Parsed(parsed.value, warning=f"chỉ ghi {_said(parsed.value)}: tính hiệu lực đến hết ngày "
                                        f"{parsed.value.last:%d/%m/%Y}")


def add_years(day: date, years: int = VALID_YEARS) -> date:
    """29/02 + 5 years is 28/02: a certificate valid 5 years must not outlast its term (01/03 would)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


_KIND_WORDS = {"accreditation": ("kiem dinh", "kdcl"), "national_standard": ("chuan quoc gia", "cqg", "chuan qg")}
_KIND_CHOICES = " hoặc ".join(RECOGNITION_KINDS.values())


def parse_recognition_kind(value: object) -> Parsed:
    """'Kiểm định chất lượng giáo dục', 'KĐCLGD' -> 'accreditation'; 'Chuẩn quốc gia', 'CQG' -> 'national_standard'."""
    folded = fold(value)
    kinds = [kind for kind, words in _KIND_WORDS.items() if any(word in folded for word in words)]
    if len(kinds) != 1:  # none, or a text naming both ('kiểm định ... và chuẩn quốc gia')
        return Parsed(error=f"loại công nhận '{clean_cell(value) or ''}' không hợp lệ; ghi {_KIND_CHOICES}")
    return Parsed(kinds[0])


_RESULT = re.compile(r"^(?:dat\s+)?(?:(cap do|muc do)\s*)?(\d{1,2}|iv|i{1,3})$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_RESULT_WORDS = {"cap do": "accreditation", "muc do": "national_standard"}


def parse_recognition_result(value: object) -> Parsed:
    """'Cấp độ 3', 'Mức độ II', '2' -> the level and, when the words say so, the kind it belongs to
    (which kind a bare number is, is the row's Loại công nhận: loaders.validate_recognition)."""
    value = clean_cell(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        value = str(int(value))
    match = _RESULT.match(fold(value).rstrip(".").strip())
    if not match:
        return Parsed(error=f"kết quả '{value or ''}' không hợp lệ; ghi Cấp độ 1 đến Cấp độ 4 (kiểm định) "
                            "hoặc Mức độ 1, Mức độ 2 (chuẩn quốc gia)")
    kind = _RESULT_WORDS.get(match.group(1))
    level = _ROMAN.get(match.group(2)) or int(match.group(2))
    if kind and not 1 <= level <= RECOGNITION_RESULTS[kind][1]:
        word = RECOGNITION_RESULTS[kind][0]
        return Parsed(error=f"không có {word} {level}: {RECOGNITION_KINDS[kind]} chỉ có {result_choices(kind)}; "
                            "sửa ô Kết quả")
    return Parsed(RecognitionResult(kind, level))


def result_choices(kind: str) -> str:
    """'Cấp độ 1 đến Cấp độ 4', 'Mức độ 1 hoặc Mức độ 2': the results a kind allows (spec.RECOGNITION_RESULTS)."""
    word, top = RECOGNITION_RESULTS[kind]
    return f"{word} 1 {'hoặc' if top == 2 else 'đến'} {word} {top}"
