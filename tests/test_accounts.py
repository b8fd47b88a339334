"""Accounts in the store (loaders.accounts), their CLI, and who is recorded for each import."""
from __future__ import annotations

import json

import pytest

from loaders.accounts import Account, AccountError, account_row, add_account, all_accounts, changes_frame, demo_only, \
    remove_account, set_account
from loaders.cli import main as loaders_main
from loaders.importer import import_file, preview_file
from loaders.store import read_only
from tests.apptest import one_school_store_at
from tests.conftest import FIXTURES


@pytest.fixture
def store(tmp_path):
    return one_school_store_at(tmp_path / "store")


def _read(store, function, *args):
    with read_only(store.current_path()) as con:
        return function(con, *args)


def test_add_set_remove_are_each_logged_with_who_did_it(store):
    add_account(store, Account("So.HP@Example.VN ", "so", "hai phong", name="Chị Lan"), by="admin@hp.vn")
    made = _read(store, account_row, "so.hp@example.vn")
    assert (made.email, made.role, made.province, made.name, made.active, made.created_by) == (
        "so.hp@example.vn", "so", "Hải Phòng", "Chị Lan", True, "admin@hp.vn")
    set_account(store, "SO.HP@example.vn", "admin2@hp.vn", active=False)
    remove_account(store, "so.hp@example.vn", "admin3@hp.vn")
    assert _read(store, account_row, "so.hp@example.vn") is None
    changes = _read(store, changes_frame, None)
    assert changes[["changed_by", "email", "account_action"]].values.tolist() == [
        ["admin3@hp.vn", "so.hp@example.vn", "remove"], ["admin2@hp.vn", "so.hp@example.vn", "set"],
        ["admin@hp.vn", "so.hp@example.vn", "add"]]
    assert json.loads(changes["change_detail"][1]) == {"active": {"from": True, "to": False}}
    assert json.loads(changes["change_detail"][0])["role"] == "so"  # what the removed account was


def test_a_school_account_takes_the_schools_province_and_needs_a_school_of_the_store(store):
    add_account(store, Account("gv@tt.edu.vn", "truong", school_id="HP-THCS-TT"), by="t")
    assert _read(store, account_row, "gv@tt.edu.vn").province == "Hải Phòng"
    with pytest.raises(AccountError, match="không có trường mã HP-KHONG-CO"):
        add_account(store, Account("x@tt.edu.vn", "truong", school_id="HP-KHONG-CO"), by="t")
    with pytest.raises(AccountError, match="không thuộc Hà Nội"):
        add_account(store, Account("y@tt.edu.vn", "truong", "Hà Nội", school_id="HP-THCS-TT"), by="t")
    with pytest.raises(AccountError, match="đã có tài khoản gv@tt.edu.vn"):
        add_account(store, Account("GV@tt.edu.vn", "so", "Hải Phòng"), by="t")


@pytest.mark.parametrize("account, message", [
    (Account("a@b.vn", "xa", "Hải Phòng"), "cần ít nhất một xã/phường"),
    (Account("a@b.vn", "so", "Hải Phòng", communes=("Xã A",)), "chỉ tài khoản Xã/Phường"),
    (Account("a@b.vn", "truong", "Hải Phòng"), "cần mã trường"),
    (Account("a@b.vn", "so"), "cần tỉnh/thành phố"),
    (Account("a@b.vn", "so", "Xứ Sở Thần Tiên"), "không nhận ra tỉnh/thành phố"),
    (Account("a@b.vn", "boss", "Hải Phòng"), "vai trò 'boss' không có"),
    (Account("không-phải-email", "so", "Hải Phòng"), "không phải địa chỉ email"),
])
def test_an_account_that_could_never_work_is_refused_and_nothing_changes(store, account, message):
    before = store.current_path()
    with pytest.raises(AccountError, match=message):
        add_account(store, account, by="t")
    assert store.current_path() == before and _read(store, all_accounts) == []


