"""The dashboard's pages (listed in dashboard.py) and the modules they share.

Streamlit treats a folder named pages/ beside the entry script as an old-style multipage app until
the process says otherwise: every file here would be a page, its menu the raw file names (dashboard,
charts, ui, tong quan), and a first visit to /ui would run ui.py alone (a blank page). So the first
import of this package in the process (from dashboard.py, or a module run as a page) leaves that mode
and reruns through dashboard.py. `client.showSidebarNavigation` is false in .streamlit/config.toml so
that menu is never drawn before; it is turned back on here for st.navigation's own menu. That first
run also starts a fresh clone's demo build (pages/startup.py)."""
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from pages import startup


def leave_legacy_multipage_mode() -> None:
    """Once per process, on the first run of the first session; cheap after that."""
    if PagesManager.uses_pages_directory is not False:
        PagesManager.uses_pages_directory = False
        st.set_option("client.showSidebarNavigation", True)
        # drawn before the first heavy import; it stays on screen until the rerun draws the page
        st.info("Đang khởi động bảng điều khiển, xin chờ giây lát…", icon=":material/hourglass_top:")
        startup.begin()  # a fresh clone's demo build, started before the heavy imports
        st.rerun()


leave_legacy_multipage_mode()
