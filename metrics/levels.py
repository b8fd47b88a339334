"""The accreditation rules, as small vectorised functions over per-assessment counts.

Which rule applies, up to which level and with which threshold is data: the
framework's row of data/reference/frameworks.csv (`rule`, `max_level`,
`others_needed`), and its Mức 4 clauses counted from level4_2018.csv
(`n_clauses` in the counts).

Each level test returns two boolean arrays: `sure` (met even if every missing
criterion failed) and `possible` (met if every missing criterion passed).
A level is reached when it is sure; when it is only possible, the verdict is
"Không đủ dữ liệu" - missing data is not failure. No fractional thresholds:
the regulation states none (RULES.md §2).

Besides the level, school_levels says why the next level is not reached
(`blocked_by`, with the counts of the blocking rule part); the explanation
texts in metrics/sql/assessment_status.sql are written from those columns.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.schema import framework_reference

EVERY_CRITERION = "every_criterion"  # Điều 6 khoản 1 TT17/TT18/TT19-2018
MANDATORY_AND_OTHERS = "mandatory_and_others"  # khoản 3 Điều 5 TT57/2026 (provisional)
_RULE_PARAMETERS = ["framework_key", "rule", "max_level", "others_needed"]

# blocked_by: why computed_level + 1 is not reached
TOP = "top"  # the framework has no higher level
MISSING = "missing"  # only unrated criteria or Mức 4 clauses stand in the way
CRITERIA = "criteria"  # every_criterion: criteria below the next level
CLAUSES = "clauses"  # every_criterion, the level above max_level: Điều 22 clauses failed or not assessed
MANDATORY_OR_OTHERS = "mandatory_or_others"  # mandatory_and_others: see the blocking_* counts


def _below(c: pd.DataFrame, n: int) -> np.ndarray:
    """Criteria that keep a school from Mức n under every_criterion. Mức 3 asks only the
    criteria that have Mức 3 indicators (Điều 6 khoản 2: the others top out at Mức 2)."""
    below = {1: c.n_below1, 2: c.n_below2, 3: c.n_below2 + c.n_below3_of_level3}
    return below[n].to_numpy()


def _every_criterion(c: pd.DataFrame, n: int) -> tuple[np.ndarray, np.ndarray]:
    # Điều 6 khoản 1: Mức n = every criterion meets Mức n ("đáp ứng quy định tại Mục n Chương II")
    none_below = _below(c, n) == 0
    return none_below & (c.n_missing.to_numpy() == 0), none_below


def _clauses(c: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    # Điều 22: the level above Mức 3 needs every Mức 4 clause met. A school that did not assess
    # Mức 4 at all has not claimed it: not reached, not "missing data". One that filled some
    # clauses and left others blank is undecided.
    failed, known, total = (c[k].to_numpy() for k in ("l4_failed", "l4_known", "n_clauses"))
    return (failed == 0) & (known == total) & (total > 0), (failed == 0) & (known > 0)


def _mandatory_and_others(c: pd.DataFrame, n: int) -> tuple[np.ndarray, np.ndarray]:
    # Khoản 3 Điều 5 TT57/2026 as quoted by public applications: Mức n = every mandatory
    # criterion at Mức n and at least k of the others at Mức n; Mức 2 also none below Mức 1.
    mandatory_met = c[f"mand_below{n}"].to_numpy() == 0
    others_at, needed = c[f"other_at{n}"].to_numpy(), c.others_needed.to_numpy()
    none_below1 = (c.n_below1.to_numpy() == 0) | (n < 2)
    complete = (c.mand_missing.to_numpy() == 0) & ((c.n_missing.to_numpy() == 0) | (n < 2))
    sure = mandatory_met & complete & (others_at >= needed) & none_below1
    possible = mandatory_met & (others_at + c.other_missing.to_numpy() >= needed) & none_below1
    return sure, possible


def _level_test(c: pd.DataFrame, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(applies, sure, possible) of Mức n for every row, each row under its framework's rule."""
    rule, max_level = c.rule.to_numpy(), c.max_level.to_numpy()
    every, mandatory = rule == EVERY_CRITERION, rule == MANDATORY_AND_OTHERS
    applies = ((every | mandatory) & (n <= max_level)) | (every & (n == max_level + 1) & (c.n_clauses.to_numpy() > 0))
    sure, possible = np.zeros(len(c), dtype=bool), np.zeros(len(c), dtype=bool)
    for rows, test in ((every & (n <= max_level), lambda: _every_criterion(c, n)),
                       (every & (n == max_level + 1), lambda: _clauses(c)),
                       (mandatory & (n <= max_level), lambda: _mandatory_and_others(c, n))):
        if rows.any():
            s, p = test()
            sure, possible = np.where(rows, s, sure), np.where(rows, p | s, possible)
    return applies, sure, possible


