"""The draft an official edits into a proposal (issue 12): a "Tờ trình về việc phân bổ kinh phí" in the form of
an administrative document (metrics.docx_form), with the scope, the data's date, the scenario's assumptions,
the headline beside the two simple rules, and the annex's tables (metrics.planner_report), numbers the
Vietnamese way.

Text from schools' files goes into runs as plain text (never interpreted); table rows are written as XML in
one fragment, because python-docx's add_row takes ~2.5 ms a row (a national annex has ~25,000 items).
"""
from __future__ import annotations

import io

import docx
import duckdb
import pandas as pd
from docx.shared import Mm

from metrics.docx_form import closing, education_office, heading, landscape_section, official_style
from metrics.docx_tables import add_table, clean
from metrics.filters import Filters
from metrics.formatting import format_date, format_money_short, format_number, format_percent, format_vnd
from metrics.labels import ALL, FILTERS, PLANNER_OBJECTIVES, PLANNER_STATUS, PLANNER_TARGETS, YES_NO
from metrics.overview import coverage
from metrics.planner import Constraints, Result
from metrics.planner_compare import cheapest_item_first, largest_need_first
from metrics.planner_model import Needs, PlanOptions
from metrics.planner_priority import COMMUNE_TERM, EXPIRING_TERM, Priority, recognised_below
from metrics.planner_report import annex_tables, funded_items, funding_by_year
from metrics.query import fetch

_NO_LIMIT = "không giới hạn"
_PORTRAIT_MM, _LANDSCAPE_MM = 170, 257  # A4 less 2 cm margins, upright and turned


