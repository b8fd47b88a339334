"""Run a reader in a child process that cannot take its parent down.

A hostile file can make a reader ask for 512 GB (python-calamine sizes a sheet by its
farthest cells), expand for minutes, or crash in native code. Whatever it does happens in a
forked child with an address-space limit (RLIMIT_AS: what it has at the fork plus `memory_mb`)
and a wall-clock limit (killed after `seconds`); the parent, the dashboard serving everyone
or the CLI with its other files, gets a result or an exception it can word for the official.

The child is forked by loaders.reader_server, a clean single-threaded process started once per
process with the readers imported: forked from the threaded dashboard itself, children crashed
(see that module). It only reads the file: it takes no lock of ours, touches no connection and
leaves with os._exit. The result comes back pickled through a pipe, its large buffers (columns)
out of band. Only our own code writes that stream: the file's bytes are parsed in the child and
arrive as plain values, frames and Arrow tables, and a child that could be made to run code would
already run it with our rights.
"""
from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import signal
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

import pyarrow as pa

from loaders.limits import Limits, OverLimit, over_unmeasured

_MB = 1024 * 1024
_PROJECT = str(Path(__file__).resolve().parent.parent)
_server_lock = threading.Lock()
_server: dict = {"process": None, "control": None}
# Importing numpy starts OpenBLAS's workers and pyarrow its jemalloc purging thread: without them
# the server is one thread, so nothing can be mid-lock when it forks (the readers use neither).
_SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "JE_ARROW_MALLOC_CONF": "background_thread:false"}
_DIED_OF_MEMORY = {-signal.SIGABRT, -signal.SIGKILL}  # Rust aborts when an allocation fails; the kernel kills


class ReadFailed(Exception):
    """The reader raised (a corrupt or disguised file) or died for another reason; `kind` says what."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def run_bounded(function, args: tuple, limits: Limits):
    """`function(*args)` in a child within `limits.memory_mb` and `limits.seconds`. Raises OverLimit
    (a limit, named, whether the child checked it or hit it) or ReadFailed. `function` and `args`
    reach the child pickled: a module-level function and plain values."""
    data, status = _start_child(function, args, limits)
    try:
        pid = status.recv()
        if not data.poll(limits.seconds):
            os.kill(pid, signal.SIGKILL)
            raise OverLimit(over_unmeasured("seconds", limits, f"sau {limits.seconds:g} giây vẫn chưa đọc xong tệp"))
        outcome, payload = _receive(data)
    except EOFError:
        exitcode = _exit_code(status)
        if exitcode in _DIED_OF_MEMORY:
            raise OverLimit(_memory_message(limits)) from None
        raise ReadFailed(f"trình đọc dừng bất thường, mã {exitcode}") from None
    finally:
        data.close()
        status.close()
    if outcome == "ok":
        return payload
    if outcome == "over":
        raise OverLimit(*payload)
    if outcome == "memory":
        raise OverLimit(_memory_message(limits))
    raise ReadFailed(payload)


def _start_child(function, args: tuple, limits: Limits) -> tuple[Connection, Connection]:
    request = pickle.dumps((function, args, limits))  # fails here, in the caller, if it cannot cross
    data, data_child = socket.socketpair()
    status, status_server = socket.socketpair()
    try:
        _ask_server(data_child.fileno(), status_server.fileno())
    finally:
        data_child.close()
        status_server.close()
    data, status = Connection(data.detach()), Connection(status.detach())
    data.send(sys.path)
    data.send_bytes(request)
    return data, status


def start_reader_server() -> None:
    """Start the fork server now rather than at the first read: a process that is about to import
    the importer (~1 s) lets the server import the readers (~0.7 s) on the other core meanwhile."""
    with _server_lock:
        _control_socket()


def _ask_server(data_fd: int, status_fd: int) -> None:
    with _server_lock:
        for attempt in (1, 2):  # a server that died since the last read is started again, once
            try:
                socket.send_fds(_control_socket(), [b"r"], [data_fd, status_fd])
                return
            except OSError:
                if attempt == 2:
                    raise
                _server["process"] = None


def _control_socket() -> socket.socket:
    """The fork server's control socket, starting the server when there is none or it has gone."""
    process = _server["process"]
    if process is not None and process.poll() is None:
        return _server["control"]
    if _server["control"] is not None:
        _server["control"].close()
    ours, theirs = socket.socketpair()
    env = dict(os.environ, **_SINGLE_THREADED,
               PYTHONPATH=os.pathsep.join(filter(None, [_PROJECT, os.environ.get("PYTHONPATH")])))
    _server["process"] = subprocess.Popen(
        [sys.executable, "-m", "loaders.reader_server", str(theirs.fileno())], pass_fds=[theirs.fileno()],
        cwd=_PROJECT, env=env, stdin=subprocess.DEVNULL)
    theirs.close()
    _server["control"] = ours
    return ours


