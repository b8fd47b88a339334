"""`python -m loaders FILE... [--db DIR]`, `python -m loaders template OUT.xlsx` and
`python -m loaders accounts ...` (loaders/cli_accounts.py)."""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from loaders import cli_accounts
from loaders import limits
from loaders.importer import ImportResult, import_file
from loaders.issues import IssueLog, describe
from loaders.store import Store
from loaders.template import write_template

_SUPPORTED = {".xlsx", ".xlsm", ".csv", ".docx", ".doc", ".pdf"}
_MAX_LINES = 30
_STATUS = {"imported": "ĐÃ NHẬP", "rejected": "TỪ CHỐI", "unchanged": "KHÔNG ĐỔI (tệp đã nhập trước đó)",
           "failed": "KHÔNG NHẬP ĐƯỢC"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["template"]:
        return _template(argv[1:])
    if argv[:1] == ["accounts"]:
        return cli_accounts.main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m loaders",
                                     description="Nhập tệp mẫu (.xlsx/.csv) hoặc kế hoạch (.docx) vào kho dữ liệu.")
    parser.add_argument("files", nargs="+", type=Path, help="tệp hoặc thư mục")
    parser.add_argument("--db", type=Path, help="thư mục kho dữ liệu (mặc định data/store)")
    parser.add_argument("--registry", type=Path, help="danh sách trường (CSV) để nhận diện trường trong tài liệu Word")
    parser.add_argument("--demo", action="store_true", help="đánh dấu các trường là dữ liệu minh họa")
    parser.add_argument("--bulk", action="store_true", help="giới hạn cho tệp toàn quốc (loaders/limits.py BULK)")
    parser.add_argument("--limit", action="append", default=[], metavar="TÊN=GIÁ_TRỊ",
                        help="đổi một giới hạn, ví dụ rows=500000 (xem loaders/limits.py)")
    args = parser.parse_args(argv)
    if args.bulk or args.limit:
        try:
            limits.use(limits.parse_assignments(args.limit, limits.BULK if args.bulk else limits.current()))
        except ValueError as problem:
            parser.error(str(problem))
    store = Store(args.db)
    # a registry is a Trường table (CSV or sheet); it goes first so documents can find their school
    paths = [(args.registry, False)] if args.registry else []
    results = []
    for path, is_demo in paths + [(path, args.demo) for path in expand(args.files)]:
        result = _import_one(store, path, is_demo)
        _print(result)  # as it comes: a line already printed is never hidden by a later file
        results.append(result)
    return 1 if any(r.status in ("rejected", "failed") for r in results) else 0


def _import_one(store: Store, path: Path, is_demo: bool) -> ImportResult:
    """One file's result; whatever it raises stays with that file (the others are imported)."""
    try:
        # who imported: the login name of whoever runs the command (the upload page records the account)
        return import_file(store, path, is_demo=is_demo, user=f"{getpass.getuser()} (dòng lệnh)")
    except Exception as exc:  # import_file reports its own failures; this is a file it could not even read
        log = IssueLog(path.name)
        log.error(f"không đọc được tệp {path} ({type(exc).__name__}: {str(exc)[:200]}); các tệp khác vẫn được "
                  "nhập. Hãy kiểm tra đường dẫn và quyền đọc tệp")
        return ImportResult(path.name, "failed", {}, log.frame())


def expand(paths: list[Path]) -> list[Path]:
    """Folders become their supported files; school lists (Trường) go first."""
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in _SUPPORTED)
        else:
            files.append(path)
    return sorted(files, key=lambda p: (0 if "truong" in p.stem.lower() or "Trường" in p.stem else 1))


def _print(result: ImportResult) -> None:
    c = result.counts
    print(f"{result.file}: {_STATUS[result.status]} — trường: {c.get('schools', 0)}, "
          f"tiêu chí: {c.get('ratings', 0)}, Mức 4: {c.get('level4', 0)}, hạng mục kế hoạch: "
          f"{c.get('plan_items', 0)}, công nhận: {c.get('recognitions', 0)}, cảnh báo: {len(result.warnings)}, "
          f"lỗi: {len(result.errors)}")
    issues = result.issues
    for _, issue in issues.head(_MAX_LINES).iterrows() if len(issues) else []:
        print(f"  {describe(issue)}")
    if len(issues) > _MAX_LINES:
        print(f"  … và {len(issues) - _MAX_LINES} mục khác")
    sys.stdout.flush()  # the line is out even if a later file takes the process down


def _template(argv: list[str]) -> int:
    if len(argv) != 1:
        print("Cách dùng: python -m loaders template OUT.xlsx", file=sys.stderr)
        return 2
    print(f"Đã ghi mẫu nhập liệu: {write_template(argv[0])}")
    return 0