def _a4(document) -> None:
    """A4 with 2 cm margins, as Vietnamese administrative documents are (python-docx's template is US Letter)."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(20)


def planner_docx(con: duckdb.DuckDBPyConnection, filters: Filters, options: PlanOptions, constraints: Constraints,
                 needs: Needs, result: Result, priority: Priority | None = None) -> bytes:
    document = docx.Document()
    _a4(document)
    official_style(document)
    issuer = education_office(con, filters.province)
    target = PLANNER_TARGETS[options.target]
    heading(document, issuer, "Tờ trình", "TTr-SGDĐT", f"Về việc phân bổ kinh phí để các trường đạt {target}",
            filters.day.year)
    document.add_heading("1. Phạm vi và dữ liệu", 1)
    _bullets(document, _scope_lines(con, filters, needs))
    document.add_heading("2. Giả định của phương án", 1)
    _bullets(document, _assumptions(con, options, constraints, needs, result, priority))
    document.add_heading("3. Kết quả", 1)
    _headline(document, needs, result, constraints, options)
    if constraints.years is not None:
        document.add_paragraph("Kinh phí theo từng năm:")
        add_table(document, funding_by_year(constraints.years, result), ("budget_vnd", "money_used_vnd",
                                                                          "money_left_vnd", "n_promoted"), _PORTRAIT_MM)
    document.add_paragraph()  # apart from the table above
    document.add_paragraph(f"Sở Giáo dục và Đào tạo kính trình {issuer.addressee} xem xét, phê duyệt phương án "
                           "phân bổ kinh phí nêu trên (danh mục chi tiết tại Phụ lục kèm theo)./.")
    closing(document, issuer, "GIÁM ĐỐC")
    landscape_section(document)
    document.add_heading("PHỤ LỤC", 1)
    for number, (_, title, frame, totals) in enumerate(annex_tables(funded_items(con, needs, result)), start=1):
        name = title.removeprefix("Phụ lục: ")
        document.add_paragraph(f"Phụ lục {number}. {name[:1].upper()}{name[1:]}", style="Heading 2")
        add_table(document, frame, totals, _LANDSCAPE_MM)
    document.add_paragraph("Ghi chú: dự thảo được lập tự động từ kết quả tự đánh giá và kế hoạch cải tiến chất lượng "
                           "của các trường; cần rà soát số liệu và hồ sơ trước khi trình. " + _method(constraints))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _scope_lines(con, filters: Filters, needs: Needs) -> list[str]:
    info = coverage(con, filters)
    scope = "; ".join(f"{FILTERS[name]}: {value or ALL}" for name, value in filters.chosen())
    last = info["last_import"].strftime("%H:%M %d/%m/%Y") if info["last_import"] else "chưa có"
    view = (f"hiện trạng của mỗi trường tính đến ngày {filters.day:%d/%m/%Y}" if filters.is_standing
            else f"năm học {filters.school_year}")
    lines = [f"Phạm vi: {scope}.", f"Dữ liệu: {view}; dữ liệu nhập lần cuối lúc {last}; {info['n_assessed']} trường "
             f"có đánh giá trong phạm vi.",
             f"Số trường dưới mức mục tiêu: {len(needs.schools)}; có thể nâng bằng kinh phí: {len(needs.promotable())} "
             "(các trường còn lại cần bổ sung đánh giá tiêu chí, kế hoạch hoặc ước tính kinh phí)."]
    if held := recognised_note(con, filters, needs):
        lines.append(held)
    if info["n_demo"]:
        lines.append(f"Lưu ý: {info['n_demo']} trường là dữ liệu minh họa, không phải hồ sơ thật.")
    return lines


def _assumptions(con, options, constraints: Constraints, needs, result: Result, priority) -> list[str]:
    lines = [f"Ngân sách: {budget_text(constraints)}.", f"Mục tiêu: {PLANNER_TARGETS[options.target]}.",
             f"Tiêu chí chọn: {PLANNER_OBJECTIVES[constraints.objective].lower()}."]
    for label, cap in (("quận/huyện", constraints.district_cap), ("xã/phường", constraints.commune_cap),
                       ("tỉnh/thành phố", constraints.province_cap)):
        lines.append(f"Trần kinh phí mỗi {label}: {_NO_LIMIT if cap is None else format_money_short(cap)}.")
    lines.append(f"Mỗi quận/huyện có ít nhất một trường: {YES_NO[constraints.min_per_district]}.")
    estimated = needs.schools["estimated_by_median"] & needs.schools["school_id"].isin(result.selected)
    lines.append(f"Ước tính hạng mục chưa có kinh phí theo trung vị cùng nhóm và cấp học: "
                 f"{YES_NO[options.estimate_missing]}" + (f" ({int(estimated.sum())} trường được chọn có kinh phí "
                                                           "ước tính)." if options.estimate_missing else "."))
    lines.append(f"Nhóm hạng mục không tính vào ngân sách này: {_families(con, options) or 'không có'}.")
    if constraints.objective == "weight" and priority is not None:
        lines.append(_priority_text(priority))
    lines.append(_optimality(result))
    return lines


def _optimality(result: Result) -> str:
    """What the proof means to the reader, not the solver's words (those are in the closing note)."""
    if result.status == "optimal" and result.gap == 0:
        return "Phương án tối ưu: không có cách chọn nào đưa được nhiều trường hơn với cùng số tiền và cùng ràng buộc."
    if result.status in ("optimal", "time_limit"):
        return (f"Phương án gần tối ưu: có thể kém cách chọn tốt nhất tối đa {format_percent(100 * result.gap, 2)} "
                "(hết thời gian tính trước khi chứng minh được).")
    return f"Kết quả tính: {PLANNER_STATUS.get(result.status, result.status)}."


def _method(constraints: Constraints) -> str:
    return ("Phương án được tính bằng phương pháp quy hoạch nguyên (phần mềm giải HiGHS, thời gian tính tối đa "
            f"{format_number(constraints.time_limit_s)} giây), xét mọi cách chọn trường trong ngân sách.")


def budget_text(constraints: Constraints) -> str:
    """'50 tỷ đồng (50.000.000.000 đ)', or the budget of each year."""
    if constraints.years is None:
        return f"{format_money_short(constraints.budget)} ({format_vnd(constraints.budget)})"
    years = "; ".join(f"năm {year}: {format_money_short(money)}" for year, money in constraints.years.items())
    return (f"{format_money_short(constraints.total)} chia theo năm ({years}); mỗi hạng mục được cấp từ năm kế "
            "hoạch của nó trở đi, kinh phí năm nào dùng trong năm đó")


