"""What each school below the target needs before money can promote it (issue 12), for metrics.planner.

`planner_needs(con, filters, options)` returns a `Needs`:
- `schools`: one row per school of the scope below the target Cấp độ: school_id, name, province, district,
  commune, school_level, school_year, n_students, n_needed (criteria to raise), cost_vnd (NaN: cannot be costed),
  promotable, estimated_by_median, reason_keys ("no_item:3.6|not_estimated:3.5"), reason (Vietnamese);
- `items`: the costed items those schools need (school_id, item_no, criterion_id, cost_vnd, plan_year,
  category_key, estimated): what the planner funds. Items of excluded families are left out (funded
  elsewhere): they still cover their criterion but cost this budget nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from loaders.money import MAX_ITEM_VND
from metrics.filters import Filters
from metrics.labels import PLANNER_REASONS
from metrics.query import run_sql
from metrics.sql_files import sql_text as sql

TARGETS = (2, 3)
_SCHOOL_COLUMNS = ["school_id", "name", "province", "district", "commune", "school_level", "school_year",
                   "n_students"]
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

    def free(self) -> list[str]:
        """The promotable schools this budget promotes for nothing: every item they need costs 0 đ ("Không":
        a measure such as asking for teachers) or belongs to a family funded elsewhere."""
        promotable = self.promotable()
        return list(promotable.loc[promotable["cost_vnd"] == 0, "school_id"])


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
    schools = _school_rows(rows)
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


def _school_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Each school's cost and, when money alone cannot promote it, why (keys, rendered by reason_text).
    Column-wise over all schools at once: one groupby per reason, not a Python function per school."""
    schools = rows.drop_duplicates("school_id")[_SCHOOL_COLUMNS + ["level_basis"]].set_index("school_id")
    criteria = rows[rows["criterion_id"].notna()]
    raised = criteria[~criteria["is_missing"]]
    lists = {"missing": _listed(criteria[criteria["is_missing"]]),
             "no_item": _listed(raised[raised["item_no"].isna()]),
             "not_estimated": _listed(raised[raised["counted"] & raised["cost_vnd"].isna()]),
             # only a store filled past validation holds one; summed, such costs overflow int64
             "over_limit": _listed(raised[raised["counted"] & (raised["cost_vnd"] > MAX_ITEM_VND)])}
    keys = pd.Series("", index=schools.index)
    for key, listed in lists.items():
        found = listed.reindex(schools.index)
        keys = keys.str.cat(found.map(lambda ids, key=key: f"{key}:{ids}", na_action="ignore"), sep="|", na_rep="")
    keys = keys.str.strip("|").str.replace(r"\|+", "|", regex=True)
    keys[~schools.index.isin(criteria["school_id"])] = "no_criteria"
    keys[schools["level_basis"] != "computed"] = "no_ratings"
    counted = rows[rows["counted"]]
    schools["n_needed"] = raised.groupby("school_id")["criterion_id"].nunique().reindex(schools.index).fillna(0)
    schools["promotable"] = keys == ""
    cost = counted.groupby("school_id")["cost_vnd"].sum().reindex(schools.index).fillna(0)
    schools["cost_vnd"] = cost.where(schools["promotable"])
    estimated = counted.groupby("school_id")["estimated"].any().reindex(schools.index).fillna(False)
    schools["estimated_by_median"] = estimated.astype(bool) & schools["promotable"]
    schools["reason_keys"] = keys
    return schools.drop(columns="level_basis").reset_index()


def _listed(rows: pd.DataFrame) -> pd.Series:
    """school_id -> "3.5, 3.6": the criteria of the rows, once each, in criterion order."""
    once = rows.drop_duplicates(["school_id", "criterion_id"]).sort_values(["school_id", "sort_key"])
    return once.groupby("school_id")["criterion_id"].agg(", ".join)


def reason_text(keys: str) -> str:
    """"no_item:3.6|not_estimated:3.5" -> "Kế hoạch chưa có hạng mục cho tiêu chí 3.6; hạng mục ..." (a cell of
    its own in the tables, so it starts as a sentence does)."""
    parts = [part.partition(":") for part in keys.split("|") if part]
    text = "; ".join(PLANNER_REASONS[key].format(criteria=ids) for key, _, ids in parts)
    return text[:1].upper() + text[1:]
