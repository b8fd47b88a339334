"""The 2025 province of a province as a file writes it.

From 1/7/2025 Vietnam has 34 provincial units (Nghị quyết 202/2025/QH15). Files written before
keep the former province ("Hải Dương", now part of Hải Phòng) and every spelling people use
("TP Hải Phòng", "TP.HCM", "hai phong"). The province as written is kept; this module says which
2025 province it is, with a warning naming every mapping, or an error listing the closest names.
The former provinces come from data/reference/provinces_2025.csv (source in SOURCES.md).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from loaders.columns import coded_series, factorized
from loaders.schema import REFERENCE_DIR
from loaders.text import fold

# Words in front of a name that say the kind of unit, not which one: "Tỉnh", "TP", "T.P", "Thành phố".
_UNIT_WORDS = re.compile(r"^(?:tinh|thanh pho|tp|t p)\b\s*")
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")
# Abbreviations and old spellings that name one province only. "HN" is left out on purpose:
# it is written for Hà Nội but also for Hà Nam (now Ninh Bình), so it is reported as unknown.
_ALIASES = {"hcm": "hochiminh", "tphcm": "hochiminh", "saigon": "hochiminh", "sg": "hochiminh",
            "daclac": "daklak", "dacnong": "daknong", "baccan": "backan"}
_CLOSEST = 3


@dataclass(frozen=True)
class ProvinceMatch:
    """One written value: its 2025 province (None when unknown) and what to tell the reader."""
    province: str | None
    warning: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class _Reference:
    by_key: dict[str, str]  # folded key of a 2025 or former province -> 2025 province
    names: dict[str, str]  # the same keys -> the name as the reference writes it
    provinces_2025: frozenset[str]


def province_key(text: object) -> str:
    """'TP. Hồ Chí Minh', 'Thành phố Hồ Chí Minh', 'ho chi minh' -> 'hochiminh'."""
    words = _NOT_LETTERS.sub(" ", fold(text)).strip()
    previous = None
    while previous != words:  # "Tỉnh TP ..." happens; strip every unit word in front
        previous, words = words, _UNIT_WORDS.sub("", words)
    key = words.replace(" ", "")
    return _ALIASES.get(key, key)


@lru_cache(maxsize=1)
def _reference() -> _Reference:
    table = pd.read_csv(REFERENCE_DIR / "provinces_2025.csv", dtype=str)
    by_key, names = {}, {}
    for province, former in zip(table["province_2025"], table["former_provinces"]):
        for name in [province] + [part.strip() for part in former.split(";")]:
            by_key[province_key(name)] = province
            names.setdefault(province_key(name), name)
    return _Reference(by_key, names, frozenset(table["province_2025"]))


def provinces_2025() -> list[str]:
    """The 34 provinces, in the reference file's order."""
    return list(dict.fromkeys(_reference().by_key.values()))


def match_province(written: object) -> ProvinceMatch:
    """The 2025 province of one written value. Never raises: anything unreadable is an error."""
    reference = _reference()
    text = "" if written is None else str(written).strip()
    if text in reference.provinces_2025:
        return ProvinceMatch(text)
    key = province_key(text)
    province = reference.by_key.get(key)
    if province is None:
        return ProvinceMatch(None, error=_unknown(text, key, reference))
    former = reference.names[key]
    if former != province:
        return ProvinceMatch(province, warning=f"tỉnh/thành phố '{text}' được ghi theo đơn vị trước 2025; "
                                               f"tính là {province} (sáp nhập từ 01/7/2025)")
    return ProvinceMatch(province, warning=f"'{text}' được hiểu là {province}")


def _unknown(text: str, key: str, reference: _Reference) -> str:
    close = difflib.get_close_matches(key, list(reference.by_key), n=_CLOSEST, cutoff=0)
    listed = ", ".join(_shown(k, reference) for k in close)
    return (f"không nhận ra tỉnh/thành phố '{text}'; gần nhất: {listed}. Ghi tên một trong 34 tỉnh/thành phố "
            "từ 01/7/2025 hoặc tỉnh/thành phố trước sáp nhập")


def _shown(key: str, reference: _Reference) -> str:
    name, province = reference.names[key], reference.by_key[key]
    return name if name == province else f"{name} (nay thuộc {province})"


def map_provinces(written: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(2025 province, warning, error) for every row, each worked out once per distinct value:
    a national file repeats 34 values over 45,000 schools."""
    codes, uniques = factorized(written)
    matches = [match_province(value) for value in uniques] + [ProvinceMatch(None)]  # -1: blank cell
    codes = codes.copy()
    codes[codes < 0] = len(matches) - 1
    return tuple(coded_series(codes, [getattr(m, part) for m in matches], written.index)
                 for part in ("province", "warning", "error"))
