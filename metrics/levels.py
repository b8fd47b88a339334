"""The accreditation rules, as small vectorised functions over per-assessment counts.

Each rule returns two boolean Series: `sure` (met even if every missing
criterion failed) and `possible` (met if every missing criterion passed).
A level is reached when it is sure; when it is only possible, the verdict is
"Không đủ dữ liệu" - missing data is not failure. No fractional thresholds:
the regulation states none (RULES.md §2).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

def _pair(sure: pd.Series, possible: pd.Series) -> tuple[pd.Series, pd.Series]:
    return sure.astype(bool), (possible | sure).astype(bool)


# ---------------------------------------------------------------- 2018 circulars
# Điều 6 khoản 1, TT17/TT18/TT19-2018: Mức n = every criterion meets Mức n
# ("đáp ứng quy định tại Mục n Chương II"); Mức 3 = Mức 2 plus every criterion
# that has Mức 3 indicators at Mức 3; Mức 4 = Mức 3 plus every Điều 22 clause.
def level1_2018(c: pd.DataFrame):
    return _pair((c.n_below1 == 0) & (c.n_missing == 0), c.n_below1 == 0)


def level2_2018(c: pd.DataFrame):
    return _pair((c.n_below2 == 0) & (c.n_missing == 0), c.n_below2 == 0)


def level3_2018(c: pd.DataFrame):
    sure2, possible2 = level2_2018(c)
    return _pair(sure2 & (c.n_below3_of_level3 == 0), possible2 & (c.n_below3_of_level3 == 0))


def level4_2018(c: pd.DataFrame):
    sure3, possible3 = level3_2018(c)
    clauses_sure = (c.l4_failed == 0) & (c.l4_known == c.n_clauses) & (c.n_clauses > 0)
    # A school that did not assess Mức 4 at all has not claimed it: not reached, not
    # "missing data". One that filled some clauses and left others blank is undecided.
    clauses_possible = (c.l4_failed == 0) & (c.l4_known > 0)
    return _pair(sure3 & clauses_sure, possible3 & clauses_possible)


# ---------------------------------------------------------------- TT57/2026 (provisional)
# Khoản 3 Điều 5 TT57/2026 as quoted by public applications: Mức 1 = all 8
# mandatory criteria at Mức 1 and at least 5 of the other 7 at Mức 1; Mức 2 =
# all mandatory at Mức 2, at least 5 others at Mức 2, none below Mức 1.
_TT57_OTHERS_NEEDED = 5


def level1_2026(c: pd.DataFrame):
    sure = (c.mand_below1 == 0) & (c.mand_missing == 0) & (c.other_at1 >= _TT57_OTHERS_NEEDED)
    possible = (c.mand_below1 == 0) & (c.other_at1 + c.other_missing >= _TT57_OTHERS_NEEDED)
    return _pair(sure, possible)


def level2_2026(c: pd.DataFrame):
    sure1, possible1 = level1_2026(c)
    sure = sure1 & (c.mand_below2 == 0) & (c.mand_missing == 0) & (c.other_at2 >= _TT57_OTHERS_NEEDED) \
        & (c.n_below1 == 0) & (c.n_missing == 0)
    possible = possible1 & (c.mand_below2 == 0) & (c.n_below1 == 0) \
        & (c.other_at2 + c.other_missing >= _TT57_OTHERS_NEEDED)
    return _pair(sure, possible)


_RULES_2018 = (level1_2018, level2_2018, level3_2018, level4_2018)
_RULES_2026 = (level1_2026, level2_2026)


def school_levels(counts: pd.DataFrame) -> pd.DataFrame:
    """computed_level (0-4), and whether the next level is blocked only by missing data."""
    is2026 = counts["framework_key"].str.startswith("TT57").to_numpy()
    out = pd.DataFrame(index=counts.index)
    level = np.zeros(len(counts), dtype=int)
    undecided = np.zeros(len(counts), dtype=bool)
    for rules, mask in ((_RULES_2018, ~is2026), (_RULES_2026, is2026)):
        reached = np.ones(len(counts), dtype=bool)
        for n, rule in enumerate(rules, start=1):
            sure, possible = (s.to_numpy() for s in rule(counts))
            undecided |= mask & reached & ~sure & possible
            reached &= sure
            level = np.where(mask & reached, n, level)
    out["computed_level"] = level
    out["data_incomplete"] = undecided
    return out
