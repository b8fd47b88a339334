"""Deterministic demo store: the five seed schools plus ~600 synthetic schools.

Synthetic schools go through the same template files and the same importer
as real ones (so the demo exercises the real path) and are marked is_demo.
Distributions follow the seeds: facilities (standard 3) most often below
Mức 2, libraries and sports grounds the common gaps, and costs in the seeds'
ranges (computers tens of millions, toilets ~1 tỷ, libraries 0.35-4.5 tỷ,
sports halls 4-6 tỷ).
"""
from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from data.demo_standing import add_standing
from data.seed_plans import write_rows, write_seed_templates
from loaders.accounts import DEMO_BUILDER
from loaders.durable import write_atomic
from loaders.importer import ImportItem, import_files
from loaders.schema import REFERENCE_DIR, framework_reference
from loaders.spec import LEVEL4, PLAN, RATINGS, SCHOOLS
from loaders.store import Store
from loaders.store_dir import DEMO_UNFINISHED, demo_unfinished, holds_a_store
from loaders.text import fold

YEARS = ("2024-2025", "2025-2026")
DISTRICTS = {
    "Hải Phòng": ["Tiên Lãng", "Thủy Nguyên", "Vĩnh Bảo", "An Lão", "Kiến Thụy", "Hồng Bàng",
                  "Lê Chân", "Ngô Quyền", "Kiến An", "Cát Hải"],
    "Điện Biên": ["Điện Biên", "Điện Biên Phủ", "Mường Chà", "Tuần Giáo", "Mường Nhé", "Tủa Chùa", "Nậm Pồ"],
    "TP. Hồ Chí Minh": ["Quận 12", "Quận 1", "Gò Vấp", "Bình Thạnh", "Thủ Đức", "Củ Chi", "Hóc Môn", "Bình Chánh"],
}
# How some demo schools write their province (one in eight), so the import's 2025 mapping shows on
# the upload page; each spelling maps back to its key, so the 2025 provinces and every count stay.
SPELLINGS = {"Hải Phòng": ["TP Hải Phòng", "hai phong"], "Điện Biên": ["Tỉnh Điện Biên"]}
LEVEL_MIX = (("Mầm non", 0.34, "MN"), ("Tiểu học", 0.30, "TH"), ("THCS", 0.24, "THCS"),
             ("THPT", 0.09, "THPT"), ("Nhiều cấp học", 0.03, "PT"))
SCHOOLS_PER_DISTRICT = 24
COMMUNES_PER_DISTRICT = 4  # synthetic communes ("Xã Tiên Lãng 2"), so commune caps and priorities have data
# (low, high) in VND per gap category, from the seed plans
COSTS = {"thu_vien": (350e6, 4.5e9), "the_thao": (4e9, 6e9), "phong_hoc": (1e9, 8e9),
         "ve_sinh": (0.6e9, 1.4e9), "thiet_bi": (20e6, 90e6), "hanh_chinh": (0.5e9, 3e9),
         "doi_ngu": (0, 0)}
ACTIONS = {"thu_vien": "Xây dựng thư viện đạt chuẩn, bổ sung sách và tài liệu",
           "the_thao": "Tham mưu xây mới nhà thi đấu đa năng và sân tập TDTT",
           "phong_hoc": "Xây thêm phòng học, cải tạo phòng học xuống cấp",
           "ve_sinh": "Xây mới khu nhà vệ sinh cho học sinh",
           "thiet_bi": "Bổ sung máy tính và thiết bị dạy học",
           "hanh_chinh": "Cải tạo khối hành chính - quản trị, nhà kho",
           "doi_ngu": "Tham mưu bổ sung giáo viên, nhân viên theo vị trí việc làm"}
SHORTFALLS = {"thu_vien": "Thư viện chưa đạt chuẩn", "the_thao": "Chưa có nhà thi đấu, sân tập TDTT",
              "phong_hoc": "Thiếu phòng học", "ve_sinh": "Khu vệ sinh xuống cấp",
              "thiet_bi": "Số máy tính còn ít, thiếu thiết bị dạy học",
              "hanh_chinh": "Khối hành chính chật hẹp", "doi_ngu": "Thiếu giáo viên theo định mức"}
# Chance that a criterion of this category sits below Mức 2 in a middling school.
WEAKNESS = {"thu_vien": 0.45, "the_thao": 0.5, "phong_hoc": 0.3, "ve_sinh": 0.3, "thiet_bi": 0.3,
            "hanh_chinh": 0.2, "doi_ngu": 0.15, None: 0.03}
LEVEL_TEXT = {0: "Không đạt", 1: "Mức 1", 2: "Mức 2", 3: "Mức 3"}


DEMO_FILES = Path(__file__).resolve().parent / "demo_files"
SEED = 2024


