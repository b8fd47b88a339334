"""Accounts as data in the store: who may sign in, with which role and scope, and every change to that.

An account is keyed by its e-mail (lower-cased: identity providers do not agree on case). Each
change is a new store version written under the store's lock, like an import, so a running
dashboard sees it on its next interaction and an import never loses it (a version is a copy of
the one before). The same transaction writes a line of `account_changes`: who, when, what.
What a role may see is decided once, in metrics/access.py; this module only keeps the data and
refuses an account that could never work (unknown province, a school not in the store, a
commune account without communes).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

import duckdb
import pandas as pd

from loaders.provinces import match_province
from loaders.store import Store, now

# Quản trị, Sở, Xã/Phường (or a former Phòng), Trường, Khách (labels in metrics/labels.py ROLES)
ROLES = ("admin", "so", "xa", "truong", "khach")
_ORDER = f"ORDER BY province NULLS FIRST, list_position({list(ROLES)!r}, role), email"
_COLUMNS = ("email", "name", "role", "province", "communes", "districts", "school_id", "active",
            "created_at", "created_by")


class AccountError(ValueError):
    """An account change that cannot be made; the message says why (Vietnamese)."""


@dataclass(frozen=True)
class Account:
    email: str
    role: str
    province: str | None = None
    communes: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()  # former districts (a Phòng before 7/2025), for historical data
    school_id: str | None = None
    name: str | None = None
    active: bool = True
    created_at: object = None
    created_by: str | None = None


def clean_email(email: object) -> str:
    text = str(email or "").strip().lower()
    if "@" not in text or " " in text or text.startswith("@") or text.endswith("@"):
        raise AccountError(f"'{email}' không phải địa chỉ email")
    return text


def account_row(con: duckdb.DuckDBPyConnection, email: str) -> Account | None:
    """The account of `email` (any case), active or not; None when there is none."""
    try:
        key = clean_email(email)
    except AccountError:
        return None
    rows = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM accounts WHERE email = ?", [key]).fetchall()
    return _account(rows[0]) if rows else None


# Who the demo builder (data/demo.py) records as importer: its seeds are real plans, not demo schools, yet
# a store it built holds nothing an official sent.
DEMO_BUILDER = "dữ liệu minh họa (python -m data.demo)"


def demo_only(con: duckdb.DuckDBPyConnection) -> bool:
    """The store holds only demo data (every school marked so, or every import made by the demo builder):
    open mode may then accept uploads from anyone. One file an official sends makes it a real store."""
    found = con.execute("SELECT (SELECT count(*) > 0 AND bool_and(is_demo) FROM schools), "
                        "(SELECT count(*) > 0 AND bool_and(imported_by IS NOT DISTINCT FROM ?) FROM imports)",
                        [DEMO_BUILDER]).fetchall()[0]
    return bool(found[0]) or bool(found[1])


def all_accounts(con: duckdb.DuckDBPyConnection) -> list[Account]:
    return [_account(row) for row in con.execute(f"SELECT {', '.join(_COLUMNS)} FROM accounts {_ORDER}").fetchall()]


def accounts_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every account, by province, role and e-mail (keys and snake_case columns; labels at the edge)."""
    shown = ", ".join("name AS account_name" if c == "name" else c for c in _COLUMNS)
    return con.execute(f"SELECT {shown} FROM accounts {_ORDER}").df()


def changes_frame(con: duckdb.DuckDBPyConnection, email: str | None = None) -> pd.DataFrame:
    """The change log, newest first (of one account when `email` is given)."""
    where, params = ("WHERE email = ?", [clean_email(email)]) if email else ("", [])
    return con.execute(f"SELECT changed_at, changed_by, email, action AS account_action, detail AS change_detail "
                       f"FROM account_changes {where} "
                       "ORDER BY changed_at DESC, rowid DESC", params).df()


def add_account(store: Store, account: Account, by: str) -> Account:
    """Create `account`; AccountError when the e-mail has one already or the scope cannot work."""
    with store.lock(), store.new_version() as con:
        email = clean_email(account.email)
        if account_row(con, email):
            raise AccountError(f"đã có tài khoản {email}; dùng 'set' để sửa")
        made = replace(_checked(con, replace(account, email=email)), created_at=now(), created_by=by)
        _write(con, made)
        _log(con, by, email, "add", _described(made))
        return made


