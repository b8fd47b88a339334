"""`python -m loaders FILE... [--db DIR]`, `python -m loaders template OUT.xlsx` and
`python -m loaders accounts ...` (loaders/cli_accounts.py)."""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from loaders import cli_accounts
from loaders import limits
from loaders.cli_parser import VietnameseParser
from loaders.file_kinds import FOLDER_SUFFIXES
from loaders.importer import ImportItem, ImportResult, import_files, progress_text
from loaders.issues import describe
from loaders.store import Store
from loaders.template import write_template

_MAX_LINES = 30
_STATUS = {"imported": "ĐÃ NHẬP", "rejected": "TỪ CHỐI", "unchanged": "KHÔNG ĐỔI (tệp đã nhập trước đó)",
           "failed": "KHÔNG NHẬP ĐƯỢC"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["template"]:
        return _template(argv[1:])
    if argv[:1] == ["accounts"]:
        return cli_accounts.main(argv[1:])
    parser = VietnameseParser(prog="python -m loaders",
                              description="Nhập tệp mẫu (.xlsx/.csv) hoặc kế hoạch (.docx) vào kho dữ liệu.")
    parser.add_argument("files", nargs="+", type=Path, metavar="TỆP", help="tệp hoặc thư mục")
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
    items = [ImportItem(args.registry)] if args.registry else []
    files, skipped = expand(args.files)
    _say_skipped(skipped)
    items += [ImportItem(path, is_demo=args.demo) for path in files]
    # who imported: the login name of whoever runs the command (the upload page records the account)
    results = import_files(store, items, user=f"{getpass.getuser()} (dòng lệnh)", progress=ProgressLine(sys.stderr))
    for result in results:
        _print(result)
    return 1 if any(r.status in ("rejected", "failed") for r in results) else 0


class ProgressLine:
    """The batch's progress on stderr: one line rewritten in place on a terminal; elsewhere (a log,
    a pipe) a line every `every` files, so a cron job's log of 1,000 files stays short."""

    def __init__(self, stream, every: int = 50):
        self.stream, self.every, self.tty = stream, every, stream.isatty()

    def __call__(self, stage: str, done: int, total: int, name: str) -> None:
        text = progress_text(stage, done, total, name)
        if self.tty:
            self.stream.write("\r\033[K" + text[:200] + ("\n" if stage == "done" else ""))
        elif stage in ("derive", "done") or done % self.every == 0 or done + 1 == total:
            self.stream.write(text + "\n")
        self.stream.flush()


def expand(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files to import and the files skipped: folders (and the folders in them: one per district,
    say) give their supported files, school lists (Trường) first, and the others, to be named."""
    files, skipped = [], []
    for path in paths:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                (files if found.suffix.lower() in FOLDER_SUFFIXES else skipped).append(found)
        else:
            files.append(path)
    return sorted(files, key=lambda p: (0 if "truong" in p.stem.lower() or "Trường" in p.stem else 1)), skipped


def _say_skipped(skipped: list[Path]) -> None:
    if skipped:
        names = ", ".join(str(p) for p in skipped[:_MAX_LINES])
        more = f" và {len(skipped) - _MAX_LINES} tệp khác" if len(skipped) > _MAX_LINES else ""
        kinds = ", ".join(FOLDER_SUFFIXES[:-1]) + " hoặc " + FOLDER_SUFFIXES[-1]
        sys.stderr.write(f"Bỏ qua {len(skipped)} tệp không phải {kinds}: {names}{more}\n")


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
    sys.stdout.flush()


def _template(argv: list[str]) -> int:
    parser = VietnameseParser(prog="python -m loaders template",
                              description="Ghi mẫu nhập liệu (Excel) gửi các trường.")
    parser.add_argument("out", type=Path, metavar="TỆP_XLSX", help="tệp cần ghi, ví dụ mau.xlsx")
    print(f"Đã ghi mẫu nhập liệu: {write_template(parser.parse_args(argv).out)}")
    return 0
