"""`python -m metrics budget --budget VND [--target 2|3] [--objective schools|pupils] [--district-cap VND] ...`

One row per school of the scope below the target (who is chosen, what it costs, why it cannot be
promoted); the summary (schools promoted, money used, optimality gap, what the two simple rules reach
with the same money) goes to stderr. Amounts are read as the import reads them: "50 tỷ", "50.000.000.000".
"""
from __future__ import annotations

import argparse
import sys

from loaders.money import parse_vnd_amount
from loaders.store import open_reader
from metrics import cli_scenarios
from metrics.cli_args import add_scope_arguments, scope_filters, write_output
from metrics.exports import to_csv_bytes, to_xlsx_bytes
from metrics.formatting import format_vnd
from metrics.labels import ESTIMATED_BY_MEDIAN, PLANNER_STATUS
from metrics.planner import DEFAULT_TIME_LIMIT_S, Constraints, plan
from metrics.planner_compare import cheapest_item_first, largest_need_first, schools_with_choice
from metrics.planner_model import PlanOptions, planner_needs
from metrics.scenarios import scenario_of

_TITLE = "Phân bổ kinh phí để đạt Cấp độ {target} / Chuẩn quốc gia Mức độ {standard}"


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    filters = scope_filters(args)
    if filters is None:
        return 2
    reader = open_reader(args.db)
    if not cli_scenarios.may_save(args, reader.store):
        return 2
    options = PlanOptions(args.target, frozenset(args.exclude or ()), args.estimate_missing)
    needs = planner_needs(reader.cursor(), filters, options)
    constraints = Constraints(args.budget, args.objective, dict(args.annual) if args.annual else None,
                              args.district_cap, args.province_cap, args.min_per_district,
                              time_limit_s=args.time_limit)
    result = plan(needs, constraints)
    budget = sum(constraints.years.values()) if constraints.years else args.budget
    rules = (largest_need_first(needs, budget), cheapest_item_first(needs, budget))
    _summary(needs, result, rules)
    table = schools_with_choice(needs, result)
    writer = to_xlsx_bytes if args.format == "xlsx" else to_csv_bytes
    written = write_output(args, writer(table, filters, _TITLE.format(target=args.target, standard=args.target - 1)),
                           len(table))
    if written or not args.save_scenario:
        return written
    run = scenario_of(args.save_scenario, filters, options, constraints, reader.version, needs, result, *rules)
    return cli_scenarios.save_run(args, reader.store, run)


def _summary(needs, result, rules) -> None:
    lines = [f"Trường dưới Cấp độ mục tiêu: {len(needs.schools)}; có thể nâng bằng kinh phí: "
             f"{len(needs.promotable())}",
             f"Kết quả: {PLANNER_STATUS[result.status]}; khoảng cách tối ưu {100 * result.gap:.2f}%",
             f"Số trường đạt: {result.n_promoted}; kinh phí sử dụng {format_vnd(result.money_used)}, "
             f"còn lại {format_vnd(result.money_left)}"]
    estimated = needs.schools["estimated_by_median"] & needs.schools["school_id"].isin(result.selected)
    if estimated.any():
        lines.append(f"Trong đó {int(estimated.sum())} trường có kinh phí {ESTIMATED_BY_MEDIAN}")
    lines += [f"Năm {year}: {format_vnd(money)}" for year, money in result.funding_by_year.items() if year]
    for label, other in zip(("Ưu tiên nhu cầu lớn nhất", "Ưu tiên hạng mục rẻ nhất"), rules):
        lines.append(f"{label}: {other.n_promoted} trường, {format_vnd(other.money_used)}")
    print("\n".join(lines), file=sys.stderr)


def _amount(text: str) -> int:
    parsed = parse_vnd_amount(text)
    if parsed.value is None:
        raise argparse.ArgumentTypeError(f"số tiền '{text}' không đọc được; ghi dạng '50 tỷ' hoặc '50.000.000.000'")
    return int(parsed.value)


def _annual(text: str) -> tuple[int, int]:
    year, _, amount = text.partition("=")
    if not year.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' cần dạng NĂM=SỐ TIỀN, ví dụ 2026=20 tỷ")
    return int(year), _amount(amount)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m metrics budget", description="Phân bổ kinh phí")
    parser.add_argument("--budget", type=_amount, default=0, help="tổng kinh phí, ví dụ '50 tỷ'")
    parser.add_argument("--annual", type=_annual, action="append",
                        help="kinh phí từng năm (thay cho --budget), ví dụ --annual '2026=20 tỷ'")
    parser.add_argument("--target", type=int, choices=(2, 3), default=2)
    parser.add_argument("--objective", choices=("schools", "pupils"), default="schools")
    parser.add_argument("--district-cap", type=_amount, help="kinh phí tối đa mỗi quận/huyện")
    parser.add_argument("--province-cap", type=_amount, help="kinh phí tối đa mỗi tỉnh/thành phố")
    parser.add_argument("--min-per-district", action="store_true", help="ít nhất một trường mỗi quận/huyện")
    parser.add_argument("--exclude", action="append", help="nhóm điểm yếu không dùng kinh phí này, ví dụ doi_ngu")
    parser.add_argument("--estimate-missing", action="store_true", help="ước tính theo trung vị khi thiếu kinh phí")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT_S)
    add_scope_arguments(parser)
    cli_scenarios.add_save_arguments(parser)
    return parser
