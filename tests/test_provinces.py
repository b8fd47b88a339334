"""Today's geography: every way a file writes a province gives its 2025 province (Nghị quyết 202/2025/QH15)."""
import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from loaders.documents import _province
from loaders.importer import import_file
from loaders.provinces import map_provinces, match_province, provinces_2025
from loaders.registry import match_school
from loaders.schema import REFERENCE_DIR, create_store
from loaders.store import StoreReader
from tests.test_import import full_ratings, workbook

# written -> 2025 province, typed by hand from Nghị quyết 202/2025/QH15 and the spellings seen in files
CASES = [
    ("Hải Phòng", "Hải Phòng"), ("TP Hải Phòng", "Hải Phòng"), ("hai phong", "Hải Phòng"),
    ("Thành phố Hải Phòng", "Hải Phòng"), ("T.P Hải Phòng", "Hải Phòng"), ("TP. HẢI PHÒNG", "Hải Phòng"),
    ("Hải Dương", "Hải Phòng"), ("Tỉnh Hải Dương", "Hải Phòng"), ("hai duong", "Hải Phòng"),
    ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"), ("TP.HCM", "Hồ Chí Minh"), ("TPHCM", "Hồ Chí Minh"),
    ("TP. Hồ Chí Minh", "Hồ Chí Minh"), ("HCM", "Hồ Chí Minh"), ("Sài Gòn", "Hồ Chí Minh"),
    ("Bình Dương", "Hồ Chí Minh"), ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"), ("Ba Ria-Vung Tau", "Hồ Chí Minh"),
    ("Thừa Thiên Huế", "Huế"), ("TP Huế", "Huế"), ("Quảng Nam", "Đà Nẵng"), ("Hà Giang", "Tuyên Quang"),
    ("Nam Định", "Ninh Bình"), ("Hà Nam", "Ninh Bình"), ("Đắc Lắc", "Đắk Lắk"), ("Dak Lak", "Đắk Lắk"),
    ("Bắc Cạn", "Thái Nguyên"), ("Kontum", "Quảng Ngãi"), ("Thanh Hoá", "Thanh Hóa"), ("Hoà Bình", "Phú Thọ"),
    ("  Tỉnh   Điện Biên ", "Điện Biên"), ("thành phố hà nội", "Hà Nội"),
]


@pytest.mark.parametrize("written, expected", CASES)
def test_every_variant_maps_to_its_2025_province(written, expected):
    assert match_province(written).province == expected


def test_every_former_province_of_the_reference_maps_to_its_2025_province():
    table = pd.read_csv(REFERENCE_DIR / "provinces_2025.csv", dtype=str)
    pairs = [(f.strip(), p) for p, former in zip(table.province_2025, table.former_provinces)
             for f in former.split(";")]
    assert len(pairs) == 63 and len(provinces_2025()) == 34
    for former, province in pairs:
        for spelling in (former, f"Tỉnh {former}", former.upper(), former.lower()):
            assert match_province(spelling).province == province, spelling


def test_a_2025_name_as_written_says_nothing_and_the_mapper_is_idempotent():
    for province in provinces_2025():
        assert match_province(province) == match_province(province).__class__(province)


def test_warnings_name_the_mapping():
    assert match_province("Hải Dương").warning == ("tỉnh/thành phố 'Hải Dương' được ghi theo đơn vị trước 2025; "
                                                   "tính là Hải Phòng (sáp nhập từ 01/7/2025)")
    assert match_province("TP Hải Phòng").warning == "'TP Hải Phòng' được hiểu là Hải Phòng"


def test_an_unknown_province_is_an_error_listing_the_closest_names():
    result = match_province("Hai Phong city")
    assert result.province is None and result.warning is None
    assert result.error.startswith("không nhận ra tỉnh/thành phố 'Hai Phong city'; gần nhất: Hải Phòng, "
                                   "Hải Dương (nay thuộc Hải Phòng)")
    # "HN" is Hà Nội for some, Hà Nam for others: never guessed
    assert match_province("HN").province is None and "Hà Nội, Hà Nam (nay thuộc Ninh Bình)" in match_province("HN").error


