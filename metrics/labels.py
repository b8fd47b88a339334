"""The one vocabulary: every Vietnamese header, level name and value label the user sees.

Metrics return keys and snake_case columns; pages, the CLI and downloads turn them into
Vietnamese here, at the edge (datasette keeps labels beside the data the same way). A column
is described once: its header and its kind, which says how its values are shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

NO_DATA = "Chưa có dữ liệu"
ALL = "Tất cả"
STANDING = "Hiện trạng"  # each school once, by its latest assessment up to a day


@dataclass(frozen=True)
class Column:
    header: str
    # text | sentence (a message: capital first, final period) | count | money | share, average (1 decimal)
    # | time | date | age (years)
    kind: str = "text"
    values: dict = field(default_factory=dict)  # key -> label, for columns that hold keys


# A school's level as one key, for grouping, colours and drill-downs (Điều 34: Cấp độ n = Mức n).
LEVEL_GROUPS = {"below1": "Chưa đạt Cấp độ 1", "level1": "Cấp độ 1", "level2": "Cấp độ 2", "level3": "Cấp độ 3",
                "level4": "Cấp độ 4", "no_data": NO_DATA}
# A criterion's level (Điều 6): 0 is "Không đạt"; NULL (not rated) is shown as no data.
CRITERION_LEVELS = {0: "Không đạt", 1: "Mức 1", 2: "Mức 2", 3: "Mức 3"}
# The same in a table of levels side by side (a year without a rating shows a dash).
CRITERION_LEVELS_SIDE_BY_SIDE = {**CRITERION_LEVELS, None: "—"}
LEVEL_BASIS = {"computed": "Tính từ bảng đánh giá", "reported": "Theo báo cáo của trường", "none": NO_DATA}
COMPARED = {"met": "Đạt", "not_met": "Chưa đạt", "no_level3": "Không có Mức 3"}
# A recognition decision on the day (Điều 34/37: valid 5 years; "expiring" = within 12 months).
RECOGNITION_STATUS = {"valid": "Còn hiệu lực", "expiring": "Sắp hết hiệu lực", "expired": "Hết hiệu lực",
                      "none": "Chưa có", "external_only": "Có đánh giá ngoài, chưa có quyết định công nhận"}
RECOGNITION_STATUS_SHORT = {**RECOGNITION_STATUS, "external_only": "Chưa có quyết định"}  # a headline's few words
RECOGNISED_LEVELS = {1: "Cấp độ 1", 2: "Cấp độ 2", 3: "Cấp độ 3", 4: "Cấp độ 4", None: "Chưa có"}
RECOGNISED_STANDARDS = {1: "Mức độ 1", 2: "Mức độ 2", None: "Chưa có"}
RECOGNITION_KINDS = {"accreditation": "Kiểm định chất lượng giáo dục", "national_standard": "Chuẩn quốc gia"}
# a decision's level read with its kind ('accreditation_2'): Cấp độ for KĐCL, Mức độ for chuẩn quốc gia
RECOGNISED_AS = {**{f"accreditation_{n}": text for n, text in RECOGNISED_LEVELS.items() if n},
                 **{f"national_standard_{n}": text for n, text in RECOGNISED_STANDARDS.items() if n}}
IMPORT_STATUS = {"imported": "Đã nhập", "rejected": "Từ chối", "unchanged": "Không đổi",
                 "valid": "Hợp lệ (chờ xác nhận)", "failed": "Không nhập được"}
# How a file reached the store (import_log.jsonl "door"); older lines have none.
IMPORT_DOORS = {"cli": "Dòng lệnh", "upload_preview": "Tải lên: kiểm tra", "upload": "Tải lên: xác nhận nhập",
                "upload_new_school": "Tải lên: thêm trường mới"}
AREAS = {"province": "Tỉnh/Thành phố", "district": "Quận/Huyện (trước 2025)"}
GROUPINGS = {**AREAS, "commune": "Xã/Phường"}  # since 7/2025 communes manage mầm non, tiểu học and THCS
FILTERS = {**AREAS, "school_level": "Cấp học", "school_year": "Xem theo", "assessment_type": "Hình thức đánh giá",
           "as_of": "Hiện trạng tính đến ngày",
           # the viewer's scope (metrics.access), written at the top of a download like the filters
           "communes": "Phạm vi: Xã/Phường", "districts": "Phạm vi: Quận/Huyện (trước 2025)", "school_id": "Phạm vi: Mã trường"}

# The lines above a downloaded table (metrics.exports) and its totals row: what it is, which schools it
# covers, how fresh, where it comes from; a school's profile adds the years it holds (metrics.profile_years).
REPORT = {"table": "Bảng", "scope": "Phạm vi", "as_of": "Dữ liệu đến ngày", "source": "Nguồn",
          "assessed": "Năm học đánh giá", "plan_period": "Kỳ kế hoạch cải tiến", "total": "Tổng cộng"}
REPORT_SOURCE = "tự đánh giá và kế hoạch cải tiến của các trường, phiên bản dữ liệu {version}"
# a plan's period in calendar years ("năm 2024"), never written like a school year ("2023-2024")
REPORT_PLAN = {"none": "chưa có kế hoạch", "no_year": "không ghi năm thực hiện", "of": "theo đánh giá {year}",
               "one": "năm {year}", "range": "từ năm {first} đến năm {last}"}

# Why money alone cannot promote a school (metrics.planner_model reason keys; {criteria}: "3.5, 3.6").
PLANNER_REASONS = {"no_item": "kế hoạch chưa có hạng mục cho tiêu chí {criteria}",
                   "not_estimated": "hạng mục tiêu chí {criteria} chưa ước tính kinh phí",
                   "over_limit": "hạng mục tiêu chí {criteria} có kinh phí vượt mức tối đa của một hạng mục "
                                 "(1.000 tỷ đồng); kiểm tra lại tệp của trường",
                   "missing": "tiêu chí {criteria} chưa có đánh giá",
                   "no_ratings": "chưa có kết quả đánh giá từng tiêu chí",
                   "no_criteria": "không xác định được tiêu chí cần nâng"}
ESTIMATED_BY_MEDIAN = "ước tính theo trung vị"
# Why the priority weight favours a school (metrics.planner_priority; {date}: the decision's last valid day).
PRIORITY_REASONS = {"expired": "quyết định công nhận đã hết hiệu lực (hiệu lực đến {date})",
                    "expiring": "quyết định công nhận hết hiệu lực trong kỳ kế hoạch (hiệu lực đến {date})",
                    "commune": "{commune}: {reason}",
                    "commune_chosen": "{commune}: xã khó khăn (chọn khi lập phương án)"}
# A plan item far from its peers' median (metrics.unit_costs): "Nhà thi đấu 12 tỷ đồng: gấp 2,4 lần trung vị".
COST_NOTES = {"high": "{category} {cost}: gấp {ratio} lần trung vị", "low": "{category} {cost}: chỉ bằng {ratio} lần trung vị"}
PLANNER_TARGETS = {2: "Cấp độ 2 / Chuẩn quốc gia Mức độ 1", 3: "Cấp độ 3 / Chuẩn quốc gia Mức độ 2"}
PLANNER_OBJECTIVES = {"schools": "Nhiều trường đạt nhất", "pupils": "Nhiều học sinh được hưởng nhất",
                      "weight": "Ưu tiên (trường sắp hết hạn công nhận, xã khó khăn)"}
PLANNER_STATUS = {"optimal": "tối ưu (đã chứng minh)", "time_limit": "hết thời gian, lời giải tốt nhất tìm được",
                  "infeasible": "không có phương án thỏa mãn mọi ràng buộc", "rule": "theo quy tắc đơn giản"}
YES_NO = {True: "Có", False: "Không"}
# who is looking (loaders.accounts ROLES; "open" = no sign-in configured) and what was done to an account
ROLE_NAMES = {"admin": "Quản trị", "so": "Sở GD&ĐT", "xa": "Xã/Phường", "truong": "Trường", "khach": "Khách",
              "open": "Không đăng nhập (chế độ mở)"}
ACCOUNT_ACTIONS = {"add": "Tạo tài khoản", "set": "Sửa tài khoản", "remove": "Xóa tài khoản"}
# Every field an official sets on the planner (metrics.filters.Filters, planner_model.PlanOptions,
# planner.Constraints, planner_priority.Priority as "priority_<field>"), named when a reopened scenario's
# parameters differ from the page's.
PLANNER_PARAMETERS = {**FILTERS, "target": "Mục tiêu", "excluded_categories": "Không tính vào ngân sách này",
                      "estimate_missing": "Ước tính theo trung vị", "budget": "Ngân sách", "objective": "Tối đa hóa",
                      "years": "Ngân sách theo năm", "district_cap": "Trần kinh phí mỗi quận/huyện",
                      "province_cap": "Trần kinh phí mỗi tỉnh/thành phố",
                      "commune_cap": "Trần kinh phí mỗi xã/phường",
                      "priority_communes": "Xã khó khăn được ưu tiên",
                      "priority_expiring_before": "Ưu tiên trường có quyết định công nhận đã hoặc sắp hết hiệu lực",
                      "min_per_district": "Mỗi quận/huyện có ít nhất một trường", "weights": "Trọng số ưu tiên",
                      "time_limit_s": "Thời gian giải tối đa (giây)"}

_COUNT, _MONEY, _SHARE, _AVERAGE = "count", "money", "share", "average"

COLUMNS: dict[str, Column] = {
    # schools and assessments
    "school_id": Column("Mã trường"), "name": Column("Tên trường"), "school_level": Column("Cấp học"),
    "province": Column(AREAS["province"]), "district": Column(AREAS["district"]),
    "province_written": Column("Tỉnh/Thành phố (như ghi)"), "commune": Column("Xã/Phường"),
    "school_year": Column("Năm học"), "assessment_type": Column("Hình thức"),
    "framework_label": Column("Khung tiêu chí"), "accreditation": Column("Cấp độ KĐCL"),
    "standard": Column("Chuẩn quốc gia"), "level_basis": Column("Cơ sở kết luận", values=LEVEL_BASIS),
    "explanation": Column("Giải thích"),
    # current standing (issue 11): the two notions side by side, never mixed
    "self_year": Column("Năm tự đánh giá gần nhất"), "self_assessed": Column("Cấp độ tự đánh giá"),
    "data_age_years": Column("Tuổi dữ liệu", "age"),
    "external_year": Column("Năm đánh giá ngoài gần nhất"), "external_result": Column("Kết quả đánh giá ngoài"),
    "recognised_level": Column("Cấp độ KĐCL được công nhận", values=RECOGNISED_LEVELS),
    "recognised_standard": Column("Chuẩn quốc gia được công nhận", values=RECOGNISED_STANDARDS),
    "recognition_valid_until": Column("Hiệu lực đến", "date"),
    "recognition_status": Column("Tình trạng công nhận", values=RECOGNITION_STATUS),
    "plan_year": Column("Năm kế hoạch"),
    "recognition_kind": Column("Loại công nhận", values=RECOGNITION_KINDS),
    "recognised_level_any": Column("Cấp độ / Mức độ", _COUNT), "decision_number": Column("Số quyết định"),
    "recognised_as": Column("Cấp độ / Mức độ", values=RECOGNISED_AS),
    "decision_date": Column("Ngày quyết định", "date"),
    "valid_until_written": Column("Cách xác định hiệu lực",
                                  values={True: "Ghi trong quyết định",
                                          False: "Mặc định 5 năm (Điều 34, 37 Thông tư 17, 18, 19/2018)"}),
    "is_demo": Column("Nguồn dữ liệu", values={True: "Minh họa", False: "Thực"}),
    # distances
    "n_below1": Column("Số tiêu chí chưa đạt Mức 1", _COUNT),
    "n_below2": Column("Số tiêu chí cần nâng để đạt Cấp độ 2", _COUNT),
    "steps_to_level2": Column("Số bậc cần nâng để đạt Cấp độ 2", _COUNT),
    "n_to_level3": Column("Số tiêu chí cần nâng để đạt Cấp độ 3", _COUNT),
    "n_missing": Column("Số tiêu chí chưa có dữ liệu", _COUNT),
    "list_below2": Column("Tiêu chí cần nâng để đạt Cấp độ 2"),
    "list_to_level3": Column("Tiêu chí cần nâng để đạt Cấp độ 3"),
    "list_missing": Column("Tiêu chí chưa có dữ liệu"),
    "list_below2_unplanned": Column("Tiêu chí dưới Mức 2 chưa có trong kế hoạch"),
    # money
    "plan_cost_vnd": Column("Kinh phí dự kiến (đồng)", _MONEY),
    "n_plan_items": Column("Số hạng mục kế hoạch", _COUNT),
    "n_items": Column("Số hạng mục", _COUNT),
    "n_estimated": Column("Số hạng mục có ước tính", _COUNT),
    "n_not_estimated": Column("Số hạng mục chưa ước tính kinh phí", _COUNT),
    "n_schools": Column("Số trường", _COUNT),
    "standard_label": Column("Tiêu chuẩn"), "year_label": Column("Năm thực hiện"),
    # one gap category's share of a school's plan (metrics.category_costs)
    "category_cost_vnd": Column("Kinh phí của nhóm (đồng)", _MONEY),
    "n_category_items": Column("Số hạng mục của nhóm", _COUNT),
    "n_category_not_estimated": Column("Hạng mục của nhóm chưa ước tính", _COUNT),
    # areas
    "n_assessed": Column("Số trường có đánh giá", _COUNT),
    **{f"n_{key}": Column(label, _COUNT) for key, label in LEVEL_GROUPS.items()},
    "n_total": Column("Tổng", _COUNT),
    "share_level2_up": Column("Tỷ lệ đạt Cấp độ 2 trở lên (%)", _SHARE),
    "avg_to_level2": Column("TB số tiêu chí cần nâng để đạt Cấp độ 2", _AVERAGE),
    "avg_to_level3": Column("TB số tiêu chí cần nâng để đạt Cấp độ 3", _AVERAGE),
    "most_common_gap": Column("Điểm yếu phổ biến nhất"),
    # criteria and gap categories
    "standard_no": Column("Tiêu chuẩn", _COUNT), "criterion_id": Column("Tiêu chí"),
    "criterion_name": Column("Tên tiêu chí"),
    "n_rated": Column("Số trường có đánh giá", _COUNT),
    "n_schools_below2": Column("Số trường dưới Mức 2", _COUNT),
    "share_below2": Column("Tỷ lệ dưới Mức 2 (%)", _SHARE),
    "n_schools_below3": Column("Số trường dưới Mức 3", _COUNT),
    "share_below3": Column("Tỷ lệ dưới Mức 3 (%)", _SHARE),
    "n_schools_missing": Column("Số trường chưa có dữ liệu", _COUNT),
    "category_name": Column("Nhóm điểm yếu"),
    "n_schools_with_gap": Column("Số trường có tiêu chí dưới Mức 2", _COUNT),
    "share_schools_with_gap": Column("Tỷ lệ trường (%)", _SHARE),
    # findings
    "finding_kind": Column("Loại phát hiện"), "detail": Column("Chi tiết"),
    # one school's profile
    "level": Column("Mức đạt", values={**CRITERION_LEVELS, None: NO_DATA}),
    "vs_level2": Column("So với Mức 2", values=COMPARED), "vs_level3": Column("So với Mức 3", values=COMPARED),
    "shortfall": Column("Nội dung chưa đạt"), "next_level_requires": Column("Mức tiếp theo yêu cầu"),
    "has_plan_item": Column("Có trong kế hoạch", values={True: "Có", False: ""}),
    "source": Column("Nguồn"), "source_place": Column("Nguồn (trang, dòng)"),
    "item_no": Column("STT", _COUNT), "action": Column("Công việc/giải pháp"), "owner": Column("Chủ trì"),
    "timeframe": Column("Thời gian thực hiện"), "cost_vnd": Column("Kinh phí (đồng)", _MONEY),
    "cost_text": Column("Kinh phí (nguyên văn)"), "categories": Column("Nhóm điểm yếu"),
    "categories_with_rules": Column("Nhóm điểm yếu [quy tắc]"),
    "file_name": Column("Tệp"), "reader": Column("Cách đọc"), "imported_at": Column("Thời điểm nhập", "time"),
    "document_number": Column("Số văn bản"), "document_signed": Column("Nơi, ngày ký"),
    "file_hash": Column("Mã tệp"), "stored_path": Column("Bản gốc lưu tại"),
    # import reports and history
    "severity": Column("Mức", values={"error": "Lỗi", "warning": "Cảnh báo"}),
    "sheet": Column("Trang/Bảng"), "row": Column("Dòng", _COUNT),
    "column": Column("Cột"), "message": Column("Nội dung", "sentence"),
    "time": Column("Thời điểm", "time"), "file": Column("Tệp"), "status": Column("Kết quả", values=IMPORT_STATUS),
    "schools": Column("Trường thêm/cập nhật", _COUNT), "ratings": Column("Tiêu chí", _COUNT), "level4": Column("Mức 4", _COUNT),
    "plan_items": Column("Hạng mục kế hoạch", _COUNT), "recognitions": Column("Quyết định công nhận", _COUNT),
    "errors": Column("Lỗi", _COUNT),
    "warnings": Column("Cảnh báo", _COUNT), "original": Column("Bản gốc lưu tại"),
    "door": Column("Nhận qua", values=IMPORT_DOORS), "user": Column("Người nhập"),
    "imported_by": Column("Người nhập"),
    # accounts and their change log (loaders.accounts)
    "email": Column("Email"), "account_name": Column("Họ tên"), "role": Column("Vai trò", values=ROLE_NAMES),
    "communes": Column("Xã/Phường phụ trách"), "districts": Column("Quận/Huyện (trước 2025) phụ trách"),
    "active": Column("Đang hoạt động", values=YES_NO), "created_at": Column("Thời điểm tạo", "time"),
    "created_by": Column("Người tạo"), "changed_at": Column("Thời điểm", "time"),
    "changed_by": Column("Người thực hiện"), "account_action": Column("Thao tác", values=ACCOUNT_ACTIONS),
    "change_detail": Column("Nội dung thay đổi"),
    # the budget planner (issue 12)
    "n_students": Column("Số học sinh", _COUNT), "n_needed": Column("Số tiêu chí cần nâng", _COUNT),
    "need_cost_vnd": Column("Kinh phí cần (đồng)", _MONEY),
    "estimated_by_median": Column("Cách tính kinh phí", values={True: ESTIMATED_BY_MEDIAN, False: ""}),
    "selected": Column("Được chọn", values=YES_NO), "promoted_year": Column("Năm đạt"),
    "reason": Column("Lý do"),
    "priority_weight": Column("Hệ số ưu tiên", _AVERAGE), "priority_reason": Column("Lý do ưu tiên"),
    "year": Column("Năm"),
    "cost_note": Column("Ghi chú kinh phí"), "rule": Column("Cách phân bổ"),
    "budget_vnd": Column("Ngân sách (đồng)", _MONEY), "n_promoted": Column("Số trường đạt", _COUNT),
    "pupils_promoted": Column("Số học sinh các trường đạt", _COUNT),
    "money_used_vnd": Column("Kinh phí sử dụng (đồng)", _MONEY),
    "gap": Column("Khoảng cách tối ưu (%)", _SHARE),
    "largest_need_first": Column("Ưu tiên nhu cầu lớn nhất: số trường đạt", _COUNT),
    "cheapest_item_first": Column("Ưu tiên hạng mục rẻ nhất: số trường đạt", _COUNT),
    "cost_per_school_vnd": Column("Kinh phí bình quân mỗi trường đạt (đồng)", _MONEY),
    "item_year": Column("Năm thực hiện"), "funding_source": Column("Nguồn kinh phí"), "plan_note": Column("Ghi chú"),
    "category_median_vnd": Column("Trung vị cùng nhóm và cấp học (đồng)", _MONEY),
    "cost_ratio": Column("So với trung vị (lần)", _AVERAGE),
    "cost_flag": Column("Nhận xét", values={"high": "Cao bất thường (trên 2 lần trung vị)",
                                             "low": "Thấp bất thường (dưới 0,5 lần trung vị)"}),
    # saved planner scenarios, compared side by side (metrics.scenario_tables)
    "scenario_name": Column("Phương án"), "saved_at": Column("Thời điểm lưu"),
    "saved_by": Column("Người lưu"), "data_version": Column("Phiên bản dữ liệu"), "scope": Column("Phạm vi"),
    "target_level": Column(PLANNER_PARAMETERS["target"], values=PLANNER_TARGETS),
    "objective_key": Column(PLANNER_PARAMETERS["objective"], values=PLANNER_OBJECTIVES),
    "annual_budgets": Column(PLANNER_PARAMETERS["years"]),
    "district_cap_vnd": Column("Trần kinh phí mỗi quận/huyện (đồng)", _MONEY),
    "province_cap_vnd": Column("Trần kinh phí mỗi tỉnh/thành phố (đồng)", _MONEY),
    "commune_cap_vnd": Column("Trần kinh phí mỗi xã/phường (đồng)", _MONEY),
    "priority_expiring_until": Column("Ưu tiên trường có quyết định công nhận hết hiệu lực đến ngày", "date"),
    "priority_communes": Column(PLANNER_PARAMETERS["priority_communes"]),
    "min_per_district": Column(PLANNER_PARAMETERS["min_per_district"], values=YES_NO),
    "excluded_categories": Column(PLANNER_PARAMETERS["excluded_categories"]),
    "estimate_missing": Column(PLANNER_PARAMETERS["estimate_missing"], values=YES_NO),
    "n_weighted": Column("Số trường có trọng số ưu tiên", _COUNT),
    "solve_status": Column("Kết quả giải", values=PLANNER_STATUS),
    "objective_value": Column("Giá trị tối đa hóa đạt được", _COUNT),
    "money_left_vnd": Column("Kinh phí còn lại (đồng)", _MONEY),
    "largest_need_first_money_vnd": Column("Ưu tiên nhu cầu lớn nhất: kinh phí sử dụng (đồng)", _MONEY),
    "cheapest_item_first_money_vnd": Column("Ưu tiên hạng mục rẻ nhất: kinh phí sử dụng (đồng)", _MONEY),
    "chosen_in": Column("Được chọn trong phương án"), "not_chosen_in": Column("Không được chọn trong phương án"),
    # a comparison of schools side by side
    "topic": Column("Nội dung"),
}


def column(key: str) -> Column:
    """The description of a column; a key without one is a mistake, not something to show raw."""
    try:
        return COLUMNS[key]
    except KeyError:
        raise KeyError(f"no label for column {key!r}: add it to metrics/labels.py") from None


def header(key: str) -> str:
    return column(key).header


# Keys the code needs beside a table (drill-downs, order) that are never shown or downloaded.
HIDDEN = frozenset({"framework_key", "category_key", "level_group", "sort_key", "national_standard",
                    "school_level_reached", "self_level", "external_level", "recognised_level_status",
                    "recognised_standard_status", "reason_keys", "promotable"})
