"""Text on the pages: amounts and counts in Vietnamese style, and data made safe inside Markdown
(plain). Pages call these as ui.money, ui.plain...; they live here to keep pages/ui.py about furniture."""
from __future__ import annotations

import re

from metrics.formatting import format_money_short, format_number


def money(value) -> str:
    return format_money_short(value)


def count(value) -> str:
    return format_number(value or 0)


def share(part, whole) -> str:
    return "—" if not whole else f"{format_number(100 * (part or 0) / whole, 1)}%"


def whole(value):
    """A count read back from a table (NaN or a float) as an int key, or None."""
    return None if value is None or value != value else int(value)


# What starts Markdown inside a line of text: emphasis, code, links and images, HTML and its entities,
# headings, strikes, maths, tables, ':' for Streamlit's :material/...: icons and :color[...], '.' and '@'.
# '-', '+', '=' and digits only matter at the start of a line: plain() keeps the data on one line and
# escapes them there ('- x', '1) x').
_MARKDOWN = frozenset("\\`*_[]<>#!~$|:.@&")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_LINE_START = re.compile(r"^(\s*\d*)([-+=)])")
# Streamlit finds bare links ('www.x.vn', 'https://x.vn', 'a@x.vn'), icons (':material/home:') and emoji
# shortcodes in the text after the escapes are read (seen in Chromium: 'https\://x\.vn' became a link),
# so an invisible word joiner (U+2060) goes where they would match: 'www⁠.', and after a ':' or '@' that
# is followed by more than a space ('https:⁠//', ':⁠material/', 'a@⁠b'; 'Cấp độ 2: tiêu chí' stays as it is).
_JOINER = "\u2060"
_BARE_LINK = re.compile(r"(?i)(www)(?=\.)|(?<=[:@])(?=\S)")


def plain(value) -> str:
    """Text from a school's file, safe inside Markdown: on one line, every Markdown character escaped and
    bare links broken, so a name like '![x](http://host/t.png)' shows as written and makes no browser fetch
    or link anything. Every value from the store reaches Markdown (st.markdown, caption, headers, alerts,
    metric, expander, tab and widget labels, radio options) through here; a selectbox's options and a
    table's cells are plain text already."""
    text = _BARE_LINK.sub(lambda m: (m.group(1) or "") + _JOINER, _LINE_BREAKS.sub(" ", str(value)))
    escaped = "".join("\\" + c if c in _MARKDOWN else c for c in text)
    return _LINE_START.sub(r"\1\\\2", escaped)