def test_columns_are_mapped_once_per_distinct_value_and_blanks_stay_blank():
    written = pd.Series(["Hải Dương", None, "Hải Phòng", "Hải Dương", "xyz"], dtype="category")
    province, warning, error = map_provinces(written)
    assert province.astype(object).fillna("-").tolist() == ["Hải Phòng", "-", "Hải Phòng", "Hải Phòng", "-"]
    assert warning.notna().tolist() == [True, False, False, True, False]
    assert error.notna().tolist() == [False, False, False, False, True]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_the_mapper_never_raises_and_its_answers_are_2025_names(text):
    result = match_province(text)
    assert (result.province is None) == (result.error is not None)
    if result.province:
        assert match_province(result.province).province == result.province
        assert match_province(result.province).warning is None


def test_an_import_keeps_the_written_province_and_stores_the_2025_one(store, tmp_path):
    schools = [["T1", "Trường THCS Thử", "THCS", "Hải Dương", "Chí Linh", "Sao Đỏ"],
               ["T2", "Trường THCS Hai", "THCS", "TP Hải Phòng", "Tiên Lãng"],
               ["T3", "Trường THCS Ba", "THCS", "Hải Phòng", "Tiên Lãng"]]
    result = import_file(store, workbook(tmp_path / "geo.xlsx", full_ratings(), schools=schools))
    assert result.status == "imported"
    warnings = result.warnings[result.warnings["column"] == "Tỉnh/Thành phố"]
    assert warnings["row"].tolist() == [2, 3]
    assert "tính là Hải Phòng" in warnings["message"].iloc[0]
    rows = StoreReader(store).cursor().execute("SELECT school_id, province, province_written, district, commune "
                                               "FROM schools ORDER BY school_id").fetchall()
    assert rows == [("T1", "Hải Phòng", "Hải Dương", "Chí Linh", "Sao Đỏ"),
                    ("T2", "Hải Phòng", "TP Hải Phòng", "Tiên Lãng", None),
                    ("T3", "Hải Phòng", "Hải Phòng", "Tiên Lãng", None)]


def test_an_unknown_province_rejects_the_file_with_the_fix(store, tmp_path):
    schools = [["T1", "Trường THCS Thử", "THCS", "Hải Phong Xanh", "Tiên Lãng"]]
    result = import_file(store, workbook(tmp_path / "bad.xlsx", full_ratings(), schools=schools))
    assert result.status == "rejected"
    message = result.errors[result.errors["column"] == "Tỉnh/Thành phố"]["message"].tolist()
    assert len(message) == 1 and "gần nhất: Hải Phòng" in message[0] and "34 tỉnh/thành phố" in message[0]


def test_a_document_from_a_former_province_matches_the_school_of_its_2025_province():
    con = duckdb.connect()
    create_store(con)
    con.execute("""INSERT INTO schools (school_id, name, province, province_written) VALUES
                   ('A', 'Trường Tiểu học Kim Đồng', 'Hải Phòng', 'Hải Dương'),
                   ('B', 'Trường Tiểu học Kim Đồng', 'Điện Biên', 'Điện Biên')""")
    letterhead = "SỞ GIÁO DỤC VÀ ĐÀO TẠO HẢI DƯƠNG\nTRƯỜNG TIỂU HỌC KIM ĐỒNG"
    assert _province(letterhead) == "Hải Phòng"
    assert match_school(con, "TRƯỜNG TIỂU HỌC KIM ĐỒNG", _province(letterhead)) == ("A", [])
    school_id, candidates = match_school(con, "TRƯỜNG TIỂU HỌC KIM ĐỒNG")
    assert school_id is None and len(candidates) == 2
