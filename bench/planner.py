"""Time the budget planner on the national store (issue 12; run by hand, not a test).

    python bench/planner.py --store /tmp/natstore          # or a store built from bench/national.py's CSVs

Prints, for the whole country and one province: reading the needs, one solve (status, gap, schools
promoted) with a budget of a third of what promoting every promotable school costs, with pupils as
the objective, with a district cap, phased over two years, and the budget curve (15 points).
"""
from __future__ import annotations

import argparse
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.store import Store, StoreReader  # noqa: E402
from metrics.filters import Filters  # noqa: E402
from metrics.planner import Constraints, plan  # noqa: E402
from metrics.planner_compare import budget_curve, cheapest_item_first, largest_need_first  # noqa: E402
from metrics.planner_docx import planner_docx  # noqa: E402
from metrics.planner_model import PlanOptions, planner_needs  # noqa: E402
from metrics.planner_priority import Priority, planning_period_end, priority_weights, weight_map  # noqa: E402
from metrics.tables import funding_items  # noqa: E402
from metrics.unit_costs import flags_among, unit_cost_flags  # noqa: E402


def timed(work):
    start = time.perf_counter()
    value = work()
    return value, time.perf_counter() - start


def _pupils(promotable, budget: int) -> Constraints:
    """Pupils as the objective; the bench store has no Số học sinh, so a stand-in of 100-1,600 pupils
    per school (from the code, deterministic) is the weight instead: the same shape of problem."""
    if promotable["n_students"].notna().any():
        return Constraints(budget, "pupils")
    weights = {code: 100 + zlib.crc32(code.encode()) % 1500 for code in promotable["school_id"]}
    return Constraints(budget, "weight", weights=weights)


def bench_scope(con, label: str, filters: Filters) -> None:
    needs, seconds = timed(lambda: planner_needs(con, filters))
    promotable = needs.promotable()
    full = int(promotable["cost_vnd"].sum())
    budget = full // 3
    print(f"{label}: {len(needs.schools)} schools below Cấp độ 2, {len(promotable)} promotable, "
          f"{len(needs.items)} items; needs read in {seconds:.2f} s")
    cap = budget // max(1, promotable["district"].nunique()) * 2
    first_year = int(needs.items["plan_year"].min()) if needs.items["plan_year"].notna().any() else 2026
    runs = {"schools": Constraints(budget), "pupils": _pupils(promotable, budget),
            "district cap": Constraints(budget, district_cap=cap),
            "phased, 2 years": Constraints(years={first_year: budget // 2, first_year + 1: budget - budget // 2})}
    for name, constraints in runs.items():
        result, seconds = timed(lambda: plan(needs, constraints))
        print(f"  solve ({name}): {seconds:.2f} s, {result.status}, gap {result.gap:.2%}, "
              f"{result.n_promoted} promoted, {result.money_used:,} of {budget:,} đồng")
    for name, rule in (("largest need first", largest_need_first), ("cheapest item first", cheapest_item_first)):
        result, seconds = timed(lambda: rule(needs, budget))
        print(f"  {name}: {result.n_promoted} promoted ({seconds:.3f} s)")
    curve, seconds = timed(lambda: budget_curve(needs, points=15))
    print(f"  budget curve (15 points, with both rules): {seconds:.2f} s, max gap {curve['gap'].max():.2f} %")
    bench_outputs(con, filters, needs, budget)


def bench_outputs(con, filters: Filters, needs, budget: int) -> None:
    """The priority weights and their solve, the unit-cost flags of the plan, and the Word draft."""
    priority = Priority(expiring_before=planning_period_end(filters.day))
    weights, seconds = timed(lambda: priority_weights(con, filters, priority))
    print(f"  priority weights: {seconds:.2f} s, {int((weights['priority_weight'] > 1).sum())} schools above 1")
    constraints = Constraints(budget, "weight", weights=weight_map(weights))
    result, seconds = timed(lambda: plan(needs, constraints))
    print(f"  solve (priority weight): {seconds:.2f} s, {result.status}, gap {result.gap:.2%}, "
          f"{result.n_promoted} promoted")
    funded = needs.items[needs.items["school_id"].isin(result.selected)]
    flags, seconds = timed(lambda: flags_among(unit_cost_flags(funding_items(con, filters)), funded))
    print(f"  unit-cost flags of the funded items: {seconds:.2f} s, {len(flags)} of {len(funded)} items")
    draft, seconds = timed(lambda: planner_docx(con, filters, PlanOptions(), constraints, needs, result, priority))
    print(f"  Word draft: {seconds:.2f} s, {len(draft) / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--province", default="Hà Nội")
    args = parser.parse_args()
    con = StoreReader(Store(args.store)).cursor()
    bench_scope(con, "country", Filters())
    bench_scope(con, args.province, Filters(province=args.province))


if __name__ == "__main__":
    main()
