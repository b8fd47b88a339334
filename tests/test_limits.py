"""The limits as settings (environment, CLI, Streamlit's upload ceiling) and the child process
that bounds a reader: what it returns, and how it ends when the reader takes too long, too much
memory, or dies."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders import bounded, limits
from loaders.bounded import ReadFailed, run_bounded
from loaders.file_checks import column_letters, column_number
from loaders.limits import BULK, Limits, OverLimit
from tests.conftest import ROOT


def test_defaults_protect_and_the_environment_changes_them():
    assert limits.from_env({}) == Limits()
    assert limits.from_env({"KDCL_LIMITS": "bulk"}) == BULK
    changed = limits.from_env({"KDCL_LIMITS": "bulk", "KDCL_LIMIT_ROWS": "1_000", "KDCL_LIMIT_SECONDS": "2.5"})
    assert (changed.rows, changed.seconds, changed.upload_mb) == (1000, 2.5, BULK.upload_mb)
    assert BULK.rows >= 3_600_000 * 2 and BULK.memory_mb < 64 * 1024  # the national file, and still a bound


def test_the_cli_form_and_its_mistakes():
    assert limits.parse_assignments(["rows=500000", "memory_mb = 2048"], Limits()) == \
        Limits(rows=500_000, memory_mb=2048)
    for wrong in (["rows"], ["speed=3"], ["rows=0"]):
        with pytest.raises(ValueError):
            limits.parse_assignments(wrong, Limits())


def test_the_upload_page_refuses_what_the_reader_would():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == Limits().upload_mb


def test_a_message_names_the_limit_its_value_and_how_to_change_it():
    message = limits.over("rows", 1_234_567, Limits(), "tệp có")
    assert message.startswith("tệp có 1.234.567 dòng, vượt giới hạn số dòng mỗi tệp (200.000 dòng; ")
    assert "KDCL_LIMIT_ROWS" in message and message.endswith("chia thành nhiều tệp")
    assert limits.number(2.5) == "2,5" and limits.number(17_179_869_184) == "17.179.869.184"
    assert limits.size(16 * 1024) == "16 KB" and limits.size(4.5 * 1024 * 1024) == "4,5 MB"


@given(st.integers(1, 16384))
def test_column_letters_and_numbers_agree(index):
    assert column_number(column_letters(index)) == index


def _sum_in_child(a: int, b: int) -> dict:
    return {"sum": a + b, "pid": os.getpid()}


def _fill(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _missing_key() -> None:
    return {}["missing"]


def _refuse() -> None:
    raise OverLimit("ô B2 có 40.000 ký tự", sheet="Trường", row=2, column="B")


def _crash() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _threads_of_the_forking_process() -> int:
    return len(os.listdir(f"/proc/{os.getppid()}/task"))


def test_the_child_returns_what_the_reader_returns():
    result = run_bounded(_sum_in_child, (2, 3), Limits())
    assert result["sum"] == 5 and result["pid"] != os.getpid()


def test_children_are_forked_by_a_single_threaded_process():
    """Forked from this threaded process (pytest, AppTest, DuckDB's pools), children crashed with
    SIGSEGV on ordinary workbooks in the full suite: they come from loaders.reader_server."""
    assert threading.active_count() >= 1
    assert run_bounded(_threads_of_the_forking_process, (), Limits()) == 1


def test_the_server_started_ahead_is_the_one_the_reads_use():
    """data/first_start.py starts it before its heavy imports; the first read must not start another."""
    bounded.start_reader_server()
    server = bounded._server["process"]
    bounded.start_reader_server()
    assert run_bounded(_sum_in_child, (4, 5), Limits())["sum"] == 9
    assert bounded._server["process"] is server and server.poll() is None


def test_a_reader_that_takes_too_long_is_killed_at_the_time_limit():
    start = time.perf_counter()
    with pytest.raises(OverLimit) as over:
        run_bounded(time.sleep, (60,), Limits(seconds=1))
    assert time.perf_counter() - start < 5
    assert "sau 1 giây vẫn chưa đọc xong tệp" in over.value.message and "KDCL_LIMIT_SECONDS" in over.value.message


def test_a_reader_that_wants_too_much_memory_fails_in_its_child():
    with pytest.raises(OverLimit) as over:
        run_bounded(_fill, (600,), Limits(memory_mb=256))
    assert "bộ nhớ" in over.value.message and "256 MB" in over.value.message
    assert run_bounded(_fill, (100,), Limits(memory_mb=256)) == 100 * 1024 * 1024


def test_a_reader_that_aborts_or_raises_ends_with_a_message():
    with pytest.raises(OverLimit):  # native code aborts when an allocation fails (SIGABRT)
        run_bounded(os.abort, (), Limits())
    with pytest.raises(ReadFailed) as failed:
        run_bounded(_missing_key, (), Limits())
    assert failed.value.kind == "KeyError"
    with pytest.raises(ReadFailed) as failed:
        run_bounded(os._exit, (3,), Limits())
    assert "mã 3" in failed.value.kind


def test_limits_over_found_by_the_child_keep_their_place():
    with pytest.raises(OverLimit) as over:
        run_bounded(_refuse, (), Limits())
    assert over.value.where() == {"sheet": "Trường", "row": 2, "column": "B"}


def test_a_fresh_process_reads_within_the_default_budget():
    """pyarrow's default pool (mimalloc) reserves its arenas a GiB at a time: in a child whose address
    space may grow by 1 GiB, the first allocation of a process that had not yet used Arrow failed, and
    every file it read was refused as over the memory limit. The child reads with the system pool."""
    script = ("import pyarrow as pa; from loaders.bounded import run_bounded; from loaders.limits import Limits; "
              "print(run_bounded(pa.allocate_buffer, (1 << 20,), Limits()).size)")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == str(1 << 20), run.stdout + run.stderr


def test_a_child_that_crashes_is_the_file():
    with pytest.raises(ReadFailed) as failed:
        run_bounded(_crash, (), Limits())
    assert f"mã {-signal.SIGSEGV}" in failed.value.kind


def test_a_fork_server_that_died_is_started_again():
    run_bounded(os.getpid, (), Limits())
    bounded._server["process"].kill()
    bounded._server["process"].wait()
    assert run_bounded(_sum_in_child, (1, 1), Limits())["sum"] == 2
