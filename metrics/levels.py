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

# blocked_by: why computed_level + 1 is not reached
TOP = "top"  # the framework has no higher level
MISSING = "missing"  # only unrated criteria or Mức 4 clauses stand in the way
CRITERIA = "criteria"  # every_criterion: criteria below the next level
CLAUSES = "clauses"  # every_criterion, the level above max_level: Điều 22 clauses failed or not assessed
MANDATORY_OR_OTHERS = "mandatory_or_others"  # mandatory_and_others: see the blocking_* counts


Counts = dict  # column name -> numpy array, one entry per assessment (pandas columns converted once)


def _below(c: Counts, n: int) -> np.ndarray:
    """Criteria that keep a school from Mức n under every_criterion. Mức 3 asks only the
    criteria that have Mức 3 indicators (Điều 6 khoản 2: the others top out at Mức 2)."""
    return c["n_below1"] if n == 1 else c["n_below2"] + (c["n_below3_of_level3"] if n == 3 else 0)


def _every_criterion(c: Counts, n: int) -> tuple[np.ndarray, np.ndarray]:
    # Điều 6 khoản 1: Mức n = every criterion meets Mức n ("đáp ứng quy định tại Mục n Chương II")
    none_below = _below(c, n) == 0
    return none_below & (c["n_missing"] == 0), none_below


def _clauses(c: Counts) -> tuple[np.ndarray, np.ndarray]:
    # Điều 22: the level above Mức 3 needs every Mức 4 clause met. A school that did not assess
    # Mức 4 at all has not claimed it: not reached, not "missing data". One that filled some
    # clauses and left others blank is undecided.
    failed, known, total = c["l4_failed"], c["l4_known"], c["n_clauses"]
    return (failed == 0) & (known == total) & (total > 0), (failed == 0) & (known > 0)


def _mandatory_and_others(c: Counts, n: int) -> tuple[np.ndarray, np.ndarray]:
    # Khoản 3 Điều 5 TT57/2026 as quoted by public applications: Mức n = every mandatory
    # criterion at Mức n and at least k of the others at Mức n; Mức 2 also none below Mức 1.
    mandatory_met = c[f"mand_below{n}"] == 0
    others_at, needed = c[f"other_at{n}"], c["others_needed"]
    none_below1 = (c["n_below1"] == 0) | (n < 2)
    complete = (c["mand_missing"] == 0) & ((c["n_missing"] == 0) | (n < 2))
    sure = mandatory_met & complete & (others_at >= needed) & none_below1
    possible = mandatory_met & (others_at + c["other_missing"] >= needed) & none_below1
    return sure, possible


def _level_test(c: Counts, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(applies, sure, possible) of Mức n for every row, each row under its framework's rule."""
    every, mandatory, max_level = c["every"], c["mandatory"], c["max_level"]
    by_criteria, by_clauses = every & (n <= max_level), every & (n == max_level + 1) & (c["n_clauses"] > 0)
    sure, possible = np.zeros(len(every), dtype=bool), np.zeros(len(every), dtype=bool)
    for rows, test in ((by_criteria, lambda: _every_criterion(c, n)), (by_clauses, lambda: _clauses(c)),
                       (mandatory & (n <= max_level), lambda: _mandatory_and_others(c, n))):
        if rows.any():
            s, p = test()
            sure, possible = np.where(rows, s, sure), np.where(rows, p | s, possible)
    return by_criteria | by_clauses | (mandatory & (n <= max_level)), sure, possible


# The counts the rules read (assessment_counts.sql, level4_counts.sql).
_COUNTS = ("n_below1", "n_below2", "n_below3_of_level3", "n_missing", "n_clauses", "l4_failed", "l4_known",
           "mand_below1", "mand_below2", "mand_missing", "other_at1", "other_at2", "other_missing")


def _with_parameters(counts: pd.DataFrame) -> Counts:
    """The counts the rules read, each row with its framework's parameters (looked up per distinct key)."""
    codes, keys = pd.factorize(counts["framework_key"])
    parameters = framework_reference().set_index("framework_key").reindex(keys)

    def per_row(name: str, missing) -> np.ndarray:
        values = parameters[name].astype(object).where(parameters[name].notna(), missing).to_numpy()
        return np.append(values, missing)[codes]  # code -1 (no key) takes the last slot
    c = {k: counts[k].to_numpy(dtype=np.int64) for k in _COUNTS}
    rule = per_row("rule", "")
    c.update(every=rule == EVERY_CRITERION, mandatory=rule == MANDATORY_AND_OTHERS,
             max_level=per_row("max_level", 0).astype(int), others_needed=per_row("others_needed", 0).astype(float))
    return c


def school_levels(counts: pd.DataFrame) -> pd.DataFrame:
    """computed_level (0-4), whether the next level is blocked only by missing data, and why the
    next level is not reached (`blocked_by` and the counts of the blocking rule part)."""
    c = _with_parameters(counts)
    level = np.zeros(len(counts), dtype=np.int64)
    undecided = np.zeros(len(counts), dtype=bool)
    top = np.zeros(len(counts), dtype=bool)
    reached = np.ones(len(counts), dtype=bool)
    for n in range(1, int(c["max_level"].max()) + 2 if len(counts) else 1):
        applies, sure, possible = _level_test(c, n)
        top |= reached & ~applies
        undecided |= reached & applies & ~sure & possible
        reached &= applies & sure
        level = np.where(reached, n, level)
    top = (top | reached) & (c["every"] | c["mandatory"])  # a framework without a rule decides nothing
    out = pd.DataFrame({"computed_level": level, "data_incomplete": undecided}, index=counts.index)
    return pd.concat([out, _reasons(c, level, top, undecided).set_axis(counts.index)], axis=1)


_REASONS = [TOP, MISSING, CLAUSES, CRITERIA, MANDATORY_OR_OTHERS]


def _reasons(c: Counts, level: np.ndarray, top: np.ndarray, undecided: np.ndarray) -> pd.DataFrame:
    """The rule part that blocks computed_level + 1, with its counts (0 where it does not apply)."""
    nxt = level + 1
    clause_level = c["every"] & (nxt == c["max_level"] + 1)
    reason = np.select([top, undecided, clause_level, c["every"], c["mandatory"]], range(len(_REASONS)), -1)
    mandatory = reason == _REASONS.index(MANDATORY_OR_OTHERS)
    below = np.select([nxt == 1, nxt == 2, nxt == 3], [_below(c, 1), _below(c, 2), _below(c, 3)], 0)
    return pd.DataFrame({
        "next_level": pd.arrays.IntegerArray(nxt, top),
        "blocked_by": pd.Categorical.from_codes(reason, _REASONS).astype(str),  # code -1: no rule, missing
        "blocking_criteria": np.where(reason == _REASONS.index(CRITERIA), below, 0),
        "blocking_clauses": np.where(reason == _REASONS.index(CLAUSES), c["l4_failed"], 0),
        "blocking_mandatory": np.where(mandatory, _at_next(c, "mand_below", nxt), 0),
        "blocking_others_at": np.where(mandatory, _at_next(c, "other_at", nxt), 0),
        "blocking_others_needed": np.where(mandatory, c["others_needed"], 0).astype(np.int64),
        "blocking_below1": np.where(mandatory & (nxt >= 2), c["n_below1"], 0),
    })


def _at_next(c: Counts, prefix: str, nxt: np.ndarray) -> np.ndarray:
    """c[prefix + str(next level)] per row (the counts exist for Mức 1 and Mức 2)."""
    return np.select([nxt == 1, nxt == 2], [c[f"{prefix}1"], c[f"{prefix}2"]], 0)
