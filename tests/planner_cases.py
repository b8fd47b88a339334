"""Small planner instances written by hand, and the brute force the solver is checked against."""
from __future__ import annotations

import itertools

import pandas as pd

from metrics.planner import Constraints
from metrics.planner_model import PlanOptions, needs_from_rows


def _rows(spec: list[tuple], areas: dict | None = None) -> pd.DataFrame:
    """Rows as planner_needs.sql returns them, from (school, district, pupils, [(criterion, cost, year,
    categories)]); a cost of "none" is a criterion without a plan item, None an item without a cost.
    `areas`: school -> (province, commune) where it is not ("P", no commune)."""
    rows = []
    for school, district, pupils, items in spec:
        province, commune = (areas or {}).get(school, ("P", None))
        for k, item in enumerate(items):
            criterion, cost, year, categories = item if len(item) == 4 else (*item, ["other"])
            rows.append({"school_id": school, "name": school, "school_level": "THCS", "province": province,
                         "district": district, "commune": commune, "school_year": "2025-2026", "level_basis": "computed",
                         "n_students": pupils, "criterion_id": criterion, "sort_key": k, "is_missing": False,
                         "item_no": None if cost == "none" else k + 1,
                         "cost_vnd": None if cost in ("none", None) else cost, "cost_text": "", "plan_year": year,
                         "action": "", "category_key": categories[0], "category_keys": categories})
    return pd.DataFrame(rows)


def needs_of(spec, areas: dict | None = None, **options):
    return needs_from_rows(_rows(spec, areas), PlanOptions(**options))


def brute_force(needs, constraints: Constraints) -> float:
    schools = needs.promotable().set_index("school_id")
    weight = schools["cost_vnd"] * 0 + 1
    if constraints.objective == "pupils":
        weight = schools["n_students"].fillna(0)
    elif constraints.objective == "weight":
        weight = pd.Series(constraints.weights).reindex(schools.index).fillna(0)
    districts = set(schools["district"])  # min_per_district: each district with a promotable school
    best = -1.0  # no set is feasible
    for size in range(len(schools) + 1):
        for chosen in itertools.combinations(schools.index, size):
            if _feasible(schools.loc[list(chosen)], needs.items, constraints, districts):
                best = max(best, float(weight[list(chosen)].sum()))
    return best


def _feasible(chosen: pd.DataFrame, items: pd.DataFrame, c: Constraints, districts: set) -> bool:
    if c.min_per_district and set(chosen["district"]) != districts:
        return False
    # a commune is an area within its province and district; a school without one is an area of its own
    communes = chosen["province"] + "/" + chosen["district"] + "/" + chosen["commune"].astype(object).fillna(pd.Series(chosen.index, chosen.index))
    for areas, cap in ((chosen["district"], c.district_cap), (communes, c.commune_cap),
                       (chosen["province"], c.province_cap)):
        if cap is not None and (chosen["cost_vnd"].groupby(areas).sum() > cap).any():
            return False
    if c.years is None:
        return chosen["cost_vnd"].sum() <= c.budget
    own = items[items["school_id"].isin(chosen.index)]
    choices = [[y for y in c.years if pd.isna(p) or p <= y] for p in own["plan_year"]]
    for years in itertools.product(*choices):
        spent = pd.Series(own["cost_vnd"].to_numpy()).groupby(list(years)).sum() if years else pd.Series()
        if all(spent.get(y, 0) <= budget for y, budget in c.years.items()):
            return True
    return False

