"""A file that cannot be read is refused in Vietnamese: what is wrong with it and how to send it again,
never an exception's English name ('BadZipFile', 'Empty CSV file'); a ragged CSV names its line."""
from __future__ import annotations

import re

import pytest

from loaders.importer import import_file

_ENGLISH = re.compile(r"BadZip|Error|Exception|Empty CSV|Expected \d+ columns|Invalid")


def _refusal(store, path):
    result = import_file(store, path)
    assert result.status == "rejected"
    errors = result.errors
    assert len(errors) == 1 and not _ENGLISH.search(errors.iloc[0]["message"]), errors["message"].tolist()
    return errors.iloc[0]


@pytest.mark.parametrize("name, program", [("rác.xlsx", "Excel"), ("kế hoạch.docx", "Word")])
def test_a_file_that_is_not_what_its_name_says(store, tmp_path, name, program):
    path = tmp_path / name
    path.write_text("Đây là một tệp văn bản được đổi đuôi.\n", encoding="utf-8")
    message = _refusal(store, path)["message"]
    assert "không phải tệp" in message and "đổi đuôi" in message and f"bằng {program}" in message


@pytest.mark.parametrize("name", ["rỗng.xlsx", "rỗng.docx", "Trường.csv"])
def test_an_empty_file_is_called_empty(store, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert "tệp rỗng (0 byte)" in _refusal(store, path)["message"]


def test_a_ragged_csv_names_its_line_and_the_counts(store, tmp_path):
    path = tmp_path / "Trường.csv"
    path.write_text("Mã trường,Tên trường,Cấp học,Tỉnh/Thành phố\nA,Trường A,THCS,Hải Phòng\nB,Trường B\n",
                    encoding="utf-8")
    error = _refusal(store, path)
    assert error["row"] == 3 and "dòng 3 có 2 cột, dòng tiêu đề có 4 cột" in error["message"]
    assert "CSV UTF-8" in error["message"]


def test_a_csv_in_another_encoding(store, tmp_path):
    path = tmp_path / "Trường.csv"
    path.write_bytes("Mã trường,Tên trường\nA,Trường Hồng Bàng\n".encode("utf-16"))
    assert "không đọc được bằng bảng mã UTF-8" in _refusal(store, path)["message"]


def test_bad_utf8_far_into_a_csv(store, tmp_path):
    """Python's decoder reads the header; pyarrow meets the bad bytes in a later block and says so in
    English (the line scan that names a ragged line would then raise on them)."""
    path = tmp_path / "Trường.csv"
    good = "".join(f"M{i},Trường {i},THCS,Hải Phòng\n" for i in range(40_000))
    path.write_bytes(("Mã trường,Tên trường,Cấp học,Tỉnh/Thành phố\n" + good).encode() + b"X,Tr\xff\xfeng,THCS,HP\n")
    assert "không đọc được bằng bảng mã UTF-8" in _refusal(store, path)["message"]


def test_an_unclosed_quote(store, tmp_path):
    path = tmp_path / "Trường.csv"
    path.write_text('Mã trường,Tên trường,Cấp học,Tỉnh/Thành phố\nA,"Trường A,THCS,Hải Phòng\n' + "x" * 200_000,
                    encoding="utf-8")
    message = _refusal(store, path)["message"]
    assert "dấu ngoặc kép" in message and "CSV UTF-8" in message
