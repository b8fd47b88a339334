"""Text normalisation shared by every reader: Vietnamese folding and cell cleaning."""
from __future__ import annotations

import math
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(value: object) -> str:
    """Lower-case, strip diacritics and collapse whitespace: 'Tiêu  Chí' -> 'tieu chi'.

    Schools type headers and labels with and without diacritics, so every
    comparison of free text goes through this one function.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFD", str(value))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    return _SPACES.sub(" ", text).strip()


def clean_cell(value: object) -> object:
    """Strip strings and turn blank cells (None, '', NaN) into None."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def cell_text(value: object) -> str | None:
    """A cell as text for storage; whole floats lose their '.0'."""
    value = clean_cell(value)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
