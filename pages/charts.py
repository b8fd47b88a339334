"""Bar charts from plotly's graph objects. plotly.express validates everything it builds and took
~45 ms per chart, on every rerun of a page; the same figure built here takes ~5 ms.

Plotly reads '<b>', '<br>' and '<a href=...>' in tick, legend and hover text as markup, so every text
these charts show from the data goes through `label` ('<' -> '&lt;'); a click hands back that label,
and `raw` gives the value it stands for.

Every figure is finished by `_vietnamese`: numbers as Vietnamese write them (separators ',.': 40,45 and
1.234), axes of counts in whole numbers, category labels wrapped at word boundaries (tick texts only:
the values a click hands back stay whole). `show` draws one with its Vietnamese toolbar and PNG name."""
from __future__ import annotations

import html
import re
import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from loaders.text import fold
from metrics.labels import COLUMNS, header
from pages.vietnamese import plotly_config

_NOT_A_WORD = re.compile(r"[^a-z0-9]+")
_LABEL_WIDTH = 28  # characters on one line of a category label
_SMALL_COUNT = 8  # a count axis up to this value gets a tick at every whole number
_UPRIGHT_BARS = 12  # a bar chart with more categories is drawn with horizontal bars


def show(figure: go.Figure, title: str, **options):
    """Draw a chart with the Vietnamese toolbar; its PNG download is named after `title`, the chart's
    Vietnamese name ('Cấp độ tự đánh giá theo tỉnh' -> cap-do-tu-danh-gia-theo-tinh.png). `options` go to
    st.plotly_chart (key, on_select...)."""
    return st.plotly_chart(figure, config=plotly_config(file_name(title)), **options)


def file_name(title: str) -> str:
    """A Vietnamese title as a file name any system takes: without diacritics, words joined by '-'."""
    return _NOT_A_WORD.sub("-", fold(title)).strip("-") or "bieu-do"


def wrap(text: str, width: int = _LABEL_WIDTH, lines: int | None = None) -> str:
    """A label on lines of `width` characters broken between words (plotly's '<br>'); with `lines`, at
    most that many, '…' after the last whole word: 'Khu vệ sinh, bãi …', never 'bãi t'."""
    parts = textwrap.wrap(str(text), width, max_lines=lines, placeholder=" …", break_long_words=False,
                          break_on_hyphens=False)  # "HP-THCS-TT" is one word
    return "<br>".join(parts) if parts else ""


def is_count(key: str) -> bool:
    """A column counted in whole things (schools, criteria): its axis ticks are whole numbers."""
    return key in COLUMNS and COLUMNS[key].kind == "count"


def _vietnamese(figure: go.Figure, categories: dict | None = None, counts: dict | None = None) -> go.Figure:
    """`categories`: axis -> labels shown on it (escaped), wrapped; `counts`: axis -> largest value."""
    # plotly keeps 100 px above the plot for a title none of these charts has: 40 hold the toolbar
    figure.update_layout(separators=",.", margin={"t": 40})
    for axis, values in (categories or {}).items():
        shown = list(dict.fromkeys(values))
        texts = [wrap(v) for v in shown]
        figure.update_layout({axis: {"tickmode": "array", "tickvals": shown, "ticktext": texts}})
        if axis == "yaxis":  # bars side by side vertically: each as tall as its label's lines
            lines = max((t.count("<br>") + 1 for t in texts), default=1)
            figure.update_layout(height=max(figure.layout.height or 0, len(shown) * (14 * lines + 8) + 140))
    for axis, largest in (counts or {}).items():
        small = largest is not None and largest == largest and largest <= _SMALL_COUNT
        figure.update_layout({axis: {"tickformat": ",d", **({"dtick": 1} if small else {})}})
    return figure


def _largest(values) -> float | None:
    values = pd.to_numeric(pd.Series(values), errors="coerce")
    return None if values.dropna().empty else float(values.max())


def bar_chart(frame: pd.DataFrame, category: str, value: str, color: str, *, horizontal: bool = False,
              hover: tuple[str, ...] = (), height: int = 400, titles: dict[str, str] | None = None) -> go.Figure:
    """One bar per row; axes titled by the columns' Vietnamese headers (or `titles`).
    Horizontal bars rank the largest on top; more bars than _UPRIGHT_BARS are drawn across, one label to a
    line (25 districts upright had their slanted names run into each other)."""
    horizontal = horizontal or len(frame) > _UPRIGHT_BARS
    titles = {c: label((titles or {}).get(c) or header(c)) for c in (category, value, *hover)}
    frame = frame.assign(**{name: escaped(frame[name]) for name in (category, *hover)})
    x, y = (value, category) if horizontal else (category, value)
    bar = go.Bar(x=frame[x], y=frame[y], orientation="h" if horizontal else "v", marker_color=color,
                 customdata=frame[list(hover)] if hover else None,
                 hovertemplate=_hover_template(titles, category, value, hover, horizontal))
    figure = go.Figure(bar)
    figure.update_layout(height=height, xaxis_title=titles[x], yaxis_title=titles[y], **_value_axis(horizontal))
    if horizontal:
        figure.update_layout(yaxis={"categoryorder": "total ascending"})
    category_axis, value_axis = ("yaxis", "xaxis") if horizontal else ("xaxis", "yaxis")
    return _vietnamese(figure, {category_axis: frame[category]},
                       {value_axis: _largest(frame[value])} if is_count(value) else None)


