"""Run a reader in a child process that cannot take its parent down.

A hostile file can make a reader ask for 512 GB (python-calamine sizes a sheet by its
farthest cells), expand for minutes, or crash in native code. Whatever it does happens in a
forked child with an address-space limit (RLIMIT_AS: what it has at the fork plus `memory_mb`)
and a wall-clock limit (killed after `seconds`); the parent, the dashboard serving everyone
or the CLI with its other files, gets a result or an exception it can word for the official.

Fork, not spawn or forkserver: the child starts in ~5-15 ms with every module already imported
(a fresh interpreter needs ~0.5 s to import pandas, pyarrow and the readers, per file or once
per process), and it only reads the file: it takes no lock of ours, touches no connection and
leaves with os._exit. The result comes back pickled through a pipe, its large buffers (columns)
out of band. Only our own code writes that stream: the file's bytes are parsed in the child and
arrive as plain values, frames and Arrow tables, and a child that could be made to run code would
already run it with our rights.
"""
from __future__ import annotations

import faulthandler
import multiprocessing
import os
import pickle
import resource
import signal

import pyarrow as pa

from loaders.limits import Limits, OverLimit, over_unmeasured

_FORK = multiprocessing.get_context("fork")
_MB = 1024 * 1024
_DIED_OF_MEMORY = {-signal.SIGABRT, -signal.SIGKILL}  # Rust aborts when an allocation fails; the kernel kills
_CRASHES = {-signal.SIGSEGV, -signal.SIGBUS}


class ReadFailed(Exception):
    """The reader raised (a corrupt or disguised file) or died for another reason; `kind` says what."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class _Crashed(ReadFailed):
    """The child died of a signal that is not a limit (a segmentation fault, a bus error)."""


def run_bounded(function, args: tuple, limits: Limits):
    """`function(*args)` in a child within `limits.memory_mb` and `limits.seconds`. Raises OverLimit
    (a limit, named, whether the child checked it or hit it) or ReadFailed.

    A child that crashes is tried once more: a child forked from a threaded parent (the dashboard, the
    tests' AppTest) can inherit a lock or allocator state another thread held at the fork and crash
    for that reason alone (seen once in ~600 reads in the full suite: a good workbook, SIGSEGV). A
    file that crashes the reader twice is reported as such."""
    try:
        return _run_once(function, args, limits)
    except _Crashed:
        return _run_once(function, args, limits)


def _run_once(function, args: tuple, limits: Limits):
    receiver, sender = _FORK.Pipe(duplex=False)
    child = _FORK.Process(target=_child, args=(sender, function, args, limits), daemon=True)
    child.start()
    sender.close()  # the parent keeps only the reading end: the child's death reads as EOF
    try:
        if not receiver.poll(limits.seconds):
            raise OverLimit(over_unmeasured("seconds", limits, f"sau {limits.seconds:g} giây vẫn chưa đọc xong tệp"))
        outcome, payload = _receive(receiver)
    except EOFError:
        child.join(5)
        if child.exitcode in _DIED_OF_MEMORY:
            raise OverLimit(_memory_message(limits)) from None
        kind = _Crashed if child.exitcode in _CRASHES else ReadFailed
        raise kind(f"trình đọc dừng bất thường, mã {child.exitcode}") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "ok":
        return payload
    if outcome == "over":
        raise OverLimit(*payload)
    if outcome == "memory":
        raise OverLimit(_memory_message(limits))
    raise ReadFailed(payload)


def _memory_message(limits: Limits) -> str:
    return over_unmeasured("memory_mb", limits, "việc đọc tệp cần nhiều bộ nhớ hơn mức cho phép")


def _child(sender, function, args: tuple, limits: Limits) -> None:
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
