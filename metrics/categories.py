"""Gap categories (thư viện, nhà vệ sinh, ...) from reference rules.

A need is assigned a category by its criterion (rules 'C-...') and by words in
the shortfall text and the plan text (rules 'K-...'), matched without
diacritics on whole words. Every assignment keeps the rule that made it.
"""
from __future__ import annotations

import re

import duckdb
import pandas as pd

from loaders.text import fold


def refresh_categories(con: duckdb.DuckDBPyConnection) -> None:
    rules = con.execute("SELECT * FROM gap_rules").df()
    items = con.execute("""
        SELECT p.school_id, p.school_year, p.assessment_type, p.item_no, p.criterion_id, a.framework_key,
               concat_ws(' ', p.action, p.note, c.shortfall) AS text
        FROM plan_items p
        JOIN assessments a USING (school_id, school_year, assessment_type)
        LEFT JOIN criterion_status c USING (school_id, school_year, assessment_type, criterion_id)
    """).df()
    needs = con.execute("""
        SELECT school_id, school_year, assessment_type, criterion_id, framework_key, shortfall AS text
        FROM criterion_status WHERE level < 2
    """).df()
    _store(con, "plan_item_categories", assign_categories(items, rules))
    _store(con, "criterion_gap_categories", assign_categories(needs, rules))


def assign_categories(rows: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """One output row per (input row, category) with the rule ids that matched."""
    by_criterion = rules[rules.match_on == "criterion"]
    keywords = rules[rules.match_on == "text"]
    patterns = [(r.rule_id, r.category_key, _word_pattern(r.keyword)) for r in keywords.itertuples()]
    hits = rows.merge(by_criterion[["framework_key", "criterion_id", "category_key", "rule_id"]],
                      on=["framework_key", "criterion_id"], how="inner")
    text_hits = []
    for index, text in _distinct_texts(rows):
        folded = fold(text)
        for rule_id, category, pattern in patterns:
            if pattern.search(folded):
                text_hits.append((index, category, rule_id))
    if text_hits:
        found = pd.DataFrame(text_hits, columns=["_text", "category_key", "rule_id"])
        with_text = rows.assign(_text=rows["text"].fillna("")).merge(found, on="_text")
        hits = pd.concat([hits, with_text.drop(columns="_text")], ignore_index=True)
    keys = [c for c in rows.columns if c != "text"] + ["category_key"]
    if not len(hits):
        return pd.DataFrame(columns=keys + ["rules"])
    return hits.groupby(keys, dropna=False)["rule_id"].agg(lambda s: ", ".join(sorted(set(s)))) \
        .rename("rules").reset_index()


def _distinct_texts(rows: pd.DataFrame):
    for text in rows["text"].dropna().unique():
        yield text, text


def _word_pattern(keyword: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(fold(keyword)) + r"(?!\w)")


def _store(con, table: str, frame: pd.DataFrame) -> None:
    con.register("_categories", frame)
    con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _categories")
    con.unregister("_categories")
