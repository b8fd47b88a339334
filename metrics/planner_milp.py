"""A 0-1 maximisation handed to HiGHS through highspy: the only module that knows the solver's API."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache

import highspy
import numpy as np

# HiGHS stops at a 0.01 % gap by default; the planner promises a proven optimum unless time runs out.
_OPTIONS = {"output_flag": False, "mip_rel_gap": 0.0, "threads": 1}


@dataclass(frozen=True)
class Solution:
    values: np.ndarray
    objective: float
    status: str  # optimal | time_limit | infeasible
    gap: float


def solve_binary(n_cols: int, objective: np.ndarray, rows: list[tuple[list[int], list[float], float, float]],
                 time_limit_s: float, presolve: bool = True) -> Solution:
    """max objective·x over x in {0,1}^n_cols, subject to lower <= row·x <= upper for each
    (columns, coefficients, lower, upper) in `rows`. Measured nationally (bench/planner.py): presolve
    off halves a one-budget knapsack weighted by pupils (8.4 -> 4.9 s) but leaves the phased model,
    with its item-year rows, at the time limit instead of optimal in 5.4 s; the caller chooses."""
    if n_cols == 0:
        return Solution(np.zeros(0), 0.0, _empty_status(rows), 0.0)
    _quiet_banner()
    h = highspy.Highs()
    options = {**_OPTIONS, "time_limit": float(time_limit_s), "presolve": "on" if presolve else "off"}
    for name, value in options.items():
        h.setOptionValue(name, value)
    h.addVars(n_cols, np.zeros(n_cols), np.ones(n_cols))
    columns = np.arange(n_cols, dtype=np.int32)
    h.changeColsIntegrality(n_cols, columns, np.full(n_cols, highspy.HighsVarType.kInteger))
    h.changeColsCost(n_cols, columns, np.asarray(objective, dtype=np.double))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    _add_rows(h, rows)
    h.run()
    return _solution(h, n_cols, np.asarray(objective, dtype=np.double))


@cache
def _quiet_banner() -> None:
    """HiGHS prints its banner to the C stdout on the first Highs() of a process, before any option can
    silence it; the CLI writes its CSV to stdout, so that one banner goes to stderr instead."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _add_rows(h: highspy.Highs, rows) -> None:
    if not rows:
        return
    inf = highspy.kHighsInf
    lower = np.array([max(r[2], -inf) for r in rows], dtype=np.double)
    upper = np.array([min(r[3], inf) for r in rows], dtype=np.double)
    starts = np.cumsum([0] + [len(r[0]) for r in rows[:-1]]).astype(np.int32)
    indices = np.concatenate([np.asarray(r[0], dtype=np.int32) for r in rows])
    values = np.concatenate([np.asarray(r[1], dtype=np.double) for r in rows])
    h.addRows(len(rows), lower, upper, len(indices), starts, indices, values)


def _solution(h: highspy.Highs, n_cols: int, weights: np.ndarray) -> Solution:
    # the objective is recomputed from the rounded values: HiGHS' own may be unset when presolve
    # solves the whole model (seen as inf on a model where every cost is 0)
    status = h.getModelStatus()
    info = h.getInfo()
    if status == highspy.HighsModelStatus.kInfeasible:
        return Solution(np.zeros(n_cols), 0.0, "infeasible", 0.0)
    values = np.round(np.asarray(h.getSolution().col_value))
    if status == highspy.HighsModelStatus.kOptimal:
        return Solution(values, float(weights @ values), "optimal", 0.0)
    if info.primal_solution_status == 0:  # time ran out before any feasible set was found
        return Solution(np.zeros(n_cols), 0.0, "time_limit", 1.0)
    return Solution(values, float(weights @ values), "time_limit", float(info.mip_gap))


def _empty_status(rows) -> str:
    # with no school to choose, only a "at least one" row can fail
    return "infeasible" if any(lower > 0 for _, _, lower, _ in rows) else "optimal"
