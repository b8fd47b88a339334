"""loaders.columns: the few-values path of coded_series gives what pandas' factorize gives."""
import datetime

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import columns
from loaders.columns import coded_series

# what cells and parsed values hold: text, numbers typed in a sheet, flags, dates and every kind of missing
CELLS = st.sampled_from(["a", "A", "", " x", "1", 1, 1.0, True, False, 0, 0.0, 2.5, np.float64(2.5), np.int64(7),
                         None, float("nan"), pd.NA, pd.NaT, datetime.date(2024, 9, 5)])


def _by_pandas(codes: np.ndarray, values: list, index: pd.Index) -> pd.Series:
    value_codes, categories = pd.factorize(pd.Series(list(values) + [None], dtype=object), use_na_sentinel=True)
    return pd.Series(pd.Categorical.from_codes(value_codes[codes], categories), index=index)


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, max_size=12), st.data())
def test_few_values_are_coded_as_pandas_codes_them(values, data):
    codes = np.array(data.draw(st.lists(st.integers(-1, len(values) - 1), max_size=20)), dtype=np.int64)
    index = pd.RangeIndex(len(codes))
    pd.testing.assert_series_equal(coded_series(codes, values, index), _by_pandas(codes, values, index))


def test_many_values_take_pandas_own_path():
    values = [f"T{k % 700}" for k in range(columns._FEW_VALUES + 1)] + [None, 3, 3.0]
    codes = np.arange(-1, len(values), dtype=np.int64)
    index = pd.RangeIndex(len(codes))
    pd.testing.assert_series_equal(coded_series(codes, values, index), _by_pandas(codes, values, index))


def test_equal_values_meet_as_in_pandas_the_first_one_kept():
    coded = coded_series(np.array([0, 1, 2, -1]), [1, 1.0, True], pd.RangeIndex(4))
    assert coded.cat.categories.tolist() == [1] and type(coded.cat.categories[0]) is int
    assert coded.tolist()[:3] == [1, 1, 1] and pd.isna(coded.iloc[3])
