"""The process that forks the readers' children (the server side of loaders.bounded).

Why a server of our own: the dashboard and the tests run threads (Streamlit's, DuckDB's, Arrow's
and the Rust readers' pools), and a child forked from a threaded process inherits whatever lock
or allocator state another thread held at that instant: in the full test suite such children
crashed with SIGSEGV on ordinary workbooks, twice in a row. This server is a clean interpreter
that imports the readers once (~1 s) and never reads a file itself, so it stays single-threaded,
and each child is still a cheap fork (~10 ms) with every module already imported. (The standard
library's forkserver would do the same, but it re-runs or preloads the parent's main script in
every child, which breaks scripts without a main guard and costs Streamlit's CLI ~0.5 s.)

Protocol, per read: the parent sends one byte with two socket ends over the control socket: the
child's data end (the parent writes the request there, the child writes the result) and a status
end (the server writes the child's pid, then its exit code, in the form of
multiprocessing's exitcode: negative for a signal). The server closes its copy of the data end, so
a child's death reads as EOF on the parent's side.
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import socket
import sys
import traceback
from multiprocessing.connection import Connection

import loaders.reading  # noqa: F401 - imported once here, inherited by every child
from loaders.bounded import child_runs

_TICK = 0.2  # seconds between reaping children when no request comes


def main(control_fd: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C belongs to the parent
    control = socket.socket(fileno=control_fd)
    waiting: dict[int, Connection] = {}
    while True:
        ready, _, _ = select.select([control], [], [], _TICK)
        if ready and not _serve_one(control, waiting):
            break  # the parent closed its end: it has gone
        _reap(waiting)
    os._exit(0)


def _serve_one(control: socket.socket, waiting: dict[int, Connection]) -> bool:
    try:
        message, fds, _, _ = socket.recv_fds(control, 1, 2)
    except OSError:
        return False
    if not message:
        return False
    data_fd, status_fd = fds
    pid = os.fork()
    if pid == 0:
        control.close()
        os.close(status_fd)
        _run_child(Connection(data_fd))
    os.close(data_fd)
    status = Connection(status_fd)
    status.send(pid)
    waiting[pid] = status
    return True


def _reap(waiting: dict[int, Connection]) -> None:
    while waiting:
        try:
            pid, code = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        status = waiting.pop(pid, None)
        if status is not None:
            _report(status, os.waitstatus_to_exitcode(code))


def _report(status: Connection, exitcode: int) -> None:
    try:
        status.send(exitcode)
    except OSError:
        pass  # the parent stopped waiting (it timed out and killed the child)
    status.close()


def _run_child(data: Connection) -> None:
    """Read the request, run it within its limits, send the outcome; never return."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        sys.path[:] = data.recv()  # the parent's path, so its functions can be unpickled
        function, args, limits = pickle.loads(data.recv_bytes())
        child_runs(data, function, args, limits)
        code = 0
    except BaseException:  # noqa: BLE001 - a broken request: say why in the server's log, exit 1
        traceback.print_exc()
    finally:
        os._exit(code)


if __name__ == "__main__":
    main(int(sys.argv[1]))
