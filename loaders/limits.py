"""How much a file may hold before it is read, and how much reading it may cost.

A school's file is 30-200 rows and a few MB, so the defaults are far above anything an
official sends and far below what takes a server down (a 9 KB workbook can ask for 512 GB).
Each limit is a named setting, checked before the data is expanded (loaders.file_checks reads
the zip directory and each sheet's declared size first) and again by the reader's child process,
which cannot use more memory or time than `memory_mb` and `seconds` (loaders.bounded).

Changing them: `KDCL_LIMIT_<NAME>=value` in the environment (e.g. KDCL_LIMIT_ROWS=500000),
`KDCL_LIMITS=bulk` for the national-size profile, or on the command line
`python -m loaders --bulk` / `--limit rows=500000`. The upload page's own ceiling is Streamlit's
`server.maxUploadSize` in .streamlit/config.toml, kept equal to `upload_mb`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

ENV_PROFILE = "KDCL_LIMITS"
ENV_PREFIX = "KDCL_LIMIT_"


@dataclass(frozen=True)
class Limits:
    upload_mb: float = 50            # bytes of one file as received
    unzipped_mb: float = 100         # an .xlsx/.docx expanded: the sum of its zip entries
    zip_ratio: float = 200           # expansion of one entry above 1 MB (XML compresses ~10x)
    zip_entries: int = 1_000         # parts of one .xlsx/.docx (a plan has ~20; each sheet is one)
    rows: int = 200_000              # rows of a workbook (all sheets), a CSV or a document's tables
    sheet_cells: int = 5_000_000     # rows x columns of one sheet, CSV or document
    cell_chars: int = 32_767         # characters in one cell: Excel's own maximum
    memory_mb: int = 1024            # memory the reader may add to its process
    seconds: float = 20              # wall-clock time to read one file (a school's file: under 1 s)


# The operator's national files (bench/national.py: a 205 MB ratings CSV of 3.6 M rows).
# Still bounded: a bulk import cannot take the machine's last byte or run forever.
BULK = Limits(upload_mb=4096, unzipped_mb=16_384, rows=50_000_000, sheet_cells=500_000_000,
              memory_mb=8192, seconds=1800)

# What each limit is called in a message, its unit, and what an official can do about it.
LABELS = {
    "upload_mb": ("dung lượng tệp", "MB", "hãy bỏ ảnh chụp hoặc chia thành nhiều tệp nhỏ hơn"),
    "unzipped_mb": ("dung lượng khi giải nén", "MB",
                    "tệp có thể bị hỏng hoặc cố ý làm phình; hãy mở bằng Excel/Word, lưu thành tệp mới"),
    "zip_ratio": ("tỉ lệ nén", "lần", "tệp có thể bị hỏng hoặc cố ý làm phình; hãy mở bằng Excel/Word, lưu thành tệp mới"),
    "zip_entries": ("số thành phần trong tệp", "thành phần", "hãy mở bằng Excel/Word và lưu thành tệp mới"),
    "rows": ("số dòng mỗi tệp", "dòng", "hãy xoá các dòng trống thừa ở cuối trang hoặc chia thành nhiều tệp"),
    "sheet_cells": ("số ô mỗi trang", "ô", "hãy xoá các dòng, cột trống thừa (từ ô cuối có dữ liệu đến cuối trang) "
                    "rồi lưu lại"),
    "cell_chars": ("số ký tự trong một ô", "ký tự", "hãy rút gọn nội dung ô này"),
    "memory_mb": ("bộ nhớ dành cho việc đọc tệp", "MB", "hãy mở bằng Excel/Word, lưu thành tệp mới, hoặc chia nhỏ tệp"),
    "seconds": ("thời gian đọc tệp", "giây", "hãy mở bằng Excel/Word, lưu thành tệp mới, hoặc chia nhỏ tệp"),
}

_override: Limits | None = None


class OverLimit(Exception):
    """A file over a limit. The message names the limit and the value found; `sheet`, `row` and
    `column` say where, when there is a where."""

    def __init__(self, message: str, sheet: str = "", row: int | None = None, column: str = ""):
        super().__init__(message)
        self.message, self.sheet, self.row, self.column = message, sheet, row, column

    def where(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column}


def current() -> Limits:
    """The limits in force: the ones `use` set in this process, else the environment's."""
    return _override if _override is not None else from_env(os.environ)


def use(limits: Limits | None) -> None:
    """Set the limits for this process (the CLI's --bulk/--limit, bench/); None returns to the environment."""
    global _override
    _override = limits


def from_env(environ) -> Limits:
    base = BULK if environ.get(ENV_PROFILE, "").strip().lower() == "bulk" else Limits()
    return with_settings(base, {f.name: environ[ENV_PREFIX + f.name.upper()] for f in fields(Limits)
                                if ENV_PREFIX + f.name.upper() in environ})


def with_settings(base: Limits, settings: dict[str, str]) -> Limits:
    """`base` with some limits changed, from text ('rows' -> '500000'); unknown names are refused."""
    types = {f.name: f.type for f in fields(Limits)}
    unknown = set(settings) - set(types)
    if unknown:
        raise ValueError(f"không có giới hạn {', '.join(sorted(unknown))}; các giới hạn: {', '.join(types)}")
    values = {}
    for name, text in settings.items():
        value = float(str(text).replace("_", ""))
        if value <= 0:
            raise ValueError(f"giới hạn {name} phải lớn hơn 0")
        values[name] = int(value) if types[name] in (int, "int") else value
    return replace(base, **values)


def parse_assignments(pairs: list[str], base: Limits) -> Limits:
    """The CLI's `--limit rows=500000` pairs."""
    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise ValueError(f"'{pair}': dùng dạng TÊN=GIÁ_TRỊ, ví dụ rows=500000")
        settings[name.strip()] = value.strip()
    return with_settings(base, settings)


def number(value: float) -> str:
    """1234567 -> '1.234.567', 2.5 -> '2,5' (Vietnamese style; metrics.formatting is a layer above)."""
    rounded = round(value, 1)
    whole = f"{int(rounded):,}".replace(",", ".")
    return whole if rounded == int(rounded) else f"{whole},{str(rounded).split('.')[1]}"


def size(byte_count: float) -> str:
    """'16 KB', '4,2 MB'."""
    return f"{number(byte_count / 1024)} KB" if byte_count < 1024 * 1024 else f"{number(byte_count / 1024 / 1024)} MB"


def over(name: str, found: float, limits: Limits, subject: str) -> str:
    """'trang 'Đánh giá' có 12.000.000 dòng, vượt giới hạn số dòng mỗi tệp (200.000 dòng; quản trị
    viên có thể đổi bằng KDCL_LIMIT_ROWS). Hãy xoá …'"""
    return over_unmeasured(name, limits, f"{subject} {number(found)} {LABELS[name][1]}")


def over_unmeasured(name: str, limits: Limits, subject: str) -> str:
    """The same message when the value is not known (the reader ran out of memory or time)."""
    label, unit, fix = LABELS[name]
    return (f"{subject}, vượt giới hạn {label} ({number(getattr(limits, name))} {unit}; quản trị viên có thể "
            f"đổi bằng {ENV_PREFIX}{name.upper()}). {fix[0].upper()}{fix[1:]}")