def test_accounts_survive_an_import(store):
    add_account(store, Account("so@hp.vn", "so", "Hải Phòng"), by="t")
    assert import_file(store, FIXTURES / "template" / "HP-THCS-TL1.xlsx").status == "imported"
    assert [a.email for a in _read(store, all_accounts)] == ["so@hp.vn"]


def test_the_cli_adds_lists_and_logs(store, capsys):
    db = ["--db", str(store.root)]
    assert loaders_main(["accounts", *db, "add", "xa@hp.vn", "--role", "xa", "--province", "Hải Phòng",
                         "--commune", "Xã Tiên Lãng 2", "--by", "lead@hp.vn"]) == 0
    assert loaders_main(["accounts", *db, "add", "xa@hp.vn", "--role", "so", "--province", "Hải Phòng"]) == 1
    assert "đã có tài khoản xa@hp.vn" in capsys.readouterr().err
    assert loaders_main(["accounts", *db, "set", "xa@hp.vn", "--commune", "Xã Tiên Lãng 3", "--commune",
                         "Xã Tiên Lãng 2"]) == 0
    capsys.readouterr()
    assert loaders_main(["accounts", *db, "list"]) == 0
    assert capsys.readouterr().out.strip() == "xa@hp.vn — Xã/Phường — Hải Phòng; xã/phường: Xã Tiên Lãng 2, Xã Tiên Lãng 3"
    assert loaders_main(["accounts", *db, "changes", "xa@hp.vn"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "(dòng lệnh) · Sửa tài khoản xa@hp.vn" in lines[0] and "lead@hp.vn · Tạo tài khoản xa@hp.vn" in lines[1]


def _own_school_only(school) -> bool:
    return school.get("school_id") == "HP-THCS-TT"


def test_a_file_naming_another_school_is_rejected_saying_so_and_the_own_school_is_imported(store):
    other = FIXTURES / "template" / "HP-THCS-TL1.xlsx"
    preview = preview_file(store, other, allows=_own_school_only, user="gv@tt.edu.vn")
    assert preview.status == "rejected"
    assert "ngoài phạm vi của tài khoản gv@tt.edu.vn" in preview.errors["message"].iloc[0]
    result = import_file(store, other, door="upload", user="gv@tt.edu.vn", allows=_own_school_only)
    assert result.status == "rejected" and "HP-THCS-TL1" in result.errors["message"].iloc[0]
    with read_only(store.current_path()) as con:
        assert con.execute("SELECT count(*) FROM schools WHERE school_id = 'HP-THCS-TL1'").fetchall() == [(0,)]
    assert store.read_log()[-1]["user"] == "gv@tt.edu.vn" and store.read_log()[-1]["status"] == "rejected"


def test_an_import_records_who_did_it_in_the_store_and_the_log(tmp_path):
    store = one_school_store_at(tmp_path / "s")
    path = FIXTURES / "template" / "HP-THCS-TL1.xlsx"
    assert import_file(store, path, door="upload", user="so@hp.vn").status == "imported"
    with read_only(store.current_path()) as con:
        assert con.execute("SELECT imported_by FROM imports ORDER BY import_id").fetchall() == [(None,), ("so@hp.vn",)]
    assert store.read_log()[-1]["user"] == "so@hp.vn"


def test_the_bundled_demo_store_is_demo_data_and_a_file_sent_by_someone_makes_it_real(shared_demo_store, seed_con,
                                                                                      tmp_path):
    """The README's demo command runs open (banner, uploads) on the demo store, though its five seed schools
    are real plans; the seeds imported by hand are a real store."""
    with read_only(shared_demo_store.current_path()) as con:
        assert demo_only(con)
    assert not demo_only(seed_con)
    store = one_school_store_at(tmp_path / "store")
    with read_only(store.current_path()) as con:
        assert not demo_only(con)