def build_demo_store(store: Store, files: Path = DEMO_FILES) -> None:
    """The seed schools' templates and the synthetic provinces' workbooks, imported as one batch
    (one version, one rebuild: a fresh clone's first start waits for it)."""
    with tempfile.TemporaryDirectory() as tmp:
        items = [ImportItem(path) for path in write_seed_templates(Path(tmp) / "seeds")]
        items += [ImportItem(path, is_demo=True) for path in synthetic_workbooks(files)]
        for result in import_files(store, items, user=DEMO_BUILDER):
            if result.status in ("rejected", "failed"):
                raise RuntimeError(f"demo file rejected: {result.errors.head().to_dict('records')}")


def build_first_demo_store(root: Path) -> None:
    """The dashboard's first start (pages/startup.py): built once even when two dashboard processes
    ask, and from scratch again when an earlier build was interrupted (its marker is still there: a
    store it left half-built would otherwise look complete). A store without the marker is left alone."""
    store = Store(root)
    with store.lock(".demo.lock"):
        if holds_a_store(root) and not demo_unfinished(root):
            return  # another dashboard process built it meanwhile, or the store is somebody's own
        write_atomic(root / DEMO_UNFINISHED, b"")
        _remove_half_built(store)
        build_demo_store(store)
        (root / DEMO_UNFINISHED).unlink()


def _remove_half_built(store: Store) -> None:
    shutil.rmtree(store.versions, ignore_errors=True)
    shutil.rmtree(store.originals, ignore_errors=True)
    store.pointer.unlink(missing_ok=True)
    store.log_path.unlink(missing_ok=True)


def synthetic_workbooks(folder: Path) -> list[Path]:
    """The synthetic provinces' workbooks as shipped: writing them took ~1.5 s of a fresh clone's first
    start. `python -m data.demo --write-files` writes them again from the generator below, and
    tests/test_demo_files.py checks that the shipped bytes are what it writes."""
    paths = [folder / _workbook_name(province) for province in DISTRICTS]
    missing = [path.name for path in paths if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"{folder}: {', '.join(missing)} missing; run python -m data.demo --write-files")
    return paths


def write_synthetic(out_dir: Path, rng: random.Random | None = None,
                    standing_rng: random.Random | None = None) -> list[Path]:
    rng = rng or random.Random(SEED)
    standing_rng = standing_rng or random.Random(SEED + 1)
    files = sorted(REFERENCE_DIR.glob("criteria_TT1*_2018_*.csv"))
    criteria = pd.concat([pd.read_csv(p, dtype=str) for p in files])
    # plain tuples per framework: pandas' row access was half of the generator's time (600 schools x 2 years)
    all_criteria = {key: [(row.criterion_id, row.has_level3 == "yes") for row in group.itertuples()]
                    for key, group in criteria.groupby("framework")}
    categories = _criterion_categories()
    frameworks = _frameworks_2018()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for province, districts in DISTRICTS.items():
        sheets = {SCHOOLS: [], RATINGS: [], LEVEL4: [], PLAN: []}
        for district in districts:
            for n in range(SCHOOLS_PER_DISTRICT):
                _school(sheets, rng, (province, district, n), frameworks, all_criteria, categories)
        add_standing(sheets, standing_rng, YEARS[-1])
        paths.append(write_rows(out_dir / _workbook_name(province), sheets))
    return paths


def _workbook_name(province: str) -> str:
    return "demo-" + "".join(w[0] for w in province.replace("TP. ", "").split()) + ".xlsx"


def _criterion_categories() -> dict[tuple[str, str], str]:
    rules = pd.read_csv(REFERENCE_DIR / "gap_rules.csv", dtype=str)
    rules = rules[rules.match_on == "criterion"]
    return {(r.framework_key, r.criterion_id): r.category_key for r in rules.itertuples()}


def _frameworks_2018() -> dict[str, tuple[str, str, int]]:
    """School level -> (its 2018 framework, the circular as files name it, its number of Mức 4 clauses),
    from school_levels.csv, frameworks.csv and level4_2018.csv."""
    circulars = framework_reference().set_index("framework_key")["circular_short"]
    clauses = pd.read_csv(REFERENCE_DIR / "level4_2018.csv").groupby("framework").size()
    levels = pd.read_csv(REFERENCE_DIR / "school_levels.csv")
    return {level: (key, circulars[key], int(clauses.get(key, 0)))
            for level, key in zip(levels["school_level"], levels["framework_2018"])}


