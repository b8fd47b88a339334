"""The synthetic demo workbooks shipped in data/demo_files/ are what the generator writes today."""
import pytest

from data.demo import DEMO_FILES, synthetic_workbooks, write_synthetic


def test_shipped_workbooks_are_the_generators_bytes(tmp_path):
    written = write_synthetic(tmp_path)
    shipped = synthetic_workbooks(DEMO_FILES)
    assert [p.name for p in written] == [p.name for p in shipped]
    stale = [p.name for p, fresh in zip(shipped, written) if p.read_bytes() != fresh.read_bytes()]
    assert not stale, f"{stale} differ from the generator: run python -m data.demo --write-files"


def test_a_missing_workbook_is_named_with_the_fix(tmp_path):
    write_synthetic(tmp_path)[0].unlink()
    with pytest.raises(FileNotFoundError, match=r"demo-HP\.xlsx missing; run python -m data.demo --write-files"):
        synthetic_workbooks(tmp_path)
