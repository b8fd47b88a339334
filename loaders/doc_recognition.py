"""Read the authority's recognition from a plan's prose (part II.1 of the plans in the seeds):

    - Trường được công nhận trường đạt chuẩn quốc gia: Năm 2005.        (seed 000)
    - Mức độ được công nhận: Mức độ 1.
    - Thời gian hết hiệu lực: Năm 2010.

The sentences become cells of the template's Công nhận sheet, so the one validation parses them
(a year or a month alone is read with a warning saying how). Only a labelled statement ('được công
nhận ... chuẩn quốc gia:') counts: 'Được công nhận trường chuẩn năm 2024' under Mục tiêu is a goal.
"""
from __future__ import annotations

import re

from loaders.issues import IssueLog
from loaders.spec import RECOGNITION_KINDS
from loaders.text import fold

SOURCE = "Đoạn văn"  # where issues point: the document's text, rows numbered by line
_BULLET = re.compile(r"^[-+•*\s]+")
_STATEMENT = re.compile(r"duoc cong nhan\b[^:]*?(chuan quoc gia|kiem dinh|kdcl)[^:]*:")
_KINDS = {"chuan quoc gia": "national_standard", "kiem dinh": "accreditation", "kdcl": "accreditation"}
_FOLLOWING = {"result": re.compile(r"^(?:muc do|cap do) (?:duoc )?cong nhan\s*:"),
              "valid_until": re.compile(r"^(?:thoi gian )?(?:het hieu luc|hieu luc den)\s*:"),
              "decision_number": re.compile(r"^so quyet dinh\s*:")}
_FOLLOWING_LINES = 3  # the level and the expiry come on the lines right after the statement
# the most precise form first: 'ngày 12 tháng 4 năm 2024' before 'tháng 4 năm 2024' before 'năm 2024'
_DATE = re.compile(r"(?:ngay )?\d{1,2} thang \d{1,2} nam \d{4}|\d{1,2}/\d{1,2}/\d{4}|(?:thang )?\d{1,2} nam \d{4}"
                   r"|\d{1,2}/\d{4}|(?:nam )?(?<!\d)\d{4}(?!\d)")
_RESULT = re.compile(r"(?:muc do|cap do)\s*(?:\d{1,2}|iv|i{1,3})\b")


def recognition_rows(text: str, log: IssueLog) -> list[dict]:
    """One Công nhận row (cells as text) per recognition the prose states with its level and date."""
    written = text.splitlines()
    lines = [_BULLET.sub("", fold(line)) for line in written]
    rows = []
    for index, line in enumerate(lines):
        statement = _STATEMENT.search(line)
        if statement:
            labelled = _labelled(lines, written, index + 1)
            row = _row(_KINDS[statement.group(1)], index + 1, line[statement.end():], labelled)
            if _complete(row, log):
                rows.append(row)
    return rows


def _labelled(lines: list[str], written: list[str], start: int) -> dict[str, str]:
    """What the next few non-empty lines (up to the next statement) say after their label, as written."""
    found, seen = {}, 0
    for line, original in zip(lines[start:], written[start:]):
        if _STATEMENT.search(line) or seen == _FOLLOWING_LINES:
            break
        seen += bool(line)
        key = next((key for key, pattern in _FOLLOWING.items() if pattern.match(line)), None)
        if key and ":" in original:
            found.setdefault(key, original.split(":", 1)[1].strip().rstrip("."))
    return found


def _row(kind: str, number: int, after_colon: str, labelled: dict[str, str]) -> dict:
    date, until = _DATE.search(after_colon), _DATE.search(fold(labelled.get("valid_until")))
    result = _RESULT.search(fold(labelled.get("result")) or after_colon)
    return {"_row": number, "kind": RECOGNITION_KINDS[kind], "result": _words(result.group()) if result else None,
            "decision_date": date.group() if date else None, "valid_until": until.group() if until else None,
            "decision_number": labelled.get("decision_number") or None}


def _words(result: str) -> str:
    """'muc do 1' (matched on folded text) as the template writes it: 'Mức độ 1'."""
    return result.replace("muc do", "Mức độ").replace("cap do", "Cấp độ")


def _complete(row: dict, log: IssueLog) -> bool:
    """A recognition without its level or its date is not stored, and the reader is told so."""
    missing = [what for key, what in (("result", "mức độ/cấp độ được công nhận"), ("decision_date", "thời gian "
               "được công nhận (năm, tháng/năm hoặc ngày)")) if row[key] is None]
    if missing:
        log.warning(f"văn bản ghi trường được công nhận đạt {row['kind']} nhưng không ghi {' và '.join(missing)}; "
                    "không lưu kết quả công nhận này. Hãy ghi đủ trong văn bản hoặc nhập ở trang Công nhận "
                    "của mẫu nhập liệu", sheet=SOURCE, row=row["_row"], column="Loại công nhận")
    return not missing
