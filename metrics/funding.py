"""Plan items for people: the largest ones, and the ones behind a funding total (drill-down)."""
from __future__ import annotations

import pandas as pd

from metrics.tables import FUNDING_GROUPS

# The columns of a plan item people read, most important first: whose, how much, for what; the amount
# before the long text of the action so it is on screen at 1400 px.
_ITEM_COLUMNS = ["name", "cost_vnd", "criterion_id", "action", "district", "school_year", "timeframe", "cost_text",
                 "categories"]


def funding_headline(items: pd.DataFrame) -> dict:
    """The money page's cards. An item without an estimate is counted, never added as 0; a school
    whose plan estimates nothing at all is a finding of its own (Tiên Lãng's THCS plan)."""
    not_estimated = items["cost_vnd"].isna()
    nothing_estimated = not_estimated.groupby(items["school_id"]).all()
    # summed as floats: int64 wraps past 9.2e18 đồng without a word (floats are exact to 9e15 đồng)
    return {"cost": items["cost_vnd"].astype("float64").sum(min_count=1), "items": len(items),
            "not_estimated": int(not_estimated.sum()),
            "schools": len(nothing_estimated), "schools_nothing_estimated": int(nothing_estimated.sum())}


def present_items(items: pd.DataFrame) -> pd.DataFrame:
    return items[_ITEM_COLUMNS].reset_index(drop=True)


def largest_items(items: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    return present_items(items.dropna(subset=["cost_vnd"]).nlargest(n, "cost_vnd"))


def items_behind(items: pd.DataFrame, by: str, value, within: dict | None = None) -> pd.DataFrame:
    """The plan items summed into one row of funding_table(by=...): its `value`, and `within` the row's
    other keys (FUNDING_KEYS: the district's province, the school's code)."""
    if by == "category":  # an item counts once in each of its categories
        listed = items["categories"].fillna("").str.split(", ")
        mask = listed.map(lambda names: value in names if value != "Khác" else names == [""])
    else:
        mask = items[FUNDING_GROUPS[by][1]] == value
    for name, key in (within or {}).items():
        mask = mask & (items[name] == key)
    return present_items(items[mask.fillna(False).to_numpy()])
