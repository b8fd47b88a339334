"""Nhập dữ liệu: template download, upload with a validation report, confirm, history.

Every file received is kept in originals/ and logged once it has been checked, whether it is then
confirmed or not; its temporary copy goes once the store has it (see loaders.uploads). The files
confirmed together are imported as one batch: one new version, each file still in or out whole."""
import re

import streamlit as st

from loaders.import_log import history_frame, torn_note
from loaders.file_kinds import FOLDER_SUFFIXES
from loaders.importer import ImportItem, add_school, import_files, preview_file, progress_text, read_ahead, \
    record_preview
from loaders.new_school import school_levels
from loaders.provinces import provinces_2025
from loaders.store import StoreWriteError
from loaders.template import template_bytes
from loaders.uploads import clean_old_uploads_now_and_then, discard_upload, saved_upload
from metrics.labels import column
from metrics.present import without_empty
from pages import signin, ui, upload_list

filters, _ = ui.start_page("Nhập dữ liệu", need="import")
store = ui.reader().store
viewer = ui.viewer()
# who the files are recorded under, and which schools they may name (open mode: anyone, nobody known)
user = signin.user_label(viewer)
allows = None if viewer.role == "open" else viewer.allows_school
_NEW = "__new_school__"  # the choice "Thêm trường mới" in a document's school picker
_FINAL = {"rejected", "unchanged"}  # the store has its copy; the temporary one can go
_COUNTS = ("schools", "ratings", "level4", "plan_items", "recognitions", "warnings", "errors")  # a file's line
_TECHNICAL = ["original", "sha256"]  # the history's server paths and hashes: behind "Chi tiết kỹ thuật"
_SERVER_PATH = re.compile(r"(?<![\w.])/[^\s,;()]+")  # '/tmp/…/versions', not '2023/2024' or '12/KH-THCS'


def _without_paths(message: str) -> str:
    """A message for the official: server paths are for whoever runs the server ("Chi tiết kỹ thuật")."""
    return _SERVER_PATH.sub("…", str(message))


