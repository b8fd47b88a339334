-- Per criterion: how many schools of the selection fall below Mức 2 and below Mức 3.
SELECT f.label AS "Khung tiêu chí", c.standard_no AS "Tiêu chuẩn", c.criterion_id AS "Tiêu chí",
       k.criterion_name AS "Tên tiêu chí",
       count(*) FILTER (WHERE NOT c.is_missing) AS "Số trường có đánh giá",
       count(*) FILTER (WHERE c.level < 2) AS "Số trường dưới Mức 2",
       round(100.0 * count(*) FILTER (WHERE c.level < 2) / nullif(count(*) FILTER (WHERE NOT c.is_missing), 0), 1)
           AS "Tỷ lệ dưới Mức 2 (%)",
       CASE WHEN bool_or(c.has_level3) THEN count(*) FILTER (WHERE c.has_level3 AND c.level < 3) END
           AS "Số trường dưới Mức 3",
       CASE WHEN bool_or(c.has_level3) THEN round(100.0 * count(*) FILTER (WHERE c.has_level3 AND c.level < 3)
           / nullif(count(*) FILTER (WHERE NOT c.is_missing), 0), 1) END AS "Tỷ lệ dưới Mức 3 (%)",
       count(*) FILTER (WHERE c.is_missing) AS "Số trường chưa có dữ liệu",
       min(c.sort_key) AS _sort
FROM selection JOIN criterion_status c USING (school_id, school_year, assessment_type, framework_key)
JOIN frameworks f ON f.framework_key = c.framework_key
JOIN criteria k ON k.framework_key = c.framework_key AND k.criterion_id = c.criterion_id
WHERE selection.level_basis = 'computed'
GROUP BY f.label, c.framework_key, c.standard_no, c.criterion_id, k.criterion_name
ORDER BY "Số trường dưới Mức 2" DESC, f.label, _sort
