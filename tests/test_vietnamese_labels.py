"""pages/vietnamese_labels.py's tables, without a browser: the script sets each Vietnamese text once and
never sees it as English again (else its observer would feed itself), and its size rule reads Streamlit's
way of writing sizes. The script itself runs in tests/test_vietnamese_scripts.py."""
from __future__ import annotations

import re

from pages import vietnamese_labels as labels


def _vietnamese_outputs() -> list[str]:
    named = [to.replace("$1", "Trường THCS Toàn Thắng") for _, _, to in labels.PATTERNS]
    refusals = [re.sub(r"\$\d", "5", to) for _, to in labels.UPLOAD_ERRORS]
    return [*labels.WORDS.values(), *labels.TITLES.values(), *named, *refusals]


def test_no_vietnamese_text_is_english_again():
    english = [pattern for _, pattern, _ in labels.PATTERNS] + [pattern for pattern, _ in labels.UPLOAD_ERRORS]
    for text in _vietnamese_outputs():
        assert text not in labels.WORDS and text not in labels.TITLES, text
        assert not any(re.search(pattern, text, re.S) for pattern in english + [labels.SIZE[0]]), text


def test_a_size_becomes_vietnamese_once():
    pattern, to = labels.SIZE
    python_to = to.replace("$", "\\")
    assert re.sub(pattern, python_to, "3.0KB") == "3,0 KB" and re.sub(pattern, python_to, "53.5MB") == "53,5 MB"
    assert not re.search(pattern, "3,0 KB")  # mended once, never again


def test_the_script_gets_every_table():
    script = labels.LABELS_SCRIPT
    assert "__KDCL_CONFIG__" not in script and '"Thu gọn thanh bên"' in script and "</script" not in script
