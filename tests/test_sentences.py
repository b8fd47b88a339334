"""A loader's message in a cell of its own reads as a sentence (metrics.present.as_sentence): the command
line prints it after 'tệp.xlsx: ', so it starts lowercase and has no final period there."""
from __future__ import annotations

import pandas as pd
import pytest

from metrics.present import as_sentence, for_download, without_empty


@pytest.mark.parametrize("message, shown", [
    ("tệp không mở được: không phải tệp Excel", "Tệp không mở được: không phải tệp Excel."),
    ("Đã có dấu chấm.", "Đã có dấu chấm."),
    ("hỏi lại?", "Hỏi lại?"),
    ("  ô trống  ", "Ô trống."),
    ("", ""),
    (None, None),
])
def test_a_message_starts_with_a_capital_and_ends_with_a_period(message, shown):
    assert as_sentence(message) == shown


def test_the_issues_table_writes_its_messages_as_sentences_and_nothing_else():
    frame = pd.DataFrame({"severity": ["error"], "sheet": ["kế hoạch"], "message": ["thiếu cột Tiêu chí"]})
    shown = for_download(frame)
    assert list(shown.iloc[0]) == ["Lỗi", "kế hoạch", "Thiếu cột Tiêu chí."]  # the sheet's name as the file has it


def test_only_the_named_columns_empty_in_every_row_are_dropped():
    frame = pd.DataFrame({"sheet": [None, " "], "row": [None, 3], "flag": [False, False], "kept": [None, None]})
    assert list(without_empty(frame, ("sheet", "row", "flag", "absent")).columns) == ["row", "kept"]
