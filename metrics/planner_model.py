"""What each school below the target needs before money can promote it (issue 12), for metrics.planner.

`planner_needs(con, filters, options)` returns a `Needs`:
- `schools`: one row per school of the scope below the target Cấp độ: school_id, name, province, district,
  school_level, school_year, n_students, n_needed (criteria to raise), cost_vnd (NaN: cannot be costed),
  promotable, estimated_by_median, reason_keys ("no_item:3.6|not_estimated:3.5"), reason (Vietnamese);
- `items`: the costed items those schools need (school_id, item_no, criterion_id, cost_vnd, plan_year,
  category_key, estimated): what the planner funds. Items of excluded families are left out (funded
  elsewhere): they still cover their criterion but cost this budget nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from metrics.filters import Filters
from metrics.labels import PLANNER_REASONS
from metrics.query import run_sql
from metrics.sql_files import sql_text as sql

TARGETS = (2, 3)
_SCHOOL_COLUMNS = ["school_id", "name", "province", "district", "school_level", "school_year", "n_students"]
_ITEM_COLUMNS = ["school_id", "item_no", "criterion_id", "cost_vnd", "plan_year", "category_key", "estimated"]


@dataclass(frozen=True)
class PlanOptions:
    target: int = 2  # Cấp độ 2 / Chuẩn quốc gia Mức độ 1; 3: Cấp độ 3 / Mức độ 2
    excluded_categories: frozenset[str] = frozenset()  # gap categories funded elsewhere, e.g. {"doi_ngu"}
    estimate_missing: bool = False  # a missing cost becomes the median of its category and school level


@dataclass(frozen=True)
class Needs:
    schools: pd.DataFrame
    items: pd.DataFrame

    def promotable(self) -> pd.DataFrame:
        return self.schools[self.schools["promotable"]].reset_index(drop=True)


def planner_needs(con: duckdb.DuckDBPyConnection, filters: Filters, options: PlanOptions = PlanOptions()) -> Needs:
    if options.target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}, not {options.target!r}")
    rows = run_sql(con, sql("planner_needs"), filters, {"target": options.target})
    medians = run_sql(con, sql("planner_cost_medians"), filters) if options.estimate_missing else None
    return needs_from_rows(rows, options, medians)


def needs_from_rows(rows: pd.DataFrame, options: PlanOptions, medians: pd.DataFrame | None = None) -> Needs:
    """The rows of planner_needs.sql (one per school, needed criterion and plan item) as schools and items."""
    rows = rows.copy()
    rows["estimated"] = False
    if medians is not None:
        _estimate(rows, medians)
    excluded = rows["category_keys"].map(lambda keys: _is_excluded(keys, options.excluded_categories))
    rows["counted"] = rows["item_no"].notna() & ~excluded
    schools = rows.groupby("school_id", sort=False).apply(_school_row, include_groups=False)
    schools = rows.drop_duplicates("school_id")[_SCHOOL_COLUMNS].merge(schools.reset_index(), on="school_id")
    schools["reason"] = schools["reason_keys"].map(reason_text)
    for name in ("cost_vnd", "n_students", "n_needed"):  # whole numbers, empty when unknown
        schools[name] = schools[name].astype("Float64").round().astype("Int64")
    counted = rows[rows["counted"] & rows["school_id"].isin(schools.loc[schools["promotable"], "school_id"])]
    items = counted[_ITEM_COLUMNS].reset_index(drop=True)
    items["cost_vnd"] = items["cost_vnd"].astype("int64")
    return Needs(schools.reset_index(drop=True), items)


def _is_excluded(keys, excluded: frozenset[str]) -> bool:
    return bool(excluded) and any(key in excluded for key in keys)


def _estimate(rows: pd.DataFrame, medians: pd.DataFrame) -> None:
    # whole đồng: the solver works in exact integers (a median of two costs may end in ,5)
    lookup = medians.set_index(["school_level", "category_key"])["median_cost_vnd"].round()
    missing = rows["item_no"].notna() & rows["cost_vnd"].isna()
    keys = pd.MultiIndex.from_frame(rows.loc[missing, ["school_level", "category_key"]].astype(object))
    found = pd.Series(lookup.reindex(keys).to_numpy(), index=rows.index[missing])
    found = found.dropna()
    rows.loc[found.index, "cost_vnd"] = found
    rows.loc[found.index, "estimated"] = True


def _school_row(group: pd.DataFrame) -> pd.Series:
    """A school's cost and, when money alone cannot promote it, why (keys, rendered by reason_text)."""
    criteria = group.dropna(subset=["criterion_id"])
    reasons = _reasons(group, criteria)
    counted = group[group["counted"]]
    cost = counted["cost_vnd"].sum() if not reasons else float("nan")
    return pd.Series({"n_needed": criteria.loc[~criteria["is_missing"], "criterion_id"].nunique(), "cost_vnd": cost, "promotable": not reasons,
                      "estimated_by_median": bool(counted["estimated"].any()) and not reasons,
                      "reason_keys": "|".join(reasons)})


def _reasons(group: pd.DataFrame, criteria: pd.DataFrame) -> list[str]:
    if group["level_basis"].iloc[0] != "computed":
        return ["no_ratings"]
    if criteria.empty:
        return ["no_criteria"]
    missing = _listed(criteria[criteria["is_missing"]])
    planned = criteria[~criteria["is_missing"]]
    no_item = _listed(planned[planned["item_no"].isna()])
    not_estimated = _listed(planned[planned["counted"] & planned["cost_vnd"].isna()])
    return [f"{key}:{ids}" for key, ids in (("missing", missing), ("no_item", no_item),
                                            ("not_estimated", not_estimated)) if ids]


def _listed(rows: pd.DataFrame) -> str:
    return ", ".join(dict.fromkeys(rows.sort_values("sort_key")["criterion_id"]))


def reason_text(keys: str) -> str:
    """"no_item:3.6|not_estimated:3.5" -> "kế hoạch chưa có hạng mục cho tiêu chí 3.6; hạng mục ..."."""
    parts = [part.partition(":") for part in keys.split("|") if part]
    return "; ".join(PLANNER_REASONS[key].format(criteria=ids) for key, _, ids in parts)
