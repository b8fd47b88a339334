"""Charts in Vietnamese style (pages/charts.py) and the plotly locale and style sheet (pages/vietnamese.py),
at the edge: the figure and config handed to Streamlit. What the browser draws from them is in
tests/test_vietnamese_browser.py."""
from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from pages import charts, vietnamese

LONG = "Khuôn viên, khu sân chơi, bãi tập và khu vệ sinh"


def test_a_label_is_wrapped_between_words_never_inside_one():
    assert charts.wrap(LONG) == "Khuôn viên, khu sân chơi,<br>bãi tập và khu vệ sinh"
    assert charts.wrap(LONG, 20, lines=1) == "Khuôn viên, khu …"  # never "Khuôn viên, khu sân c"
    assert charts.wrap("Tiên Lãng") == "Tiên Lãng"


@given(st.lists(st.text(alphabet="abcđêơưạảãàáâăôởữ,.-&;", min_size=1, max_size=40), min_size=1, max_size=12))
def test_wrapping_keeps_every_word_whole_and_in_order(words):
    text = " ".join(words)
    assert charts.wrap(text).replace("<br>", " ").split() == text.split()


def test_every_chart_writes_numbers_as_vietnamese_do_and_counts_in_whole_numbers():
    frame = pd.DataFrame({"district": ["Tiên Lãng", "An Lão"], "n_assessed": [3, 1], "cost": [40.45, 2.5]})
    counted = charts.bar_chart(frame, "district", "n_assessed", "#000")
    assert counted.layout.separators == ",."  # 40,45 and 1.234
    assert counted.layout.yaxis.tickformat == ",d" and counted.layout.yaxis.dtick == 1  # 0 1 2 3, never 0,5
    money = charts.bar_chart(frame, "district", "cost", "#000", titles={"cost": "Kinh phí (tỷ đồng)"})
    assert money.layout.separators == ",." and money.layout.yaxis.tickformat is None  # 40,45 tỷ stays 40,45
    many = charts.bar_chart(frame.assign(n_assessed=[300, 1]), "district", "n_assessed", "#000")
    assert many.layout.yaxis.tickformat == ",d" and many.layout.yaxis.dtick is None
    stacked = charts.stacked_bar_chart(pd.DataFrame({"area": ["A", "A"], "n": [2, 3], "level": ["x", "y"]}), "area",
                                       "n", "level", {}, {"x": "X", "y": "Y"}, unit="trường",
                                       titles={"area": "Địa bàn", "n": "Số trường", "level": "Cấp độ"})
    assert stacked.layout.separators == ",." and stacked.layout.yaxis.dtick == 1
    heat = charts.heatmap([[1]], ["1.1"], ["Trường A"], [["Mức 1"]], [[0, "#000"], [1, "#fff"]], {1: "Mức 1"},
                          background="#ccc", x_title="Tiêu chí")
    assert heat.layout.separators == ",."


def test_a_category_keeps_its_value_for_clicks_and_shows_its_wrapped_label():
    frame = pd.DataFrame({"district": [LONG], "n_assessed": [3]})
    figure = charts.bar_chart(frame, "district", "n_assessed", "#000", horizontal=True, height=300)
    assert list(figure.data[0].y) == [LONG]  # a click hands back the whole label
    assert figure.layout.yaxis.tickvals == (LONG,) and "<br>" in figure.layout.yaxis.ticktext[0]


def test_a_chart_downloads_as_png_named_in_vietnamese_without_diacritics():
    assert charts.file_name("Cấp độ tự đánh giá theo Tỉnh/Thành phố") == "cap-do-tu-danh-gia-theo-tinh-thanh-pho"
    assert charts.file_name("Đường ngân sách") == "duong-ngan-sach"
    config = vietnamese.plotly_config("duong-ngan-sach")
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "duong-ngan-sach", "scale": 2}
    locale = config["locales"][config["locale"]]
    assert locale["dictionary"]["Download plot as a PNG"] == "Tải biểu đồ (ảnh PNG)"
    assert (locale["format"]["decimal"], locale["format"]["thousands"]) == (",", ".")


def test_the_style_sheet_is_constant_text():
    sheet = vietnamese._style_sheet(50)
    assert "tối đa 50 MB mỗi tệp" in sheet and "Chọn tệp từ máy" in sheet
    assert sheet == vietnamese._style_sheet(50) and "tối đa 4.096 MB" in vietnamese._style_sheet(4096)


def test_many_bars_are_drawn_across_and_no_chart_keeps_a_title_s_empty_margin():
    """25 districts upright had their slanted names run into each other; plotly kept 100 px for a title."""
    few = charts.bar_chart(pd.DataFrame({"district": list("ABC"), "n_schools": [3, 2, 1]}), "district", "n_schools", "#000")
    many = charts.bar_chart(pd.DataFrame({"district": [f"Huyện {i}" for i in range(25)], "n_schools": range(25)}),
                            "district", "n_schools", "#000")
    assert few.data[0].orientation == "v" and many.data[0].orientation == "h"
    assert few.layout.margin.t == many.layout.margin.t == 40
