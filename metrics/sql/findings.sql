-- Consistency findings per school: each branch of `found` is one kind of finding.
-- Materialised by derive.py for the assessments in scope; findings_table.sql filters it.
WITH selection AS (SELECT * FROM scope_status), crit AS (
    SELECT c.* FROM criterion_ratings c JOIN selection s USING (school_id, school_year, assessment_type)
), plans AS (
    SELECT p.*, k.has_level3, c.level AS rated_level
    FROM plan_items p JOIN selection s USING (school_id, school_year, assessment_type)
    LEFT JOIN criteria k ON k.framework_key = s.framework_key AND k.criterion_id = p.criterion_id
    LEFT JOIN criterion_ratings c ON c.school_id = p.school_id AND c.school_year = p.school_year
         AND c.assessment_type = p.assessment_type AND c.criterion_id = p.criterion_id
), found AS (
    SELECT school_id, school_year, assessment_type, 1 AS ord, 'Kết luận của trường khác kết quả tính' AS kind,
           'Trường tự kết luận "' || coalesce(claimed_level_text, '') || '", tính theo quy định: ' || accreditation_text AS detail
    FROM selection WHERE claim_mismatch
    UNION ALL
    SELECT school_id, school_year, assessment_type, 2, 'Mức 4 đạt khi chưa đạt Mức 3',
           'Đánh dấu đạt ' || l4_achieved || '/' || n_clauses || ' tiêu chí Mức 4 nhưng trường mới ở '
           || CASE WHEN computed_level = 0 THEN 'dưới Mức 1' ELSE 'Mức ' || computed_level END
           || ' (Điều 6: Mức 4 chỉ xét khi đã đạt Mức 3)'
    FROM selection WHERE level_basis = 'computed' AND l4_achieved > 0 AND computed_level < 3
    UNION ALL
    SELECT school_id, school_year, assessment_type, 3, 'Thiếu tiêu chí',
           'Chưa có đánh giá tiêu chí ' || list_missing
    FROM selection WHERE level_basis = 'computed' AND n_missing > 0
    UNION ALL
    -- repeats never reach the store (the loaders reject or resolve them): they are shown as import warnings
    SELECT p.school_id, p.school_year, p.assessment_type, 4, 'Cảnh báo khi nhập',
           i.message || ' (' || i.sheet || ', dòng ' || i."row" || ')'
    FROM (SELECT DISTINCT school_id, school_year, assessment_type, import_id FROM ratings
          WHERE (school_id, school_year, assessment_type) IN (SELECT school_id, school_year, assessment_type FROM selection)) p
    JOIN import_issues i USING (import_id)
    WHERE i.message LIKE '%xuất hiện hai lần%'
    UNION ALL
    SELECT school_id, school_year, assessment_type, 5, 'Mức 3 cho tiêu chí không có Mức 3',
           'Tiêu chí ' || criterion_id || ' được đánh giá Mức 3 nhưng khung không có Mức 3; tính là Mức 2'
    FROM crit WHERE raw_level = 3 AND NOT has_level3
    UNION ALL
    SELECT school_id, school_year, assessment_type, 6, 'Kế hoạch đặt Mức 3 cho tiêu chí không có Mức 3',
           'Kế hoạch đặt mục tiêu Mức 3 cho tiêu chí ' || string_agg(criterion_id, ', ' ORDER BY item_no)
    FROM plans WHERE target_level = 3 AND has_level3 = FALSE GROUP BY ALL
    UNION ALL
    SELECT school_id, school_year, assessment_type, 7, 'Kế hoạch cho tiêu chí đã đạt mục tiêu',
           'Tiêu chí ' || string_agg(criterion_id || ' (đã Mức ' || rated_level || ')', ', ' ORDER BY item_no)
           || ' đã đạt mức kế hoạch đặt ra'
    FROM plans WHERE rated_level IS NOT NULL AND rated_level >= coalesce(target_level, 2) GROUP BY ALL
    UNION ALL
    SELECT school_id, school_year, assessment_type, 8, 'Kế hoạch bỏ sót tiêu chí dưới Mức 2',
           'Tiêu chí ' || list_below2_unplanned || ' dưới Mức 2 nhưng không có trong kế hoạch'
    FROM selection WHERE level_basis = 'computed' AND n_below2_unplanned > 0
    UNION ALL
    -- a school year after the last one its framework applies to (frameworks.csv applies_until_year:
    -- TT57/2026 replaces the 2018 circulars from 2026-2027): kept as recorded, named with the
    -- framework of the school's level in force that year
    SELECT s.school_id, s.school_year, s.assessment_type, 9, 'Đánh giá theo thông tư đã được thay thế',
           'Đánh giá năm học ' || s.school_year || ' theo ' || f.circular_short || '; từ năm học '
           || (f.applies_until_year + 1) || '-' || (f.applies_until_year + 2) || ' áp dụng '
           || coalesce(n.circular_short || CASE WHEN n.provisional THEN ' (tạm thời)' ELSE '' END, 'khung tiêu chí mới')
    FROM selection s JOIN frameworks f USING (framework_key)
    LEFT JOIN school_level_frameworks l ON l.school_level = s.school_level
    LEFT JOIN frameworks n ON n.framework_key IN (l.framework_2018, l.framework_2026)
         AND s.year_start BETWEEN n.applies_from_year AND coalesce(n.applies_until_year, s.year_start)
    WHERE s.year_start > f.applies_until_year
)
SELECT school_id, school_year, assessment_type, ord, kind, detail FROM found
