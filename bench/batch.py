"""A folder of school plans in one go, and one school's file into the national store (run by hand).

    python bench/batch.py                          # this code: 1,000 plans into the demo store
    python bench/batch.py --code DIR               # another checkout, e.g. the code before a change
    python bench/batch.py --plans 100 --national-store DIR   # also one school file into that store

The plans are built here from the seed Word plans (tests/fixtures/samples/docx), each with its own
school name ("TRƯỜNG THCS TOÀN THẮNG SỐ 0007") and a registry CSV naming those schools, so every
plan is matched by name as a real one is. The folder is imported by `python -m loaders FOLDER`
(the registry goes first, as its name holds "Trường"), into a copy of a freshly built demo store,
timed from the command's start to its end. The national store (bench/national.py, then three
imports as in bench/ui_latency.py --national) is copied first, and the file is imported into the
copy in-process after one warm-up import (the reader's fork server starts once per process).
"""
from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
SEED_NAMES = {"DB-TH-HM": "TRƯỜNG PTDTBT TIỂU HỌC XÃ HẸ MUÔNG", "HCM-THPT-TL": "TRƯỜNG THPT THẠNH LỘC",
              "HP-THCS-TL1": "TRƯỜNG THCS (TIÊN LÃNG, KHÔNG GHI TÊN)", "HP-THCS-TT": "TRƯỜNG THCS TOÀN THẮNG",
              "HP-THPT-QT": "TRƯỜNG THPT QUANG TRUNG"}


def make_plans(out: Path, n: int) -> Path:
    """`n` Word plans and 'Trường bench.csv' naming their schools; returns the folder."""
    out.mkdir(parents=True, exist_ok=True)
    registry = {row["Mã trường"]: row for row in csv.DictReader((SAMPLES / "registry.csv").open(encoding="utf-8"))}
    codes = sorted(SEED_NAMES)
    rows = []
    for k in range(n):
        code = codes[k % len(codes)]
        suffix = f"SỐ {k + 1:04d}"
        _renamed_docx(SAMPLES / "docx" / f"{code}.docx", out / f"{code}-{k + 1:04d}.docx",
                      SEED_NAMES[code], f"{SEED_NAMES[code]} {suffix}")
        seed = registry[code]
        rows.append({"Mã trường": f"BENCH-{code}-{k + 1:04d}", "Tên trường": f"{seed['Tên trường']} số {k + 1:04d}",
                     "Cấp học": seed["Cấp học"], "Tỉnh/Thành phố": seed["Tỉnh/Thành phố"],
                     "Quận/Huyện": seed["Quận/Huyện"]})
    with (out / "Trường bench.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out


def _renamed_docx(seed: Path, target: Path, old: str, new: str) -> None:
    """The seed with its letterhead's school name replaced, entry by entry (no Word round trip)."""
    with zipfile.ZipFile(seed) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                data = data.replace(old.encode(), new.encode(), 1)
            copy.writestr(entry, data)


def time_folder(code: Path, store: Path, folder: Path) -> tuple[float, str]:
    """`python -m loaders FOLDER --db STORE` with `code`'s loaders: seconds, and what it did. The CPU
    seconds of the command and its children are given too: on this shared machine the wall clock
    mostly measures the others' load."""
    os.sync()
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "loaders", str(folder), "--db", str(store)], cwd=code,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    imported = sum("ĐÃ NHẬP" in line for line in done.stdout.splitlines())
    return seconds, (f"exit {done.returncode}, {imported} files imported, CPU {_children_cpu() - cpu:.1f} s, "
                     f"load {os.getloadavg()[0]:.1f}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build_demo(code: Path, store: Path) -> None:
    subprocess.run([sys.executable, "-c", f"from data.demo import build_demo_store; from loaders.store import Store; "
                    f"build_demo_store(Store({str(store)!r}))"], cwd=code, check=True)


def time_national(code: Path, national: Path, tmp: Path) -> list[str]:
    """One school's template workbook and one Word plan, each into a copy of the national store."""
    sys.path.insert(0, str(code))
    from loaders.importer import import_file
    from loaders.store import Store
    lines = []
    cases = [("one school .xlsx", ROOT / "tests" / "fixtures" / "template" / "HP-THCS-TT.xlsx", []),
             ("one school .docx", SAMPLES / "docx" / "HP-THCS-TT.docx", [SAMPLES / "registry.csv"])]
    for label, path, before in cases:
        times = []
        for run in range(3):
            store = Store(_copy_store(national, tmp / f"national-{label[-4:]}-{run}"))
            warm = before or [ROOT / "tests" / "fixtures" / "template" / "HP-THPT-QT.xlsx"]
            for needed in warm:  # untimed: starts the reader's server, brings the registry
                assert import_file(store, needed).status == "imported"
            os.sync()
            start, cpu = time.perf_counter(), time.process_time()
            result = import_file(store, path)
            times.append((time.perf_counter() - start, time.process_time() - cpu))
            assert result.status == "imported", result.errors.head().to_dict("records")
            shutil.rmtree(store.root)
        lines.append(f"{label:18s} into the national store: {', '.join(f'{t:.2f}' for t, _ in times)} s "
                     f"(CPU of this process {', '.join(f'{c:.2f}' for _, c in times)} s; load "
                     f"{os.getloadavg()[0]:.1f})")
    return lines


def _copy_store(source: Path, target: Path) -> Path:
    """The current version of `source` (and its seal) as a store of its own, without originals."""
    current = (source / "CURRENT").read_text().strip()
    (target / "versions").mkdir(parents=True)
    for name in (current, current + ".seal", current + ".sha256"):  # the seal of either kind
        if (source / "versions" / name).exists():
            shutil.copyfile(source / "versions" / name, target / "versions" / name)
    (target / "CURRENT").write_text(current)
    return target


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose importer is timed")
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--national-store", type=Path, help="a national bench store (see the docstring)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.plans:
            folder = make_plans(tmp / "plans", args.plans)
            demo = tmp / "demo"
            build_demo(args.code, demo)
            for run in range(args.rounds):
                store = tmp / f"store-{run}"
                shutil.copytree(demo, store)
                before = (store / "CURRENT").read_text().strip()
                seconds, what = time_folder(args.code, store, folder)
                after = (store / "CURRENT").read_text().strip()
                print(f"{args.plans} plans + registry into the demo store: {seconds:.1f} s ({what}; "
                      f"CURRENT {before} -> {after})", flush=True)
                shutil.rmtree(store)
        if args.national_store:
            for line in time_national(args.code, args.national_store, tmp):
                print(line, flush=True)


if __name__ == "__main__":
    main()
