"""AppTest of every page as a school (Trường) and as Sở staff (issue 14): what each sees by name, the
sidebar's values, and the refusals (a profile URL of another school, the planner and uploads); the
CLI `--as-user` in the same scope."""
from __future__ import annotations

import re
import shutil

import pytest

from loaders.store import Store, StoreReader
from metrics import cli, cli_args, cli_scenarios
from metrics.access import Viewer
from metrics.scenarios import saved_scenarios
from pages import ui
from tests.apptest import PAGES, as_read, on_screen, open_app

HP = "Hải Phòng"


@pytest.fixture(scope="module")
def names(shared_demo_store) -> dict[str, str]:
    """school_id -> (name, province) of every school in the demo store."""
    con = StoreReader(shared_demo_store).cursor()
    return {r[0]: (r[1], r[2]) for r in con.execute("SELECT school_id, name, province FROM schools").fetchall()}


@pytest.fixture(scope="module")
def own_school(shared_demo_store) -> str:
    con = StoreReader(shared_demo_store).cursor()
    return con.execute("SELECT school_id FROM assessment_status WHERE province = ? AND is_demo AND plan_cost_vnd > 0 "
                       "ORDER BY school_id LIMIT 1", [HP]).fetchone()[0]


def _as(viewer: Viewer, monkeypatch):
    monkeypatch.setattr(ui, "viewer", lambda: viewer)


def _shown_ids_and_names(app) -> str:
    return " ".join(on_screen(frame).to_csv() for frame in app.dataframe)


@pytest.mark.parametrize("page", PAGES)
def test_a_school_sees_no_other_school_by_name_on_any_page(page, shared_demo_store, names, own_school, monkeypatch):
    _as(Viewer("truong", "ht@truong.edu.vn", province=HP, school_id=own_school), monkeypatch)
    app = open_app(shared_demo_store, monkeypatch, page)
    shown = _shown_ids_and_names(app) + " ".join(m.value for m in app.markdown) + " ".join(h.value for h in app.header)
    others = [sid for sid, (name, _) in names.items() if sid != own_school and (sid in shown or f" {name} " in shown)]
    assert not others, others[:5]
    assert app.selectbox(key="filter_province").options == ["Tất cả", HP]
    if page == "pages/phan_bo.py":
        assert app.error[0].value.startswith("Phân bổ kinh phí dành cho tài khoản cấp Sở")


def test_a_school_opens_its_profile_but_not_another_by_url(shared_demo_store, names, own_school, monkeypatch):
    _as(Viewer("truong", province=HP, school_id=own_school), monkeypatch)
    app = open_app(shared_demo_store, monkeypatch, "pages/ho_so_truong.py")
    assert ui.plain(names[own_school][0]) in [h.value for h in app.header]
    other = next(sid for sid, (_, province) in names.items() if sid != own_school and province == HP)
    app.query_params["truong"] = other
    app.run()
    assert "không có trong phạm vi tài khoản của bạn" in app.error[0].value
    assert [h.value for h in app.header] == ["Bộ lọc"] and not app.dataframe  # the sidebar only


@pytest.mark.parametrize("page", PAGES)
def test_so_staff_see_their_province_only(page, shared_demo_store, names, monkeypatch):
    _as(Viewer("so", "so@hp.edu.vn", province=HP), monkeypatch)
    app = open_app(shared_demo_store, monkeypatch, page)
    assert app.selectbox(key="filter_province").options == ["Tất cả", HP]
    shown = _shown_ids_and_names(app)
    elsewhere = [sid for sid, (_, province) in names.items() if province != HP and sid in shown]
    assert not elsewhere, elsewhere[:5]
    assert not app.error, [e.value for e in app.error]


def test_a_guest_sees_aggregates_without_schools_or_uploads(shared_demo_store, monkeypatch):
    _as(Viewer("khach", province=HP), monkeypatch)
    app = open_app(shared_demo_store, monkeypatch, "pages/so_sanh_truong.py")
    # the demo store without sign-in also shows its open-mode banner: the refusal is one of the notes
    assert any("chỉ xem số liệu tổng hợp" in as_read(i.value) for i in app.info) and not app.dataframe
    app.switch_page("pages/nhap_du_lieu.py").run()
    assert as_read(app.error[0].value) == "Tài khoản của bạn không được nhập dữ liệu." and not app.get("file_uploader")
    app.switch_page("pages/tong_quan.py").run()
    assert app.metric[0].label == "Số trường có đánh giá" and not app.exception


def test_the_cli_as_a_school_writes_its_own_row(shared_demo_store, own_school, monkeypatch, capsys):
    viewer = Viewer("truong", province=HP, school_id=own_school)
    monkeypatch.setattr(cli_args, "account_for", lambda con, email: viewer if email == "ht@hp.vn" else None)
    assert cli.main(["schools", "--db", str(shared_demo_store.root), "--as-user", "ht@hp.vn"]) == 0
    # every school code in the rows (the name comes first in a row, the code further on; the "# " lines
    # above them state the scope)
    rows = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("# ")]
    assert re.findall(r"\bDEMO-[A-Z0-9-]+", "\n".join(rows)) == [own_school]
    assert cli.main(["schools", "--db", str(shared_demo_store.root), "--as-user", "x@hp.vn"]) == 2
    assert "Không có tài khoản" in capsys.readouterr().err
    assert cli.main(["budget", "--budget", "1 tỷ", "--db", str(shared_demo_store.root), "--as-user", "ht@hp.vn"]) == 2
    assert "cấp Sở" in capsys.readouterr().err


def test_the_cli_saves_a_scenario_under_the_account_and_lists_its_province_only(shared_demo_store, monkeypatch,
                                                                                  tmp_path, capsys):
    shutil.copytree(shared_demo_store.root, tmp_path / "store")
    db = ("--db", str(tmp_path / "store"))
    so = Viewer("so", "so@hp.edu.vn", province=HP)
    for module in (cli_args, cli_scenarios):
        monkeypatch.setattr(module, "account_for", lambda con, email: so if email == "so@hp.edu.vn" else None)
    assert cli.main(["budget", *db, "--budget", "50 tỷ", "--as-user", "so@hp.edu.vn", "--save-scenario", "HP",
                     "--out", str(tmp_path / "hp.csv")]) == 0
    assert cli.main(["budget", *db, "--budget", "5 tỷ", "--province", "Điện Biên", "--save-scenario", "ĐB",
                     "--out", str(tmp_path / "db.csv")]) == 0
    saved = {s.name: s for s in saved_scenarios(Store(tmp_path / "store"))[0]}
    assert saved["HP"].saved_by == "so@hp.edu.vn" and saved["HP"].filters.province == HP
    capsys.readouterr()
    assert cli.main(["scenarios", "list", *db, "--as-user", "so@hp.edu.vn"]) == 0
    listed = capsys.readouterr().out
    assert "HP" in listed and "ĐB" not in listed
    assert cli.main(["scenarios", "show", "ĐB", *db, "--as-user", "so@hp.edu.vn"]) == 2
