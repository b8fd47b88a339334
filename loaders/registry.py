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


class SchoolNames:
    """The stored schools by normalised name, each name normalised once: a batch of 1,000 plans
    asks it 1,000 times, and normalising 45,000 names costs ~0.4 s each time. Rows are
    (school_id, name, district, province), read from `con` when first asked (a batch of template
    files never asks); `add` keeps it equal to the store as a batch writes schools."""

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None, rows=()):
        self._con = con
        self._rows: dict[str, tuple] = {}
        self._keys: dict[str, str] = {}
        self._by_key: dict[str, dict[str, None]] = {}
        self._put(rows)

    @property
    def loaded(self) -> bool:
        return self._con is None

    def add(self, rows) -> None:
        """Schools written (new or changed). Before the first question nothing is kept: the
        connection it reads then already holds them."""
        if self.loaded:
            self._put(rows)

    def _load(self) -> None:
        if self._con is not None:
            con, self._con = self._con, None
            self._put(con.execute("SELECT school_id, name, district, province FROM schools").fetchall())

    def _put(self, rows) -> None:
        for row in rows:  # a renamed school leaves its old name
            school_id, key = row[0], normalise_name(row[1] or "")
            old = self._keys.get(school_id)
            if old is not None:
                self._by_key[old].pop(school_id, None)
            self._rows[school_id], self._keys[school_id] = tuple(row), key
            self._by_key.setdefault(key, {})[school_id] = None

    def copy(self) -> SchoolNames:
        """An index of its own to add to (a loaded one; an unloaded one reads its connection)."""
        twin = SchoolNames(self._con)
        twin._rows, twin._keys = dict(self._rows), dict(self._keys)
        twin._by_key = {key: dict(ids) for key, ids in self._by_key.items()}
        return twin

    def exact(self, wanted: str) -> list[tuple]:
        self._load()
        return [self._rows[i] for i in self._by_key.get(wanted, ())]

    def scored(self, wanted: str) -> list[tuple[float, tuple]]:
        self._load()
        return [(difflib.SequenceMatcher(None, wanted, self._keys[i]).ratio(), row) for i, row in self._rows.items()]


def match_school(con: duckdb.DuckDBPyConnection, name: str, province: str | None = None,
                 names: SchoolNames | None = None) -> tuple[str | None, list[tuple[str, str]]]:
    """(school_id, []) when exactly one school matches; else (None, close candidates).
    `province` is the document's 2025 province (schools.province is too), so a plan headed
    'Sở GD&ĐT Hải Dương' picks the Hải Phòng school of that name over a namesake elsewhere.
    `names` is the batch's index of the store's schools (built here when not given)."""
    names = names if names is not None else SchoolNames(con)
    wanted = normalise_name(name)
    exact = names.exact(wanted)
    if province and len(exact) > 1:
        exact = [s for s in exact if s[3] == province] or exact
    if len(exact) == 1:
        return exact[0][0], []
    if exact:
        return None, [(s[0], _label(s)) for s in exact]
    # schools of the document's province are listed first
    scored = sorted(((s[3] == province, score, s) for score, s in names.scored(wanted)), reverse=True)
    return None, [(s[0], _label(s)) for _, score, s in [c for c in scored if c[1] >= _CLOSE_ENOUGH][:5]]


def _label(school) -> str:
    return f"{school[1]} ({school[0]}, {school[2] or ''} {school[3] or ''})".replace(" )", ")")
