"""Sizes read from a file's headers, before anything is expanded (Pillow's decompression-bomb
guard, for office files): the zip directory of an .xlsx/.docx (entries, expanded bytes, the
worst compression ratio), each sheet's declared <dimension> (only the start of its XML is
decompressed), a CSV's lines (counted in a streaming pass) and a Word document's table rows
and cells (counted in its XML without parsing it).

A declaration can lie: python-calamine sizes a sheet by the cells it finds, whatever the
dimension says. What a liar gets is the reader's child process running out of its memory or
time (loaders.bounded), and the checks after reading (loaders.reading) count what was read.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from loaders.limits import Limits, OverLimit, number, over, size

MB = 1024 * 1024
_CHUNK = 4 * MB
_HEAD_BYTES = 64 * 1024  # sheetPr, dimension, sheetViews: the dimension comes before the cells
_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([^\"]*)\"")
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,10})$")  # rows past Excel's 1,048,576 too
_RATIO_FROM = MB  # small entries may compress well without meaning anything
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_WORD_ROWS, _WORD_CELLS = (b"<w:tr>", b"<w:tr "), (b"<w:tc>", b"<w:tc ")


def check_upload(path: Path, limits: Limits) -> None:
    size = Path(path).stat().st_size
    if size > limits.upload_mb * MB:
        raise OverLimit(over("upload_mb", size / MB, limits, "tệp có dung lượng"))


def open_checked_zip(path: Path, limits: Limits) -> zipfile.ZipFile:
    """The archive, once its directory says it is within the limits."""
    archive = zipfile.ZipFile(path)
    entries = archive.infolist()
    if len(entries) > limits.zip_entries:
        raise OverLimit(over("zip_entries", len(entries), limits, "tệp gồm"))
    total = sum(entry.file_size for entry in entries)
    if total > limits.unzipped_mb * MB:
        raise OverLimit(over("unzipped_mb", total / MB, limits, "khi giải nén, tệp có dung lượng"))
    large = [e for e in entries if e.file_size > _RATIO_FROM]
    worst = max(large, key=lambda e: e.file_size / max(e.compress_size, 1), default=None)
    if worst is not None and worst.file_size / max(worst.compress_size, 1) > limits.zip_ratio:
        sheet = {member: name for name, member in worksheet_parts(archive).items()}.get(worst.filename, "")
        part = f"trang '{sheet}'" if sheet else f"thành phần '{worst.filename}' của tệp"
        raise OverLimit(over("zip_ratio", worst.file_size / max(worst.compress_size, 1), limits,
                             f"{part} nở ra từ {size(worst.compress_size)} thành {size(worst.file_size)}, gấp"),
                        sheet=sheet)
    return archive


def worksheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML member, as the workbook's relationships say ({} when they cannot be read:
    the reader then says what is wrong)."""
    try:
        book = _target(archive, "_rels/.rels", "officeDocument", "")
        rels = str(PurePosixPath(book).parent / "_rels" / (PurePosixPath(book).name + ".rels"))
        targets = {rel.get("Id"): _resolve(book, rel.get("Target", "")) for rel in _xml(archive, rels)}
        return {sheet.get("name"): targets[_rel_id(sheet)] for sheet in _xml(archive, book).iter("{*}sheet")
                if _rel_id(sheet) in targets}
    except (KeyError, StopIteration, etree.XMLSyntaxError):
        return {}


def _xml(archive: zipfile.ZipFile, member: str):
    return etree.fromstring(archive.read(member), _PARSER)


def _target(archive, rels: str, kind: str, base: str) -> str:
    rel = next(r for r in _xml(archive, rels) if r.get("Type", "").endswith("/" + kind))
    return _resolve(base, rel.get("Target", ""))


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    folder = PurePosixPath(source).parent if source else PurePosixPath()
    parts = []
    for part in (folder / target).parts:
        if part == "..":
            parts = parts[:-1]
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _rel_id(sheet) -> str | None:
    return next((value for key, value in sheet.attrib.items() if key.endswith("}id")), None)


def check_sheets(archive: zipfile.ZipFile, parts: dict[str, str],
                 limits: Limits) -> tuple[dict[str, bool], dict[str, int | None]]:
    """Each sheet's declared extent and its cells within the cells limit, all rows within the rows
    limit; by sheet name, whether it holds a formula, and the columns from A its <dimension> declares
    (A1:B9 and B1:B9 both 2; None without one)."""
    total, formulas, widths = 0, {}, {}
    for name, member in parts.items():
        extent = declared_extent(archive, member)
        widths[name] = None if extent is None else _width_from_a(extent[0])
        if extent is not None and extent[1] * extent[2] > limits.sheet_cells:
            ref, rows, columns = extent
            raise OverLimit(over("sheet_cells", rows * columns, limits, f"trang '{name}' khai báo vùng dữ liệu "
                                 f"{ref}: {number(rows)} dòng × {number(columns)} cột ="), sheet=name)
        # The smallest row is <row></row> (11 bytes), the smallest cell <c></c> (7): a sheet too short to
        # pass a limit is only searched for formulas (a bulk import's limits are never in reach).
        size = archive.getinfo(member).file_size
        counted = size // 7 > limits.sheet_cells or total + size // 11 > limits.rows
        census = sheet_census(archive, member, counted)
        if census.cells > limits.sheet_cells:
            raise OverLimit(over("sheet_cells", census.cells, limits, f"trang '{name}' có"), sheet=name)
        total += census.rows
        if total > limits.rows:
            raise OverLimit(over("rows", total, limits, f"tính đến trang '{name}', tệp có"), sheet=name)
        formulas[name] = census.formulas
    return formulas, widths


