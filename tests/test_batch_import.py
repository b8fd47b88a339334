"""A folder of files in one go (issue 15): each file checked and kept on its own, all accepted files
written as ONE new version with one rebuild, nothing changed when nothing is accepted or the write fails."""
from __future__ import annotations

import csv
import errno
from pathlib import Path

import duckdb
import pytest

import loaders.import_write as import_write
import loaders.registry as registry
from loaders.cli import main
from loaders.importer import ImportItem, import_files, preview_file
from loaders.store import Store, StoreReader
from tests.conftest import FIXTURES
from tests.store_cases import copy_of, files_of, schools, version_names
from tests.test_pages import _bad_workbook
from tests.test_upload_page import one_school  # noqa: F401 (a fixture: the one-school store, built once)

TEMPLATE, SAMPLES = FIXTURES / "template", FIXTURES / "samples"
GOOD = [TEMPLATE / "HP-THPT-QT.xlsx", TEMPLATE / "DB-TH-HM.xlsx"]  # schools the one-school store does not have


@pytest.fixture
def store(one_school, tmp_path) -> Store:
    return copy_of(one_school, tmp_path / "store")


def _bad(tmp_path: Path, name: str = "hỏng.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(_bad_workbook(tmp_path))
    return path


def _imports(store: Store) -> list[tuple]:
    con = StoreReader(Store(store.root)).cursor()
    return con.execute("SELECT file_name, import_id, imported_by FROM imports ORDER BY import_id").fetchall()


def test_good_and_bad_files_are_one_new_version_each_file_with_its_own_line_and_original(store, tmp_path):
    versions = version_names(store)
    bad = _bad(tmp_path)
    results = import_files(store, [ImportItem(GOOD[0]), ImportItem(bad), ImportItem(GOOD[1])], user="tester")
    assert [(r.file, r.status) for r in results] == [(GOOD[0].name, "imported"), (bad.name, "rejected"),
                                                     (GOOD[1].name, "imported")]
    assert "Tốt" in results[1].errors.iloc[0]["message"]
    assert len(version_names(store)) == len(versions) + 1  # one version for the batch, not one per file
    assert schools(store) == ["DB-TH-HM", "HP-THCS-TT", "HP-THPT-QT"]
    # each accepted file is an import of its own: its id, its row, who did it
    assert _imports(store)[-2:] == [(GOOD[0].name, 2, "tester"), (GOOD[1].name, 3, "tester")]
    log = {entry["file"]: entry for entry in store.read_log()[-3:]}
    assert {name: entry["status"] for name, entry in log.items()} == {
        GOOD[0].name: "imported", bad.name: "rejected", GOOD[1].name: "imported"}
    assert Path(log[bad.name]["original"]).read_bytes() == bad.read_bytes() and log[bad.name]["errors"] == 1
    assert all(Path(entry["original"]).exists() and entry["user"] == "tester" for entry in log.values())


def test_a_batch_where_every_file_fails_changes_nothing_but_keeps_and_logs_them(store, tmp_path):
    before = {k: v for k, v in files_of(store).items() if not k.startswith(("originals/", "import_log"))}
    bad, pdf = _bad(tmp_path), tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4 not a plan")
    results = import_files(store, [ImportItem(bad), ImportItem(pdf), ImportItem(tmp_path / "không có.xlsx")])
    assert [r.status for r in results] == ["rejected", "rejected", "failed"]
    assert "PDF" in results[1].errors.iloc[0]["message"] and "không có.xlsx" in results[2].errors.iloc[0]["message"]
    assert {k: v for k, v in files_of(store).items() if not k.startswith(("originals/", "import_log"))} == before
    assert [(e["file"], e["status"]) for e in store.read_log()[-2:]] == [(bad.name, "rejected"), (pdf.name, "rejected")]


def test_a_full_disk_while_the_batch_is_written_changes_nothing(store, monkeypatch, tmp_path):
    before = {k: v for k, v in files_of(store).items() if not k.startswith(("originals/", "import_log"))}
    bad = _bad(tmp_path)
    real = import_write.refresh_derived

    def disk_fills(con, touched):  # after every file is in the draft: the last step before publishing
        real(con, touched)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(import_write, "refresh_derived", disk_fills)
    results = import_files(store, [ImportItem(GOOD[0]), ImportItem(bad), ImportItem(GOOD[1])])
    assert [r.status for r in results] == ["failed", "rejected", "failed"]
    assert "ổ đĩa đầy" in results[0].errors.iloc[-1]["message"]
    assert {k: v for k, v in files_of(store).items() if not k.startswith(("originals/", "import_log"))} == before
    assert schools(store) == ["HP-THCS-TT"]
    assert sorted(e["status"] for e in store.read_log()[-3:]) == ["failed", "failed", "rejected"]
    monkeypatch.undo()  # room again: the same files go in
    assert [r.status for r in import_files(store, [ImportItem(p) for p in GOOD])] == ["imported", "imported"]


def test_one_file_whose_writing_raises_fails_alone_and_the_others_are_still_one_version(store, monkeypatch):
    real = import_write.apply_batch

    def breaks_on_quang_trung(con, batch, import_id, is_demo, pending):
        if "HP-THPT-QT" in set(batch.schools["school_id"]):
            con.execute("SELECT 1 / 'not a number'")  # a statement that fails spoils the draft's transaction
        return real(con, batch, import_id, is_demo, pending)

    monkeypatch.setattr(import_write, "apply_batch", breaks_on_quang_trung)
    versions = version_names(store)
    results = import_files(store, [ImportItem(GOOD[0]), ImportItem(GOOD[1])])
    assert [r.status for r in results] == ["failed", "imported"]
    assert "lỗi không lường trước" in results[0].errors.iloc[0]["message"]
    assert schools(store) == ["DB-TH-HM", "HP-THCS-TT"] and len(version_names(store)) == len(versions) + 1


def test_the_same_bytes_twice_in_a_batch_import_once_and_a_rejected_copy_is_rejected_twice(store, tmp_path):
    copy, bad = tmp_path / "lần hai.xlsx", _bad(tmp_path)
    copy.write_bytes(GOOD[0].read_bytes())
    bad_again = tmp_path / "hỏng lần hai.xlsx"
    bad_again.write_bytes(bad.read_bytes())
    results = import_files(store, [ImportItem(p) for p in (GOOD[0], bad, copy, bad_again)])
    assert [(r.file, r.status) for r in results] == [(GOOD[0].name, "imported"), (bad.name, "rejected"),
                                                     (copy.name, "unchanged"), (bad_again.name, "rejected")]
    assert "Tốt" in results[3].errors.iloc[0]["message"]


def test_the_same_bytes_under_other_suffixes_are_each_refused_for_their_own_reason(store, tmp_path):
    pdf, doc = tmp_path / "kế hoạch.pdf", tmp_path / "kế hoạch.doc"
    for path in (pdf, doc):
        path.write_bytes(b"%PDF-1.4 scan")
    results = import_files(store, [ImportItem(pdf), ImportItem(doc)])
    assert [r.status for r in results] == ["rejected", "rejected"]
    assert "PDF" in results[0].errors.iloc[0]["message"]
    assert "Word cũ" in results[1].errors.iloc[0]["message"]


_TABLES = ("schools", "assessments", "ratings", "level4_results", "plan_items", "conclusions", "recognitions",
           "assessment_status")


def _contents(store: Store) -> dict[str, list]:
    """Every data and derived table's rows, without the import ids (a batch numbers its files as one run would)."""
    con = StoreReader(Store(store.root)).cursor()
    return {table: sorted(map(repr, con.execute(f"SELECT * EXCLUDE (import_id) FROM {table}").fetchall()))
            if table != "assessment_status" else sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall()))
            for table in _TABLES}


