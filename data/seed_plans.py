"""The five real improvement plans (../shared/seeds) transcribed by hand into the template.

Transcription choices, so a reader can check them against the documents:
* 000 (THPT Quang Trung) lists 'Tiêu chí 1.2' twice and no 1.3, and no 5.6. The
  second '1.2' row stands where 1.3 belongs (between 1.2 and 1.4), so it is read by
  position as 1.3, the way the Word reader reads a duplicated criterion (with a warning
  naming both rows): 1.2 = Mức 2 (first row), 1.3 = Mức 3 (second row). The Word and
  Excel samples (tests/fixtures/samples) write that row as 1.3 at Mức 3 too. 5.6 stays
  unrated: the document does not say it.
* 001 (Hẹ Muông) has no ratings table, only summary counts and its conclusion.
* 002 lost its column positions in the text; the marks follow the rebuilt sample.
* 003 (Thạnh Lộc) has only a plan; 'Đạt mức 3 (hiện trạng mức 2)' gives both levels.
* Plan rows that name a criterion and nothing else (000: 3.3; 001: 3.2) are left out.
* Công nhận: 000 states Chuẩn quốc gia Mức độ 1 in 'Năm 2005', expired 'Năm 2010'; 004 Mức độ 2 in
  'Tháng 4 năm 2024', valid to 'tháng 5 năm 2029'. They are written as the seeds give them (2005, 04/2024),
  so the import reads a year or a month with its warning. No seed states a Cấp độ KĐCLGD decision: 001's
  'tự kiểm định ... đạt Cấp độ 2' is its own conclusion (Kết luận), not the authority's.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter

from loaders.spec import CONCLUSIONS, LEVEL4, PLAN, RATINGS, RECOGNITIONS, SCHOOLS

M2_ALL_TT18 = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10",
               "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6",
               "4.1", "4.2", "5.1", "5.2", "5.3", "5.4", "5.5", "5.6"]

SCHOOLS_ROWS = [
    ["HP-THPT-QT", "Trường THPT Quang Trung", "THPT", "Hải Phòng", "Thủy Nguyên", None],
    ["DB-TH-HM", "Trường PTDTBT Tiểu học xã Hẹ Muông", "Tiểu học", "Điện Biên", "Điện Biên", "Hẹ Muông"],
    ["HP-THCS-TL1", "Trường THCS (Tiên Lãng, không ghi tên)", "THCS", "Hải Phòng", "Tiên Lãng", None],
    ["HCM-THPT-TL", "Trường THPT Thạnh Lộc", "THPT", "TP. Hồ Chí Minh", "Quận 12", "Thạnh Lộc"],
    ["HP-THCS-TT", "Trường THCS Toàn Thắng", "THCS", "Hải Phòng", "Tiên Lãng", "Toàn Thắng"],
]

_QT = {"1.1": 3, "1.2": 2, "1.3": 3, "1.4": 3, "1.5": 2, "1.6": 2, "1.7": 2, "1.8": 2, "1.9": 2, "1.10": 2,
       "2.1": 2, "2.2": 0, "2.3": 3, "2.4": 3, "3.1": 1, "3.2": 1, "3.3": 0, "3.4": 2, "3.5": 3,
       "3.6": 1, "4.1": 3, "4.2": 3, "5.1": 2, "5.2": 3, "5.3": 3, "5.4": 3, "5.5": 2}
_QT_NOTES = {"2.2": "02 GV chuẩn trình độ theo Luật GD 2019.", "3.1": "Chưa có sân tập TDTT",
             "3.2": "Có 36 ph/học/36 lớp", "3.3": "Chưa có phòng bộ môn (Ng2, Tin học,...)",
             "3.6": "T. viện chưa đạt chuẩn"}
_TL1 = {c: (0 if c.startswith("3.") else 2) for c in M2_ALL_TT18}
_TL1_NOTES = {"3.3": "Nhà xe, nhà kho xuống cấp. Thiếu trang thiết bị khối hành chính – quản trị.",
              "3.4": "Khu vệ sinh đã xuống cấp",
              "3.5": "Hệ thống máy tính còn thiếu và xuống cấp\nCòn thiếu thiết bị dạy học bộ môn",
              "3.6": "Thư viện chưa đạt chuẩn"}
_TT = {**{c: 2 for c in M2_ALL_TT18}, "3.1": 0, "3.2": 1, "3.4": 0, "3.5": 0, "3.6": 0, "5.4": 0}
_TT_NOTES = {"3.1": "Chưa có nhà thi đấu đa năng", "3.2": "Diện tích phòng nhỏ",
             "3.4": "Diện tích nhà vệ sinh nhỏ, số hố tiểu chưa đủ theo quy định",
             "3.5": "Số máy tính còn ít. Các phòng TH chưa đủ thiết bị", "3.6": "Thư viên nhỏ",
             "5.4": "Chưa tổ chức được nhiều hoạt động trải nghiệm do dịch bệnh Covid-19"}
_LEVEL_TEXT = {0: "Không đạt", 1: "Mức 1", 2: "Mức 2", 3: "Mức 3"}


def _ratings(school: str, year: str, marks: dict, notes: dict) -> list[list]:
    return [[school, year, "Tự đánh giá", "TT18/2018", c, _LEVEL_TEXT[level], notes.get(c)]
            for c, level in marks.items()]


RATINGS_ROWS = (_ratings("HP-THPT-QT", "2023-2024", _QT, _QT_NOTES)
                + _ratings("HP-THCS-TL1", "2022-2023", _TL1, _TL1_NOTES)
                + _ratings("HP-THCS-TT", "2021-2022", _TT, _TT_NOTES))

LEVEL4_ROWS = (
    [["HP-THPT-QT", "2023-2024", str(n), "Không đạt", None] for n in range(1, 6)]
    + [["HP-THCS-TL1", "2022-2023", str(n), "Không đạt", None] for n in range(1, 6)]
    + [["HP-THCS-TL1", "2022-2023", "6", "Đạt", "Có kết quả giáo dục vượt trội."]]
    + [["HP-THCS-TT", "2021-2022", str(n), "Đạt", None] for n in (1, 2, 3, 5, 6)]
    + [["HP-THCS-TT", "2021-2022", "4", "Không đạt", "Thư viện nhỏ, chưa có đủ CSVC"]]
)

_THL = "Hội đồng trường"
PLAN_ROWS = [
    # Mã, năm, tiêu chí, hiện tại, cần đạt, giải pháp, chủ trì, thời gian, kinh phí, nguồn, ghi chú
    ["HP-THPT-QT", "2023-2024", "2.2", None, None, "Tham mưu với Sở GD và ĐT, bổ sung đủ GV, đảm bảo cơ cấu.", "Hiệu trưởng", "Năm 2023-2025", None, None, None],
    ["HP-THPT-QT", "2023-2024", "2.3", None, None, "Tham mưu Sở GD và ĐT bổ sung đủ NV đủ theo khung vị trí việc làm", "Hiệu trưởng", "Năm 2023-2025", None, None, None],
    ["HP-THPT-QT", "2023-2024", "3.1", None, None, "Tham mưu Sở Gd và ĐT, UBND huyện, phòng TC-KH, xây dựng thêm các khu hiệu bộ, phòng học chức năng.", "BGH, GV, NV", "Năm 2023-2025", "50 tỷ đồng", None, None],
    ["HP-THPT-QT", "2023-2024", "3.2", None, None, "Tham mưu làm sân tập TDTT và cấp thiết bị TDTT cho trường. Xây dựng tường bao phía sau, sửa chữa nhà đa năng và các khu nhà đã xuống cấp", "BGH, GV, NV", "Năm 2023-2025", "5,5 tỷ đồng", None, None],
    ["HP-THPT-QT", "2023-2024", "3.6", None, None, "Xây dựng khuôn viên bổ sung cơ sở vật chất, thư viện đạt chuẩn theo quy định", "BGH, NV thư viện", "Năm 2023-2025", "4,5 tỷ đồng", None, None],
    ["DB-TH-HM", "2023-2024", "3.1", None, None, "Làm sân, công trường và hàng rào điểm trường Năm Học 1. Công tác tham mưu với Phòng GD, Chính quyền địa phương", "Hiệu trưởng", "Quý 1/2024", "3 tỷ đồng", None, "Thực hiện theo dự án"],
    ["DB-TH-HM", "2023-2024", "3.3", None, None, "Phòng học Công nghệ. Công tác tham mưu với Phòng GD, Chính quyền địa phương", "Hiệu trưởng", "Năm 2024", "350 triệu đồng", None, "Được đầu tư vốn"],
    ["DB-TH-HM", "2023-2024", "3.6", None, None, "Xây dựng phòng thư viện đạt chuẩn về diện tích. Công tác tham mưu với Phòng GD, Chính quyền địa phương", "Hiệu trưởng", "Năm 2024", "350 triệu đồng", None, "Được đầu tư vốn"],
    ["DB-TH-HM", "2023-2024", "4.1", None, None, "Ban đại diện cha mẹ học sinh. Tuyên truyền, phổ biến pháp luật, chủ trương chính sách về giáo dục.", "Trưởng Ban ĐDCM HS", "Từ 8/2023 Đến 5/2024", None, None, None],
    ["DB-TH-HM", "2023-2024", "5.2", None, None, "Thực hiện Chương trình GDPT 2018 đối với lớp 4. Xây dựng và thực hiện kế hoạch.", "Phó HT, Tổ trưởng CM", "Từ năm học 2023- 2024", None, None, "Chính quyền địa phương và PHHS"],
    ["DB-TH-HM", "2023-2024", "5.3", None, None, "Thực hiện Chương trình GD Stem. Xây dựng và thực hiện kế hoạch.", "Phó HT, Tổ trưởng CM", "Từ năm học 2013- 2024", None, None, "Phòng GG và PHHS"],
    ["HP-THCS-TL1", "2022-2023", "3.1", None, None, "Đề nghị cải tạo nhà xe, nhà kho, tường bao; cầu qua kênh, mua sắm thêm trang thiết bị khối hành chính – quản trị.", "Ban giám hiệu", "Năm 2023", None, None, None],
    ["HP-THCS-TL1", "2022-2023", "3.2", None, None, "Đề nghị xây mới phòng học bộ môn: Mĩ Thuật và Ngoại ngữ, Phòng tin học", "Ban giám hiệu", "Năm 2023", None, None, None],
    ["HP-THCS-TL1", "2022-2023", "3.4", None, None, "Đề nghị nâng cấp, cải tạo khu vệ sinh", "Ban giám hiệu", "Năm 2023", None, None, None],
    ["HP-THCS-TL1", "2022-2023", "3.5", None, None, "Đề nghị trang bị thêm hệ thống máy tính, và trang thiết bị dạy học", "Ban giám hiệu", "Năm 2023", None, None, None],
    ["HP-THCS-TL1", "2022-2023", "3.6", None, None, "Đề nghị xây dựng mới thư viện chuẩn", "Ban giám hiệu", "Năm 2022", None, None, None],
    ["HP-THCS-TT", "2021-2022", "3.1", "Không đạt", None, "Tham mưu cấp trên xây nhà thi đấu đa năng", "UBND xã Toàn Thắng, huyện Tiên Lãng", "Năm 2022 và 2023", "4 tỷ đồng", None, None],
    ["HP-THCS-TT", "2021-2022", "3.4", "Không đạt", None, "Xây thêm nhà vệ sinh", "UBND xã Toàn Thắng, huyện Tiên Lãng", "Năm 2022 và 2023", "1 tỷ đồng", None, None],
    ["HP-THCS-TT", "2021-2022", "3.5", "Không đạt", None, "Bổ sung máy vi tính", "Nhà trường", "Năm 2022 và 2023", "40 triệu đồng", None, None],
    ["HP-THCS-TT", "2021-2022", "3.6", "Không đạt", None, "Tham mưu xây dựng thư viên mới", "UBND xã Toàn Thắng, huyện Tiên Lãng", "Năm 2022 và 2023", "500 triệu đồng", None, None],
    ["HP-THCS-TT", "2021-2022", "5.4", "Không đạt", None, "Tổ chức nhiều hơn các hoạt động trải nghiệm khi dịch bệnh được khống chế", "Nhà trường", "Năm 2022 và 2023", "5 triệu đồng", None, None],
] + [["HCM-THPT-TL", "2023-2024", c, f"Mức {cur}", f"Mức {tgt}", None,
      "Phó Hiệu trưởng phối hợp công an phường Thạnh Lộc" if c == "1.10" else
      (_THL if c.startswith("1.") else ("Phó Hiệu trưởng" if c in ("3.4", "5.3", "5.4") else "Hiệu trưởng")),
      "10/2023-05/2024", "Không", None, None]
     for c, cur, tgt in (("1.2", 2, 3), ("1.7", 2, 3), ("1.8", 2, 3), ("1.9", 2, 3), ("1.10", 2, 3),
                         ("3.1", 2, 3), ("3.2", 2, 3), ("3.4", 1, 2), ("3.5", 1, 2), ("5.3", 2, 3), ("5.4", 2, 3))]

CONCLUSION_ROWS = [
    ["HP-THPT-QT", "2023-2024", "Tự đánh giá", "Chưa đạt", "Chưa đạt", None, None, None, None],
    ["DB-TH-HM", "2023-2024", "Tự đánh giá", "Cấp độ 2", "Mức độ 1", "27/27", "27/27", "4/19", "0/5"],
    ["HP-THCS-TT", "2021-2022", "Tự đánh giá", "Chưa đạt", "Chưa đạt", None, None, None, None],
]

RECOGNITION_ROWS = [
    ["HP-THPT-QT", "Chuẩn quốc gia", "Mức độ 1", None, "2005", "2010"],
    ["HP-THCS-TT", "Chuẩn quốc gia", "Mức độ 2", None, "04/2024", "05/2029"],
]

_SHEETS = ((SCHOOLS, SCHOOLS_ROWS), (RATINGS, RATINGS_ROWS), (LEVEL4, LEVEL4_ROWS),
           (PLAN, PLAN_ROWS), (CONCLUSIONS, CONCLUSION_ROWS), (RECOGNITIONS, RECOGNITION_ROWS))


def write_seed_templates(out_dir: Path) -> list[Path]:
    """One filled template per seed school, as a school would send it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for school in SCHOOLS_ROWS:
        path = out_dir / f"{school[0]}.xlsx"
        write_rows(path, {spec: [r for r in rows if r[0] == school[0]] for spec, rows in _SHEETS})
        paths.append(path)
    return paths


_WRITTEN = datetime(2026, 1, 1)


def write_rows(path: Path, sheets: dict) -> Path:
    """Write template-shaped sheets (spec -> rows); every cell as text, like a careful school."""
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"created": _WRITTEN})  # the same rows give the same bytes (data/demo_files/)
    for spec, rows in sheets.items():
        if not rows and spec.optional:
            continue
        ws = workbook.add_worksheet(spec.name)
        ws.write_row(0, 0, [c.header for c in spec.columns])
        for index, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if value is not None:
                    ws.write_string(index, column, str(value))
    workbook.close()
    return path
