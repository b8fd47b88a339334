"""Sentences a person can read for every verdict ('Chưa đạt Cấp độ 2: tiêu chí ...')."""
from __future__ import annotations

import pandas as pd


def explain_rows(frame: pd.DataFrame) -> list[str]:
    return [explain(row) for row in frame.to_dict("records")]


def explain(r: dict) -> str:
    if r["level_basis"] == "none":
        return "Chưa có dữ liệu đánh giá tiêu chí cho trường, năm học và hình thức này."
    if r["level_basis"] == "reported":
        return _reported(r)
    level = int(r["computed_level"])
    reached = f"Đạt Mức {level}. " if level >= 1 else ""
    top = 2 if str(r["framework_key"]).startswith("TT57") else 4
    if level >= top:
        return f"{reached}Đạt mức cao nhất của khung tiêu chí."
    if r["data_incomplete"]:
        return (f"{reached}Không đủ dữ liệu để kết luận Cấp độ {level + 1}: "
                f"chưa có đánh giá tiêu chí {r['list_missing'] or '(Mức 4)'}.")
    return reached + _why_not(r, level + 1)


def _why_not(r: dict, target: int) -> str:
    if str(r["framework_key"]).startswith("TT57"):
        return _why_not_2026(r, target)
    if target == 1:
        return (f"Chưa đạt Mức 1: tiêu chí {r['list_below1']} không đạt. "
                f"Để đạt Cấp độ 2 cần nâng tiêu chí {r['detail_below2']} lên Mức 2.")
    if target == 2:
        return f"Chưa đạt Cấp độ 2: tiêu chí {r['detail_below2']} chưa đạt Mức 2."
    if target == 3:
        return f"Chưa đạt Cấp độ 3: tiêu chí {r['detail_below3']} chưa đạt Mức 3."
    failed = r.get("list_l4_failed")
    if failed:
        return f"Chưa đạt Cấp độ 4: tiêu chí Mức 4 số {failed} chưa đạt (Điều 22)."
    return "Chưa đạt Cấp độ 4: chưa có kết quả đánh giá các tiêu chí Mức 4 (Điều 22)."


def _why_not_2026(r: dict, target: int) -> str:
    reasons = []
    if target == 1:
        if r["mand_below1"]:
            reasons.append(f"{r['mand_below1']} tiêu chí bắt buộc chưa đạt Mức 1")
        reasons.append(f"{r['other_at1']}/{r['n_other']} tiêu chí còn lại đạt Mức 1 (cần ít nhất 5)")
    else:
        if r["mand_below2"]:
            reasons.append(f"{r['mand_below2']} tiêu chí bắt buộc chưa đạt Mức 2")
        reasons.append(f"{r['other_at2']}/{r['n_other']} tiêu chí còn lại đạt Mức 2 (cần ít nhất 5)")
        if r["n_below1"]:
            reasons.append(f"tiêu chí {r['list_below1']} dưới Mức 1")
    return f"Chưa đạt Mức {target} (TT57/2026, tạm thời): " + "; ".join(reasons) + "."


def _reported(r: dict) -> str:
    counts = [f"Mức {n}: {r.get(f'count_level{n}')}" for n in range(1, 5) if r.get(f"count_level{n}")]
    claim = r.get("claimed_level_text") or ""
    return ("Trường chỉ báo cáo số liệu tổng hợp" + (f" ({'; '.join(counts)})" if counts else "")
            + f"; kết luận '{claim}' là do trường tự báo cáo, không tính được từ bảng đánh giá tiêu chí.")
