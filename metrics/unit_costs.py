"""The unit-cost check (issue 12): a plan item costed far above or below what items of its gap category
cost at the same school level in the scope. Flags inform an official; they never change a result."""
from __future__ import annotations

import pandas as pd

from metrics.formatting import format_money_short, format_number
from metrics.labels import COST_NOTES

# "far": more than twice, or less than half, the median of the same category and school level
HIGH, LOW = 2.0, 0.5
_MIN_PEERS = 3  # a median of one or two items says nothing about what such an item costs


def unit_cost_flags(items: pd.DataFrame) -> pd.DataFrame:
    """The items of `items` (metrics.tables.funding_items) whose cost is far from their peers' median:
    school, item, category, cost, median, ratio and whether it is high or low, the furthest first."""
    costed = items[items["cost_vnd"].fillna(0) > 0].copy()
    costed["category_name"] = costed["categories"].fillna("").str.split(", ").str[0].replace("", "Khác")
    peers = costed.groupby(["category_name", "school_level"])["cost_vnd"]
    costed["category_median_vnd"] = peers.transform("median")
    costed = costed[peers.transform("size") >= _MIN_PEERS]
    costed["cost_ratio"] = costed["cost_vnd"] / costed["category_median_vnd"]
    costed["cost_flag"] = None
    costed.loc[costed["cost_ratio"] > HIGH, "cost_flag"] = "high"
    costed.loc[costed["cost_ratio"] < LOW, "cost_flag"] = "low"
    flagged = costed[costed["cost_flag"].notna()]
    distance = (flagged["cost_ratio"].where(flagged["cost_flag"] == "high", 1 / flagged["cost_ratio"]))
    flagged = flagged.assign(_distance=distance).sort_values("_distance", ascending=False)
    flagged["cost_note"] = [COST_NOTES[flag].format(category=category, cost=format_money_short(cost),
                                                    ratio=format_number(ratio, 1))
                            for flag, category, cost, ratio in flagged[["cost_flag", "category_name", "cost_vnd",
                                                                        "cost_ratio"]].itertuples(index=False)]
    # the figures first, the long text of the action after them, so the amounts are on screen at 1400 px
    return flagged[["name", "cost_vnd", "category_median_vnd", "cost_ratio", "cost_flag", "category_name",
                    "criterion_id", "action", "district", "school_level", "cost_note", "school_id",
                    "item_no"]].reset_index(drop=True)


def flags_among(flags: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """The flags of the items in `items` (e.g. those a budget plan funds), by school, item and criterion."""
    keys = ["school_id", "item_no", "criterion_id"]
    funded = items[keys].drop_duplicates().astype({"item_no": "int64"})
    return flags.astype({"item_no": "int64"}).merge(funded, on=keys).reset_index(drop=True)
