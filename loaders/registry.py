"""Registry of schools (CSV with the Trường columns) and matching a document to a school."""
from __future__ import annotations

import difflib
import re

import duckdb

from loaders.text import fold

# Prefixes that schools write or leave out at will: 'Trường', 'PTDTBT' (bán trú), 'PTDTNT' (nội trú).
_PREFIXES = re.compile(r"\b(truong|pt ?dtbt|pt ?dtnt|pt dan toc ban tru|pt dan toc noi tru)\b")
_CLOSE_ENOUGH = 0.75


def normalise_name(name: str) -> str:
    text = re.sub(r"[^\w]+", " ", fold(name))
    return " ".join(_PREFIXES.sub(" ", text).split())


def match_school(con: duckdb.DuckDBPyConnection, name: str,
                 province: str | None = None) -> tuple[str | None, list[tuple[str, str]]]:
    """(school_id, []) when exactly one school matches; else (None, close candidates).
    `province` is the document's 2025 province (schools.province is too), so a plan headed
    'Sở GD&ĐT Hải Dương' picks the Hải Phòng school of that name over a namesake elsewhere."""
    schools = con.execute("SELECT school_id, name, district, province FROM schools").fetchall()
    wanted = normalise_name(name)
    exact = [s for s in schools if normalise_name(s[1]) == wanted]
    if province and len(exact) > 1:
        exact = [s for s in exact if s[3] == province] or exact
    if len(exact) == 1:
        return exact[0][0], []
    if exact:
        return None, [(s[0], _label(s)) for s in exact]
    # schools of the document's province are listed first
    scored = sorted(((s[3] == province, difflib.SequenceMatcher(None, wanted, normalise_name(s[1])).ratio(), s)
                     for s in schools), reverse=True)
    return None, [(s[0], _label(s)) for _, score, s in [c for c in scored if c[1] >= _CLOSE_ENOUGH][:5]]


def _label(school) -> str:
    return f"{school[1]} ({school[0]}, {school[2] or ''} {school[3] or ''})".replace(" )", ")")