def test_a_batch_gives_the_store_one_file_after_the_other_gives_even_when_files_write_the_same_school(tmp_path):
    files = [TEMPLATE / "HP-THCS-TT.xlsx", SAMPLES / "registry.csv", SAMPLES / "docx" / "HP-THCS-TT.docx",
             GOOD[0], SAMPLES / "docx" / "HP-THPT-QT.docx"]  # the plans rewrite the template's two schools
    batch, one_by_one = Store(tmp_path / "batch"), Store(tmp_path / "one")
    assert {r.status for r in import_files(batch, [ImportItem(p) for p in files])} == {"imported"}
    for path in files:
        assert import_files(one_by_one, [ImportItem(path)])[0].status == "imported"
    assert _contents(batch) == _contents(one_by_one)
    assert len(version_names(batch)) == 2


def _registry(path: Path, extra: int) -> Path:
    """The seeds' registry plus `extra` schools of other names, so matching has many names to look through."""
    rows = list(csv.reader((SAMPLES / "registry.csv").open(encoding="utf-8")))
    rows += [[f"X-{n:04d}", f"Trường Tiểu học Số {n}", "Tiểu học", "Hải Phòng", "An Lão", ""] for n in range(extra)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_plans_find_the_schools_a_registry_of_the_same_batch_brings_and_names_are_normalised_once(tmp_path,
                                                                                                monkeypatch):
    calls = []
    real = registry.normalise_name
    monkeypatch.setattr(registry, "normalise_name", lambda name: calls.append(name) or real(name))
    plans = sorted((SAMPLES / "docx").glob("*.docx"))
    store = Store(tmp_path / "store")
    registry_csv = _registry(tmp_path / "Trường.csv", 300)
    results = import_files(store, [ImportItem(registry_csv)] + [ImportItem(p) for p in plans])
    assert [r.status for r in results] == ["imported"] * 6, [r.errors.to_dict("records") for r in results]
    assert version_names(store) == ["v000001.duckdb", "v000002.duckdb"]
    con = StoreReader(Store(store.root)).cursor()
    assert con.execute("SELECT count(DISTINCT school_id) FROM plan_items").fetchall() == [(5,)]
    # each stored name once (305 schools) and each plan's own name: per plan over every school would be 1,500+
    assert len(calls) <= 305 + 2 * len(plans), len(calls)


def test_the_command_line_shows_its_progress_on_stderr_one_line_per_n_files(tmp_path, capsys):
    code = main([str(GOOD[0]), str(GOOD[1]), str(TEMPLATE / "HP-THCS-TT.xlsx"), "--db", str(tmp_path / "store")])
    out, err = capsys.readouterr()
    assert code == 0 and [line.split(":")[0] for line in out.splitlines() if not line.startswith("  ")] == [
        GOOD[0].name, GOOD[1].name, "HP-THCS-TT.xlsx"]
    lines = err.splitlines()
    assert lines[0] == f"Đang đọc 1/3 tệp: {GOOD[0].name}" and "Đang đọc 3/3 tệp: HP-THCS-TT.xlsx" in lines
    assert "Đang kiểm tra và ghi 1/3 tệp: " + GOOD[0].name in lines
    assert lines[-1] == "Đã xử lý 3/3 tệp" and "Đang đọc 2/3 tệp: " + GOOD[1].name not in lines  # a line per 50
    versions = sorted(p.name for p in (tmp_path / "store" / "versions").glob("v*.duckdb"))
    assert versions == ["v000001.duckdb", "v000002.duckdb"]
    with duckdb.connect(str(tmp_path / "store" / "versions" / versions[-1]), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM schools").fetchall() == [(3,)]


def test_a_folder_is_walked_with_its_subfolders_and_the_files_it_skips_are_named(tmp_path, capsys):
    folder = tmp_path / "kế hoạch"
    (folder / "Huyện A").mkdir(parents=True)
    (folder / "Huyện A" / GOOD[0].name).write_bytes(GOOD[0].read_bytes())
    (folder / GOOD[1].name).write_bytes(GOOD[1].read_bytes())
    (folder / "ghi chú.txt").write_text("không phải kế hoạch")
    code = main([str(folder), "--db", str(tmp_path / "store")])
    out, err = capsys.readouterr()
    assert code == 0 and sorted(line.split(":")[0] for line in out.splitlines() if not line.startswith("  ")) == \
        sorted([GOOD[0].name, GOOD[1].name])
    assert f"Bỏ qua 1 tệp không phải .xlsx, .xlsm, .csv, .docx, .doc hoặc .pdf: {folder / 'ghi chú.txt'}" in err


def test_on_a_terminal_the_progress_is_one_line_rewritten():
    import io
    from loaders.cli import ProgressLine

    class Terminal(io.StringIO):
        def isatty(self):
            return True
    stream = Terminal()
    line = ProgressLine(stream)
    for done in range(3):
        line("read", done, 1000, f"kh-{done}.docx")
    line("done", 1000, 1000, "")
    assert stream.getvalue().count("\n") == 1 and stream.getvalue().count("\r") == 4
    assert "\r\033[KĐang đọc 3/1.000 tệp: kh-2.docx" in stream.getvalue()


def test_previews_of_many_plans_normalise_the_stored_names_once_per_version(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    assert import_files(store, [ImportItem(_registry(tmp_path / "Trường.csv", 300))])[0].status == "imported"
    calls = []
    real = registry.normalise_name
    monkeypatch.setattr(registry, "normalise_name", lambda name: calls.append(name) or real(name))
    plans = sorted((SAMPLES / "docx").glob("*.docx"))
    assert {preview_file(store, plan).status for plan in plans} == {"valid"}
    assert 305 <= len(calls) <= 305 + 2 * len(plans), len(calls)  # not 305 per plan
    calls.clear()  # confirming them after the previews starts from the same index, and leaves it for the next
    assert {r.status for r in import_files(store, [ImportItem(plan) for plan in plans[:2]])} == {"imported"}
    assert {r.status for r in import_files(store, [ImportItem(plan) for plan in plans[2:]])} == {"imported"}
    assert len(calls) <= 2 * len(plans), len(calls)


def test_a_few_files_are_read_before_the_store_s_lock_is_taken(store, monkeypatch):
    import threading

    import loaders.importer as importer
    free_while_read, read, one_look = [], importer.read_into, threading.Lock()

    def read_and_look(received):
        # another open file: taken if the batch holds the lock; one look at a time (the two reads run
        # at once, and each look takes the lock for a moment)
        with one_look, store.lock(wait=False) as free:
            free_while_read.append(free)
        return read(received)
    monkeypatch.setattr(importer, "read_into", read_and_look)
    results = import_files(store, [ImportItem(GOOD[0]), ImportItem(GOOD[1])])
    assert [r.status for r in results] == ["imported", "imported"] and free_while_read == [True, True]


def test_a_folder_is_checked_while_its_last_files_are_still_read(store, tmp_path, monkeypatch):
    import threading

    import loaders.importer as importer
    bad = [_bad(tmp_path, f"hỏng {k}.xlsx") for k in range(4)]  # more files than are read before the lock
    first_checked, last = threading.Event(), bad[-1]
    read, check = importer.read_into, import_write.validated

    def read_last_after_a_check(received):
        if received.item.path == last:
            assert first_checked.wait(timeout=20), "no file was checked before the last one was read"
        return read(received)

    def checked(received, *args):
        first_checked.set()
        return check(received, *args)
    monkeypatch.setattr(importer, "read_into", read_last_after_a_check)
    monkeypatch.setattr(import_write, "validated", checked)
    results = import_files(store, [ImportItem(GOOD[0]), ImportItem(GOOD[1]), *map(ImportItem, bad)])
    assert [r.status for r in results] == ["imported", "imported", "rejected", "rejected", "rejected", "rejected"]


@pytest.mark.parametrize("error", [RuntimeError("the reader's answer was not read back"), OSError(24, "Too many open files")])
@pytest.mark.parametrize("files", [2, 6])  # read before the lock, and read ahead of the check
def test_a_read_that_raises_fails_its_file_alone_and_the_others_are_one_version(store, tmp_path, monkeypatch,
                                                                                error, files):
    import loaders.import_read as import_read
    broken = tmp_path / "đọc lỗi.xlsx"
    broken.write_bytes(GOOD[0].read_bytes() + b"x")  # bytes of its own, so it is no twin
    others = [_bad(tmp_path, f"hỏng {k}.xlsx") for k in range(files - 2)]
    read = import_read.run_bounded

    def raising(function, args, settings):
        if args[0] == broken:
            raise error
        return read(function, args, settings)
    monkeypatch.setattr(import_read, "run_bounded", raising)
    versions = version_names(store)
    results = import_files(store, [ImportItem(broken), ImportItem(GOOD[1]), *map(ImportItem, others)])
    assert [r.status for r in results[:2]] == ["failed", "imported"]
    assert ("lỗi không lường trước" if isinstance(error, RuntimeError) else "Too many open files") in \
        results[0].errors.iloc[0]["message"]
    assert len(version_names(store)) == len(versions) + 1
    assert {entry["file"]: entry["status"] for entry in store.read_log()[-files:]}[broken.name] == "failed"
