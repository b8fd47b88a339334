"""`python -m metrics TABLE [--db DIR] [--as-of YYYY-MM-DD | --year Y] [--province P] ... [--format csv|xlsx] [--out FILE]`.

Every table starts from each school's current standing on a day (today by default); `--year` gives
a one-year slice instead. `assessments` lists every assessment (school, school year, type).
`--province` is read the way the import reads a file's province (loaders.provinces): any spelling
or a former province ("Hải Dương") selects its 2025 province; an unknown one exits with code 2.
`python -m metrics budget --budget VND ...` is the budget planner (metrics.cli_budget), and
`python -m metrics scenarios list|show NAME|compare A B` its saved scenarios (metrics.cli_scenarios).
"""
from __future__ import annotations

import argparse
import sys

from loaders.cli_parser import VietnameseParser
from loaders.store import open_reader
from metrics import cli_budget, cli_scenarios
from metrics.cli_args import add_scope_arguments, as_user, scope_filters, write_output
from metrics.exports import source_of, to_csv_bytes, to_xlsx_bytes
from metrics.tables import TABLES

_TITLES = {"schools": "Hiện trạng các trường", "assessments": "Các lần đánh giá", "districts": "Địa bàn",
           "criteria": "Tiêu chí", "gaps": "Nhóm điểm yếu", "funding": "Kinh phí", "findings": "Phát hiện"}


# the tables with a row per school (or per assessment): a Trường account sees its own, a Khách none
_SCHOOL_ROWS = ("schools", "assessments", "findings")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["budget"]:
        return cli_budget.main(argv[1:])
    if argv[:1] == ["scenarios"]:
        return cli_scenarios.main(argv[1:])
    args = _parser().parse_args(argv)
    filters = scope_filters(args)
    if filters is None:
        return 2
    con = open_reader(args.db).cursor()
    filters = as_user(args, con, filters, rows=args.table in _SCHOOL_ROWS)
    if filters is None:
        return 2
    frame = TABLES[args.table](con, filters)
    writer = to_xlsx_bytes if args.format == "xlsx" else to_csv_bytes
    return write_output(args, writer(frame, filters, _TITLES[args.table], source=source_of(con)), len(frame))


def _parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(prog="python -m metrics", description="Xuất bảng tổng hợp")
    names = sorted(TABLES) + ["budget", "scenarios"]
    parser.add_argument("table", choices=names, metavar="BẢNG", help="một trong: " + ", ".join(names))
    add_scope_arguments(parser)
    return parser
