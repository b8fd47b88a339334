"""The budget planner (issue 12): which schools to bring over the accreditation bar with the money there is.

A school counts only when every criterion it must raise is funded, so this is a 0-1 integer programme
solved exactly with HiGHS (highspy), not a ranking. The API, for the CLI and the Streamlit page:

    # metrics.planner_model: the needs (cached per filters and options by a page)
    needs = planner_needs(con, Filters(...), PlanOptions(target=2, excluded_categories=frozenset({"doi_ngu"}),
                                                         estimate_missing=False))
    needs.schools        # every school below the target: n_students, n_needed, cost_vnd (<NA>: cannot be
                         # costed), promotable, estimated_by_median, reason_keys, reason (Vietnamese)
    needs.items          # the items funded: school_id, item_no, criterion_id, cost_vnd, plan_year, estimated
    # metrics.planner (this module): the choice
    result = plan(needs, Constraints(budget=50_000_000_000, objective="schools"))
    result.selected      # frozenset of school_id; result.money_used, .money_left, .objective, .status,
                         # .gap (0 when proven optimal), .funding_by_year {year: đồng}, .promoted_year
    # metrics.planner_compare: what else the money could do, and the table to show
    largest_need_first(needs, budget), cheapest_item_first(needs, budget)   # the two rules, as Results
    budget_curve(needs, Constraints(...), points=15)   # budget_vnd, n_promoted, pupils_promoted,
                                                        # money_used_vnd, gap (%), both rules' n_promoted
    schools_with_choice(needs, result)   # needs.schools + selected, promoted_year (keys; labels.py headers)

Constraints: `budget` (total), or `years` = {plan year: annual budget} for phasing (an item is funded in
the year its plan names or later, money does not carry over, a school is promoted in the year its last
item is funded); `district_cap` / `commune_cap` / `province_cap` (money per area over all years; a school
whose commune is not written is capped on its own); `min_per_district`
(each district with a promotable school gets one: infeasible when the money cannot); `objective`
"schools" | "pupils" (schools.n_students; unknown = 0) | "weight" (with `weights`: school_id -> weight).
Money is in whole đồng and the model is scaled by the costs' greatest common divisor, so a budget one
đồng short of a school's cost is exactly short.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import reduce

import numpy as np
import pandas as pd

from metrics.planner_milp import solve_binary
from metrics.planner_model import Needs

OBJECTIVES = ("schools", "pupils", "weight")
DEFAULT_TIME_LIMIT_S = 10.0


@dataclass(frozen=True)
class Constraints:
    budget: int = 0
    objective: str = "schools"
    years: dict[int, int] | None = None  # phasing: plan year -> that year's budget (replaces `budget`)
    district_cap: int | None = None
    province_cap: int | None = None
    commune_cap: int | None = None  # since 7/2025 communes manage mầm non, tiểu học and THCS
    min_per_district: bool = False
    weights: dict[str, float] | None = None  # school_id -> priority, for objective "weight"
    time_limit_s: float = DEFAULT_TIME_LIMIT_S

    @property
    def total(self) -> int:
        """All the money: the budget, or the annual budgets added up."""
        return sum(self.years.values()) if self.years is not None else self.budget


@dataclass(frozen=True)
class Result:
    selected: frozenset[str]
    money_used: int
    money_left: int
    objective: float
    status: str  # optimal | time_limit | infeasible | rule (one of the simple rules)
    gap: float  # relative optimality gap: 0 when proven optimal
    funding_by_year: dict[int, int] = field(default_factory=dict)
    promoted_year: dict[str, int] = field(default_factory=dict)

    @property
    def n_promoted(self) -> int:
        return len(self.selected)


def plan(needs: Needs, constraints: Constraints) -> Result:
    """The best set of schools within the constraints (exact, or the best found when the time limit hits)."""
    if constraints.objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}")
    schools, items = needs.promotable(), needs.items
    years = _years(constraints)
    terms, late = _cost_terms(schools, items, years, phased=constraints.years is not None)
    model = _model(schools, terms, years, constraints, _unit(terms["cost"]))
    model["rows"] += [([i], [1.0], -math.inf, 0.0) for i in np.flatnonzero(schools["school_id"].isin(late))]
    solution = solve_binary(**model, time_limit_s=constraints.time_limit_s, presolve=constraints.years is not None)
    if solution.status == "infeasible":
        return Result(frozenset(), 0, sum(years.values()), 0.0, "infeasible", 0.0)
    chosen = schools["school_id"][solution.values[:len(schools)] > 0.5]
    funded = terms[solution.values[terms["column"].to_numpy()] > 0.5]
    return _result(frozenset(chosen), funded, years, solution)


def _years(constraints: Constraints) -> dict[int, int]:
    # without phasing everything is funded in one "year" 0 whose budget is the total
    return dict(sorted(constraints.years.items())) if constraints.years is not None else {0: constraints.budget}


def _cost_terms(schools: pd.DataFrame, items: pd.DataFrame, years: dict[int, int],
                phased: bool) -> tuple[pd.DataFrame, set]:
    """One row per way money can be spent: column (variable), school_id, cost, year, district, province.
    Without phasing a school's variable carries its whole cost; with it, one variable per item and year
    from the item's plan year on (an item without a year may be funded in any). Also the schools with an
    item planned after the last year: they cannot be promoted within the years given."""
    areas = schools[["school_id", "district", "province"]].assign(commune=_commune_area(schools))
    if not phased:
        terms = schools[["school_id", "cost_vnd"]].rename(columns={"cost_vnd": "cost"}).assign(year=0)
        terms["column"] = np.arange(len(schools))
        return terms.merge(areas, on="school_id"), set()
    own = items[items["school_id"].isin(schools["school_id"])].reset_index(drop=True)
    own["item"] = np.arange(len(own))
    pairs = own.merge(pd.DataFrame({"year": list(years)}), how="cross")
    pairs = pairs[pairs["plan_year"].isna() | (pairs["plan_year"] <= pairs["year"])].reset_index(drop=True)
    pairs["column"] = len(schools) + np.arange(len(pairs))
    late = set(own.loc[~own["item"].isin(pairs["item"]), "school_id"])
    return pairs.rename(columns={"cost_vnd": "cost"}).merge(areas, on="school_id"), late


def _commune_area(schools: pd.DataFrame) -> pd.Series:
    """A commune is one area within its province and old district (before 2025 two districts could each
    have a "Tân Lập"); a school whose commune is not written is an area of its own, never lumped together."""
    area = schools["province"].astype(str) + "|" + schools["district"].astype(str) + "|" + schools["commune"].astype(str)
    return area.astype(object).where(schools["commune"].notna(), schools["school_id"].astype(object))


def _unit(costs: pd.Series) -> int:
    """The greatest common divisor of every cost: budgets are floored to it, so the scaled model is
    exact in integers and its coefficients stay small enough for the solver's tolerances."""
    values = [int(c) for c in costs if c > 0]
    return reduce(math.gcd, values, 0) or 1


