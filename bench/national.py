"""Generate a national-size data set as template CSV files (run by hand, see bench/run.py).

34 provinces, ~45,000 schools across all levels, 3 school years: ~3.5 million
rating rows. Vectorised with numpy so generating takes seconds, not minutes.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "reference"
YEARS = ("2021-2022", "2022-2023", "2023-2024")
LEVELS = [("Mầm non", 0.35, "TT19_2018_MN", "TT19/2018"), ("Tiểu học", 0.29, "TT17_2018_TH", "TT17/2018"),
          ("THCS", 0.24, "TT18_2018_THCS_THPT", "TT18/2018"), ("THPT", 0.07, "TT18_2018_THCS_THPT", "TT18/2018"),
          ("Nhiều cấp học", 0.05, "TT18_2018_THCS_THPT", "TT18/2018")]
LEVEL_TEXT = np.array(["Không đạt", "Mức 1", "Mức 2", "Mức 3"], dtype=object)


def generate(out: Path, n_schools: int = 45_000, seed: int = 7) -> dict[str, Path]:
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    provinces = pd.read_csv(REFERENCE / "provinces_2025.csv")["province_2025"].to_numpy()
    criteria = pd.concat([pd.read_csv(p, dtype=str) for p in sorted(REFERENCE.glob("criteria_TT1*_2018_*.csv"))])
    schools = _schools(rng, n_schools, provinces)
    paths = {"schools": out / "Trường.csv"}
    schools.drop(columns=["framework", "label", "strength"]).to_csv(paths["schools"], index=False)
    ratings, plans = [], []
    for framework, group in schools.groupby("framework"):
        ids = criteria.loc[criteria.framework == framework, "criterion_id"].to_numpy()
        has3 = criteria.loc[criteria.framework == framework, "has_level3"].eq("yes").to_numpy()
        weak = np.where(pd.Series(ids).str.startswith("3.").to_numpy(), 0.35, 0.05)
        for year_index, year in enumerate(YEARS):
            strength = group["strength"].to_numpy()[:, None] + 0.05 * year_index
            draw = rng.random((len(group), len(ids)))
            chance = weak[None, :] * np.clip(1.5 - 1.7 * strength, 0, None)
            level = np.where(draw < chance * 0.35, 0, np.where(draw < chance, 1, 2))
            level = np.where((level == 2) & has3[None, :] & (rng.random(level.shape) < 0.3 + 0.5 * strength), 3, level)
            ratings.append(_long(group, year, ids, level, group["label"].iloc[0]))
            plans.append(_plans(rng, group, year, ids, level))
    paths["ratings"] = out / "Đánh giá.csv"
    pd.concat(ratings).to_csv(paths["ratings"], index=False)
    paths["plan"] = out / "Kế hoạch.csv"
    pd.concat(plans).to_csv(paths["plan"], index=False)
    return paths


def _schools(rng, n: int, provinces) -> pd.DataFrame:
    mix = np.array([w for _, w, _, _ in LEVELS])
    kind = rng.choice(len(LEVELS), size=n, p=mix / mix.sum())
    province = rng.choice(provinces, size=n)
    district = np.char.add("Xã/Phường ", rng.integers(1, 80, size=n).astype(str))
    return pd.DataFrame({
        "Mã trường": [f"N{i:06d}" for i in range(n)],
        "Tên trường": [f"Trường {LEVELS[k][0]} số {i}" for i, k in enumerate(kind)],
        "Cấp học": [LEVELS[k][0] for k in kind], "Tỉnh/Thành phố": province, "Quận/Huyện": district,
        "framework": [LEVELS[k][2] for k in kind], "label": [LEVELS[k][3] for k in kind],
        "strength": rng.random(n) ** 0.6})


def _long(group, year, ids, level, label) -> pd.DataFrame:
    n, m = level.shape
    return pd.DataFrame({"Mã trường": np.repeat(group["Mã trường"].to_numpy(), m), "Năm học": year,
                         "Hình thức": "Tự đánh giá", "Khung tiêu chí": label,
                         "Tiêu chí": np.tile(ids, n), "Mức đạt": LEVEL_TEXT[level.ravel()]})


def _plans(rng, group, year, ids, level) -> pd.DataFrame:
    rows, cols = np.nonzero(level < 2)
    cost = np.where(rng.random(len(rows)) < 0.2, "", (rng.integers(2, 60, len(rows)) * 100).astype(str) + " triệu đồng")
    return pd.DataFrame({"Mã trường": group["Mã trường"].to_numpy()[rows], "Năm học": year,
                         "Tiêu chí": ids[cols], "Mức cần đạt": "Mức 2", "Công việc/giải pháp": "Cải tạo, bổ sung",
                         "Thời gian thực hiện": f"Năm {int(year[:4]) + 1}", "Kinh phí dự kiến": cost})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "national")
    parser.add_argument("--schools", type=int, default=45_000)
    args = parser.parse_args()
    for name, path in generate(args.out, args.schools).items():
        print(name, path)
