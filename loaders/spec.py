"""The template's sheets and columns, as data.

One description drives the template writer, the header matcher of the
xlsx/csv reader and the validation messages, so a new column is one line here.
"""
from __future__ import annotations

from dataclasses import dataclass

from loaders.text import fold


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str
    example: str


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str
    columns: tuple[Column, ...]
    optional: bool = False

    def required_keys(self) -> set[str]:
        return {c.key for c in self.columns if c.required}

    def header_of(self, key: str) -> str:
        return next(c.header for c in self.columns if c.key == key)


_C = Column
SCHOOLS = Sheet("schools", "Trường", (
    _C("school_id", "Mã trường", True, "Mã duy nhất của trường do Sở/Phòng cấp", "HP-THCS-TT"),
    _C("name", "Tên trường", True, "Tên đầy đủ của trường", "Trường THCS Toàn Thắng"),
    _C("school_level", "Cấp học", True, "Mầm non, Tiểu học, THCS, THPT hoặc Nhiều cấp học", "THCS"),
    _C("province", "Tỉnh/Thành phố", True, "Tỉnh/thành phố (sau sáp nhập 2025 hoặc như trong hồ sơ)", "Hải Phòng"),
    _C("district", "Quận/Huyện", False, "Quận/huyện như trong hồ sơ (có thể là đơn vị cũ)", "Tiên Lãng"),
    _C("commune", "Xã/Phường", False, "Xã/phường/đặc khu", "Toàn Thắng"),
    _C("school_type", "Loại hình", False, "Công lập, Tư thục, ...", "Công lập"),
    _C("n_classes", "Số lớp", False, "Số nguyên", "18"),
    _C("n_students", "Số học sinh", False, "Số nguyên", "650"),
))
RATINGS = Sheet("ratings", "Đánh giá", (
    _C("school_id", "Mã trường", True, "Như ở trang Trường", "HP-THCS-TT"),
    _C("school_year", "Năm học", True, "Dạng 2023-2024", "2021-2022"),
    _C("assessment_type", "Hình thức", False, "Tự đánh giá hoặc Đánh giá ngoài (để trống = Tự đánh giá)", "Tự đánh giá"),
    _C("framework", "Khung tiêu chí", False, "TT17/2018, TT18/2018, TT19/2018 hoặc TT57/2026 (để trống = theo cấp học và năm học)", "TT18/2018"),
    _C("criterion", "Tiêu chí", True, "Mã tiêu chí, định dạng văn bản", "3.6"),
    _C("level", "Mức đạt", True, "Không đạt, Mức 1, Mức 2 hoặc Mức 3", "Không đạt"),
    _C("shortfall", "Nội dung chưa đạt", False, "Mô tả ngắn điều chưa đạt", "Thư viện nhỏ"),
))
LEVEL4 = Sheet("level4", "Mức 4", (
    _C("school_id", "Mã trường", True, "Như ở trang Trường", "HP-THCS-TT"),
    _C("school_year", "Năm học", True, "Dạng 2023-2024", "2021-2022"),
    _C("clause", "Tiêu chí", True, "Số thứ tự tiêu chí Mức 4 (Điều 22), từ 1 đến 6", "4"),
    _C("result", "Kết quả", True, "Đạt hoặc Không đạt", "Không đạt"),
    _C("note", "Nội dung", False, "Ghi chú", "Thư viện nhỏ, chưa có đủ CSVC"),
    _C("assessment_type", "Hình thức", False, "Tự đánh giá hoặc Đánh giá ngoài (để trống = hình thức duy nhất "
       "của trường và năm học trong tệp, nếu không thì Tự đánh giá)", "Tự đánh giá"),
))
PLAN = Sheet("plan", "Kế hoạch", (
    _C("school_id", "Mã trường", True, "Như ở trang Trường", "HP-THCS-TT"),
    _C("school_year", "Năm học", True, "Năm học của kế hoạch", "2021-2022"),
    _C("criterion", "Tiêu chí", True, "Mã tiêu chí cần cải tiến, định dạng văn bản", "3.6"),
    _C("current_level", "Mức hiện tại", False, "Không đạt, Mức 1, Mức 2 hoặc Mức 3", "Không đạt"),
    _C("target_level", "Mức cần đạt", False, "Mức 1, Mức 2 hoặc Mức 3", "Mức 2"),
    _C("action", "Công việc/giải pháp", False, "Việc cần làm", "Tham mưu xây dựng thư viện mới"),
    _C("owner", "Chủ trì", False, "Người/đơn vị chủ trì", "UBND xã Toàn Thắng"),
    _C("timeframe", "Thời gian thực hiện", False, "Ví dụ: Năm 2024, Quý 1/2024, 10/2023-05/2024", "Năm 2022 và 2023"),
    _C("cost", "Kinh phí dự kiến", False, "Ví dụ: 350 triệu đồng, 1,5 tỷ đồng; Không = 0; để trống = chưa ước tính", "500 triệu đồng"),
    _C("funding_source", "Nguồn kinh phí", False, "Ngân sách, xã hội hóa, ...", "Ngân sách xã"),
    _C("note", "Ghi chú", False, "", ""),
))
CONCLUSIONS = Sheet("conclusions", "Kết luận", (
    _C("school_id", "Mã trường", True, "Như ở trang Trường", "DB-TH-HM"),
    _C("school_year", "Năm học", True, "Dạng 2023-2024", "2023-2024"),
    _C("assessment_type", "Hình thức", False, "Tự đánh giá hoặc Đánh giá ngoài", "Tự đánh giá"),
    _C("claimed_level", "Cấp độ trường tự kết luận", False, "Chưa đạt, Cấp độ 1 ... Cấp độ 4", "Cấp độ 2"),
    _C("claimed_standard", "Chuẩn quốc gia trường tự kết luận", False, "Chưa đạt, Mức độ 1 hoặc Mức độ 2", "Mức độ 1"),
    _C("count_level1", "Số tiêu chí đạt Mức 1", False, "Khi không có bảng đánh giá: dạng 27/27", "27/27"),
    _C("count_level2", "Số tiêu chí đạt Mức 2", False, "Dạng 27/27", "27/27"),
    _C("count_level3", "Số tiêu chí đạt Mức 3", False, "Dạng 4/19", "4/19"),
    _C("count_level4", "Số tiêu chí Mức 4 đạt", False, "Dạng 0/5", "0/5"),
), optional=True)
RECOGNITIONS = Sheet("recognitions", "Công nhận", (
    _C("school_id", "Mã trường", True, "Như ở trang Trường", "HP-THCS-TT"),
    _C("kind", "Loại công nhận", True, "Kiểm định chất lượng giáo dục hoặc Chuẩn quốc gia", "Chuẩn quốc gia"),
    _C("result", "Kết quả", True, "Cấp độ 1 đến Cấp độ 4 (kiểm định) hoặc Mức độ 1, Mức độ 2 (chuẩn quốc gia), "
       "như quyết định ghi", "Mức độ 2"),
    _C("decision_number", "Số quyết định", False, "Số của quyết định công nhận, ghi như văn bản", "1234/QĐ-SGDĐT"),
    _C("decision_date", "Ngày quyết định", True, "Dạng dd/mm/yyyy; nếu chỉ biết tháng hoặc năm: mm/yyyy hoặc yyyy "
       "(tính ngày đầu tháng/năm, có cảnh báo)", "15/04/2024"),
    _C("valid_until", "Hiệu lực đến", False, "Dạng dd/mm/yyyy (để trống = ngày quyết định + 5 năm, "
       "Điều 34 và 37)", "15/04/2029"),
), optional=True)