st.download_button("Tải mẫu nhập liệu (Excel)", st.cache_data(template_bytes, show_spinner=False)(), "mau_nhap_lieu_kiem_dinh.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
st.caption("Nhận tệp mẫu .xlsx/.csv và kế hoạch của trường dạng Word (.docx), một hoặc nhiều tệp một lần. Mỗi tệp "
           "được nhập trọn vẹn hoặc không nhập gì; tệp có lỗi không làm thay đổi dữ liệu. Mọi tệp nhận được đều được "
           "lưu bản gốc và ghi vào lịch sử nhập.")


def _saved(upload):
    return saved_upload(upload.file_id, upload.name, upload.getvalue)


def _read_new_ones_ahead(uploads) -> None:
    """The files this session has not seen yet read two at a time while the previews check them in
    order (a file already checked is not saved and read again on every rerun)."""
    seen = st.session_state.setdefault("read_ahead", set())
    new = [upload for upload in uploads if upload.file_id not in seen]
    try:
        read_ahead([ImportItem(_saved(upload), upload.name) for upload in new])
    except StoreWriteError:
        return  # the temporary folder's disk is full: each preview below says so
    seen.update(upload.file_id for upload in new)


def _preview(version: str, upload, choice: str | None):
    """Validation report of one uploaded file, kept in the session until the store changes (a rerun of
    the page must not re-read every uploaded file). Kept as it is, not pickled: st.cache_data's copy and
    argument hashing cost ~2 ms a file, 2 s a rerun with 1,000 files. The file is written to disk only
    here, when it must be read: once kept in the store its temporary copy is gone."""
    kept = st.session_state.get("previews")
    if kept is None or kept[0] != version:  # a new version: every file is checked against it again
        kept = st.session_state["previews"] = (version, {})
    key = (upload.file_id, upload.name, choice, user)
    if key not in kept[1]:
        kept[1][key] = preview_file(store, _saved(upload), display_name=upload.name, school_choice=choice,
                                    allows=allows, user=user)
    return kept[1][key]


def _received(upload, result, choice):
    """Keep and log each checked file once per session; what it shows if that fails (disk full)."""
    done = st.session_state.setdefault("received", set())
    key = (upload.file_id, result.status, choice)
    if key not in done and upload.file_id not in st.session_state.get("imported_here", ()):
        recorded = record_preview(store, _saved(upload), result, user=user)
        if recorded.status == "failed":
            return recorded  # not kept: its temporary copy stays, and the next rerun tries again
        done.add(key)
    if result.status in _FINAL and not result.unmatched_school:
        discard_upload(upload.file_id, upload.name)
    return result


def _confirm(ready: list) -> None:
    """All the valid files as one batch, with a progress bar while it reads and writes them."""
    bar = st.progress(0.0, text="Đang chuẩn bị nhập…")

    def progress(stage, done, total, name):
        bar.progress(min(done / max(total, 1), 1.0), text=ui.plain(progress_text(stage, done, total, name)))
    items = [ImportItem(_saved(upload), upload.name, None if choice == _NEW else choice) for upload, choice in ready]
    results = zip([u for u, _ in ready], import_files(store, items, door="upload", user=user, allows=allows,
                                                      progress=progress))
    bar.empty()
    results = list(results)
    # Afterwards the preview finds these files in the store; they read "Đã nhập", not "đã nhập trước đó".
    st.session_state.setdefault("imported_here", {}).update(
        {upload.file_id: result for upload, result in results if result.status == "imported"})
    outcome = []
    for upload, result in results:
        if result.status != "failed":
            discard_upload(upload.file_id, upload.name)  # kept in originals/ (a failed one stays, to be tried again)
        reason = f" — {ui.plain(_without_paths(result.errors['message'].iloc[-1]))}" if result.status == "failed" else ""
        title = upload_list.file_title(result.status, result)
        outcome.append((result.status, f"{ui.plain(upload.name)}: {title}{reason}", result))
    st.session_state["import_outcome"] = outcome + [("imported", "Các trang khác hiển thị dữ liệu mới ngay.", None)]


def _add_school(file_id: str) -> None:
    """The form's school, imported as a file of its own; the document then uses it."""
    fields = {key: st.session_state.get(f"new_{key}_{file_id}") for key in
              ("school_id", "name", "school_level", "province", "district", "commune")}
    result = add_school(store, fields, user=user, allows=allows)
    st.session_state[f"new_school_result_{file_id}"] = result
    if result.status == "imported":
        st.session_state[f"school_for_{file_id}"] = fields["school_id"].strip()


def _new_school_form(upload, result) -> None:
    """'Thêm trường mới': the Trường columns the store needs, within what the viewer may add."""
    fid = upload.file_id
    with st.form(f"new_school_{fid}"):
        st.markdown("**Thêm trường mới** (theo danh sách trường của Sở/Phòng)")
        st.text_input("Mã trường", key=f"new_school_id_{fid}", placeholder="ví dụ HP-THCS-TT")
        st.text_input("Tên trường", value=result.unmatched_school or "", key=f"new_name_{fid}")
        st.selectbox("Cấp học", school_levels(), index=None, placeholder="— chọn cấp học —",
                     key=f"new_school_level_{fid}")
        provinces = [viewer.province] if viewer.province else provinces_2025()
        st.selectbox("Tỉnh/Thành phố", provinces, index=0 if viewer.province else None,
                     placeholder="— chọn tỉnh/thành phố —", key=f"new_province_{fid}")
        st.text_input("Quận/Huyện", key=f"new_district_{fid}")
        if viewer.role == "xa":  # a Xã/Phường account adds schools of its own communes only
            st.selectbox("Xã/Phường", sorted(viewer.communes), key=f"new_commune_{fid}")
        else:
            st.text_input("Xã/Phường", key=f"new_commune_{fid}")
        st.form_submit_button("Thêm trường và dùng cho tài liệu này", on_click=_add_school, args=(fid,))
    added = st.session_state.get(f"new_school_result_{fid}")
    if added is not None and added.status != "imported":
        for message in added.errors["message"]:
            st.error(ui.plain(message))


def _placed(issues):
    """The issues with the places some of them have: a file that does not open has no sheet, row or column,
    and three empty columns pushed its message off the right of the screen."""
    shown = without_empty(issues[["severity", "sheet", "row", "column", "message"]], ("sheet", "row", "column"))
    return shown.fillna({"sheet": "", "column": ""})


def _report(upload, result, status: str) -> None:
    # the counts under the headers the import history gives them (metrics.labels)
    counts = {**result.counts, "warnings": len(result.warnings), "errors": len(result.errors)}
    st.write(ui.plain(" · ".join(f"{column(key).header}: {ui.count(counts.get(key, 0))}" for key in _COUNTS)))
    if len(result.issues):
        ui.show_frame(_placed(result.issues), f"Lỗi và cảnh báo của tệp {upload.name}", f"issues_{upload.file_id}")
    options = {sid: label for sid, label in result.candidates}
    if viewer.role != "truong":  # a school's account cannot add another school
        options[_NEW] = "Thêm trường mới (chưa có trong danh sách)"
    if result.unmatched_school and status != "imported" and options:
        st.selectbox("Tài liệu này của trường nào?", [None, *options], key=f"school_for_{upload.file_id}",
                     placeholder="Chọn trường", format_func=lambda sid: "— chọn trường —" if sid is None else options.get(sid, sid))
        if st.session_state.get(f"school_for_{upload.file_id}") == _NEW:
            _new_school_form(upload, result)


clean_old_uploads_now_and_then()  # what closed browsers left a day ago and more
uploads = None
if signin.may_upload(viewer):
    uploads = st.file_uploader("Chọn tệp", type=[suffix[1:] for suffix in FOLDER_SUFFIXES], accept_multiple_files=True,
                               key="uploads")
else:  # open mode on real data: see pages/signin.py
    st.info("Chưa cấu hình đăng nhập, nên trang này chỉ nhận tệp từ trình duyệt khi kho chỉ có dữ liệu minh họa "
            "(kho này thì không): không ai biết người gửi là ai. Hãy gửi tệp cho người vận hành hệ thống, hoặc đề nghị "
            "cấu hình đăng nhập.",
            icon=":material/lock:")
    with st.expander("Dành cho người vận hành"):  # how to open it, for whoever runs the server
        st.text("Nhập bằng dòng lệnh: python -m loaders <tệp hoặc thư mục>; hoặc cấu hình đăng nhập (README, mục "
                f"“Đăng nhập và phạm vi”); hoặc đặt {signin.OPEN_UPLOADS_ENV}=1 để cho phép nhập khi chưa đăng nhập.")
if uploads:
    st.subheader("Kiểm tra trước khi nhập")
    previews, bar = [], st.progress(0.0)  # the spinner of the preview cache is off: this bar says which file
    _read_new_ones_ahead(uploads)
    version = store.current_path().name  # every file of this run checked against one version
    for n, upload in enumerate(uploads):
        choice = st.session_state.get(f"school_for_{upload.file_id}")
        bar.progress(n / len(uploads), text=ui.plain(progress_text("read", n, len(uploads), upload.name)))
        try:
            result = _preview(version, upload, None if choice == _NEW else choice)
            result = _received(upload, result, choice)
        except StoreWriteError as problem:  # the temporary folder's disk is full
            st.error(f"{ui.plain(upload.name)}: {ui.plain(_without_paths(problem))}")
            with st.expander("Chi tiết kỹ thuật"):
                st.text(str(problem))
            continue
        previews.append((upload, result, choice))
    bar.empty()
    imported_here = st.session_state.get("imported_here", {})
    # a file imported here reads as imported (its preview now finds it in the store, "đã nhập trước đó")
    shown = [(upload, imported_here[upload.file_id] if result.status == "unchanged" and upload.file_id in imported_here
              else result) for upload, result, _ in previews]
    for upload, result in upload_list.to_show(shown):
        label = f"{ui.plain(upload.name)}: {upload_list.file_title(result.status, result)}"  # constants and counts only
        with st.expander(label, expanded=upload_list.needs_reading(result)):
            _report(upload, result, result.status)
    ready = [(upload, choice) for upload, r, choice in previews if r.status == "valid"]
    if ready:
        # The import runs in the click callback, before the page re-renders, so a rerun
        # of the page can never lose or repeat a confirmed import.
        if signin.uploads_end_after_import(viewer):
            st.warning("Chế độ minh họa chưa cấu hình đăng nhập: sau khi nhập, kho có hồ sơ thật nên trang này sẽ thôi "
                       "nhận tệp từ trình duyệt cho đến khi người quản trị cấu hình đăng nhập; người vận hành có thể "
                       "đưa kho về dữ liệu minh họa khi cần.", icon=":material/warning:")
            with st.expander("Chi tiết kỹ thuật"):  # for the operator, not the official
                st.caption("Đưa kho về dữ liệu minh họa: xóa thư mục kho dữ liệu (mặc định data/store/) rồi khởi động "
                           "lại; xem \"Dành cho người vận hành\" trong README.")
        st.button(f"Xác nhận nhập {ui.count(len(ready))} tệp hợp lệ", type="primary", on_click=_confirm, args=(ready,))

for status, line, result in st.session_state.pop("import_outcome", []):
    (st.error if status == "failed" else st.success)(line)
    if status == "failed" and result is not None and len(result.errors):
        with st.expander("Chi tiết kỹ thuật"):  # server paths and free space, for whoever runs the server
            for message in result.errors["message"]:
                st.text(str(message))

st.subheader("Lịch sử nhập")
history = store.import_history()
if history.torn:
    st.warning(ui.plain(torn_note(store.log_path, history.torn)))
entries = history.entries
if ui.viewer().role not in ("open", "admin"):  # the log names every province's files and says nothing of scope
    st.info("Lịch sử nhập gồm tệp của mọi tỉnh, mọi trường nên chỉ hiển thị đầy đủ cho tài khoản quản trị; "
            "dưới đây là các tệp bạn đã gửi.")
    entries = [entry for entry in entries if entry.get("user") == user]
if not entries:
    st.info("Chưa có lần nhập nào.")
else:
    frame = history_frame(entries)
    if not st.toggle("Chi tiết kỹ thuật (nơi lưu bản gốc trên máy chủ)", key="history_technical"):
        frame = frame.drop(columns=[c for c in _TECHNICAL if c in frame])
    ui.show_table(frame, filters, "Lịch sử nhập", "history")
