"""Nhập dữ liệu: template download, upload with a validation report, confirm, history.

Every file received is kept in originals/ and logged once it has been checked, whether it is then
confirmed or not; its temporary copy goes once the store has it (see loaders.uploads)."""
import streamlit as st

from loaders.import_log import history_frame, torn_note
from loaders.importer import import_file, preview_file, record_preview
from loaders.store import StoreWriteError
from loaders.template import template_bytes
from loaders.uploads import clean_old_uploads, discard_upload, saved_upload
from pages import signin, ui

filters, _ = ui.start_page("Nhập dữ liệu", need="import")
store = ui.reader().store
viewer = ui.viewer()
# who the files are recorded under, and which schools they may name (open mode: anyone, nobody known)
user = signin.user_label(viewer)
allows = None if viewer.role == "open" else viewer.allows_school
# Material icons come with Streamlit's own font; emoji need one on the official's machine.
_STATUS = {"valid": ":material/check_circle: Hợp lệ, sẵn sàng nhập",
           "rejected": ":material/error: Có lỗi — tệp sẽ không được nhập",
           "unchanged": ":material/pause_circle: Tệp này đã được nhập trước đó",
           "imported": ":material/check_circle: Đã nhập",
           "failed": ":material/error: Không nhập được"}
_FINAL = {"rejected", "unchanged"}  # the store has its copy; the temporary one can go

st.download_button("Tải mẫu nhập liệu (Excel)", st.cache_data(template_bytes, show_spinner=False)(), "mau_nhap_lieu_kiem_dinh.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
st.caption("Nhận tệp mẫu .xlsx/.csv và kế hoạch của trường dạng Word (.docx). Mỗi tệp được nhập trọn vẹn "
           "hoặc không nhập gì; tệp có lỗi không làm thay đổi dữ liệu. Mọi tệp nhận được đều được lưu bản gốc "
           "và ghi vào lịch sử nhập.")


def _saved(upload):
    return saved_upload(upload.file_id, upload.name, upload.getvalue)


@st.cache_data(max_entries=64, show_spinner="Đang kiểm tra tệp…")
def _preview(store_root: str, version: str, file_id: str, name: str, choice: str | None, user: str | None,
             _upload):
    """Validation report of one uploaded file, kept until the store changes (a rerun of the
    page must not re-read every uploaded file). The file is written to disk only here, when
    it must be read: once kept in the store its temporary copy is gone."""
    return preview_file(store, _saved(_upload), display_name=name, school_choice=choice, allows=allows, user=user)


def _received(upload, result, choice):
    """Keep and log each checked file once per session; what it shows if that fails (disk full)."""
    done = st.session_state.setdefault("received", set())
    key = (upload.file_id, result.status, choice)
    if key not in done and upload.file_id not in st.session_state.get("imported_here", ()):
        recorded = record_preview(store, _saved(upload), result, user=user)
        if recorded.status == "failed":
            return recorded  # not kept: its temporary copy stays, and the next rerun tries again
        done.add(key)
    if result.status in _FINAL and not result.candidates:
        discard_upload(upload.file_id, upload.name)
    return result


def _confirm(ready: list) -> None:
    results = [(upload, import_file(store, _saved(upload), display_name=upload.name, school_choice=choice,
                                    door="upload", user=user, allows=allows)) for upload, choice in ready]
    # Afterwards the preview finds these files in the store; they read "Đã nhập", not "đã nhập trước đó".
    st.session_state.setdefault("imported_here", set()).update(
        upload.file_id for upload, result in results if result.status == "imported")
    outcome = []
    for upload, result in results:
        if result.status != "failed":
            discard_upload(upload.file_id, upload.name)  # kept in originals/ (a failed one stays, to be tried again)
        reason = f" — {ui.plain(result.errors['message'].iloc[-1])}" if result.status == "failed" else ""
        outcome.append((result.status, f"{ui.plain(upload.name)}: {_STATUS[result.status]}{reason}"))
    st.session_state["import_outcome"] = outcome + [("imported", "Các trang khác hiển thị dữ liệu mới ngay.")]


clean_old_uploads()  # what closed browsers left a day ago and more
uploads = None
if signin.may_upload(viewer):
    uploads = st.file_uploader("Chọn tệp", type=["xlsx", "csv", "docx"], accept_multiple_files=True, key="uploads")
else:  # open mode on real data: see pages/signin.py
    st.info("Chưa cấu hình đăng nhập nên không nhận tệp từ trình duyệt trên dữ liệu thật. Người vận hành có thể "
            f"nhập bằng dòng lệnh (python -m loaders ...), cấu hình đăng nhập, hoặc đặt {ui.plain(signin.OPEN_UPLOADS_ENV)}=1.",
            icon=":material/lock:")
if uploads:
    st.subheader("Kiểm tra trước khi nhập")
    previews = []
    for upload in uploads:
        choice = st.session_state.get(f"school_for_{upload.file_id}")
        try:
            result = _preview(str(store.root), store.current_path().name, upload.file_id, upload.name, choice,
                              user, upload)
            result = _received(upload, result, choice)
        except StoreWriteError as problem:  # the temporary folder's disk is full
            st.error(f"{ui.plain(upload.name)}: {ui.plain(problem)}")
            continue
        previews.append((upload, result, choice))
    for upload, result, _ in previews:
        imported_here = result.status == "unchanged" and upload.file_id in st.session_state.get("imported_here", ())
        status = "imported" if imported_here else result.status
        with st.expander(f"{ui.plain(upload.name)}: {_STATUS[status]}", expanded=status in ("rejected", "failed")):
            c = result.counts
            st.write(f"Trường: {ui.count(c.get('schools', 0))} · Tiêu chí: {ui.count(c.get('ratings', 0))} · Mức 4: {ui.count(c.get('level4', 0))}"
                     f" · Hạng mục kế hoạch: {ui.count(c.get('plan_items', 0))} · Công nhận: {ui.count(c.get('recognitions', 0))}"
                     f" · Cảnh báo: {len(result.warnings)}"
                     f" · Lỗi: {len(result.errors)}")
            if len(result.issues):
                ui.show_frame(result.issues[["severity", "sheet", "row", "column", "message"]])
            if result.candidates:
                options = {sid: label for sid, label in result.candidates}
                st.selectbox("Tài liệu này của trường nào?", [None, *options], key=f"school_for_{upload.file_id}", placeholder="Chọn trường",
                             format_func=lambda sid: "— chọn trường —" if sid is None else options[sid])
    ready = [(upload, choice) for upload, r, choice in previews if r.status == "valid"]
    if ready:
        # The import runs in the click callback, before the page re-renders, so a rerun
        # of the page can never lose or repeat a confirmed import.
        st.button(f"Xác nhận nhập {len(ready)} tệp hợp lệ", type="primary", on_click=_confirm, args=(ready,))

for status, line in st.session_state.pop("import_outcome", []):
    (st.error if status == "failed" else st.success)(line)

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
    ui.show_table(history_frame(entries), filters, "Lịch sử nhập", "history")
