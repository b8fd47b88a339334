"""What every `python -m metrics` command shares: the scope arguments, the province check, the output."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from loaders.provinces import ProvinceMatch, match_province
from loaders.spec import SCHOOL_LEVELS
from metrics.access import OutOfScope, account_for, scoped, scoped_rows
from metrics.filters import Filters


def add_scope_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="thư mục kho dữ liệu (mặc định data/store)")
    parser.add_argument("--as-of", type=_day, help="hiện trạng tính đến ngày YYYY-MM-DD (mặc định: hôm nay)")
    parser.add_argument("--year", dest="school_year", help="một năm học, ví dụ 2023-2024, thay cho hiện trạng")
    parser.add_argument("--type", dest="assessment_type", help="Tự đánh giá hoặc Đánh giá ngoài (cùng --year)")
    parser.add_argument("--province", help="tỉnh/thành phố (tên từ 01/7/2025 hoặc trước sáp nhập)")
    parser.add_argument("--district", help="quận/huyện (trong --province)")
    parser.add_argument("--level", dest="school_level", help="cấp học: " + ", ".join(SCHOOL_LEVELS))
    parser.add_argument("--as-user", metavar="EMAIL",
                        help="chạy thay mặt một tài khoản: chỉ trong phạm vi của tài khoản đó (mục Đăng nhập và phạm vi)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="dạng tệp xuất (mặc định csv)")
    parser.add_argument("--out", type=Path)


def scope_filters(args: argparse.Namespace) -> Filters | None:
    """The filters of the arguments; None (after saying why on stderr) when the province is unknown."""
    # the store holds 2025 provinces only: a name as a file wrote it would silently select nothing
    province = match_province(args.province) if args.province else ProvinceMatch(None)  # None: every province
    if province.error:
        print(f"Lỗi ở --province: {province.error}", file=sys.stderr)
        return None
    if province.warning:
        print(f"Lưu ý: {province.warning}", file=sys.stderr)
    return Filters(province.province, args.district, args.school_level, args.school_year, args.assessment_type,
                   as_of=args.as_of)


def as_user(args: argparse.Namespace, con, filters: Filters, rows: bool, need: str | None = None) -> Filters | None:
    """The filters narrowed to the `--as-user` account's scope (its area; with `rows`, the schools it may
    see by name); the filters unchanged without --as-user. None, after saying why on stderr, for an
    unknown or inactive account, a scope the filters leave, or a command the account may not run."""
    if not args.as_user:
        return filters
    viewer = account_for(con, args.as_user)
    if viewer is None:
        print(f"Không có tài khoản đang hoạt động với e-mail {args.as_user}.", file=sys.stderr)
        return None
    if need == "plan" and not viewer.can_plan():
        print("Phân bổ kinh phí dành cho tài khoản cấp Sở; tài khoản này không được chạy lệnh budget.", file=sys.stderr)
        return None
    try:
        return scoped_rows(filters, viewer) if rows else scoped(filters, viewer)
    except OutOfScope as refused:
        print(f"Ngoài phạm vi: {refused}", file=sys.stderr)
        return None


def write_output(args: argparse.Namespace, data: bytes, n_rows: int) -> int:
    if args.out:
        args.out.write_bytes(data)
        print(f"Đã ghi {n_rows} dòng vào {args.out}", file=sys.stderr)
    elif args.format == "xlsx":
        print("Cần --out khi xuất xlsx", file=sys.stderr)
        return 2
    else:
        sys.stdout.write(data.decode("utf-8-sig"))
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày '{text}' không hợp lệ; ghi dạng YYYY-MM-DD, ví dụ 2026-12-01")
