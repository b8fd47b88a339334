"""`python -m metrics TABLE [--db DIR] [--as-of YYYY-MM-DD | --year Y] [--province P] ... [--format csv|xlsx] [--out FILE]`.

Every table starts from each school's current standing on a day (today by default); `--year` gives
a one-year slice instead. `assessments` lists every assessment (school, school year, type).
`--province` is read the way the import reads a file's province (loaders.provinces): any spelling
or a former province ("Hải Dương") selects its 2025 province; an unknown one exits with code 2.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from loaders.provinces import ProvinceMatch, match_province
from loaders.store import open_reader
from metrics.exports import to_csv_bytes, to_xlsx_bytes
from metrics.filters import Filters
from metrics.tables import TABLES

_TITLES = {"schools": "Hiện trạng các trường", "assessments": "Các lần đánh giá", "districts": "Địa bàn",
           "criteria": "Tiêu chí", "gaps": "Nhóm điểm yếu", "funding": "Kinh phí", "findings": "Phát hiện"}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # the store holds 2025 provinces only: a name as a file wrote it would silently select nothing
    province = match_province(args.province) if args.province else ProvinceMatch(None)  # None: every province
    if province.error:
        print(f"Lỗi ở --province: {province.error}", file=sys.stderr)
        return 2
    if province.warning:
        print(f"Lưu ý: {province.warning}", file=sys.stderr)
    filters = Filters(province.province, args.district, args.school_level, args.school_year, args.assessment_type,
                      as_of=args.as_of)
    frame = TABLES[args.table](open_reader(args.db).cursor(), filters)
    writer = to_xlsx_bytes if args.format == "xlsx" else to_csv_bytes
    data = writer(frame, filters, _TITLES[args.table])
    if args.out:
        args.out.write_bytes(data)
        print(f"Đã ghi {len(frame)} dòng vào {args.out}", file=sys.stderr)
    elif args.format == "xlsx":
        print("Cần --out khi xuất xlsx", file=sys.stderr)
        return 2
    else:
        sys.stdout.write(data.decode("utf-8-sig"))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m metrics", description="Xuất bảng tổng hợp")
    parser.add_argument("table", choices=sorted(TABLES))
    parser.add_argument("--db", type=Path, help="thư mục kho dữ liệu (mặc định data/store)")
    parser.add_argument("--as-of", type=_day, help="hiện trạng tính đến ngày YYYY-MM-DD (mặc định: hôm nay)")
    parser.add_argument("--year", dest="school_year", help="một năm học, ví dụ 2023-2024, thay cho hiện trạng")
    parser.add_argument("--type", dest="assessment_type", help="Tự đánh giá hoặc Đánh giá ngoài (cùng --year)")
    parser.add_argument("--province", help="tỉnh/thành phố (tên từ 01/7/2025 hoặc trước sáp nhập)")
    parser.add_argument("--district")
    parser.add_argument("--level", dest="school_level")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--out", type=Path)
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày '{text}' không hợp lệ; ghi dạng YYYY-MM-DD, ví dụ 2026-12-01")
