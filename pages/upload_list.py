"""How the upload page lists the files it has checked: one expander per file for a few files; for a
folder of them, one table of every file and expanders only for the files that need reading.

A page with an expander per file took 4 s to draw again at every click with 1,000 Word plans, and an
official looking for the 12 files with problems had to open them one by one. Beyond `ONE_BY_ONE` files
the table says what each file is, and the files with errors, warnings or an uncertain school come in
expanders, `PER_PAGE` at a time."""
from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from pages import ui

ONE_BY_ONE = 20
PER_PAGE = 25
_COUNTED = ("schools", "ratings", "plan_items")


def file_title(status: str, result) -> str:
    """'Hợp lệ, 2 cảnh báo', 'Không hợp lệ, 3 lỗi': what the official must read, in the title."""
    errors, warnings = len(result.errors), len(result.warnings)
    noted = f", {ui.count(warnings)} cảnh báo" if warnings else ""
    return {"valid": f":material/check_circle: Hợp lệ{noted}" + ("" if warnings else ", sẵn sàng nhập"),
            "rejected": f":material/error: Không hợp lệ, {ui.count(errors)} lỗi — tệp sẽ không được nhập",
            "unchanged": ":material/pause_circle: Tệp này đã được nhập trước đó",
            "imported": f":material/check_circle: Đã nhập{noted}",
            "failed": ":material/error: Không nhập được"}[status]


def needs_reading(result) -> bool:
    """Opened at once when listed one by one; the only ones in expanders when the files are many."""
    return result.status in ("rejected", "failed") or len(result.warnings) > 0


def to_show(shown: list) -> list:
    """The (upload, result) pairs to draw in expanders: all of a few files, else the page of the files
    that need reading, with the table of every file and a page picker above them."""
    if len(shown) <= ONE_BY_ONE:
        return shown
    results = [result for _, result in shown]
    st.write(ui.plain(summary_line(results)))
    ui.show_frame(summary_frame(shown), "Kết quả kiểm tra các tệp tải lên", "upload_summary")
    reading = [(upload, result) for upload, result in shown if needs_reading(result)]
    if not reading:
        return []
    st.markdown(f"**Các tệp cần xem** (có lỗi hoặc cảnh báo): {ui.count(len(reading))} tệp")
    return _one_page(reading)


def summary_line(results: list) -> str:
    """'1.000 tệp: 955 hợp lệ (12 có cảnh báo), 40 không hợp lệ, 5 đã nhập trước đó.'"""
    by_status = Counter(r.status for r in results)
    warned = Counter(r.status for r in results if r.status in ("valid", "imported") and len(r.warnings))
    parts = [f"{ui.count(by_status[status])} {words}" + (f" ({ui.count(warned[status])} có cảnh báo)"
                                                         if warned[status] else "")
             for status, words in _STATUS_WORDS if status in by_status]
    return f"{ui.count(len(results))} tệp: " + ", ".join(parts) + "."


_STATUS_WORDS = (("valid", "hợp lệ"), ("imported", "đã nhập"), ("rejected", "không hợp lệ"),
                 ("unchanged", "đã nhập trước đó"), ("failed", "không nhập được"))


def summary_frame(shown: list) -> pd.DataFrame:
    """One row per file, in the order given: its name, result, errors, warnings and what it holds."""
    return pd.DataFrame([{"file": upload.name, "status": result.status, "errors": len(result.errors),
                          "warnings": len(result.warnings), **{k: result.counts.get(k, 0) for k in _COUNTED}}
                         for upload, result in shown])


def _one_page(items: list) -> list:
    pages = (len(items) + PER_PAGE - 1) // PER_PAGE
    if pages == 1:
        return items
    chosen = st.selectbox("Trang", range(pages), key="upload_files_page",
                          format_func=lambda p: f"Trang {p + 1}/{pages} (tệp {p * PER_PAGE + 1}–"
                                                f"{min((p + 1) * PER_PAGE, len(items))})")
    chosen = min(chosen or 0, pages - 1)  # fewer pages since (files confirmed or removed): the last one
    return items[chosen * PER_PAGE:(chosen + 1) * PER_PAGE]
