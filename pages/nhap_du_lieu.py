"""Nhập dữ liệu: template download, upload with a validation report, confirm, history."""
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from loaders.importer import import_file, preview_file
from loaders.template import template_bytes
from pages import ui

filters, _ = ui.start_page("Nhập dữ liệu")
store = ui.reader().store
# Material icons come with Streamlit's own font; emoji need one on the official's machine.
_STATUS = {"valid": ":material/check_circle: Hợp lệ, sẵn sàng nhập",
           "rejected": ":material/error: Có lỗi — tệp sẽ không được nhập",
           "unchanged": ":material/pause_circle: Tệp này đã được nhập trước đó",
           "imported": ":material/check_circle: Đã nhập"}

st.download_button("Tải mẫu nhập liệu (Excel)", st.cache_data(template_bytes)(), "mau_nhap_lieu_kiem_dinh.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
st.caption("Nhận tệp mẫu .xlsx/.csv và kế hoạch của trường dạng Word (.docx). Mỗi tệp được nhập trọn vẹn "
           "hoặc không nhập gì; tệp có lỗi không làm thay đổi dữ liệu.")


@st.cache_data(max_entries=64, show_spinner="Đang kiểm tra tệp…")
def _preview(store_root: str, version: str, path: str, name: str, choice: str | None):
    """Validation report of one uploaded file, kept until the store changes (a rerun of the
    page must not re-read every uploaded file)."""
    return preview_file(store, Path(path), display_name=name, school_choice=choice)


def _confirm(ready: list) -> None:
    results = [(name, path, import_file(store, path, display_name=name, school_choice=choice))
               for name, path, choice in ready]
    # Afterwards the preview finds these files in the store; they read "Đã nhập", not "đã nhập trước đó".
    st.session_state.setdefault("imported_here", set()).update(
        str(path) for _, path, result in results if result.status == "imported")
    st.session_state["import_outcome"] = ([f"{ui.plain(name)}: {_STATUS[result.status]}" for name, _, result in results]
                                          + ["Các trang khác hiển thị dữ liệu mới ngay."])


uploads = st.file_uploader("Chọn tệp", type=["xlsx", "csv", "docx"], accept_multiple_files=True, key="uploads")
folder = Path(tempfile.gettempdir()) / "kdcl_uploads"
folder.mkdir(exist_ok=True)
saved = []
for upload in uploads or []:
    # Under its own name (the CSV's table and the kept original are named after it), in a folder per
    # upload: file_id is unique per upload, so the bytes never change under it.
    path = folder / upload.file_id / Path(upload.name).name
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(upload.getvalue())
    saved.append((upload.name, path))

if saved:
    st.subheader("Kiểm tra trước khi nhập")
    previews = []
    for name, path in saved:
        choice = st.session_state.get(f"school_for_{path.parent.name}")
        result = _preview(str(store.root), store.current_path().name, str(path), name, choice)
        previews.append((name, path, result, choice))
    for name, path, result, _ in previews:
        imported_here = result.status == "unchanged" and str(path) in st.session_state.get("imported_here", ())
        status = "imported" if imported_here else result.status
        with st.expander(f"{ui.plain(name)}: {_STATUS[status]}", expanded=result.status == "rejected"):
            c = result.counts
            st.write(f"Trường: {c.get('schools', 0)} · Tiêu chí: {c.get('ratings', 0)} · Mức 4: {c.get('level4', 0)}"
                     f" · Hạng mục kế hoạch: {c.get('plan_items', 0)} · Công nhận: {c.get('recognitions', 0)}"
                     f" · Cảnh báo: {len(result.warnings)}"
                     f" · Lỗi: {len(result.errors)}")
            if len(result.issues):
                ui.show_frame(result.issues[["severity", "sheet", "row", "column", "message"]])
            if result.candidates:
                options = {sid: label for sid, label in result.candidates}
                st.selectbox("Tài liệu này của trường nào?", [None, *options], key=f"school_for_{path.parent.name}",
                             format_func=lambda sid: "— chọn trường —" if sid is None else options[sid])
    ready = [(name, path, choice) for name, path, r, choice in previews if r.status == "valid"]
    if ready:
        # The import runs in the click callback, before the page re-renders, so a rerun
        # of the page can never lose or repeat a confirmed import.
        st.button(f"Xác nhận nhập {len(ready)} tệp hợp lệ", type="primary", on_click=_confirm, args=(ready,))

for line in st.session_state.pop("import_outcome", []):
    st.success(line)

st.subheader("Lịch sử nhập")
history = pd.DataFrame(store.read_log())
if history.empty:
    st.info("Chưa có lần nhập nào.")
else:
    history = history.iloc[::-1].assign(time=lambda h: pd.to_datetime(h["time"]))
    ui.show_table(history.drop(columns=["sha256"], errors="ignore"), filters, "Lịch sử nhập", "history")
