"""Searching as an official types: without diacritics, in any case, words in any order (issue 15).

Streamlit's own select box searches its options exactly ("toan thang" does not find "Toàn Thắng"), so
every place a user looks for a school puts a text box before the picker, answered here: `fold` is the
one folding of free text (loaders.text.fold, the same as the SQL macro fold() every store holds), and
`match_sql` turns what was typed into bound predicates over folded columns.
"""
from __future__ import annotations

import re

from loaders.text import fold

__all__ = ["fold", "match_sql", "matches", "search_words", "slug"]

# A search is a few words; more are ignored rather than made into an unbounded chain of predicates.
_MAX_WORDS = 8
_WORD = re.compile(r"[a-z0-9]+")


def search_words(text: str | None) -> list[str]:
    """The folded words of a search, at most _MAX_WORDS of them, none repeated: 'Toàn  THẮNG' -> ['toan', 'thang']."""
    return list(dict.fromkeys(fold(text).split()))[:_MAX_WORDS]


def matches(query: str | None, *texts: str | None) -> bool:
    """Every word of `query` appears, folded, in one of `texts` (an empty query matches everything)."""
    haystack = " ".join(fold(t) for t in texts)
    return all(word in haystack for word in search_words(query))


def match_sql(query: str | None, columns: tuple[str, ...], prefix: str = "search") -> tuple[str, dict]:
    """' AND contains(...) ...' keeping the rows where every word of `query` appears in one of `columns`
    (folded in SQL by the schema's fold() macro), and its parameters. contains(), not LIKE: a '%' or '_'
    typed by a user is a character, never a wildcard."""
    haystack = " || ' ' || ".join(f"fold({column})" for column in columns)
    words = search_words(query)
    clauses = "".join(f" AND contains({haystack}, ${prefix}{i})" for i in range(len(words)))
    return clauses, {f"{prefix}{i}": word for i, word in enumerate(words)}


def slug(text: str | None) -> str:
    """A value as a short stable URL key: folded, its letters and digits joined by '-' ('Hải Phòng' ->
    'hai-phong', '2025-2026' stays). slug(slug(x)) == slug(x), so a link may carry either form."""
    return "-".join(_WORD.findall(fold(text)))