def _with_parameters(counts: pd.DataFrame) -> pd.DataFrame:
    parameters = framework_reference()[_RULE_PARAMETERS].astype({"others_needed": "float64"})
    c = counts.merge(parameters, on="framework_key", how="left")
    return c.assign(max_level=c.max_level.fillna(0).astype(int), others_needed=c.others_needed.fillna(0))


def school_levels(counts: pd.DataFrame) -> pd.DataFrame:
    """computed_level (0-4), whether the next level is blocked only by missing data, and why the
    next level is not reached (`blocked_by` and the counts of the blocking rule part)."""
    c = _with_parameters(counts)
    level = np.zeros(len(c), dtype=int)
    undecided = np.zeros(len(c), dtype=bool)
    top = np.zeros(len(c), dtype=bool)
    reached = np.ones(len(c), dtype=bool)
    for n in range(1, int(c.max_level.max()) + 2 if len(c) else 1):
        applies, sure, possible = _level_test(c, n)
        top |= reached & ~applies
        undecided |= reached & applies & ~sure & possible
        reached &= applies & sure
        level = np.where(reached, n, level)
    top = (top | reached) & c.rule.notna().to_numpy()  # a framework without a rule decides nothing
    out = pd.DataFrame({"computed_level": level, "data_incomplete": undecided}, index=counts.index)
    return pd.concat([out, _reasons(c, level, top, undecided).set_axis(counts.index)], axis=1)


def _reasons(c: pd.DataFrame, level: np.ndarray, top: np.ndarray, undecided: np.ndarray) -> pd.DataFrame:
    """The rule part that blocks computed_level + 1, with its counts (0 where it does not apply)."""
    nxt = level + 1
    every = c.rule.to_numpy() == EVERY_CRITERION
    clause_level = every & (nxt == c.max_level.to_numpy() + 1)
    mandatory_rule = c.rule.to_numpy() == MANDATORY_AND_OTHERS
    blocked_by = np.select([top, undecided, clause_level, every, mandatory_rule],
                           [TOP, MISSING, CLAUSES, CRITERIA, MANDATORY_OR_OTHERS], None)
    mandatory = blocked_by == MANDATORY_OR_OTHERS
    below = np.select([nxt == 1, nxt == 2, nxt == 3], [_below(c, 1), _below(c, 2), _below(c, 3)], 0)
    return pd.DataFrame({
        "next_level": pd.array(np.where(top, pd.NA, nxt), dtype="Int64"),
        "blocked_by": pd.array(blocked_by, dtype="string"),
        "blocking_criteria": np.where(blocked_by == CRITERIA, below, 0),
        "blocking_clauses": np.where(blocked_by == CLAUSES, c.l4_failed.to_numpy(), 0),
        "blocking_mandatory": np.where(mandatory, _at_next(c, "mand_below", nxt), 0),
        "blocking_others_at": np.where(mandatory, _at_next(c, "other_at", nxt), 0),
        "blocking_others_needed": np.where(mandatory, c.others_needed.to_numpy(), 0).astype(int),
        "blocking_below1": np.where(mandatory & (nxt >= 2), c.n_below1.to_numpy(), 0),
    })


def _at_next(c: pd.DataFrame, prefix: str, nxt: np.ndarray) -> np.ndarray:
    """c[prefix + str(next level)] per row (the counts exist for Mức 1 and Mức 2)."""
    return np.select([nxt == 1, nxt == 2], [c[f"{prefix}1"].to_numpy(), c[f"{prefix}2"].to_numpy()], 0)
