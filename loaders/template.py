"""Write the Excel template officials send to schools."""
from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter

from loaders.spec import (ASSESSMENT_TYPES, FRAMEWORK_LABELS, LEVEL_CHOICES, RECOGNITION_CHOICES,
                          RECOGNITION_KINDS, RESULT_CHOICES, SCHOOL_LEVELS, SHEETS)

_MAX_ROWS = 5000
_CHOICES = {"school_level": SCHOOL_LEVELS, "assessment_type": ASSESSMENT_TYPES,
            "framework": FRAMEWORK_LABELS, "level": LEVEL_CHOICES, "current_level": LEVEL_CHOICES,
            "target_level": LEVEL_CHOICES[1:], "result": RESULT_CHOICES}
# where one key means another thing on one sheet: the Kết quả of a decision is a Cấp độ or a Mức độ
_SHEET_CHOICES = {("recognitions", "kind"): tuple(RECOGNITION_KINDS.values()),
                  ("recognitions", "result"): RECOGNITION_CHOICES}
# Excel turns a typed 1.10 into the number 1.1, so criterion and code columns are text. Dates too: a
# typed 04/05/2024 would become 5 April on a computer set to month-first dates.
_TEXT_COLUMNS = {"school_id", "criterion", "clause", "school_year", "decision_number", "decision_date",
                 "valid_until"}


def write_template(path: Path | str) -> Path:
    path = Path(path)
    path.write_bytes(template_bytes())
    return path


def template_bytes() -> bytes:
    """The template as an .xlsx file's content (for the dashboard's download button)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = {"header": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
               "required": workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True}),
               "text": workbook.add_format({"num_format": "@"}),
               "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
               "title": workbook.add_format({"bold": True, "font_size": 14})}
    _guide(workbook, formats)
    for sheet in SHEETS:
        _data_sheet(workbook, sheet, formats)
    workbook.close()
    return buffer.getvalue()


def _guide(workbook, formats) -> None:
    guide = workbook.add_worksheet("Hướng dẫn")
    guide.set_column(0, 0, 18)
    guide.set_column(1, 1, 34)
    guide.set_column(2, 2, 10)
    guide.set_column(3, 3, 70)
    guide.set_column(4, 4, 28)
    guide.write(0, 0, "Mẫu nhập liệu kiểm định chất lượng và kế hoạch cải tiến", formats["title"])
    guide.write(1, 0, "Mỗi trang là một bảng; dòng 1 là tiêu đề cột (không đổi tên). Cột có dấu * là bắt buộc. "
                      "Có thể nhập nhiều trường trong một tệp. Trang Kết luận chỉ dùng khi trường không có bảng đánh giá "
                      "từng tiêu chí. Trang Công nhận (không bắt buộc) ghi các quyết định công nhận của cấp có thẩm quyền. "
                      "Kinh phí để trống = chưa ước tính; ghi 'Không' = không cần kinh phí.")
    row = 3
    for column, header in enumerate(("Trang", "Cột", "Bắt buộc", "Cách ghi", "Ví dụ")):
        guide.write(row, column, header, formats["header"])
    for sheet in SHEETS:
        for col in sheet.columns:
            row += 1
            guide.write_row(row, 0, [sheet.name, col.header, "có" if col.required else "", col.help, col.example],
                            formats["wrap"])


def _data_sheet(workbook, sheet, formats) -> None:
    ws = workbook.add_worksheet(sheet.name)
    for index, col in enumerate(sheet.columns):
        label = col.header + ("*" if col.required else "")
        ws.write(0, index, label, formats["required" if col.required else "header"])
        ws.write_comment(0, index, f"{col.help}. Ví dụ: {col.example}" if col.example else col.help)
        is_text = col.key in _TEXT_COLUMNS
        ws.set_column(index, index, max(14, len(col.header) + 4), formats["text"] if is_text else None)
        choices = _SHEET_CHOICES.get((sheet.key, col.key), _CHOICES.get(col.key))
        if choices:
            ws.data_validation(1, index, _MAX_ROWS, index, {
                "validate": "list", "source": list(choices),
                "error_message": "Chọn một giá trị trong danh sách", "ignore_blank": True})
    ws.freeze_panes(1, 0)