def _written_province(province: str, n: int) -> str:
    spellings = SPELLINGS.get(province)
    return spellings[n // 8 % len(spellings)] if spellings and n % 8 == 7 else province


def _school(sheets, rng, place, frameworks, all_criteria, categories) -> None:
    province, district, n = place
    level, _, short = rng.choices(LEVEL_MIX, weights=[w for _, w, _ in LEVEL_MIX])[0]
    school_id = f"DEMO-{_ascii(province)}-{_ascii(district)}-{short}{n + 1:02d}"
    name = f"Trường {level if level != 'Nhiều cấp học' else 'TH, THCS và THPT'} {district} số {n + 1}"
    commune = f"Xã {district} {n % COMMUNES_PER_DISTRICT + 1}"  # from n, not rng: the other demo data stay as they were
    sheets[SCHOOLS].append([school_id, name, level, _written_province(province, n), district, commune, "Công lập",
                            str(rng.randint(8, 40)), str(rng.randint(200, 1400))])
    framework_key, circular, n_clauses = frameworks[level]
    criteria = all_criteria[framework_key]
    strength = rng.random() ** 0.6  # most schools are fairly strong (RULES.md §6: ~60% accredited)
    for year_index, year in enumerate(YEARS):
        improved = strength + 0.08 * year_index
        marks = {}
        for criterion, has_level3 in criteria:
            category = categories.get((framework_key, criterion))
            marks[criterion] = _mark(rng, improved, category, has_level3)
        if rng.random() < 0.02:  # a few schools forget a criterion
            marks.pop(rng.choice(list(marks)))
        for criterion, mark in marks.items():
            category = categories.get((framework_key, criterion))
            note = SHORTFALLS.get(category) if mark < 2 else None
            sheets[RATINGS].append([school_id, year, "Tự đánh giá", circular, criterion, LEVEL_TEXT[mark], note])
        if min(marks.values()) >= 2 and rng.random() < 0.5:
            for clause in range(1, n_clauses + 1):
                sheets[LEVEL4].append([school_id, year, str(clause), "Đạt" if rng.random() < 0.3 else "Không đạt", None])
        _plan(sheets, rng, school_id, year, marks, framework_key, categories)


def _mark(rng, strength: float, category: str | None, has_level3: bool) -> int:
    weakness = WEAKNESS.get(category, WEAKNESS[None]) * max(0.0, 1.5 - 1.7 * strength)
    draw = rng.random()
    if draw < weakness * 0.35:
        return 0
    if draw < weakness:
        return 1
    level3_chance = 0.985 if strength > 0.93 else 0.15 + 0.4 * strength
    return 3 if has_level3 and rng.random() < level3_chance else 2


def _plan(sheets, rng, school_id, year, marks, framework_key, categories) -> None:
    start = int(year[:4])
    for criterion, mark in marks.items():
        if mark >= 2 or rng.random() < 0.12:  # some plans forget a weak criterion
            continue
        category = categories.get((framework_key, criterion))
        cost = _cost(rng, category)
        timeframe = rng.choice([f"Năm {start + 1}", f"Quý {rng.randint(1, 4)}/{start + 1}", f"Năm {start}-{start + 2}"])
        sheets[PLAN].append([school_id, year, criterion, LEVEL_TEXT[mark], "Mức 2",
                             ACTIONS.get(category, "Xây dựng kế hoạch khắc phục tồn tại của tiêu chí"),
                             rng.choice(["Hiệu trưởng", "Ban giám hiệu", "Phó hiệu trưởng"]), timeframe,
                             cost, rng.choice(["Ngân sách", "Ngân sách, xã hội hóa", None]), None])


def _cost(rng, category: str | None) -> str | None:
    draw = rng.random()
    if draw < 0.18:
        return None
    if draw < 0.21:
        return "Theo dự án"
    low, high = COSTS.get(category, (0, 50e6))
    if high == 0:
        return "Không"
    amount = rng.uniform(low, high)
    if amount >= 1e9:
        return f"{amount / 1e9:.1f} tỷ đồng".replace(".", ",")
    return f"{round(amount / 1e6 / 5) * 5:.0f} triệu đồng"


def _ascii(text: str) -> str:
    return "".join(w[:3].upper() for w in fold(text).replace("tp. ", "").split())


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the demo store")
    parser.add_argument("--store", type=Path, help="store folder (default data/store)")
    parser.add_argument("--first-start", action="store_true",
                        help="only if the store is missing or a first-start build was interrupted (the dashboard's call)")
    parser.add_argument("--write-files", action="store_true",
                        help=f"write the synthetic workbooks again into {DEMO_FILES} (after changing the generator)")
    args = parser.parse_args()
    if args.write_files:
        print("\n".join(str(path) for path in write_synthetic(DEMO_FILES)))
        return
    store = Store(args.store)
    if args.first_start:
        build_first_demo_store(store.root)
    else:
        build_demo_store(store)
    print(f"Demo store ready: {store.current_path()}")


if __name__ == "__main__":
    main()