def stacked_bar_chart(frame: pd.DataFrame, category: str, value: str, stack: str, colors: dict[str, str],
                      labels: dict[str, str], *, titles: dict[str, str], unit: str, height: int = 420) -> go.Figure:
    """One stacked bar per category, one trace per stack key in the order of `labels` (key -> legend
    label); the trace's legendgroup is the key, which the drill-down reads back. Categories stay
    in the order they come in `frame`; a clicked bar's x is a `label` (see `raw`)."""
    frame = frame.assign(**{category: escaped(frame[category])})
    titles = {key: label(title) for key, title in titles.items()}
    traces = [go.Bar(x=rows[category], y=rows[value], name=label(name), legendgroup=key, marker_color=colors.get(key),
                     hovertemplate=f"%{{x}}<br>{name}: %{{y}} {unit}<extra></extra>")
              for key, name in labels.items() if len(rows := frame[frame[stack] == key])]
    figure = go.Figure(traces)
    figure.update_layout(barmode="stack", height=height, legend_title_text=titles[stack],
                         xaxis={"title": titles[category], "categoryorder": "array",
                                "categoryarray": list(dict.fromkeys(frame[category]))},
                         yaxis={"title": titles[value], "rangemode": "tozero"})
    # stacked bars count schools: the axis is whole numbers up to the tallest stack
    tallest = _largest(frame.groupby(category)[value].sum()) if len(frame) else None
    return _vietnamese(figure, {"xaxis": frame[category]}, {"yaxis": tallest})


def heatmap(z, columns: list, rows: list, texts, colorscale: list, levels: dict, *, background: str,
            x_title: str) -> go.Figure:
    """One row per `rows` label (a school, as data: escaped), one column per `columns`; `texts` are the
    cells' hover words and `levels` (value -> word) the colour bar's ticks."""
    figure = go.Figure(go.Heatmap(z=z, x=[label(c) for c in columns], y=[label(r) for r in rows], zmin=-0.5,
                                  zmax=len(levels) - 0.5, colorscale=colorscale, customdata=texts, xgap=1, ygap=1,
                                  hovertemplate=f"%{{y}}<br>{label(x_title)} %{{x}}: %{{customdata}}<extra></extra>",
                                  colorbar={"tickvals": list(levels), "ticktext": [label(t) for t in levels.values()]}))
    figure.update_layout(height=max(320, 22 * len(rows) + 120), yaxis={"autorange": "reversed", "type": "category"},
                         plot_bgcolor=background, xaxis_title=label(x_title),
                         dragmode=False,  # a swipe over it scrolls its box on a phone, not a zoom box
                         xaxis={"type": "category", "side": "top"})  # '1.10' is a label, not a number
    return _vietnamese(figure)


def label(value) -> str:
    """Text for plotly, shown as written: '<b>x</b>' is no markup, and '&amp;' stays '&amp;'."""
    return html.escape(str(value), quote=False)


def escaped(values: pd.Series) -> pd.Series:
    """`label` of every text value (numbers and blanks stay as they are)."""
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return values
    return values.astype(object).map(lambda v: v if pd.isna(v) else label(v))


def raw(shown: str) -> str:
    """The value a chart's `label` stands for (a click hands back the label)."""
    return html.unescape(shown)


def _value_axis(horizontal: bool) -> dict:
    return {"xaxis_rangemode": "tozero"} if horizontal else {"yaxis_rangemode": "tozero"}


def _hover_template(titles: dict[str, str], category: str, value: str, hover: tuple[str, ...],
                    horizontal: bool) -> str:
    category_axis, value_axis = ("y", "x") if horizontal else ("x", "y")
    lines = [f"{titles[category]}: %{{{category_axis}}}", f"{titles[value]}: %{{{value_axis}}}"]
    lines += [f"{titles[name]}: %{{customdata[{i}]}}" for i, name in enumerate(hover)]
    return "<br>".join(lines) + "<extra></extra>"


def line_chart(frame: pd.DataFrame, x: str, lines: list[str], *, titles: dict[str, str] | None = None,
               height: int = 380) -> go.Figure:
    """One line per column of `lines` over `x`, each named by its Vietnamese header (or `titles`)."""
    titles = {c: label((titles or {}).get(c) or header(c)) for c in (x, *lines)}
    figure = go.Figure([go.Scatter(x=frame[x], y=frame[name], mode="lines+markers", name=titles[name],
                                   hovertemplate=f"{titles[x]}: %{{x}}<br>{titles[name]}: %{{y}}<extra></extra>")
                        for name in lines])
    figure.update_layout(height=height, xaxis_title=titles[x], yaxis={"rangemode": "tozero"})
    counted = all(is_count(name) for name in lines)
    return _vietnamese(figure, counts={"yaxis": _largest(frame[lines].max(axis=1))} if counted else None)
