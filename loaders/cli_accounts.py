"""`python -m loaders accounts add|set|remove|list|changes ...`: the store's accounts from the command line.

Every change is written to account_changes with who made it: `--by` when given, else the login
name of whoever runs the command ("nguyenvan (dòng lệnh)").
"""
from __future__ import annotations

import argparse
import getpass
import sys

from loaders.accounts import ROLES, Account, AccountError, add_account, all_accounts, changes_frame, \
    remove_account, set_account
from loaders.cli_parser import VietnameseParser
from loaders.store import Store, StoreProblem, StoreWriteError, read_only
from metrics.labels import ACCOUNT_ACTIONS, ROLE_NAMES

_SCOPE_FIELDS = ("role", "province", "communes", "districts", "school_id", "name")


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    store = Store(args.db)
    try:
        if args.command == "list":
            return _list(store)
        if args.command == "changes":
            return _changes(store, args.email)
        by = args.by or f"{getpass.getuser()} (dòng lệnh)"
        if args.command == "add":
            made = add_account(store, Account(args.email, args.role, **_scope(args)), by)
            print(f"Đã tạo tài khoản: {_line(made)}")
        elif args.command == "set":
            changes = {k: v for k, v in _scope(args).items() if v not in (None, [])}
            changes.update(role=args.role) if args.role else None
            changes.update(active=args.active == "yes") if args.active else None
            print(f"Đã sửa tài khoản: {_line(set_account(store, args.email, by, **changes))}")
        else:
            print(f"Đã xóa tài khoản: {_line(remove_account(store, args.email, by))}")
    except (AccountError, StoreProblem, StoreWriteError) as problem:
        print(f"Không thực hiện được: {problem}", file=sys.stderr)
        return 1
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(prog="python -m loaders accounts",
                              description="Quản lý tài khoản đăng nhập (mọi thay đổi đều được ghi lại).")
    parser.add_argument("--db", help="thư mục kho dữ liệu (mặc định data/store)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    commands.add_parser("list", help="các tài khoản")
    changes = commands.add_parser("changes", help="lịch sử thay đổi tài khoản")
    changes.add_argument("email", nargs="?", help="chỉ của tài khoản này")
    for name, role_required in (("add", True), ("set", False)):
        command = commands.add_parser(name, help="tạo tài khoản" if role_required else "sửa tài khoản")
        command.add_argument("email")
        command.add_argument("--role", choices=ROLES, required=role_required,
                             help="; ".join(f"{k} = {ROLE_NAMES[k]}" for k in ROLES))
        command.add_argument("--province", help="tỉnh/thành phố (tên từ 01/7/2025 hoặc tên cũ)")
        command.add_argument("--commune", action="append", default=[], help="xã/phường phụ trách (lặp lại được)")
        command.add_argument("--district", action="append", default=[],
                             help="quận/huyện trước 2025 (phòng GD&ĐT cũ, cho dữ liệu cũ; lặp lại được)")
        command.add_argument("--school", help="mã trường (tài khoản Trường)")
        command.add_argument("--name", help="họ tên người dùng")
        command.add_argument("--by", help="người thực hiện thay đổi (mặc định: tên đăng nhập máy)")
        if not role_required:
            command.add_argument("--active", choices=("yes", "no"), help="bật/tắt tài khoản")
    remove = commands.add_parser("remove", help="xóa tài khoản")
    remove.add_argument("email")
    remove.add_argument("--by", help="người thực hiện thay đổi (mặc định: tên đăng nhập máy)")
    return parser


def _scope(args) -> dict:
    return {"province": args.province, "communes": tuple(args.commune), "districts": tuple(args.district),
            "school_id": args.school, "name": args.name}


def _line(account: Account) -> str:
    scope = [account.province or ""]
    scope += [f"xã/phường: {', '.join(account.communes)}"] if account.communes else []
    scope += [f"quận/huyện cũ: {', '.join(account.districts)}"] if account.districts else []
    scope += [f"trường: {account.school_id}"] if account.school_id else []
    state = "" if account.active else " (đã tắt)"
    return f"{account.email} — {ROLE_NAMES[account.role]} — {'; '.join(s for s in scope if s)}{state}"


def _list(store: Store) -> int:
    with read_only(store.current_path()) as con:
        accounts = all_accounts(con)
    print("\n".join(_line(account) for account in accounts) or "Chưa có tài khoản nào.")
    return 0


def _changes(store: Store, email: str | None) -> int:
    with read_only(store.current_path()) as con:
        frame = changes_frame(con, email)
    if not len(frame):
        print("Chưa có thay đổi nào.")
    for row in frame.itertuples():
        print(f"{row.changed_at:%H:%M:%S %d/%m/%Y} · {row.changed_by} · {ACCOUNT_ACTIONS[row.account_action]} "
              f"{row.email} · {row.change_detail}")
    return 0