@dataclass(frozen=True)
class Census:
    rows: int       # rows that hold a cell (<row>...</row>; an empty <row/> holds none)
    cells: int      # cells that hold something (<c>...</c>; an empty <c/> is skipped by the readers)
    formulas: bool  # a formula element (<f>) anywhere


def sheet_census(archive: zipfile.ZipFile, member: str, counted: bool = True) -> Census:
    """Rows, cells (when `counted`) and formulas of a sheet, found in its XML as it is decompressed,
    whatever its dimension declares (~0.5 s for a 46 MB sheet of 200,000 rows; a school's sheet, a
    millisecond)."""
    rows = cells = 0
    formulas = False
    with archive.open(member) as stream:
        first = stream.read(_HEAD_BYTES)
        found = _ROOT.search(first)
        prefix = found.group(1) if found and found.group(1) else b""  # .NET writers use <x:c>
        row_end, cell_end, formula = b"</" + prefix + b"row>", b"</" + prefix + b"c>", b"<" + prefix + b"f"
        tail, chunk = b"", first
        while chunk:
            data = tail + chunk
            if counted:
                rows += data.count(row_end) - tail.count(row_end)
                cells += data.count(cell_end) - tail.count(cell_end)
            formulas = formulas or _has_formula(data, formula)
            tail, chunk = data[-16:], stream.read(_CHUNK)
    return Census(rows, cells, formulas)


def _has_formula(data: bytes, needle: bytes) -> bool:
    """<f>, <f t="shared"/>: never <formula1> or <filterColumn>, which follow the cells."""
    position = data.find(needle)
    while position >= 0:
        if data[position + len(needle):position + len(needle) + 1] in (b" ", b">", b"/"):
            return True
        position = data.find(needle, position + 1)
    return False


def _width_from_a(ref: str) -> int:
    return max(column_number(_REF.match(part).group(1)) for part in ref.split(":"))


def declared_extent(archive: zipfile.ZipFile, member: str) -> tuple[str, int, int] | None:
    """(ref, rows, columns) of a sheet's <dimension ref="A1:XFD1048576">, from its first 64 KB."""
    try:
        with archive.open(member) as stream:
            head = stream.read(_HEAD_BYTES)
    except KeyError:
        return None
    found = _DIMENSION.search(head)
    if not found:
        return None
    ref = found.group(1).decode("ascii", "replace")
    corners = [_REF.match(part) for part in ref.split(":")]
    if not corners or len(corners) > 2 or not all(corners):
        return None
    (c1, r1), (c2, r2) = ((column_number(m.group(1)), int(m.group(2))) for m in (corners[0], corners[-1]))
    return ref, abs(r2 - r1) + 1, abs(c2 - c1) + 1


def column_number(letters: str) -> int:
    value = 0
    for letter in letters.upper():
        value = value * 26 + ord(letter) - 64
    return value


def column_letters(index: int) -> str:
    """1 -> 'A', 28 -> 'AB'."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def count_csv_rows(path: Path, limits: Limits) -> int:
    """Data lines below the header (quoted line breaks count too: a bound, never an undercount)."""
    lines, last = 0, b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            lines, last = lines + chunk.count(b"\n"), chunk[-1:]
    rows = max(lines + (last != b"\n") - 1, 0)
    if rows > limits.rows:
        raise OverLimit(over("rows", rows, limits, "tệp CSV có"))
    return rows


def check_csv_shape(rows: int, columns: int, limits: Limits) -> None:
    if rows * columns > limits.sheet_cells:
        raise OverLimit(over("sheet_cells", rows * columns, limits,
                             f"tệp CSV có {number(rows)} dòng × {number(columns)} cột ="))


def check_document_tables(archive: zipfile.ZipFile, limits: Limits) -> None:
    """A Word document's table rows and cells, counted in word/document.xml before it is parsed."""
    counts = stream_count(archive, "word/document.xml", _WORD_ROWS + _WORD_CELLS)
    rows, cells = sum(counts[n] for n in _WORD_ROWS), sum(counts[n] for n in _WORD_CELLS)
    if rows > limits.rows:
        raise OverLimit(over("rows", rows, limits, "các bảng trong tài liệu có"))
    if cells > limits.sheet_cells:
        raise OverLimit(over("sheet_cells", cells, limits, "các bảng trong tài liệu có"))


def stream_count(archive: zipfile.ZipFile, member: str, needles: tuple[bytes, ...]) -> dict[bytes, int]:
    """How often each needle occurs in a member, decompressed a chunk at a time."""
    counts = dict.fromkeys(needles, 0)
    keep = max(map(len, needles)) - 1  # a needle cut by a chunk's end is whole in the next one
    with archive.open(member) as stream:
        tail = b""
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            for needle in needles:  # a needle wholly inside the tail was counted with the chunk before
                counts[needle] += data.count(needle) - tail.count(needle)
            tail = data[-keep:] if keep else b""
    return counts
