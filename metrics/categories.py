"""Gap categories (thư viện, nhà vệ sinh, ...) from reference rules.

A need is assigned a category by its criterion (rules 'C-...') and by words in
the shortfall text and the plan text (rules 'K-...'), matched without
diacritics on whole words. Every assignment keeps the rules that made it.
Keyword rules run in Python once per distinct text; the joins run in SQL.
"""
from __future__ import annotations

import re

import duckdb
import pandas as pd

from loaders.text import fold

_NEEDS = """
    SELECT c.school_id, c.school_year, c.assessment_type, c.criterion_id, c.framework_key, c.shortfall AS text
    FROM criterion_ratings c WHERE c.level < 2 {scope_c}"""
_ITEMS = """
    SELECT p.school_id, p.school_year, p.assessment_type, p.item_no, p.criterion_id, a.framework_key,
           concat_ws(' ', p.action, p.note, c.shortfall) AS text
    FROM plan_items p
    JOIN assessments a USING (school_id, school_year, assessment_type)
    LEFT JOIN ratings c USING (school_id, school_year, assessment_type, criterion_id)
    WHERE TRUE {scope_p}"""


def refresh_categories(con: duckdb.DuckDBPyConnection, incremental: bool = False) -> None:
    from metrics.derive import rebuild, scope
    needs = _NEEDS.format(scope_c=scope("c", incremental))
    items = _ITEMS.format(scope_p=scope("p", incremental))
    rules = con.execute("SELECT * FROM gap_rules").df()
    distinct = f"SELECT text FROM ({needs}) UNION SELECT text FROM ({items})"
    texts = [r[0] for r in con.execute(f"SELECT text FROM ({distinct}) WHERE text IS NOT NULL").fetchall()]
    con.register("_text_hits", keyword_hits(texts, rules))
    for table, source, keys in (("criterion_gap_categories", needs, ""), ("plan_item_categories", items, "item_no, ")):
        rebuild(con, table, f"""
            WITH source AS ({source}), hits AS (
                SELECT s.* EXCLUDE (text), r.category_key, r.rule_id FROM source s
                JOIN gap_rules r ON r.match_on = 'criterion' AND r.framework_key = s.framework_key
                                AND r.criterion_id = s.criterion_id
                UNION ALL
                SELECT s.* EXCLUDE (text), h.category_key, h.rule_id FROM source s JOIN _text_hits h USING (text))
            SELECT school_id, school_year, assessment_type, {keys}criterion_id, framework_key, category_key,
                   string_agg(DISTINCT rule_id, ', ' ORDER BY rule_id) AS rules
            FROM hits GROUP BY ALL""", incremental)
    con.unregister("_text_hits")


def keyword_hits(texts: list[str], rules: pd.DataFrame) -> pd.DataFrame:
    """(text, category_key, rule_id) for every keyword rule found in a text."""
    keywords = rules[rules.match_on == "text"]
    patterns = [(r.rule_id, r.category_key, _word_pattern(r.keyword)) for r in keywords.itertuples()]
    hits = [(text, category, rule_id) for text in texts for rule_id, category, pattern in patterns
            if pattern.search(fold(text))]
    return pd.DataFrame(hits, columns=["text", "category_key", "rule_id"]).astype(str)


def _word_pattern(keyword: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(fold(keyword)) + r"(?!\w)")
