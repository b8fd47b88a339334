"""`python -m metrics budget --budget VND [--target 2|3] [--objective schools|pupils|weight] [--district-cap VND] ...`

One row per school of the scope below the target (who is chosen, what it costs, why it cannot be
promoted; with --objective weight its priority weight and why); the summary (schools promoted, money used,
optimality gap, what the two simple rules reach with the same money) goes to stderr. `--docx FILE` also
writes the Word draft of the proposal. Amounts are read as the import reads them: "50 tỷ", "50.000.000.000".
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from loaders.cli_parser import VietnameseParser
from loaders.store import open_reader
from metrics import cli_scenarios
from metrics.budget_input import parse_amount
from metrics.cli_args import add_scope_arguments, as_user, scope_filters, write_output
from metrics.exports import source_of, to_csv_bytes, to_xlsx_bytes
from metrics.formatting import format_number, format_vnd
from metrics.labels import ESTIMATED_BY_MEDIAN, PLANNER_STATUS
from metrics.planner import DEFAULT_TIME_LIMIT_S, OBJECTIVES, Constraints, plan
from metrics.planner_compare import cheapest_item_first, largest_need_first, schools_with_choice
from metrics.planner_docx import planner_docx
from metrics.planner_model import PlanOptions, planner_needs
from metrics.planner_priority import (Priority, communes_in_scope, named_communes, planning_period_end,
                                      priority_weights, weight_map)
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
    con = reader.cursor()
    filters = as_user(args, con, filters, rows=False, need="plan")
    if filters is None:
        return 2
    options = PlanOptions(args.target, frozenset(args.exclude or ()), args.estimate_missing)
    needs = planner_needs(con, filters, options)
    # annual budgets replace --budget (budget 0, as the page has it), so a saved run reopens the same there
    constraints = Constraints(0 if args.annual else args.budget, args.objective,
                              dict(args.annual) if args.annual else None,
                              district_cap=args.district_cap, province_cap=args.province_cap,
                              commune_cap=args.commune_cap, min_per_district=args.min_per_district,
                              time_limit_s=args.time_limit)
    priority = weights = None
    if args.objective == "weight":
        priority = _priority(args, con, filters, constraints)
        weights = priority_weights(con, filters, priority)
        constraints = replace(constraints, weights=weight_map(weights))
    result = plan(needs, constraints)
    rules = (largest_need_first(needs, constraints.total), cheapest_item_first(needs, constraints.total))
    _summary(needs, result, rules, weights)
    if args.docx:
        args.docx.write_bytes(planner_docx(con, filters, options, constraints, needs, result, priority))
        print(f"Đã ghi dự thảo tờ trình vào {args.docx}", file=sys.stderr)
    table = schools_with_choice(needs, result, weights)
    writer = to_xlsx_bytes if args.format == "xlsx" else to_csv_bytes
    written = write_output(args, writer(table, filters, _TITLE.format(target=args.target, standard=args.target - 1),
                                  source=source_of(con)),
                           len(table))
    if written or not args.save_scenario:
        return written
    run = scenario_of(args.save_scenario, filters, options, constraints, reader.version, needs, result, *rules,
                      priority=priority, saved_by=args.as_user.strip().lower() if args.as_user else None)
    return cli_scenarios.save_run(args, reader.store, run)


def _priority(args, con, filters, constraints: Constraints) -> Priority:
    """The communes named (any province of the scope) plus, with --priority-reference, the reference list's;
    with --priority-expiring, recognitions lapsing before the planning period ends (or lapsed) count."""
    in_scope = communes_in_scope(con, filters)
    communes = named_communes(in_scope, args.priority_commune or ())
    if args.priority_reference:
        listed = in_scope[in_scope["listed"]]
        communes |= frozenset(zip(listed["province"], listed["commune"]))
    for name in args.priority_commune or ():
        if not named_communes(in_scope, [name]):
            print(f"Lưu ý: không có trường nào ở xã '{name}' trong phạm vi", file=sys.stderr)
    end = planning_period_end(filters.day, constraints.years) if args.priority_expiring else None
    return Priority(communes, end)


def _summary(needs, result, rules, weights) -> None:
    lines = [f"Trường dưới Cấp độ mục tiêu: {len(needs.schools)}; có thể nâng bằng kinh phí: "
             f"{len(needs.promotable())}",
             f"Kết quả: {PLANNER_STATUS[result.status]}; khoảng cách tối ưu {100 * result.gap:.2f}%",
             f"Số trường đạt: {result.n_promoted}; kinh phí sử dụng {format_vnd(result.money_used)}, "
             f"còn lại {format_vnd(result.money_left)}"]
    if weights is not None:
        favoured = weights[weights["school_id"].isin(result.selected) & (weights["priority_weight"] > 1)]
        lines.append(f"Tổng hệ số ưu tiên: {format_number(result.objective, 1)}; {len(favoured)} trường được "
                     "chọn có hệ số lớn hơn 1")
    estimated = needs.schools["estimated_by_median"] & needs.schools["school_id"].isin(result.selected)
    if estimated.any():
        lines.append(f"Trong đó {int(estimated.sum())} trường có kinh phí {ESTIMATED_BY_MEDIAN}")
    free = len(set(needs.free()) & result.selected)
    if free:
        lines.append(f"Trong đó {free} trường không cần kinh phí (biện pháp ghi “Không” hoặc thuộc nhóm được cấp từ "
                     "nguồn khác)")
    lines += [f"Năm {year}: {format_vnd(money)}" for year, money in result.funding_by_year.items() if year]
    for label, other in zip(("Ưu tiên nhu cầu lớn nhất", "Ưu tiên hạng mục rẻ nhất"), rules):
        lines.append(f"{label}: {other.n_promoted} trường, {format_vnd(other.money_used)}")
    print("\n".join(lines), file=sys.stderr)


def _amount(text: str) -> int:
    amount = parse_amount(text)
    if amount is None:
        raise argparse.ArgumentTypeError(f"số tiền '{text}' không đọc được; ghi dạng '50 tỷ' hoặc '50.000.000.000'")
    return amount


def _annual(text: str) -> tuple[int, int]:
    year, _, amount = text.partition("=")
    if not year.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' cần dạng NĂM=SỐ TIỀN, ví dụ 2026=20 tỷ")
    return int(year), _amount(amount)


def _parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(prog="python -m metrics budget", description="Phân bổ kinh phí")
    parser.add_argument("--budget", type=_amount, default=0, help="tổng kinh phí, ví dụ '50 tỷ'")
    parser.add_argument("--annual", type=_annual, action="append",
                        help="kinh phí từng năm (thay cho --budget), ví dụ --annual '2026=20 tỷ'")
    parser.add_argument("--target", type=int, choices=(2, 3), default=2, help="cấp độ cần đạt (mặc định 2)")
    parser.add_argument("--objective", choices=OBJECTIVES, default="schools",
                        help="weight: ưu tiên trường sắp hết hạn công nhận, xã khó khăn (--priority-...)")
    parser.add_argument("--priority-commune", action="append", help="xã khó khăn (lặp lại được), ví dụ 'Hẹ Muông'")
    parser.add_argument("--priority-reference", action="store_true",
                        help="thêm các xã trong data/reference/priority_communes.csv")
    parser.add_argument("--priority-expiring", action="store_true",
                        help="ưu tiên trường có quyết định công nhận hết hiệu lực trong kỳ kế hoạch hoặc đã hết")
    parser.add_argument("--district-cap", type=_amount, help="kinh phí tối đa mỗi quận/huyện")
    parser.add_argument("--commune-cap", type=_amount, help="kinh phí tối đa mỗi xã/phường")
    parser.add_argument("--province-cap", type=_amount, help="kinh phí tối đa mỗi tỉnh/thành phố")
    parser.add_argument("--min-per-district", action="store_true", help="ít nhất một trường mỗi quận/huyện")
    parser.add_argument("--exclude", action="append", help="nhóm điểm yếu không dùng kinh phí này, ví dụ doi_ngu")
    parser.add_argument("--estimate-missing", action="store_true", help="ước tính theo trung vị khi thiếu kinh phí")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT_S,
                        help=f"thời gian tìm phương án tối đa, giây (mặc định {DEFAULT_TIME_LIMIT_S:g})")
    parser.add_argument("--docx", type=Path, help="ghi thêm dự thảo tờ trình (Word) vào tệp này")
    add_scope_arguments(parser)
    cli_scenarios.add_save_arguments(parser)
    return parser
