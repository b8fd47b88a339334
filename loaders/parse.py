"""Parsers for the three kinds of value that schools write by hand.

Each parser returns a small result object instead of raising, so that the
validator can turn a failure into a row-level message with file, sheet and row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.spec import FRAMEWORK_LABELS
from loaders.text import clean_cell, fold


@dataclass(frozen=True)
class Parsed:
    value: object = None
    warning: str | None = None
    error: str | None = None


# ---------------------------------------------------------------- criteria
# A criterion is Tiêu chuẩn.Tiêu chí (3.6, 1.10) and nothing more: '3.6.1' or '3.6,1' is no id of the
# framework, and reading it as 3.6 would file the row under a criterion the school never named.
_CRITERION = re.compile(r"^(?:tieu chi|tc)?\s*[:.]?\s*(\d{1,2})\s*[.,]\s*(\d{1,2})(?!\d|\s*[.,]\s*\d)")
_CLAUSE = re.compile(r"^(?:tieu chi|tc)?\s*[:.]?\s*(\d{1,2})(?![\d.,]\d)")
_CRITERION_FORM = ("mã tiêu chí gồm số tiêu chuẩn và số tiêu chí, như trong khung: 3.6, 1.10 hoặc Tiêu chí 3.6 "
                   "(không có mã con như 3.6.1)")


def parse_criterion(value: object) -> Parsed:
    """'Tiêu chí 3.6', 'TC 3.6', 'tiêu chí 3.6: Thư viện', '1.10' -> '3.6' / '1.10'."""
    value = clean_cell(value)
    if value is None:
        return Parsed(error="thiếu mã tiêu chí")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _numeric_criterion(value)
    match = _CRITERION.match(fold(value))
    if not match:
        return Parsed(error=f"'{value}' không phải là mã tiêu chí của khung; {_CRITERION_FORM}")
    return Parsed(f"{int(match.group(1))}.{int(match.group(2))}")


def _numeric_criterion(value: float) -> Parsed:
    text = repr(float(value))
    if not re.fullmatch(r"\d{1,2}\.\d{1,2}", text):  # 1e+30, 3.125, -1.0: no criterion
        return Parsed(error=f"ô số {value} không phải là mã tiêu chí; {_CRITERION_FORM}")
    standard, minor = text.split(".")
    criterion = f"{standard}.{minor}"
    # Excel stores a typed 1.10 as the number 1.1, so a one-digit minor
    # part that could have had a trailing zero is ambiguous.
    if minor == "1":
        return Parsed(criterion, warning=(
            f"ô số {text} có thể là tiêu chí {standard}.10 (Excel bỏ số 0 cuối); "
            f"đã đọc là {criterion}. Hãy định dạng cột Tiêu chí là văn bản"))
    return Parsed(criterion)


def parse_level4_clause(value: object) -> Parsed:
    """'Tiêu chí 4', '4', 4.0 -> 4 (a clause of Điều 22)."""
    value = clean_cell(value)
    if isinstance(value, (int, float)) and float(value).is_integer():
        return Parsed(int(value))
    match = _CLAUSE.match(fold(value)) if value is not None else None
    if not match:
        return Parsed(error=f"không đọc được tiêu chí Mức 4 '{value}' (ghi số từ 1 đến 6)")
    return Parsed(int(match.group(1)))


# ---------------------------------------------------------------- levels
_LEVEL_WORDS = {"khong dat": 0, "kd": 0, "chua dat": 0}
_LEVEL = re.compile(r"^(?:dat\s+)?(?:muc|m)?\s*([0-3])$")


def parse_level(value: object) -> Parsed:
    """'Không đạt', 'KĐ', '0', 'Mức 1', 'M3', '3', 'Đạt mức 2' -> 0..3."""
    value = clean_cell(value)
    if value is None:
        return Parsed(error="thiếu mức đạt")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 0 <= value <= 3:
            return Parsed(int(value))
    folded = fold(value).rstrip(".")
    if folded in _LEVEL_WORDS:
        return Parsed(_LEVEL_WORDS[folded])
    match = _LEVEL.match(folded)
    if match:
        return Parsed(int(match.group(1)))
    return Parsed(error=(f"mức đạt '{value}' không hợp lệ; ghi một trong: "
                         "Không đạt, Mức 1, Mức 2, Mức 3"))


_TARGET = re.compile(r"(?:dat\s+)?muc\s*([1-3])")
_CURRENT = re.compile(r"hien trang\s*(?::\s*)?(?:muc\s*([0-3])|(khong dat|chua dat))")


def parse_target_text(value: object) -> tuple[int | None, int | None]:
    """'Đạt mức 3 (hiện trạng mức 2)' -> (target 3, current 2); other text -> (None, None)."""
    folded = fold(value)
    current_match = _CURRENT.search(folded)
    current = None
    if current_match:
        current = int(current_match.group(1)) if current_match.group(1) else 0
        folded = folded[: current_match.start()]
    target_match = _TARGET.search(folded)
    return (int(target_match.group(1)) if target_match else None), current


def parse_result(value: object) -> Parsed:
    """Mức 4 result: 'Đạt' / 'Không đạt' (also x-marks handled by readers)."""
    folded = fold(value)
    if folded in ("dat", "d", "co", "1"):
        return Parsed(True)
    if folded in ("khong dat", "kd", "chua dat", "khong", "0"):
        return Parsed(False)
    return Parsed(error=f"kết quả '{value}' không hợp lệ; ghi Đạt hoặc Không đạt")


# ---------------------------------------------------------------- codes and labels
_YEAR = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{4})$")


def parse_school_year(value: object) -> Parsed:
    """'2023-2024', '2023 - 2024', '2023–2024', '2023/2024' -> '2023-2024'."""
    match = _YEAR.match(fold(value))
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        return Parsed(error=f"năm học '{clean_cell(value) or ''}' không hợp lệ; ghi dạng 2023-2024")
    return Parsed(f"{match.group(1)}-{match.group(2)}")


_ASSESSMENT_TYPES = {"": "Tự đánh giá", "tu danh gia": "Tự đánh giá", "tdg": "Tự đánh giá",
                     "danh gia ngoai": "Đánh giá ngoài", "dgn": "Đánh giá ngoài"}


def parse_assessment_type(value: object) -> Parsed:
    folded = fold(value)
    if folded in _ASSESSMENT_TYPES:
        return Parsed(_ASSESSMENT_TYPES[folded])
    return Parsed(error=f"hình thức '{value}' không hợp lệ; ghi Tự đánh giá hoặc Đánh giá ngoài")


_SCHOOL_LEVELS = {"mam non": "Mầm non", "tieu hoc": "Tiểu học", "th": "Tiểu học",
                  "thcs": "THCS", "trung hoc co so": "THCS", "thpt": "THPT",
                  "trung hoc pho thong": "THPT", "nhieu cap hoc": "Nhiều cấp học",
                  "lien cap": "Nhiều cấp học", "pho thong nhieu cap hoc": "Nhiều cấp học"}


def parse_school_level(value: object) -> Parsed:
    folded = fold(value)
    if folded in _SCHOOL_LEVELS:
        return Parsed(_SCHOOL_LEVELS[folded])
    return Parsed(error=(f"cấp học '{value or ''}' không hợp lệ; ghi một trong: "
                         "Mầm non, Tiểu học, THCS, THPT, Nhiều cấp học"))


# Files name a circular by its number ("TT18/2018", "Thông tư 18", "57/2026"); the template's
# choices (spec.FRAMEWORK_LABELS) are that vocabulary.
_CIRCULAR_BY_NUMBER = {re.search(r"\d+", label).group(): label for label in FRAMEWORK_LABELS}
_FRAMEWORK = re.compile(rf"^(?:tt|thong tu)?\s*({'|'.join(_CIRCULAR_BY_NUMBER)})\s*(?:/\s*(2018|2026))?")
_FRAMEWORK_CHOICES = ", ".join(FRAMEWORK_LABELS[:-1]) + " hoặc " + FRAMEWORK_LABELS[-1]


def parse_framework_label(value: object) -> Parsed:
    """'TT18/2018', 'Thông tư 18', '57/2026' -> the circular as the template writes it ('TT18/2018');
    which framework of that circular applies depends on the school level (loaders.validate_context)."""
    folded = fold(value)
    if not folded:
        return Parsed(None)
    match = _FRAMEWORK.match(folded)
    if not match:
        return Parsed(error=f"khung tiêu chí '{value}' không hợp lệ; ghi {_FRAMEWORK_CHOICES}")
    return Parsed(_CIRCULAR_BY_NUMBER[match.group(1)])


_CLAIMED = re.compile(r"(?:cap do|muc do|muc)\s*0?([1-4])")


def parse_claimed_level(value: object) -> Parsed:
    """'Cấp độ 2', 'Mức độ 1', 'Chưa đạt' -> 2, 1, 0; empty -> None."""
    folded = fold(value)
    if not folded:
        return Parsed(None)
    if folded.startswith("chua dat") or folded.startswith("khong dat"):
        return Parsed(0)
    match = _CLAIMED.search(folded)
    if not match:
        return Parsed(error=f"'{value}' không phải là cấp độ/mức độ; ghi dạng Cấp độ 2 hoặc Chưa đạt")
    return Parsed(int(match.group(1)))


def parse_plan_year(timeframe: object) -> int | None:
    """The single calendar year a timeframe names ('Năm 2024', 'Quý 1/2024'); else None."""
    years = set(re.findall(r"(?<!\d)(20\d\d)(?!\d)", fold(timeframe)))
    return int(years.pop()) if len(years) == 1 else None
