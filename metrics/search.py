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
_MARKS = "[\\x{300}-\\x{36f}]*"  # combining diacritical marks, as text typed decomposed (NFD) holds them


def search_words(text: str | None) -> list[str]:
    """The folded words of a search, at most _MAX_WORDS of them, none repeated: 'Toàn  THẮNG' -> ['toan', 'thang']."""
    return list(dict.fromkeys(fold(text).split()))[:_MAX_WORDS]


def matches(query: str | None, *texts: str | None) -> bool:
    """Every word of `query` appears, folded, in one of `texts` (an empty query matches everything)."""
    haystack = " ".join(fold(t) for t in texts)
    return all(word in haystack for word in search_words(query))


def match_sql(query: str | None, columns: tuple[str, ...], prefix: str = "search") -> tuple[str, dict]:
    """' AND regexp_matches(...) ...' keeping the rows where every word of `query` appears, folded, in one
    of `columns`, and its parameters (the patterns, bound). Each word is matched as a pattern over the
    columns in lower case, every letter standing for its accented forms ('a' for [aàáảãạăằ…], 'd' for
    [dđ]) followed by any combining marks (text typed decomposed): the same rows as contains() over the
    fold() macro, without stripping the accents of every row (strip_accents is ~3/4 of the cost over the
    country's 45,000 names; bench/search.py). A '%' or '_' typed is a character, never a wildcard."""
    haystack = "lower(" + " || ' ' || ".join(f"coalesce({column}, '')" for column in columns) + ")"
    words = search_words(query)
    clauses = "".join(f" AND regexp_matches({haystack}, ${prefix}{i})" for i in range(len(words)))
    return clauses, {f"{prefix}{i}": _pattern(word) for i, word in enumerate(words)}


def _pattern(word: str) -> str:
    """An RE2 pattern matching `word` (folded) inside lower-case text as typed; any character that is not
    a letter or a digit is written by its code point, so nothing typed is read as regex syntax."""
    return "".join(_LETTER_CLASS.get(ch, _literal(ch)) + _MARKS for ch in word)


def _literal(ch: str) -> str:
    return ch if ch.isascii() and ch.isalnum() else f"\\x{{{ord(ch):x}}}"


def _letter_classes() -> dict[str, str]:
    """Each ASCII letter and the lower-case Latin letters that fold to it (Latin-1 to Latin Extended-B and
    Latin Extended Additional, where Vietnamese lives), as an RE2 character class."""
    forms: dict[str, list[str]] = {}
    for code in [*range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        letter = chr(code)
        if letter == letter.lower() and len(base := fold(letter)) == 1 and base.isascii() and base.isalpha():
            forms.setdefault(base, []).append(letter)
    return {base: "[" + "".join(letters) + "]" for base, letters in forms.items()}


_LETTER_CLASS = _letter_classes()


def slug(text: str | None) -> str:
    """A value as a short stable URL key: folded, its letters and digits joined by '-' ('Hải Phòng' ->
    'hai-phong', '2025-2026' stays). slug(slug(x)) == slug(x), so a link may carry either form."""
    return "-".join(_WORD.findall(fold(text)))
