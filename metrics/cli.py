"""`python -m metrics TABLE [--db DIR] [--province P] ... [--format csv|xlsx] [--out FILE]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.store import open_reader
from metrics.exports import to_csv_bytes, to_xlsx_bytes
from metrics.filters import Filters
from metrics.tables import TABLES

_TITLES = {"schools": "Trường", "districts": "Địa bàn", "criteria": "Tiêu chí", "gaps": "Nhóm điểm yếu",
           "funding": "Kinh phí", "findings": "Phát hiện"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metrics", description="Xuất bảng tổng hợp")
    parser.add_argument("table", choices=sorted(TABLES))
    parser.add_argument("--db", type=Path, help="thư mục kho dữ liệu (mặc định data/store)")
    parser.add_argument("--province")
    parser.add_argument("--district")
    parser.add_argument("--level", dest="school_level")
    parser.add_argument("--year", dest="school_year")
    parser.add_argument("--type", dest="assessment_type")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    filters = Filters(args.province, args.district, args.school_level, args.school_year, args.assessment_type)
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
