"""Who is looking, and what they may see and do (issue 14): one rule per question, written once here
and used by every door (pages, downloads, uploads, the planner, the CLI `--as-user`).

Two scopes per viewer:
- the **area** (`scoped`): the schools whose data the viewer's aggregates count. Quản trị, Sở and
  Khách: their province; Xã/Phường: the schools of their communes in their province (a former Phòng,
  for historical data, lists its old districts in `districts`: a school counts when its commune or
  its old district is listed); Trường: the province, so a school compares itself with it.
- the **named schools** (`scoped_rows`, `allows_school`): the schools whose rows, profile, findings,
  plan and downloads the viewer may see. Trường: its own school only; Khách: none (aggregates only).

"open" is the viewer when no sign-in is configured (the demo): everything, like before issue 14.
A viewer of any other role without the area its role needs sees nothing (OutOfScope), never the
whole country by default.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import duckdb

from loaders.accounts import ROLES  # Quản trị, Sở, Xã/Phường (or former Phòng), Trường, Khách
from metrics.filters import Filters
from metrics.labels import ROLE_NAMES

_IMPORTERS = {"open", "admin", "so", "xa", "truong"}
_PLANNERS = {"open", "admin", "so"}
_NAMING = {"open", "admin", "so", "xa"}  # see every school of their area by name


class OutOfScope(Exception):
    """A question, a URL or a widget value outside the viewer's scope; str() is the Vietnamese message."""


@dataclass(frozen=True)
class Viewer:
    role: str                      # one of ROLES, or "open" (no sign-in configured: the demo runs open)
    email: str | None = None
    name: str | None = None
    province: str | None = None    # canonical 2025 province (loaders/provinces.py)
    communes: frozenset[str] = frozenset()    # for "xa": the communes it manages (2025 names)
    districts: frozenset[str] = frozenset()   # for "xa" as a former Phòng: old districts (historical data)
    school_id: str | None = None   # for "truong"

    def __post_init__(self):
        if self.role not in (*ROLES, "open"):
            raise ValueError(f"unknown role {self.role!r}")

    def can_import(self) -> bool:
        """May upload files at all; which schools a file may name is allows_school's answer."""
        return self.role in _IMPORTERS

    def can_plan(self) -> bool:
        """May run the budget planner and save scenarios (Sở level: it spends the province's money)."""
        return self.role in _PLANNERS

    def can_manage_accounts(self) -> bool:
        return self.role in ("admin", "open")

    def sees_school_names(self) -> bool:
        """Sees every school of its area by name (tables, drill-downs, school-level downloads)."""
        return self.role in _NAMING

    def allows_school(self, school: Mapping) -> bool:
        """May see and change this school (a row with school_id, province, commune, district): the one rule."""
        if self.role == "open":
            return True
        if self.role == "truong":
            return self.school_id is not None and school.get("school_id") == self.school_id
        if self.role == "khach" or not self._in_province(school.get("province")):
            return False
        if self.role == "xa":
            return school.get("commune") in self.communes or school.get("district") in self.districts
        return True  # admin, so: their province

    def _in_province(self, province: str | None) -> bool:
        if self.province is None:  # only an admin may be national; any other account without one sees nothing
            return self.role == "admin"
        return province == self.province

    def describe(self) -> str:
        """'Xã/Phường · Xã Tiên Lãng 2 (Hải Phòng)': who is looking, for the page header."""
        area = ", ".join(sorted(self.communes | self.districts)) or self.school_id or ""
        where = f"{area} ({self.province})" if area and self.province else area or self.province or "toàn quốc"
        return f"{ROLE_NAMES[self.role]} · {where}" if self.role != "open" else ROLE_NAMES["open"]


OPEN = Viewer("open")


def scoped(filters: Filters, viewer: Viewer) -> Filters:
    """The filters narrowed to the viewer's area (what its aggregates count), or OutOfScope when a chosen
    value lies outside it or the account has no area."""
    if viewer.role == "open":
        return filters
    if viewer.province is None and viewer.role != "admin":
        raise OutOfScope("Tài khoản của bạn chưa được gán tỉnh/thành phố; hãy liên hệ quản trị viên.")
    if filters.province is not None and viewer.province is not None and filters.province != viewer.province:
        raise OutOfScope(f"Tỉnh/Thành phố “{filters.province}” nằm ngoài phạm vi tài khoản của bạn "
                         f"({viewer.province}).")
    narrowed = replace(filters, province=viewer.province or filters.province)
    if viewer.role == "xa" or viewer.role == "khach" and (viewer.communes or viewer.districts):
        if not viewer.communes and not viewer.districts:
            raise OutOfScope("Tài khoản Xã/Phường của bạn chưa được gán xã/phường nào; hãy liên hệ quản trị viên.")
        narrowed = replace(narrowed, communes=viewer.communes or None, districts=viewer.districts or None)
    return narrowed


def sees_scenario(scenario_filters: Filters, viewer: Viewer) -> bool:
    """A saved planner scenario belongs to the province it was solved for: only the viewers of that
    province (and a national admin, and everyone in open mode) list, reopen or overwrite it."""
    if viewer.role == "open" or viewer.role == "admin" and viewer.province is None:
        return True
    return viewer.can_plan() and viewer.province is not None and scenario_filters.province == viewer.province


def scoped_rows(filters: Filters, viewer: Viewer) -> Filters:
    """The filters narrowed to the schools the viewer may see by name (tables of schools, profiles,
    findings, plan items, school-level downloads)."""
    area = scoped(filters, viewer)
    if viewer.role == "khach":
        raise OutOfScope("Tài khoản khách chỉ xem số liệu tổng hợp, không xem hay tải dữ liệu từng trường.")
    if viewer.role == "truong":
        if viewer.school_id is None:
            raise OutOfScope("Tài khoản trường của bạn chưa được gán mã trường; hãy liên hệ quản trị viên.")
        return replace(area, school_id=viewer.school_id)
    return area


def check_school(viewer: Viewer, school: Mapping | None) -> None:
    """OutOfScope unless the viewer may see this school (None: not in the store, said the same way, so
    a code outside the scope does not tell whether it exists)."""
    if school is None or not viewer.allows_school(school):
        raise OutOfScope("Trường này không có trong phạm vi tài khoản của bạn.")


def account_for(con: duckdb.DuckDBPyConnection, email: str) -> Viewer | None:
    """The active account of this e-mail (case-insensitive) as a Viewer, None when there is none.
    Table `accounts` (loaders/schema.py): email, role, province, communes (list), districts (list,
    optional), school_id, active. A Trường account's province is its school's."""
    columns = {row[0] for row in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts'").fetchall()}
    if not columns:  # a store made before accounts existed has no one to sign in as
        return None
    # qualified: schools has a name too
    districts = "a.districts" if "districts" in columns else "[]::VARCHAR[]"
    name = "a.name" if "name" in columns else "NULL"
    row = con.execute(
        f"SELECT a.email, a.role, {name}, coalesce(a.province, s.province), a.communes, {districts}, a.school_id "
        "FROM accounts a LEFT JOIN schools s USING (school_id) "
        "WHERE lower(a.email) = lower($email) AND a.active", {"email": email.strip()}).fetchone()
    if row is None:
        return None
    email, role, name, province, communes, districts, school_id = row
    return Viewer(role, email, name, province, _names(communes), _names(districts), school_id)


def _names(value) -> frozenset[str]:
    # a list column, or text separated by ';' (either is how an account lists its communes)
    if value is None:
        return frozenset()
    items = value.split(";") if isinstance(value, str) else value
    return frozenset(item.strip() for item in items if item and item.strip())
