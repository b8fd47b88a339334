"""Formula cells of a workbook: readers take the value Excel saved with the formula, so a
formula that Excel never computed (a file written by a program) reads as empty, and one whose
saved value is stale or odd (a name '0' from =A5, =100*1000000 saved as 0) is taken as it is.
Each becomes an issue naming the sheet and the cell.

Found cheaply: the census of loaders.file_checks says whether a sheet's XML holds a formula
element; only a sheet that does is parsed here, cell by cell.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from loaders.issues import IssueLog

_KEPT = 1000  # formula cells described per sheet; beyond, only counted
_WARNINGS_SHOWN, _ERRORS_SHOWN = 20, 50
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_FORMULA_SHOWN = 60


@dataclass(frozen=True)
class FormulaCell:
    ref: str
    formula: str          # as written, without '='; '' for a shared formula's followers
    cached: str | None    # the saved value; None when there is none
    is_error: bool        # the saved value is an Excel error (#REF!, #DIV/0!)

    @property
    def failed(self) -> bool:
        return self.cached is None or self.is_error


@dataclass
class SheetFormulas:
    cells: list[FormulaCell]
    total: int = 0
    failed: int = 0


def sheet_formulas(archive: zipfile.ZipFile, member: str) -> SheetFormulas:
    """Every formula cell of a sheet (parsed cell by cell: call it for a sheet that has one)."""
    found = SheetFormulas([])
    with archive.open(member) as stream:
        for _, element in etree.iterparse(stream, events=("end",), resolve_entities=False, no_network=True):
            name = etree.QName(element).localname
            if name == "c" and (formula := element.find("{*}f")) is not None:
                _count(found, _cell(element, formula))
            if name in ("c", "row"):  # keep the tree flat: a bulk sheet is large
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    return found


def _count(found: SheetFormulas, cell: FormulaCell) -> None:
    found.total += 1
    found.failed += cell.failed
    if len(found.cells) < _KEPT:
        found.cells.append(cell)


def _cell(element, formula) -> FormulaCell:
    value = element.find("{*}v")
    text = value.text if value is not None else element.findtext("{*}is/{*}t")
    return FormulaCell(element.get("r", "?"), (formula.text or "").strip(), text if text not in (None, "") else None,
                       element.get("t") == "e")


def report(log: IssueLog, sheet: str, found: SheetFormulas) -> None:
    """One issue per formula cell (the first ones), then one for the rest."""
    failed = [c for c in found.cells if c.failed]
    valued = [c for c in found.cells if not c.failed]
    for cell in failed[:_ERRORS_SHOWN]:
        log.error(_failed_message(cell), **_where(sheet, cell.ref))
    for cell in valued[:_WARNINGS_SHOWN]:
        log.warning(f"ô {cell.ref} là công thức {_shown(cell)}: đã dùng giá trị Excel lưu sẵn '{cell.cached}'. "
                    "Nếu giá trị này sai, hãy thay công thức bằng giá trị (Sao chép, Dán đặc biệt, Giá trị) "
                    "rồi gửi lại", **_where(sheet, cell.ref))
    more_failed = found.failed - min(len(failed), _ERRORS_SHOWN)
    more = found.total - min(len(failed), _ERRORS_SHOWN) - min(len(valued), _WARNINGS_SHOWN)
    if more_failed:
        log.error(f"trang còn {more_failed} ô công thức khác không có giá trị đã tính hoặc cho kết quả lỗi; hãy "
                  "mở tệp bằng Excel, sửa các công thức rồi lưu lại", sheet=sheet)
    elif more:
        log.warning(f"trang còn {more} ô công thức khác; đã dùng giá trị Excel lưu sẵn của chúng", sheet=sheet)


def _failed_message(cell: FormulaCell) -> str:
    if cell.is_error:
        return (f"ô {cell.ref} là công thức {_shown(cell)} cho kết quả lỗi {cell.cached}. Hãy sửa công thức hoặc "
                "thay bằng giá trị rồi gửi lại")
    return (f"ô {cell.ref} là công thức {_shown(cell)} nhưng tệp không lưu giá trị đã tính (tệp được tạo bằng "
            "phần mềm không tính công thức). Hãy mở tệp bằng Excel rồi lưu lại, hoặc thay công thức bằng giá trị")


def _shown(cell: FormulaCell) -> str:
    if not cell.formula:
        return "(công thức dùng chung)"
    text = cell.formula if len(cell.formula) <= _FORMULA_SHOWN else cell.formula[:_FORMULA_SHOWN] + "…"
    return f"={text}"


def _where(sheet: str, ref: str) -> dict:
    match = _REF.match(ref)
    return {"sheet": sheet, "row": int(match.group(2)) if match else None, "column": match.group(1) if match else ""}
