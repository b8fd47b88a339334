"""A table in a Word draft as a Sở prints it: Vietnamese headers and formats (metrics.present), the header
row repeated on every page, columns as wide as their content allows, numbers on the right, a bold totals row.

Rows are written as XML in one fragment, because python-docx's add_row takes ~2.5 ms a row (a national
annex has ~25,000 items); text from schools' files is escaped there, never interpreted.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

import pandas as pd
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Twips

from metrics.formatting import format_number, format_vnd
from metrics.labels import column
from metrics.present import for_screen, shown_columns

_AMOUNT_END = re.compile(r"(?<=\d) đ$")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters a plan may carry; XML refuses them
_TOTAL = "Tổng cộng"
_NUMBERS = frozenset({"money", "count", "share", "average"})
_TWIPS_PER_MM = 56.7
_WIDEST = 40  # characters: a longer text wraps rather than squeezing every other column
_SHORT = 12  # characters: a text this short ("Hải Phòng") stays on one line
_MM_PER_CHAR, _PADDING_MM = 2.3, 4.0  # Times New Roman 11 pt (capitals and digits), and a cell's margins


def clean(value) -> str:
    return _XML_ILLEGAL.sub("", str(value))


def add_table(document, frame: pd.DataFrame, totals: tuple[str, ...], width_mm: float) -> None:
    shown = for_screen(frame)
    keys = shown_columns(frame)
    right = [column(k).kind in _NUMBERS if isinstance(k, str) else False for k in keys]
    rows = shown.astype(object).where(shown.notna(), "").values.tolist()
    if totals:
        rows.append([_TOTAL] + [_total(frame[key]) if key in totals else "" for key in keys[1:]])
    widths = _widths([list(shown.columns), *rows], right, width_mm)
    table = document.add_table(rows=0, cols=len(shown.columns))
    table.style = "Table Grid"
    table.autofit = False  # the widths below, not the reader's guess (LibreOffice squeezed the codes)
    for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths):
        grid_column.w = Twips(width)
    header = _row(list(shown.columns), widths, [False] * len(widths), bold=True, repeat=True)
    body = "".join(_row(row, widths, right, bold=bool(totals) and at == len(rows) - 1)
                   for at, row in enumerate(rows))
    for row in list(parse_xml(f"<w:tbl {nsdecls('w')}>{header}{body}</w:tbl>")):
        table._tbl.append(row)


def _widths(rows: list[list], numbers: list[bool], width_mm: float) -> list[int]:
    """In twips: a column that must not wrap (a number, a code, a short word) as wide as its longest value;
    the texts (names, groups) share what is left by their longest text (capped)."""
    columns = list(zip(*rows))  # each column's header, then its values
    longest = [max(len(str(v)) for v in values[1:]) if len(values) > 1 else 0 for values in columns]
    headers = [max(len(word) for word in str(values[0]).split() or [""]) for values in columns]
    words = [all(" " not in str(v) for v in values[1:] if v != _TOTAL) for values in columns]
    short = [number or word or n <= _SHORT for number, word, n in zip(numbers, words, longest)]
    fixed = [max(n, h) * _MM_PER_CHAR + _PADDING_MM for n, h in zip(longest, headers)]
    room = max(width_mm - sum(f for f, s in zip(fixed, short) if s), 0.0)
    shares = [min(n, _WIDEST) for n, s in zip(longest, short) if not s]
    return [int(_TWIPS_PER_MM * (f if s else room * min(n, _WIDEST) / sum(shares)))
            for f, s, n in zip(fixed, short, longest)]


def _row(values: list, widths: list[int], right: list[bool], bold: bool = False, repeat: bool = False) -> str:
    head = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if repeat else "<w:trPr><w:cantSplit/></w:trPr>"
    return "<w:tr>" + head + "".join(_cell(v, w, r, bold) for v, w, r in zip(values, widths, right)) + "</w:tr>"


def _cell(value, width: int, right: bool, bold: bool) -> str:
    text = _AMOUNT_END.sub("\u00a0đ", escape(clean(value)))  # '3.300.000.000 đ' never breaks before its đ
    align = '<w:jc w:val="right"/>' if right else ""
    run = f"<w:rPr>{'<w:b/>' if bold else ''}<w:sz w:val=\"22\"/></w:rPr>"  # 11 pt: an annex row on one line
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>{align}</w:pPr>'
            f'<w:r>{run}<w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>')


def _total(values: pd.Series) -> str:
    total = pd.to_numeric(values, errors="coerce").sum()
    return format_vnd(total) if column(values.name).kind == "money" else format_number(total)
