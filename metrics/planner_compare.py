"""What two common rules would do with the same money, the budget curve, and the planner's table.

Both rules look at the total budget only (no caps, no phasing): they are what an office does by hand.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from metrics.planner import Constraints, Result, plan
from metrics.planner_model import Needs

DEFAULT_CURVE_POINTS = 15


def largest_need_first(needs: Needs, budget: int) -> Result:
    """Schools by their total need, largest first, funded while the money lasts (the first school that
    no longer fits ends the round: the money has run out for the rule). The schools that need no money
    count too, as in the other rule and the planner: no office leaves them out."""
    schools = needs.promotable().sort_values(["cost_vnd", "school_id"], ascending=[False, True])
    schools = schools[schools["cost_vnd"] > 0]
    selected, used = list(needs.free()), 0
    for school, cost in zip(schools["school_id"], schools["cost_vnd"].astype("int64")):
        if used + cost > budget:
            break
        selected.append(school)
        used += int(cost)
    return _rule_result(selected, used, budget)


def cheapest_item_first(needs: Needs, budget: int) -> Result:
    """Items by cost, cheapest first, funded while the money lasts; a school counts only when every item
    it needs is funded (a school that needs no paid item counts at once)."""
    items = needs.items[needs.items["school_id"].isin(needs.promotable()["school_id"])]
    items = items.sort_values(["cost_vnd", "school_id", "item_no"], kind="stable")
    cumulative = items["cost_vnd"].cumsum().to_numpy()
    funded = items[cumulative <= budget]
    used = int(funded["cost_vnd"].sum())
    # costs are sorted and never negative, so the items funded are a prefix of the list
    unfunded = set(items["school_id"].iloc[len(funded):])
    selected = [s for s in needs.promotable()["school_id"] if s not in unfunded]
    return _rule_result(selected, used, budget)


def _rule_result(selected: list[str], used: int, budget: int) -> Result:
    return Result(frozenset(selected), used, budget - used, float(len(selected)), "rule", 0.0, {0: used},
                  {school: 0 for school in selected})


def budget_curve(needs: Needs, constraints: Constraints = Constraints(),
                 points: int = DEFAULT_CURVE_POINTS) -> pd.DataFrame:
    """Schools promoted as the budget grows from 0 to the cost of promoting every promotable school,
    beside what the two rules reach with each budget (without phasing: one total budget)."""
    full = int(needs.promotable()["cost_vnd"].sum())
    budgets = np.unique(np.linspace(0, full, points).round().astype("int64"))
    pupils = needs.promotable().set_index("school_id")["n_students"].fillna(0)
    rows = []
    for budget in budgets:
        best = plan(needs, replace(constraints, budget=int(budget), years=None))
        rows.append({"budget_vnd": int(budget), "n_promoted": best.n_promoted,
                     "pupils_promoted": int(pupils.reindex(list(best.selected)).sum()),
                     "money_used_vnd": best.money_used, "gap": 100 * best.gap,
                     "largest_need_first": largest_need_first(needs, int(budget)).n_promoted,
                     "cheapest_item_first": cheapest_item_first(needs, int(budget)).n_promoted})
    return pd.DataFrame(rows)


def schools_with_choice(needs: Needs, result: Result, weights: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every school below the target with the planner's choice: the table the CLI writes and a page shows;
    with `weights` (metrics.planner_priority) also each school's priority weight and its reasons."""
    table = needs.schools.rename(columns={"cost_vnd": "need_cost_vnd"})
    table["selected"] = table["school_id"].isin(result.selected)
    years = pd.Series(result.promoted_year, dtype="object")
    table["promoted_year"] = table["school_id"].map(years.where(years != 0)) if len(years) else None
    priority = []
    if weights is not None:
        table = table.merge(weights[["school_id", "priority_weight", "priority_reason"]], on="school_id", how="left")
        priority = ["priority_weight", "priority_reason"]
    return table[["school_id", "name", "province", "district", "commune", "school_level", "n_students", "n_needed",
                  "need_cost_vnd", "estimated_by_median", "selected", "promoted_year", *priority, "reason",
                  "reason_keys"]]
