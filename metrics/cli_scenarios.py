"""`python -m metrics scenarios list | show NAME | compare NAME NAME... [--db DIR] [--format csv|xlsx] [--out FILE]`
and the `--save-scenario NAME [--overwrite]` of `python -m metrics budget` (issue 12).

As `budget` does, the table goes to stdout (or --out) and what a person reads goes to stderr:
- list: one row per saved scenario (name, when, data version, scope, budget, target, schools promoted...);
- show: the scenario's chosen schools; on stderr its parameters and figures, one line each;
- compare: the schools chosen in one scenario but not in another; on stderr the parameters and
  figures side by side ("Số trường đạt: 38 | 29"). With --format xlsx the workbook holds both tables.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from loaders.cli_parser import VietnameseParser
from loaders.scenario_files import clean_name
from loaders.store import Store, StoreWriteError, open_reader
from metrics.access import account_for, sees_scenario
from metrics.cli_args import write_output
from metrics.exports import to_csv_bytes, to_xlsx_workbook
from metrics.present import side_by_side
from metrics.labels import header
from metrics.scenario_tables import LIST_COLUMNS, chosen_differences, gap_category_names, scenario_table, version_label
from metrics.scenarios import Scenario, ScenarioExists, load_scenario, named, save_scenario, saved_scenarios

_EXISTS = "Đã có phương án '{name}'; thêm --overwrite để lưu đè."


# ------------------------------------------------------------ budget --save-scenario
def add_save_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--save-scenario", metavar="TÊN", help="lưu kết quả thành phương án có tên này")
    parser.add_argument("--overwrite", action="store_true", help="lưu đè phương án cùng tên nếu đã có")


def may_save(args: argparse.Namespace, store: Store) -> bool:
    """Checked before solving, so a taken or unusable name costs no solve: False (said on stderr) then."""
    if not args.save_scenario:
        return True
    try:
        clean_name(args.save_scenario)
    except ValueError as problem:
        print(f"Không lưu được phương án: {problem}", file=sys.stderr)
        return False
    if args.overwrite:
        return True
    try:
        load_scenario(store, args.save_scenario)
    except (KeyError, ValueError):  # a spoiled file under that name is not a scenario to keep
        return True
    print(_EXISTS.format(name=args.save_scenario), file=sys.stderr)
    return False


def save_run(args: argparse.Namespace, store: Store, run: Scenario) -> int:
    """Save the run under --save-scenario (if given); the exit code."""
    if not args.save_scenario:
        return 0
    try:
        scenario = named(run, args.save_scenario)
        replaced = save_scenario(store, scenario, args.overwrite)
    except (ValueError, StoreWriteError) as problem:  # an unusable name; a full disk
        print(f"Không lưu được phương án: {problem}", file=sys.stderr)
        return 2
    except ScenarioExists:
        print(_EXISTS.format(name=args.save_scenario), file=sys.stderr)
        return 2
    print(f"Đã {'lưu đè' if replaced else 'lưu'} phương án '{scenario.name}' (phiên bản dữ liệu "
          f"{version_label(scenario.data_version)})", file=sys.stderr)
    return 0


# ------------------------------------------------------------ scenarios list|show|compare
def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.action == "show" and len(args.names) != 1 or args.action == "list" and args.names:
        print("show cần đúng một tên phương án; list không nhận tên", file=sys.stderr)
        return 2
    reader = open_reader(args.db)
    saved, unreadable = saved_scenarios(reader.store)
    if args.as_user:  # on behalf of an account: the scenarios of its province only (metrics.access)
        viewer = account_for(reader.cursor(), args.as_user)
        if viewer is None:
            print(f"Không có tài khoản đang hoạt động với e-mail {args.as_user}.", file=sys.stderr)
            return 2
        saved, unreadable = [s for s in saved if sees_scenario(s.filters, viewer)], []
    if unreadable:
        print(f"Không đọc được các tệp phương án: {', '.join(unreadable)}", file=sys.stderr)
    if args.action == "list":
        table = scenario_table(saved, gap_category_names(reader.cursor()))
        table = table[LIST_COLUMNS] if len(table) else pd.DataFrame(columns=LIST_COLUMNS)
        return _write(args, [("Phương án", "Phương án đã lưu", table)])
    chosen = _named(saved, args.names)
    if chosen is None:
        return 2
    if args.action == "compare" and len(chosen) < 2:
        print("Cần ít nhất hai phương án để so sánh", file=sys.stderr)
        return 2
    table = scenario_table(chosen, gap_category_names(reader.cursor()))
    for line in _side_by_side_lines(table):
        print(line, file=sys.stderr)
    schools = _chosen_schools(chosen[0]) if args.action == "show" else chosen_differences(chosen)
    title = "Trường được chọn" if args.action == "show" else "Trường được chọn khác nhau giữa các phương án"
    return _write(args, [("Trường", title, schools), ("Phương án", "So sánh phương án", table)])


def _named(saved: list[Scenario], names: list[str]) -> list[Scenario] | None:
    """The scenarios asked for, in the order asked; None (said on stderr) when one is not saved."""
    chosen = []
    for name in names:
        match = [s for s in saved if s.name.casefold() == " ".join(name.split()).casefold()]
        if not match:
            known = ", ".join(s.name for s in saved) or "chưa có"
            print(f"Không có phương án '{name}'. Các phương án đã lưu: {known}", file=sys.stderr)
            return None
        chosen.append(match[0])
    return chosen


def _chosen_schools(scenario: Scenario) -> pd.DataFrame:
    years = {school: year for school, year in scenario.result.promoted_year.items() if year}
    return pd.DataFrame({"school_id": list(scenario.school_names), "name": list(scenario.school_names.values()),
                         "promoted_year": [years.get(school) for school in scenario.school_names]})


def _side_by_side_lines(table: pd.DataFrame) -> list[str]:
    side = side_by_side(table, "scenario_name")
    return [f"{header('scenario_name')}: {' | '.join(side.columns[1:])}"] + \
        [f"{row.iloc[0]}: {' | '.join(row.iloc[1:])}" for _, row in side.iterrows()]


def _write(args: argparse.Namespace, tables: list[tuple[str, str, pd.DataFrame]]) -> int:
    if args.format == "xlsx":
        data = to_xlsx_workbook([(sheet, title, frame, ()) for sheet, title, frame in tables])
    else:
        data = to_csv_bytes(tables[0][2], None, tables[0][1])
    return write_output(args, data, len(tables[0][2]))


def _parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(prog="python -m metrics scenarios", description="Các phương án phân bổ đã lưu")
    parser.add_argument("action", choices=("list", "show", "compare"), metavar="VIỆC", help="list, show hoặc compare")
    # default=[]: without one, Python 3.11 counts an empty nargs="*" among the missing arguments
    parser.add_argument("names", nargs="*", default=[], metavar="TÊN",
                        help="tên phương án (show: một; compare: hai trở lên)")
    parser.add_argument("--db", type=Path, help="thư mục kho dữ liệu (mặc định data/store)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="dạng tệp xuất (mặc định csv)")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--as-user", metavar="EMAIL", help="chỉ các phương án trong phạm vi của tài khoản này")
    return parser
