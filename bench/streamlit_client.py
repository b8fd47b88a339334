"""A Streamlit session without a browser: a websocket client speaking Streamlit's own protocol (the
protobuf BackMsg/ForwardMsg of streamlit.proto, as the frontend does), for bench/load.py.

Each interaction sends what the frontend sends (a `rerun_script` with the page's hash and the changed
widget's state) and lasts until the server's `script_finished`: the script ran, and every element it
drew was serialised and received. Drawing in a browser comes on top (bench/browser_speed.py).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

_FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


@dataclass
class Run:
    seconds: float
    bytes: int
    texts: list[str] = field(default_factory=list)  # markdown/headings drawn (to check what was shown)
    errors: list[str] = field(default_factory=list)  # exceptions drawn, or a run that did not finish


class Session:
    """One browser tab's worth of Streamlit session."""

    def __init__(self, url: str):
        self.url = url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        self.pages: dict[str, str] = {}  # page name -> script hash (from the navigation message)
        self.selectboxes: dict[str, str] = {}  # label -> widget id
        self.page_hash = ""
        self._ws = None

    async def open(self) -> Run:
        self._ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None,
                                            open_timeout=60, ping_interval=None)
        return await self.rerun()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def switch_page(self, name: str) -> Run:
        self.page_hash = self.pages[name]
        return await self.rerun()

    async def choose(self, label: str, value: str) -> Run:
        """Pick `value` in the selectbox labelled `label`, as the frontend sends it (the shown text)."""
        msg = BackMsg()
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = self.selectboxes[label]
        state.string_value = value
        return await self.rerun(msg)

    async def rerun(self, msg: BackMsg | None = None) -> Run:
        msg = msg or BackMsg()
        msg.rerun_script.page_script_hash = self.page_hash
        msg.rerun_script.query_string = ""
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        return await self._until_finished(start)

    async def _until_finished(self, start: float) -> Run:
        run = Run(0.0, 0)
        while True:
            frame = await self._ws.recv()
            run.bytes += len(frame)
            forward = ForwardMsg()
            forward.ParseFromString(frame)
            kind = forward.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.page_name: p.page_script_hash for p in forward.navigation.app_pages}
                self.page_hash = forward.navigation.page_script_hash
            elif kind == "delta":
                self._element(forward.delta, run)
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun (pages/__init__.py's first run in a session): the rerun's end counts
                if forward.script_finished not in _FINISHED:
                    run.errors.append(f"script finished with status {forward.script_finished}")
                run.seconds = time.perf_counter() - start
                return run

    def _element(self, delta, run: Run) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.errors.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "selectbox":
            self.selectboxes[element.selectbox.label] = element.selectbox.id
        elif kind in ("markdown", "heading"):
            run.texts.append(getattr(element, kind).body)
