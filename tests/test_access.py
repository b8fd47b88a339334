"""The scope rules of issue 14 for every role (metrics.access), and that the SQL every question runs
keeps exactly the schools the one rule (Viewer.allows_school) allows."""
from __future__ import annotations

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.store import StoreReader
from metrics.access import OPEN, ROLES, OutOfScope, Viewer, account_for, scoped, scoped_rows, sees_scenario
from metrics.filters import Filters
from metrics.tables import area_table, criteria_table, funding_table, gap_table, school_table

HP, HN = "Hải Phòng", "Hà Nội"
_SCHOOL = {"school_id": "HP-1", "province": HP, "commune": "Xã Tiên Lãng 2", "district": "Tiên Lãng"}
_VIEWERS = {
    "admin": Viewer("admin", province=HP), "so": Viewer("so", province=HP),
    "xa": Viewer("xa", province=HP, communes=frozenset({"Xã Tiên Lãng 2"})),
    "truong": Viewer("truong", province=HP, school_id="HP-1"), "khach": Viewer("khach", province=HP),
}


@pytest.mark.parametrize("role, own, neighbour, other_province", [
    ("admin", True, True, False), ("so", True, True, False), ("xa", True, False, False),
    ("truong", True, False, False), ("khach", False, False, False)])
def test_which_school_each_role_may_see(role, own, neighbour, other_province):
    viewer = _VIEWERS[role]
    assert viewer.allows_school(_SCHOOL) is own
    assert viewer.allows_school({**_SCHOOL, "school_id": "HP-2", "commune": "Xã Tiên Lãng 3"}) is neighbour
    assert viewer.allows_school({**_SCHOOL, "school_id": "HN-1", "province": HN}) is other_province
    assert OPEN.allows_school({**_SCHOOL, "province": HN})


def test_what_each_role_may_do():
    rights = {role: (v.can_import(), v.can_plan(), v.sees_school_names(), v.can_manage_accounts())
              for role, v in _VIEWERS.items()}
    assert rights == {"admin": (True, True, True, True), "so": (True, True, True, False),
                      "xa": (True, False, True, False), "truong": (True, False, False, False),
                      "khach": (False, False, False, False)}
    assert set(_VIEWERS) == set(ROLES)
    with pytest.raises(ValueError):
        Viewer("hieu_truong")


def test_a_former_phong_sees_its_old_district():
    phong = Viewer("xa", province=HP, districts=frozenset({"Tiên Lãng"}))
    assert phong.allows_school({**_SCHOOL, "commune": None})
    assert not phong.allows_school({**_SCHOOL, "district": "Vĩnh Bảo", "commune": None})


def test_the_area_of_each_role():
    assert scoped(Filters(), OPEN) == Filters()
    for role in ("admin", "so", "khach", "truong"):
        assert scoped(Filters(), _VIEWERS[role]) == Filters(province=HP)  # Trường: the province's aggregates
    assert scoped(Filters(), _VIEWERS["xa"]) == Filters(province=HP, communes=frozenset({"Xã Tiên Lãng 2"}))
    assert scoped_rows(Filters(), _VIEWERS["truong"]) == Filters(province=HP, school_id="HP-1")
    assert scoped_rows(Filters(), _VIEWERS["so"]) == Filters(province=HP)
    assert scoped(Filters(province=HP, district="Tiên Lãng"), _VIEWERS["so"]).district == "Tiên Lãng"


@pytest.mark.parametrize("role", ROLES)
def test_another_province_is_refused_with_a_message(role):
    with pytest.raises(OutOfScope, match="Hà Nội.*ngoài phạm vi"):
        scoped(Filters(province=HN), _VIEWERS[role])


@pytest.mark.parametrize("viewer, words", [
    (Viewer("khach", province=HP), "chỉ xem số liệu tổng hợp"),
    (Viewer("truong", province=HP), "chưa được gán mã trường"),
    (Viewer("so"), "chưa được gán tỉnh"),
    (Viewer("xa", province=HP), "chưa được gán xã"),
])
def test_a_scope_that_cannot_be_met_is_refused_never_widened(viewer, words):
    with pytest.raises(OutOfScope, match=words):
        scoped_rows(Filters(), viewer)
    assert not viewer.allows_school(_SCHOOL)


def test_an_account_without_a_province_sees_nothing_but_an_admin_sees_the_country():
    assert not Viewer("so").allows_school(_SCHOOL)
    assert not Viewer("so").allows_school({**_SCHOOL, "province": None})
    assert Viewer("admin").allows_school(_SCHOOL)
    assert scoped(Filters(province=HN), Viewer("admin")) == Filters(province=HN)


