"""Every process reads and builds tables with the same pandas setting (metrics/__init__.py), whichever
layer it starts from: the command line's loaders as much as the dashboard's pages."""
import subprocess
import sys

import pytest

from tests.browser import ROOT


@pytest.mark.parametrize("first_import", ["loaders.store", "loaders.cli", "metrics.cli", "pages.ui"])
def test_strings_the_code_builds_are_python_objects_from_every_entry(first_import):
    probe = (f"import {first_import}, pandas; "
             "print(pandas.get_option('future.infer_string'), pandas.Series(['Trường A']).dtype)")
    shown = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split()[-2:] == ["False", "object"], shown.stdout + shown.stderr