SHEETS = (SCHOOLS, RATINGS, LEVEL4, PLAN, CONCLUSIONS, RECOGNITIONS)

SCHOOL_LEVELS = ("Mầm non", "Tiểu học", "THCS", "THPT", "Nhiều cấp học")
ASSESSMENT_TYPES = ("Tự đánh giá", "Đánh giá ngoài")
# How files name a framework: by its circular (frameworks.csv `circular_short`). "TT57/2026" stands for
# both TT57/2026 frameworks; the school level picks one (tests/test_rules_reference.py keeps the two in step).
FRAMEWORK_LABELS = ("TT17/2018", "TT18/2018", "TT19/2018", "TT57/2026")
LEVEL_CHOICES = ("Không đạt", "Mức 1", "Mức 2", "Mức 3")
RESULT_CHOICES = ("Đạt", "Không đạt")
# Kind key -> as the template writes it, and the results each kind allows (Điều 34: Cấp độ 1-4; Điều 37: Mức độ 1-2)
RECOGNITION_KINDS = {"accreditation": "Kiểm định chất lượng giáo dục", "national_standard": "Chuẩn quốc gia"}
RECOGNITION_RESULTS = {"accreditation": ("Cấp độ", 4), "national_standard": ("Mức độ", 2)}
RECOGNITION_CHOICES = tuple(f"{word} {n}" for word, top in RECOGNITION_RESULTS.values() for n in range(1, top + 1))


def sheet_for_name(name: str) -> Sheet | None:
    """Match a sheet or CSV file name ('danh gia', 'Đánh giá') to its spec."""
    folded = fold(name).replace("_", " ")
    return next((s for s in SHEETS if fold(s.name) == folded), None)


def match_header(sheet: Sheet, header: object) -> str | None:
    folded = fold(header).replace(" / ", "/").replace("*", "").strip()
    return next((c.key for c in sheet.columns if fold(c.header) == folded), None)
