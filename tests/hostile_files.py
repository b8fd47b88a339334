"""Hostile files built in the test (issue 13): each a few lines of openpyxl, python-docx or
zipfile, small on disk however large they claim or expand to. Shared by the reader tests, the
CLI run over a folder of them and the browser upload."""
from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import Iterable

import docx
import openpyxl

from loaders.template import write_template

MB = 1024 * 1024


def corner_cells(path: Path) -> Path:
    """Only A1 and XFD1048576: 5 KB that a reader sizes at 17 G cells (512 GB)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Trường"
    sheet["A1"], sheet["XFD1048576"] = "Mã trường", "x"
    workbook.save(path)
    return path


def lying_dimension(path: Path) -> Path:
    """The same two corners, declaring itself A1:B2: only the reader's memory limit stops it."""
    corner_cells(path)
    sheet = _member(path, "xl/worksheets/sheet1.xml").replace(b'ref="A1:XFD1048576"', b'ref="A1:B2"')
    return rewrite(path, "xl/worksheets/sheet1.xml", sheet)


def docx_bomb(path: Path, expanded_mb: int = 460) -> Path:
    """A Word document whose body expands to `expanded_mb` MB of paragraphs (~1 MB on disk)."""
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG")
    document.save(path)
    body = _member(path, "word/document.xml")
    head, tail = body.split(b"<w:body>")[0] + b"<w:body>", b"</w:body>" + body.split(b"</w:body>")[1]
    paragraph = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * (MB // 32)
    return rewrite(path, "word/document.xml", [head, *([paragraph] * expanded_mb), tail])


def many_rows(path: Path, rows: int = 12_000_000) -> Path:
    """A 'Đánh giá' sheet of `rows` rows, honest about its dimension (~16 MB on disk for 12 M)."""
    workbook_with_sheet(path, "Đánh giá")
    row = b"<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>"
    block = 100_000
    sheet = [b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<dimension ref="A1:A%d"/><sheetData>' % rows, *([row * block] * (rows // block)),
             row * (rows % block), b"</sheetData></worksheet>"]
    return rewrite(path, "xl/worksheets/sheet1.xml", sheet)


def workbook_with_sheet(path: Path, title: str) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.title = title
    workbook.active["A1"] = "x"
    workbook.save(path)
    return path


def garbage_csv(path: Path, size_mb: float) -> Path:
    """Random bytes named .csv."""
    with open(path, "wb") as handle:
        for _ in range(int(size_mb)):
            handle.write(os.urandom(MB))
        handle.write(os.urandom(int((size_mb % 1) * MB)))
    return path


def long_cells(path: Path, cells: int = 4, chars: int = MB, varied: bool = False) -> Path:
    """A filled template whose plan has `cells` cells of `chars` characters: four 1 MB cells of one
    letter are 16 KB on disk (written into the XML: openpyxl cuts a cell at Excel's 32,767);
    `varied` text compresses as prose does (~5 to 1)."""
    write_template(path)
    workbook = openpyxl.load_workbook(path)
    workbook["Trường"].append(["T1", "Trường THCS Thử", "THCS", "Hải Phòng", "Tiên Lãng"])
    for index in range(cells):
        workbook["Kế hoạch"].append(["T1", "2023-2024", "3.6", "Mức 1", "Mức 2", "LONG-CELL", None, None, "1 tỷ"])
    member = f"xl/worksheets/sheet{workbook.sheetnames.index('Kế hoạch') + 1}.xml"
    workbook.save(path)
    return rewrite(path, member, _member(path, member).replace(b"LONG-CELL", long_text(chars, varied).encode()))


def long_text(chars: int, varied: bool = True) -> str:
    if not varied:
        return "x" * chars
    return " ".join(f"hạng mục {i}" for i in range(chars // 8))[:chars]


def formula_template(path: Path, cells: dict[tuple[str, str], str], cached: dict[tuple[str, str], str]) -> Path:
    """A filled template with formulas in (sheet, cell), saved with the given cached values (those
    missing from `cached` have none, as openpyxl saves formulas)."""
    write_template(path)
    workbook = openpyxl.load_workbook(path)
    workbook["Trường"].append(["T1", "Trường THCS Thử", "THCS", "Hải Phòng", "Tiên Lãng"])
    workbook["Kế hoạch"].append(["T1", "2023-2024", "3.6", "Mức 1", "Mức 2", "Xây thư viện", None, None, "1 tỷ"])
    for (sheet, ref), formula in cells.items():
        workbook[sheet][ref] = formula
    sheets = {sheet.title: f"xl/worksheets/sheet{index}.xml" for index, sheet in enumerate(workbook, start=1)}
    workbook.save(path)
    for (sheet, ref), value in cached.items():
        member = sheets[sheet]
        xml = re.sub(rb'(<c r="%s")([^>]*>)(<f>[^<]*</f>)<v\s*/?>(?:</v>)?' % ref.encode(),
                     lambda m: m.group(1) + b' t="str"' + m.group(2) + m.group(3) + b"<v>" + value.encode() + b"</v>",
                     _member(path, member))
        rewrite(path, member, xml)
    return path


def rewrite(path: Path, member: str, content: bytes | Iterable[bytes]) -> Path:
    """The zip at `path` with `member` replaced, written a chunk at a time (deflated)."""
    temporary = path.with_name(path.name + ".part")
    # level 1: a bomb of repeated bytes compresses at ~1 GB/s and still ~300 to 1
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info, source.read(info))
                continue
            with target.open(member, "w", force_zip64=True) as out:
                for chunk in [content] if isinstance(content, bytes) else content:
                    out.write(chunk)
    temporary.replace(path)
    return path


def _member(path: Path, member: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(member)


def long_csv_field(path: Path, chars: int) -> Path:
    """A school list (Trường.csv) whose school name is `chars` characters."""
    path.write_text(f"Mã trường,Tên trường,Cấp học,Tỉnh/Thành phố\nT1,{long_text(chars)},THCS,Hải Phòng\n",
                    encoding="utf-8")
    return path


def long_docx_cell(path: Path, chars: int) -> Path:
    """A plan whose table has one cell of `chars` characters (row 2, column 2)."""
    document = docx.Document()
    document.add_paragraph("TRƯỜNG THCS THỬ")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Tiêu chí", "Kinh phí"
    table.cell(1, 0).text, table.cell(1, 1).text = "Tiêu chí 3.6", long_text(chars)
    document.save(path)
    return path