def set_account(store: Store, email: str, by: str, **changes) -> Account:
    """Change some fields of an existing account (role, province, communes, districts, school_id, name, active)."""
    unknown = set(changes) - {"role", "province", "communes", "districts", "school_id", "name", "active"}
    if unknown:
        raise ValueError(f"not an account field: {sorted(unknown)}")
    with store.lock(), store.new_version() as con:
        before = account_row(con, email)
        if before is None:
            raise AccountError(f"không có tài khoản {clean_email(email)}")
        after = _checked(con, replace(before, **{k: _tuple(v) for k, v in changes.items()}))
        con.execute("DELETE FROM accounts WHERE email = ?", [before.email])
        _write(con, after)
        _log(con, by, before.email, "set", _described(after, before))
        return after


def remove_account(store: Store, email: str, by: str) -> Account:
    """Delete an account; the change log keeps what it was."""
    with store.lock(), store.new_version() as con:
        before = account_row(con, email)
        if before is None:
            raise AccountError(f"không có tài khoản {clean_email(email)}")
        con.execute("DELETE FROM accounts WHERE email = ?", [before.email])
        _log(con, by, before.email, "remove", _described(before))
        return before


def _checked(con, account: Account) -> Account:
    """The account with its province written the 2025 way, or AccountError saying what is wrong."""
    if account.role not in ROLES:
        raise AccountError(f"vai trò '{account.role}' không có; dùng một trong: {', '.join(ROLES)}")
    if account.school_id:
        found = con.execute("SELECT province FROM schools WHERE school_id = ?", [account.school_id]).fetchall()
        if not found:
            raise AccountError(f"không có trường mã {account.school_id} trong kho dữ liệu; hãy nhập dữ liệu "
                               "của trường trước khi tạo tài khoản")
        account = replace(account, province=account.province or found[0][0])
    if account.role == "truong" and not account.school_id:
        raise AccountError("tài khoản Trường cần mã trường (--school)")
    if account.role != "truong" and account.school_id:
        raise AccountError("chỉ tài khoản Trường có mã trường")
    if account.role == "xa" and not (account.communes or account.districts):
        raise AccountError("tài khoản Xã/Phường cần ít nhất một xã/phường (--commune) hoặc quận/huyện cũ (--district)")
    if account.role != "xa" and (account.communes or account.districts):
        raise AccountError("chỉ tài khoản Xã/Phường có danh sách xã/phường hoặc quận/huyện")
    match = match_province(account.province)
    if match.province is None:
        raise AccountError(f"tài khoản cần tỉnh/thành phố: {match.error}")
    if account.school_id:
        school_province = con.execute("SELECT province FROM schools WHERE school_id = ?",
                                      [account.school_id]).fetchall()[0][0]
        if school_province != match.province:
            raise AccountError(f"trường {account.school_id} thuộc {school_province}, không thuộc {match.province}")
    return replace(account, province=match.province, communes=_tuple(account.communes),
                   districts=_tuple(account.districts))


def _tuple(value):
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(sorted({str(v).strip() for v in value if str(v).strip()}))
    return value


def _write(con, account: Account) -> None:
    values = [getattr(account, c) for c in _COLUMNS]
    values = [list(v) if isinstance(v, tuple) else v for v in values]
    con.execute(f"INSERT INTO accounts ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})", values)


def _log(con, by: str, email: str, action: str, detail: str) -> None:
    con.execute("INSERT INTO account_changes VALUES (?, ?, ?, ?, ?)", [now(), by, email, action, detail])


def _described(account: Account, before: Account | None = None) -> str:
    """What was written, as JSON (only the fields that changed, with their old values, for 'set')."""
    shown = {k: v for k, v in asdict(account).items() if k not in ("email", "created_at", "created_by")}
    if before is not None:
        old = asdict(before)
        shown = {k: {"from": old[k], "to": v} for k, v in shown.items() if old[k] != v}
    return json.dumps(shown, ensure_ascii=False, default=list)


def _account(row) -> Account:
    values = dict(zip(_COLUMNS, row))
    values["communes"] = tuple(values["communes"] or ())
    values["districts"] = tuple(values["districts"] or ())
    return Account(**values)
