"""Gap categories (thư viện, nhà vệ sinh, ...) from reference rules.

A need is assigned a category by its criterion (rules 'C-...') and by words in
the shortfall text and the plan text (rules 'K-...'), matched without
diacritics on whole words. Every assignment keeps the rules that made it.
Keyword rules run in Python once per distinct text; the joins run in SQL
(metrics/sql/gap_sources.sql, gap_hits.sql), over the derive step's scope.
"""
from __future__ import annotations

import re

import duckdb
import pandas as pd

from loaders.store import registered
from loaders.text import fold
from metrics.sql_files import sql_text


def write_gap_hits(con: duckdb.DuckDBPyConnection, *_) -> None:
    """The temporary table gap_hits: every category of every need and plan item in scope."""
    con.execute(sql_text("gap_sources"))
    rules = con.execute("SELECT * FROM gap_rules").df()
    texts = [r[0] for r in con.execute("SELECT DISTINCT text FROM gap_sources WHERE text IS NOT NULL").fetchall()]
    with registered(con, "_text_hits", keyword_hits(texts, rules)):
        con.execute(sql_text("gap_hits"))


def keyword_hits(texts: list[str], rules: pd.DataFrame) -> pd.DataFrame:
    """(text, category_key, rule_id) for every keyword rule found in a text."""
    keywords = rules[rules.match_on == "text"]
    patterns = [(r.rule_id, r.category_key, _word_pattern(r.keyword)) for r in keywords.itertuples()]
    hits = []
    for text in texts:
        folded = fold(text)  # once per text, not once per rule
        hits += [(text, category, rule_id) for rule_id, category, pattern in patterns if pattern.search(folded)]
    return pd.DataFrame(hits, columns=["text", "category_key", "rule_id"]).astype(str)


def _word_pattern(keyword: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(fold(keyword)) + r"(?!\w)")
