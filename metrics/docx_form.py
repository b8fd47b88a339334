"""The frame of a Vietnamese administrative document around a draft (Nghị định 30/2020/NĐ-CP, Phụ lục I):
the issuing body and its number on the left, the national motto and the place and date on the right, the
kind of document and its subject, "Kính gửi", and at the end "Nơi nhận" beside the signer.

A draft leaves what only the office knows as dots ("Số: ……/TTr-SGDĐT", the day, the signer's name):
the official fills them in Word. The issuer is the Sở of the province in scope; with no single province
chosen, its name is left as dots too, never guessed.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from metrics.query import fetch

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
_DOTS = "……"


@dataclass(frozen=True)
class Issuer:
    authority: str  # the people's committee above the office: "UBND THÀNH PHỐ HẢI PHÒNG"
    office: str  # "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    addressee: str  # "Ủy ban nhân dân thành phố Hải Phòng"
    place: str  # where it is signed: "Hải Phòng"


def education_office(con: duckdb.DuckDBPyConnection, province: str | None) -> Issuer:
    """The Sở GD&ĐT of a province, under its UBND ("thành phố" for the centrally-run cities, reference
    data provinces_2025.csv); dots when no province is in scope."""
    if province is None:
        return Issuer(f"UBND TỈNH/THÀNH PHỐ {_DOTS}", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", f"Ủy ban nhân dân {_DOTS}", _DOTS)
    city = fetch(con, "SELECT centrally_run_city FROM provinces WHERE province_2025 = $p", {"p": province})
    kind = "thành phố" if not city.empty and bool(city.iloc[0, 0]) else "tỉnh"
    return Issuer(f"UBND {kind.upper()} {province.upper()}", "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
                  f"Ủy ban nhân dân {kind} {province}", province)


def official_style(document) -> None:
    """Times New Roman 13, headings in black: the look of a Sở's documents, not Word's blue Calibri."""
    for name, size in (("Normal", 13), ("Heading 1", 13), ("Heading 2", 13), ("List Bullet", 13)):
        font = document.styles[name].font
        font.name, font.size = "Times New Roman", Pt(size)
        if name.startswith("Heading"):
            font.bold, font.color.rgb = True, RGBColor(0, 0, 0)
        # the template's headings take the theme's font, and East Asian and complex-script runs their own,
        # unless the style's rFonts names one for each and drops the theme's
        fonts = document.styles[name].element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
        for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{attribute}"), "Times New Roman")


def landscape_section(document) -> None:
    """A new A4 page turned sideways, for the annex's wide tables."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)


def heading(document, issuer: Issuer, kind: str, number_code: str, subject: str, year: int) -> None:
    """The two-column header, "DỰ THẢO", the kind in capitals, its subject and "Kính gửi"."""
    table = _two_columns(document, (Mm(66), Mm(104)))  # the motto fits its line in the wider column
    left, right = table.rows[0].cells
    _lines(left, [(issuer.authority, False), (issuer.office, True), ("", False),
                  (f"Số: {_DOTS}/{number_code}", False)])
    _lines(right, [(MOTTO[0], True), (MOTTO[1], True), ("", False),
                   (f"{issuer.place}, ngày {_DOTS} tháng {_DOTS} năm {year}", False)])
    right.paragraphs[-1].runs[0].italic = True
    _centred(document, "DỰ THẢO", bold=True)
    _centred(document, kind.upper(), bold=True, size=14)
    _centred(document, subject, bold=True)
    _centred(document, f"Kính gửi: {issuer.addressee}.")


def closing(document, issuer: Issuer, signer: str) -> None:
    """"Nơi nhận" on the left, the signer's title and a place for the signature on the right."""
    table = _two_columns(document, (Mm(85), Mm(85)))
    recipients, signature = table.rows[0].cells
    _lines(recipients, [("Nơi nhận:", True), ("- Như trên;", False), (f"- Lưu: VT, {_DOTS}.", False)])
    for paragraph in recipients.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _lines(signature, [(signer, True), ("(Ký, ghi rõ họ tên, đóng dấu)", False)])
    signature.paragraphs[-1].runs[0].italic = True


def _two_columns(document, widths):
    table = document.add_table(rows=1, cols=2)
    table.alignment, table.autofit = WD_TABLE_ALIGNMENT.CENTER, False
    for cell, width in zip(table.rows[0].cells, widths):
        cell.width = width  # Word reads each cell's width, LibreOffice the grid's
    for column, width in zip(table.columns, widths):
        column.width = width
    return table


def _lines(cell, lines: list[tuple[str, bool]]) -> None:
    cell.text = ""
    for index, (text, bold) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(12)  # the header's size (Nghị định 30: 12-13)


def _centred(document, text: str, bold: bool = False, size: int | None = None) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