def test_account_for_reads_the_active_account_case_insensitively():
    con = duckdb.connect()
    con.execute("CREATE TABLE schools (school_id VARCHAR, province VARCHAR)")
    assert account_for(con, "a@b.vn") is None  # no accounts table yet: nobody
    con.execute("INSERT INTO schools VALUES ('HP-1', 'Hải Phòng')")
    con.execute("CREATE TABLE accounts (email VARCHAR, role VARCHAR, province VARCHAR, communes VARCHAR[], "
                "school_id VARCHAR, active BOOLEAN)")
    con.execute("INSERT INTO accounts VALUES ('Hieu.Truong@hp.edu.vn', 'truong', NULL, [], 'HP-1', TRUE), "
                "('xa@hp.vn', 'xa', 'Hải Phòng', ['Xã Tiên Lãng 2', 'Xã Tiên Lãng 3'], NULL, TRUE), "
                "('old@hp.vn', 'so', 'Hải Phòng', [], NULL, FALSE)")
    assert account_for(con, " hieu.truong@HP.edu.vn") == Viewer("truong", "Hieu.Truong@hp.edu.vn", None, HP,
                                                                 school_id="HP-1")
    assert account_for(con, "xa@hp.vn").communes == {"Xã Tiên Lãng 2", "Xã Tiên Lãng 3"}
    assert account_for(con, "old@hp.vn") is None  # deactivated
    assert account_for(con, "nobody@hp.vn") is None


@pytest.fixture(scope="module")
def demo_con(shared_demo_store):
    return StoreReader(shared_demo_store).cursor()


def _schools(con, where: str = "TRUE", params=None) -> list[dict]:
    return con.sql(f"SELECT school_id, province, district, commune FROM schools WHERE {where}",
                   params=params).df().to_dict("records")


def test_a_former_phong_gets_the_same_tables_as_its_district_filter(demo_con):
    district = Viewer("xa", province=HP, districts=frozenset({"Tiên Lãng"}))
    for table in (school_table, area_table, criteria_table, gap_table, funding_table):
        expected = table(demo_con, Filters(province=HP, district="Tiên Lãng"))
        assert len(expected) and table(demo_con, scoped(Filters(), district)).equals(expected), table.__name__


_COMMUNES = st.sets(st.sampled_from(["Xã Tiên Lãng 1", "Xã Tiên Lãng 2", "Xã Tiên Lãng 3", "Xã Tiên Lãng 4",
                                     "Xã Vĩnh Bảo 1", "Xã Vĩnh Bảo 2", "Toàn Thắng", "Xã không có"]), max_size=4)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(communes=_COMMUNES, province=st.sampled_from([HP, HN]))
def test_the_sql_keeps_exactly_the_schools_the_rule_allows(demo_con, communes, province):
    viewer = Viewer("xa", province=province, communes=frozenset(communes) | {"Xã Tiên Lãng 2"})
    allowed = {s["school_id"] for s in _schools(demo_con) if viewer.allows_school(s)}
    listed = set(school_table(demo_con, scoped(Filters(), viewer))["school_id"])
    assessed = {r[0] for r in demo_con.execute("SELECT DISTINCT school_id FROM assessments").fetchall()}
    assert listed == allowed & assessed
    assert max(criteria_table(demo_con, scoped(Filters(), viewer))["n_rated"], default=0) <= len(listed)


def test_a_school_account_lists_its_school_and_counts_its_province(demo_con):
    school = _schools(demo_con, "province = $p AND is_demo", {"p": HP})[0]
    viewer = Viewer("truong", province=HP, school_id=school["school_id"])
    assert list(school_table(demo_con, scoped_rows(Filters(), viewer))["school_id"]) == [school["school_id"]]
    province = area_table(demo_con, scoped(Filters(), viewer))
    assert province.equals(area_table(demo_con, Filters(province=HP)))


def test_a_scenario_is_seen_in_its_province_only():
    hp, db, country = Filters(province="Hải Phòng"), Filters(province="Điện Biên"), Filters()
    assert sees_scenario(db, OPEN) and sees_scenario(db, Viewer("admin"))
    assert sees_scenario(hp, Viewer("so", province="Hải Phòng")) and not sees_scenario(db, Viewer("so", province="Hải Phòng"))
    assert not sees_scenario(country, Viewer("so", province="Hải Phòng"))  # a national scenario is not one province's
    assert not sees_scenario(hp, Viewer("xa", province="Hải Phòng", communes=frozenset({"Toàn Thắng"})))
    assert not sees_scenario(hp, Viewer("truong", province="Hải Phòng", school_id="HP-THCS-TT"))
