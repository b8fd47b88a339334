"""A school whose recognition in force is above its latest self-assessment (metrics.profile.below_recognition):
Cấp độ KĐCL n needs Mức n (Điều 34), Chuẩn quốc gia Mức độ m needs Mức m + 1 (Điều 37). The seed school Toàn
Thắng holds Chuẩn quốc gia Mức độ 2 until 31/05/2029 while its 2021-2022 self-assessment is below Mức 1."""
from __future__ import annotations

import pytest

from metrics.profile import below_recognition
from tests.apptest import open_app


@pytest.mark.parametrize("standing, behind", [
    ({"recognition_status": "valid", "recognised_standard": 2, "recognised_level": None, "self_level": 2}, True),
    ({"recognition_status": "valid", "recognised_standard": 2, "recognised_level": None, "self_level": 3}, False),
    ({"recognition_status": "expiring", "recognised_standard": 1, "recognised_level": None, "self_level": 1}, True),
    ({"recognition_status": "valid", "recognised_standard": 1, "recognised_level": None, "self_level": 2}, False),
    ({"recognition_status": "valid", "recognised_standard": None, "recognised_level": 3, "self_level": 2}, True),
    ({"recognition_status": "valid", "recognised_standard": None, "recognised_level": 3, "self_level": 3}, False),
    ({"recognition_status": "valid", "recognised_standard": None, "recognised_level": 1, "self_level": None}, True),
    ({"recognition_status": "expired", "recognised_standard": 2, "recognised_level": None, "self_level": 0}, False),
    ({"recognition_status": "none", "recognised_standard": None, "recognised_level": None, "self_level": 0}, False),
])
def test_a_decision_in_force_above_the_self_assessment_at_its_edges(standing, behind):
    assert below_recognition(standing) is behind


def _warnings(store, monkeypatch, school: str) -> list[str]:
    app = open_app(store, monkeypatch, "pages/ho_so_truong.py", query_params={"truong": school})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return [w.value for w in app.info]


def test_the_profile_says_the_recognition_is_above_the_latest_self_assessment(seed_store, monkeypatch):
    said = _warnings(seed_store, monkeypatch, "HP-THCS-TT")
    assert any(w.startswith("Quyết định công nhận còn hiệu lực đến 31/05/2029 ghi mức cao hơn kết quả tự đánh giá "
                            "gần nhất trong kho (năm học 2021") for w in said), said


@pytest.mark.parametrize("school", ["HP-THPT-QT", "DB-TH-HM", "HP-THCS-TL1", "HCM-THPT-TL"])
def test_no_such_warning_for_the_other_seed_schools(seed_store, monkeypatch, school):
    """The other seed schools hold no decision in force above their latest self-assessment."""
    assert not any(w.startswith("Quyết định công nhận") for w in _warnings(seed_store, monkeypatch, school))
