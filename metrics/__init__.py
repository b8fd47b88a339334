"""The domain: levels, distances, money, gaps and findings, as small functions and SQL files.

One setting for every process of the project, made here because every layer that handles tables
imports this package first (loaders.schema reads its SQL files): strings the code builds (formatted
cells, labels, joined names) are plain Python objects, not pandas 3's Arrow-backed `str`. The
dashboard's tables are small, and on them each `str` operation pays Arrow's per-call cost: with it,
a busy server spent ~20% more CPU per interaction (bench/load.py, alternated: 104-105 against
125-138 ms; p90 1.75-1.99 against 2.43-3.32 s). Strings read from the store stay Arrow-backed
(metrics.query). pandas 4 drops the option (pandas is pinned in requirements.txt): its warning says so,
and is silenced here.
"""
import warnings

import pandas as pd

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    pd.set_option("future.infer_string", False)
