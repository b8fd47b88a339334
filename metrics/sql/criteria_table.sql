-- Per criterion: how many schools of the selection fall below Mức 2 and below Mức 3.
-- Reads the criterion_counts cube; {where} filters it (bound parameters); the group placeholders optionally
-- splits it by province, district or school level (whitelisted column names).
SELECT {group_select}f.label AS "Khung tiêu chí", cc.standard_no AS "Tiêu chuẩn", cc.criterion_id AS "Tiêu chí",
       k.criterion_name AS "Tên tiêu chí",
       sum(cc.n_rated)::BIGINT AS "Số trường có đánh giá",
       sum(cc.n_below2)::BIGINT AS "Số trường dưới Mức 2",
       round(100.0 * sum(cc.n_below2) / nullif(sum(cc.n_rated), 0), 1) AS "Tỷ lệ dưới Mức 2 (%)",
       CASE WHEN bool_or(cc.has_level3) THEN sum(cc.n_below3)::BIGINT END AS "Số trường dưới Mức 3",
       CASE WHEN bool_or(cc.has_level3) THEN round(100.0 * sum(cc.n_below3) / nullif(sum(cc.n_rated), 0), 1) END
           AS "Tỷ lệ dưới Mức 3 (%)",
       sum(cc.n_missing)::BIGINT AS "Số trường chưa có dữ liệu",
       min(cc.sort_key) AS _sort
FROM criterion_counts cc
JOIN frameworks f ON f.framework_key = cc.framework_key
JOIN criteria k ON k.framework_key = cc.framework_key AND k.criterion_id = cc.criterion_id
WHERE TRUE {where}
GROUP BY {group_by}f.label, cc.framework_key, cc.standard_no, cc.criterion_id, k.criterion_name
ORDER BY {group_by}"Số trường dưới Mức 2" DESC, f.label, _sort