def recognised_note(con, filters: Filters, needs: Needs) -> str:
    """'' or how many schools below the target still hold a recognition in force."""
    held = recognised_below(con, filters, needs.schools["school_id"])
    if not held:
        return ""
    return (f"{len(held)} trong {len(needs.schools)} trường dưới mức mục tiêu đang có quyết định công nhận còn hiệu lực: "
            "kết quả tự đánh giá gần nhất của các trường này thấp hơn mức đã được công nhận, cần khắc phục trước lần "
            "đánh giá ngoài tiếp theo.")


def free_note(needs: Needs, result: Result) -> str:
    """'' or the schools the choice promotes for nothing, so that no one reads them as bought with the money."""
    free = len(set(needs.free()) & result.selected)
    if not free:
        return ""
    return (f"Trong {result.n_promoted} trường đạt có {free} trường không cần kinh phí từ ngân sách này: các biện pháp "
            "còn thiếu của trường không tốn tiền (ghi “Không” trong kế hoạch, ví dụ tham mưu bổ sung giáo viên) hoặc "
            "thuộc nhóm được cấp từ nguồn khác.")


def _families(con, options: PlanOptions) -> str:
    if not options.excluded_categories:
        return ""
    names = fetch(con, "SELECT category_key, category_name FROM gap_categories ORDER BY sort_order")
    return ", ".join(n for k, n in zip(names["category_key"], names["category_name"]) if k in options.excluded_categories)


def _priority_text(priority: Priority) -> str:
    terms = []
    if priority.expiring_before is not None:
        last_day = pd.Timestamp(priority.expiring_before) - pd.Timedelta(days=1)
        terms.append(f"cộng {format_number(EXPIRING_TERM)} nếu quyết định công nhận đã hoặc sẽ hết hiệu lực đến "
                     f"{format_date(last_day)}")
    if priority.communes:
        communes = ", ".join(sorted(f"{c} ({p})" for p, c in priority.communes))
        terms.append(f"cộng {format_number(COMMUNE_TERM)} nếu trường ở xã khó khăn: {communes}")
    return "Hệ số ưu tiên của mỗi trường: 1" + ("; " + "; ".join(terms) if terms else "") + "."


def _headline(document, needs: Needs, result: Result, constraints: Constraints, options: PlanOptions) -> None:
    total = constraints.total
    largest, cheapest = largest_need_first(needs, total), cheapest_item_first(needs, total)
    document.add_paragraph(
        f"Với {format_money_short(total)}, phương án đưa {result.n_promoted} trường đạt "
        f"{PLANNER_TARGETS[options.target]}, sử dụng {format_money_short(result.money_used)}, còn lại "
        f"{format_money_short(result.money_left)}; {_compared(result.n_promoted - largest.n_promoted)} cách ưu tiên "
        f"nhu cầu lớn nhất và {_compared(result.n_promoted - cheapest.n_promoted)} cách ưu tiên hạng mục rẻ nhất "
        "(hai cách này chỉ xét tổng kinh phí). " + free_note(needs, result))
    rules = pd.DataFrame({"rule": ["Phương án đề xuất", "Ưu tiên nhu cầu lớn nhất", "Ưu tiên hạng mục rẻ nhất"],
                          "n_promoted": [r.n_promoted for r in (result, largest, cheapest)],
                          "money_used_vnd": [r.money_used for r in (result, largest, cheapest)]})
    add_table(document, rules, (), _PORTRAIT_MM)


def _compared(more: int) -> str:
    """'nhiều hơn 3 trường so với', not 'nhiều hơn 0 trường so với' (and never 'nhiều hơn -1')."""
    if more > 0:
        return f"nhiều hơn {more} trường so với"
    return "bằng số trường của" if more == 0 else f"ít hơn {-more} trường so với"


def _bullets(document, lines: list[str]) -> None:
    for line in lines:
        document.add_paragraph(clean(line), style="List Bullet")
