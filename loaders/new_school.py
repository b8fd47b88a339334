"""A new school typed on the upload page ("Thêm trường mới"), as the template's Trường sheet.

The form's fields are the Trường columns the store needs (loaders.spec SCHOOLS); this module checks
them with messages an official can act on and writes them as a one-row Trường CSV, which is then
imported like any file (the same validation, its original kept, its line in the log, who did it).
"""
from __future__ import annotations

import csv
import io
import re

import pandas as pd

from loaders.provinces import provinces_2025
from loaders.schema import REFERENCE_DIR
from loaders.spec import SCHOOLS

FIELDS = ("school_id", "name", "school_level", "province", "district", "commune")
# a code the Sở/Phòng gives: letters, digits and - . _ (it goes into links and file names)
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$")


def school_levels() -> list[str]:
    return pd.read_csv(REFERENCE_DIR / "school_levels.csv")["school_level"].tolist()


def check_new_school(fields: dict) -> list[str]:
    """What is wrong with the form, in Vietnamese; empty when it may be imported."""
    value = {key: (fields.get(key) or "").strip() for key in FIELDS}
    problems = []
    if not value["school_id"]:
        problems.append("Chưa nhập Mã trường.")
    elif not _CODE.match(value["school_id"]):
        problems.append(f"Mã trường '{value['school_id']}' chỉ được gồm chữ không dấu, chữ số và dấu - . _ "
                        "(2 đến 40 ký tự), ví dụ HP-THCS-TT.")
    if not value["name"]:
        problems.append("Chưa nhập Tên trường.")
    if value["school_level"] not in school_levels():
        problems.append(f"Cấp học phải là một trong: {', '.join(school_levels())}.")
    if value["province"] not in provinces_2025():
        problems.append("Chưa chọn Tỉnh/Thành phố (theo danh sách 34 tỉnh, thành phố từ 2025).")
    if not value["district"] and not value["commune"]:
        problems.append("Cần nhập Quận/Huyện hoặc Xã/Phường của trường.")
    return problems


def school_csv(fields: dict) -> bytes:
    """The school as a Trường CSV with the template's headers (UTF-8, as the template's CSV form)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([SCHOOLS.header_of(key) for key in FIELDS])
    writer.writerow([(fields.get(key) or "").strip() for key in FIELDS])
    return out.getvalue().encode("utf-8")