def _exit_code(status: Connection) -> int | None:
    """The child's exit code as the server reaped it (it reaps every 0.2 s at most)."""
    try:
        return status.recv() if status.poll(5) else None
    except EOFError:  # the server itself has gone
        return None


def _memory_message(limits: Limits) -> str:
    return over_unmeasured("memory_mb", limits, "việc đọc tệp cần nhiều bộ nhớ hơn mức cho phép")


def child_runs(sender: Connection, function, args: tuple, limits: Limits) -> None:
    """The child's side, run by loaders.reader_server after the fork."""
    # A failed allocation is the parent's message to write, not a backtrace in the server's log.
    os.environ["RUST_BACKTRACE"] = "0"
    faulthandler.disable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C belongs to the parent, which kills the child
    # pyarrow's default pool (mimalloc) reserves arenas a GiB at a time: under an address-space limit
    # of its size + 1 GiB, its first allocation failed and every file read as over the memory limit.
    # glibc's malloc asks for what it needs (and read the national CSV no slower: 1.4 s against 1.6 s).
    pa.set_memory_pool(pa.system_memory_pool())
    size = _address_space()
    if size is not None:  # Linux: /proc/self/status; elsewhere only the time limit holds
        _limit(resource.RLIMIT_AS, size + int(limits.memory_mb * _MB))
    _limit(resource.RLIMIT_CPU, int(limits.seconds) + 5)  # if the parent dies before it can kill the child
    try:
        message = ("ok", function(*args))
    except OverLimit as over:
        message = ("over", (over.message, over.sheet, over.row, over.column))
    except (MemoryError, pa.ArrowMemoryError):
        message = ("memory", None)
    except Exception as exc:  # noqa: BLE001 - any reader failure becomes the parent's message
        message = ("error", type(exc).__name__)
    try:
        _send(sender, message)
    except (MemoryError, pa.ArrowMemoryError):  # the result itself did not fit in the budget
        _send(sender, ("memory", None))
    sender.close()


def _send(sender, message) -> None:
    """Pickle protocol 5 with the frames' and Arrow tables' buffers out of band, each sent as it
    is: the national CSV's 88 MB table crosses in ~0.2 s instead of ~1.2 s copied into one pickle."""
    buffers = []
    data = pickle.dumps(message, protocol=5, buffer_callback=buffers.append)
    sender.send((len(buffers), len(data)))
    sender.send_bytes(data)
    for buffer in buffers:
        sender.send_bytes(buffer.raw())


def _receive(receiver):
    count, _ = receiver.recv()
    data = receiver.recv_bytes()
    return pickle.loads(data, buffers=[receiver.recv_bytes() for _ in range(count)])


def _limit(kind: int, value: int) -> None:
    _, hard = resource.getrlimit(kind)
    resource.setrlimit(kind, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))


def _address_space() -> int | None:
    """This process's virtual size (shared libraries, the parent's heap it inherited), in bytes."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    except (OSError, StopIteration):
        return None