def _model(schools, terms, years, constraints, unit) -> dict:
    n_cols = len(schools) + (len(terms) if constraints.years is not None else 0)
    rows: list[tuple[list[int], list[float], float, float]] = []
    by_school = {school: i for i, school in enumerate(schools["school_id"])}
    scaled = (terms["cost"] // unit).astype(float).to_numpy()
    for year, budget in years.items():
        mask = (terms["year"] == year).to_numpy()
        rows.append((terms["column"][mask].tolist(), scaled[mask].tolist(), -math.inf, float(budget // unit)))
    for area, cap in (("district", constraints.district_cap), ("commune", constraints.commune_cap),
                      ("province", constraints.province_cap)):
        if cap is not None:
            for _, group in terms.groupby(area).groups.items():
                rows.append((terms["column"][group].tolist(), scaled[group].tolist(), -math.inf, float(cap // unit)))
    if constraints.years is not None:
        rows += _each_item_once(terms, by_school)
    if constraints.min_per_district:
        for _, group in schools.groupby("district").groups.items():
            rows.append((list(group), [1.0] * len(group), 1.0, math.inf))
    objective = np.zeros(n_cols)  # the item-year variables earn nothing by themselves
    objective[:len(schools)] = _weights(schools, constraints)
    return {"n_cols": n_cols, "objective": objective, "rows": rows}


def _each_item_once(terms: pd.DataFrame, by_school: dict[str, int]) -> list:
    """A promoted school has each of its items funded in exactly one year; a school not promoted, none.
    Built with numpy (one sort, one split): a loop over 25,000 items' groups took seconds nationally."""
    items = terms.drop_duplicates("item")
    entries = pd.DataFrame({
        "item": np.concatenate([terms["item"].to_numpy(), items["item"].to_numpy()]),
        "column": np.concatenate([terms["column"].to_numpy(), items["school_id"].map(by_school).to_numpy()]),
        "value": np.concatenate([np.ones(len(terms)), -np.ones(len(items))])}).sort_values("item", kind="stable")
    bounds = np.flatnonzero(np.diff(entries["item"].to_numpy())) + 1
    columns = np.split(entries["column"].to_numpy(), bounds)
    values = np.split(entries["value"].to_numpy(), bounds)
    return [(c, v, 0.0, 0.0) for c, v in zip(columns, values)] if len(entries) else []


def _weights(schools: pd.DataFrame, constraints: Constraints) -> np.ndarray:
    if constraints.objective == "pupils":
        return schools["n_students"].fillna(0).astype(float).to_numpy()
    if constraints.objective == "weight":
        return schools["school_id"].map(constraints.weights or {}).fillna(0).astype(float).to_numpy()
    return np.ones(len(schools))


def _result(selected, funded, years, solution) -> Result:
    funded = funded[funded["school_id"].isin(selected)]
    by_year = {year: int(funded.loc[funded["year"] == year, "cost"].sum()) for year in years}
    used = sum(by_year.values())
    promoted = funded.groupby("school_id")["year"].max().astype(int).to_dict()
    first = next(iter(years))
    promoted = {school: promoted.get(school, first) for school in selected}  # a free school: the first year
    return Result(selected, used, sum(years.values()) - used, solution.objective, solution.status, solution.gap,
                  by_year, promoted)
