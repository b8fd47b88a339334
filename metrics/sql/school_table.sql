-- One row per school, school year and assessment type: where it stands and what it needs.
-- Counts are left empty when the level was reported, not computed (no ratings to count).
SELECT school_id AS "Mã trường", name AS "Tên trường", school_level AS "Cấp học",
       province AS "Tỉnh/Thành phố", district AS "Quận/Huyện", school_year AS "Năm học",
       assessment_type AS "Hình thức", f.label AS "Khung tiêu chí",
       accreditation_text AS "Cấp độ KĐCL", standard_text AS "Chuẩn quốc gia",
       CASE level_basis WHEN 'computed' THEN 'Tính từ bảng đánh giá'
            WHEN 'reported' THEN 'Theo báo cáo của trường' ELSE 'Chưa có dữ liệu' END AS "Cơ sở kết luận",
       CASE WHEN level_basis = 'computed' THEN n_below1 END AS "Số tiêu chí chưa đạt Mức 1",
       CASE WHEN level_basis = 'computed' THEN n_below2 END AS "Số tiêu chí cần nâng để đạt Cấp độ 2",
       CASE WHEN level_basis = 'computed' THEN steps_to_level2 END AS "Số bậc cần nâng để đạt Cấp độ 2",
       CASE WHEN level_basis = 'computed' AND f.max_level >= 3 THEN n_to_level3 END AS "Số tiêu chí cần nâng để đạt Cấp độ 3",
       CASE WHEN level_basis = 'computed' THEN n_missing END AS "Số tiêu chí chưa có dữ liệu",
       CASE WHEN level_basis = 'computed' THEN coalesce(list_below2, '') END AS "Tiêu chí cần nâng để đạt Cấp độ 2",
       CASE WHEN level_basis = 'computed' AND f.max_level >= 3 THEN coalesce(list_to_level3, '') END AS "Tiêu chí cần nâng để đạt Cấp độ 3",
       CASE WHEN level_basis = 'computed' THEN coalesce(list_missing, '') END AS "Tiêu chí chưa có dữ liệu",
       CASE WHEN level_basis = 'computed' THEN coalesce(list_below2_unplanned, '') END AS "Tiêu chí dưới Mức 2 chưa có trong kế hoạch",
       plan_cost_vnd AS "Kinh phí dự kiến (đồng)",
       n_plan_items AS "Số hạng mục kế hoạch",
       n_not_estimated AS "Số hạng mục chưa ước tính kinh phí",
       explanation AS "Giải thích",
       CASE WHEN is_demo THEN 'Minh họa' ELSE 'Thực' END AS "Nguồn dữ liệu"
FROM selection JOIN frameworks f USING (framework_key)
ORDER BY display_order
