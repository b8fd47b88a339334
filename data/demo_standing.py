"""What the demo adds so the current standing shows (issue 11): external assessments and the
authority's recognition decisions for some synthetic schools.

Drawn from their own random stream after the rest of the demo, so the self-assessments and plans
stay what they were. Decisions are dated so that on the demo's reference day some are in force,
some lapse within 12 months and some have lapsed; some state their expiry, the others take the
default 5 years (Điều 34, 37).
"""
from __future__ import annotations

import random

from loaders.spec import RATINGS, RECOGNITIONS

EXTERNAL = "Đánh giá ngoài"
# (decision date, written expiry or None for the default 5 years, decision number prefix)
_DECISIONS = (("15/03/2022", None), ("01/06/2019", None), ("10/09/2024", "10/09/2029"), ("20/12/2021", "20/12/2026"))
_LOWER = {"Mức 2": "Mức 1", "Mức 3": "Mức 2"}


def add_standing(sheets: dict, rng: random.Random, year: str) -> None:
    """External assessments of `year` for one school in six (the team sometimes rates a criterion a
    level lower than the school did) and recognition decisions for one school in four."""
    sheets.setdefault(RECOGNITIONS, [])
    schools = [row[0] for row in sheets[next(iter(sheets))]]
    ratings = {}
    for row in sheets[RATINGS]:
        if row[1] == year and row[2] == "Tự đánh giá":
            ratings.setdefault(row[0], []).append(row)
    for index, school_id in enumerate(schools):
        if index % 6 == 0 and school_id in ratings:
            _external(sheets, rng, ratings[school_id])
        if index % 4 == 1:
            _recognition(sheets, rng, school_id, index)


def _external(sheets: dict, rng: random.Random, rows: list) -> None:
    lowered = rng.choice(rows)[4] if rng.random() < 0.4 else None
    for row in rows:
        level = _LOWER.get(row[5], row[5]) if row[4] == lowered else row[5]
        sheets[RATINGS].append([row[0], row[1], EXTERNAL, row[3], row[4], level, row[6]])


def _recognition(sheets: dict, rng: random.Random, school_id: str, index: int) -> None:
    decided, until = _DECISIONS[index // 4 % len(_DECISIONS)]
    number = f"{rng.randint(100, 2999)}/QĐ-SGDĐT"
    kind, result = ("Chuẩn quốc gia", "Mức độ 1") if index % 8 == 1 else ("Kiểm định chất lượng giáo dục", "Cấp độ 2")
    sheets[RECOGNITIONS].append([school_id, kind, result, number, decided, until])
