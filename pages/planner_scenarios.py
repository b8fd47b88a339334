"""Saved scenarios on the planner page (issue 12): save this run under a name, reopen one (its parameters
go back into the planner's inputs and the sidebar filters, and the results are recomputed), compare two
or more side by side, remove one. Records and files are metrics.scenarios'; this module draws and moves
session state only.

Reopening sets the widgets' session_state keys in a button callback: callbacks run before the script, so
the values are in place before the sidebar and the inputs are drawn (setting them later in the run is
refused by Streamlit).
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from loaders.scenario_files import MAX_NAME_LENGTH, file_name
from loaders.store import Store, StoreWriteError
from metrics.access import sees_scenario
from metrics.budget_input import annual_input
from metrics.filters import Filters
from metrics.formatting import format_amount_input, format_time
from metrics.labels import ALL, PLANNER_PARAMETERS, STANDING
from metrics.planner import Constraints
from metrics.present import side_by_side
from metrics.scenario_tables import LIST_COLUMNS, chosen_differences, gap_category_names, scenario_table, version_label
from metrics.scenarios import (Scenario, ScenarioExists, changed_parameters, delete_scenario, load_scenario, named,
                               save_scenario, saved_scenarios, saved_signature, scenario_of)
from pages import signin, ui

_OPENED = "scenario_opened"  # the name of the scenario reopened last
_MESSAGE = "scenario_message"  # what a callback did, said on the run that follows it
_RECOMPUTED = "Tính lại với dữ liệu hiện tại"


def current(filters, options, constraints, priority, needs, best, rules) -> Scenario:
    """This run of the planner as a scenario, not saved."""
    # saved_by: the signed-in e-mail (None in open mode, where nobody is known)
    return scenario_of(_RECOMPUTED, filters, options, constraints, ui.reader().version, needs, best, *rules,
                       priority=priority, saved_by=signin.user_label(ui.viewer()))


def opened_notice(now: Scenario) -> None:
    """Which saved scenario the page shows, if one was reopened and nothing has been changed since; when
    the data changed after it was saved, its saved results beside the ones recomputed now."""
    name = st.session_state.get(_OPENED)
    saved = next((s for s in _saved()[0] if s.name.casefold() == name.casefold()), None) if name else None
    if saved is None:  # none reopened, or deleted since
        st.session_state.pop(_OPENED, None)
        return
    changed = changed_parameters(saved, now)
    if changed:
        st.caption(f"Thông số hiện tại khác phương án '{ui.plain(saved.name)}' đã mở lại ở: "
                   f"{ui.plain(', '.join(PLANNER_PARAMETERS[key] for key in changed))}.")
        return
    st.info(f"Đang xem phương án '{ui.plain(saved.name)}' (lưu lúc {format_time(saved.saved_at)}), "
            "kết quả được tính lại với dữ liệu hiện tại.", icon=":material/bookmark:")
    if saved.data_version != now.data_version:
        st.warning(f"Dữ liệu đã thay đổi từ khi lưu phương án (phiên bản {ui.plain(version_label(saved.data_version))}, nay là "
                   f"{ui.plain(version_label(now.data_version))}). Kết quả đã lưu bên cạnh kết quả tính lại:")
        _compare([saved, now], "scenario_reopened")


def draw(now: Scenario) -> None:
    """Save, the saved list (reopen, delete) and the comparison."""
    st.subheader("Lưu và so sánh phương án")
    _save_form(now)
    kind, message = st.session_state.pop(_MESSAGE, (None, None))
    if message:
        (st.success if kind == "success" else st.warning)(message)
    saved, unreadable = _saved()
    if unreadable:
        st.warning("Không đọc được các tệp phương án sau (tệp hỏng hoặc của phiên bản khác): "
                   f"{ui.plain(', '.join(unreadable))}")
    if not saved:
        st.caption("Chưa có phương án nào được lưu.")
        return
    by_name = {scenario.name: scenario for scenario in saved}
    ui.show_table(scenario_table(saved)[LIST_COLUMNS], None, "Phương án đã lưu", "scenarios")
    pick, reopen, delete = st.columns([4, 1, 1], vertical_alignment="bottom")
    chosen = pick.selectbox("Phương án đã lưu", list(by_name), key="scenario_pick", placeholder="Chọn phương án")
    reopen.button("Mở lại", on_click=_reopen, args=(chosen,), key="scenario_open", width="stretch",
                  help="Đặt lại các thông số và bộ lọc của phương án, rồi tính lại với dữ liệu hiện tại")
    with delete.popover("Xóa", width="stretch"):  # one click more: a deleted file is gone
        st.caption(f"Xóa phương án '{ui.plain(chosen)}'? Không thể hoàn tác.")
        st.button("Xác nhận xóa", on_click=_delete, args=(chosen,), key="scenario_delete", type="primary")
    compared = st.multiselect("So sánh các phương án", list(by_name), key="scenario_compare",
                              placeholder="Chọn hai phương án trở lên", select_all=False)
    if len(compared) >= 2:
        _compare([by_name[name] for name in compared], "scenarios_compared")
    elif compared:
        st.caption("Chọn thêm ít nhất một phương án để so sánh.")


def _save_form(now: Scenario) -> None:
    # the save runs in the button's callback, before the next run draws the list (so the list has it)
    with st.form("scenario_save", border=False):
        st.text_input("Tên phương án", key="scenario_name", max_chars=MAX_NAME_LENGTH,
                      placeholder="Ví dụ: Hải Phòng 50 tỷ, Cấp độ 2")
        st.checkbox("Lưu đè nếu đã có phương án cùng tên", key="scenario_overwrite")
        st.form_submit_button("Lưu phương án", on_click=_save, args=(now,))


def _save(now: Scenario) -> None:
    name = st.session_state.get("scenario_name") or ""
    try:
        scenario = named(now, name)
        if _taken_elsewhere(scenario.name):  # another province's scenario: never overwritten from here
            _say("warning", f"Tên '{ui.plain(scenario.name)}' đã được dùng cho một phương án ngoài phạm vi của bạn; "
                            "hãy chọn tên khác.")
            return
        replaced = save_scenario(_store(), scenario, bool(st.session_state.get("scenario_overwrite")))
    except (ValueError, StoreWriteError) as problem:  # an unusable name; a full disk
        _say("warning", str(problem))
        return
    except ScenarioExists:
        _say("warning", f"Đã có phương án '{ui.plain(scenario.name)}'. Đánh dấu 'Lưu đè nếu đã có phương án cùng "
                        "tên' rồi bấm 'Lưu phương án' lần nữa để thay thế nó.")
        return
    st.session_state[_OPENED] = scenario.name
    shown = ui.plain(scenario.name)
    _say("success", f"Đã lưu đè phương án '{shown}'." if replaced else f"Đã lưu phương án '{shown}'.")


def _taken_elsewhere(name: str) -> bool:
    every = _saved_in(str(_store().root), saved_signature(_store()))[0]
    return any(file_name(s.name) == file_name(name) and not sees_scenario(s.filters, ui.viewer()) for s in every)


def _compare(scenarios: list[Scenario], key: str) -> None:
    table = scenario_table(scenarios, gap_category_names(ui.cursor()))
    st.dataframe(side_by_side(table, "scenario_name"), hide_index=True, key=f"table_{key}")
    ui.download_buttons(table, None, "So sánh phương án", key)
    differences = chosen_differences(scenarios)
    if differences.empty:
        st.caption("Các phương án chọn cùng những trường như nhau.")
        return
    st.caption(f"{ui.count(len(differences))} trường được chọn trong phương án này nhưng không trong phương án khác:")
    ui.show_table(differences, None, "Trường được chọn khác nhau giữa các phương án", f"{key}_schools")


def _reopen(name: str) -> None:
    try:
        scenario = load_scenario(_store(), name)
    except (KeyError, ValueError):
        _say("warning", f"Không mở được phương án '{ui.plain(name)}'.")
        return
    st.session_state.update(_inputs_of(scenario))
    st.session_state[_OPENED] = scenario.name


def _delete(name: str) -> None:
    deleted = delete_scenario(_store(), name)
    _say("success", f"Đã xóa phương án '{ui.plain(name)}'." if deleted else f"Phương án '{ui.plain(name)}' không còn.")
    if (st.session_state.get(_OPENED) or "").casefold() == name.casefold():
        st.session_state.pop(_OPENED)
    st.session_state.pop("scenario_pick", None)
    st.session_state["scenario_compare"] = [n for n in st.session_state.get("scenario_compare", []) if n != name]


def _inputs_of(scenario: Scenario) -> dict:
    """The session_state of the sidebar filters (pages/sidebar.py) and the planner's inputs
    (pages/planner_inputs.py) that draw this scenario's parameters. The inputs a scenario does not use
    (the single budget of a phased one, the priority of another objective) keep what the page holds."""
    f, o, c, priority = scenario.filters, scenario.options, scenario.constraints, scenario.priority
    state = {"filter_province": f.province or ALL, "filter_district": f.district or ALL,
             "filter_school_level": f.school_level or ALL, "filter_school_year": f.school_year or STANDING,
             "planner_phased": c.years is not None, "planner_target": o.target, "planner_objective": c.objective,
             **_caps_of(c), "planner_min_one": c.min_per_district, "planner_excluded": sorted(o.excluded_categories),
             "planner_estimate": o.estimate_missing}
    if c.years is not None:
        state["planner_annual"] = annual_input(c.years)
    else:
        state["planner_budget"] = format_amount_input(c.budget)
    if priority is not None:  # the period's end follows from the day and the years, set above
        state["planner_priority_expiring"] = priority.expiring_before is not None
        state["planner_communes"] = sorted(priority.communes)
    if f.school_year:
        state["filter_assessment_type"] = f.assessment_type or ALL
    else:
        state["filter_as_of"] = f.as_of or date.today()
    return state


def _caps_of(c: Constraints) -> dict:
    """The page has one cap per area, for districts or for communes (both set, from the command line,
    reopens the district's, and the page names the commune cap as different)."""
    area = "commune" if c.commune_cap is not None and c.district_cap is None else "district"
    cap = c.commune_cap if area == "commune" else c.district_cap
    return {"planner_cap": "" if cap is None else format_amount_input(cap), "planner_cap_area": area,
            "planner_province_cap": "" if c.province_cap is None else format_amount_input(c.province_cap)}


def _saved() -> tuple[list[Scenario], list[str]]:
    """The scenarios this viewer may see (metrics.access.sees_scenario); files that do not read are named
    only in open mode and to a national admin, who may see every scenario."""
    scenarios, unreadable = _saved_in(str(_store().root), saved_signature(_store()))
    viewer = ui.viewer()
    everything = sees_scenario(Filters(), viewer)
    return [s for s in scenarios if sees_scenario(s.filters, viewer)], unreadable if everything else []


@st.cache_resource(max_entries=4, show_spinner=False)
def _saved_in(root: str, signature: tuple) -> tuple[list[Scenario], list[str]]:
    """Read again only when a file changed (a national scenario is ~1 MB of JSON, 20 of them ~0.4 s);
    shared by every session, as the files are. Never modified by a caller."""
    return saved_scenarios(Store(root))


def _say(kind: str, message: str) -> None:
    st.session_state[_MESSAGE] = (kind, message)


def _store():
    return ui.reader().store
