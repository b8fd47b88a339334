"""Dates and times written the Vietnamese way (metrics.formatting), and a missing one left blank."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from metrics.formatting import format_date, format_time


@pytest.mark.parametrize("missing", [None, pd.NA, pd.NaT, float("nan")])
def test_a_missing_date_or_time_is_blank(missing):
    assert format_date(missing) == "" and format_time(missing) == ""


def test_day_first_and_the_time_before_the_date():
    assert format_date(dt.date(2026, 1, 2)) == "02/01/2026"
    assert format_date(pd.Timestamp("2026-12-31 23:59:59")) == "31/12/2026"
    assert format_time(pd.Timestamp("2026-12-01 14:05:09")) == "14:05:09 01/12/2026"
    assert format_time("2026-12-01T08:00:00") == "08:00:00 01/12/2026"
