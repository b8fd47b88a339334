-- Gap categories: schools with a criterion below Mức 2 in the category, and the money planned for it.
-- A plan item can belong to several categories, so category totals may add up to more than the total.
WITH needs AS (
    SELECT g.category_key, count(DISTINCT (g.school_id, g.school_year, g.assessment_type)) AS n_schools
    FROM selection s JOIN criterion_gap_categories g USING (school_id, school_year, assessment_type)
    GROUP BY 1
), money AS (
    SELECT pc.category_key, count(*) AS n_items, sum(p.cost_vnd) AS cost,
           count(*) FILTER (WHERE p.cost_vnd IS NULL) AS not_estimated
    FROM selection s JOIN plan_item_categories pc USING (school_id, school_year, assessment_type)
    JOIN plan_items p USING (school_id, school_year, assessment_type, item_no)
    GROUP BY 1
), total AS (SELECT count(*) FILTER (WHERE level_basis = 'computed') AS n FROM selection)
SELECT k.category_name AS "Nhóm điểm yếu",
       coalesce(n.n_schools, 0) AS "Số trường có tiêu chí dưới Mức 2",
       round(100.0 * coalesce(n.n_schools, 0) / nullif(total.n, 0), 1) AS "Tỷ lệ trường (%)",
       coalesce(m.n_items, 0) AS "Số hạng mục kế hoạch",
       m.cost AS "Kinh phí dự kiến (đồng)",
       coalesce(m.not_estimated, 0) AS "Số hạng mục chưa ước tính kinh phí",
       k.category_key AS _key
FROM gap_categories k CROSS JOIN total
LEFT JOIN needs n USING (category_key) LEFT JOIN money m USING (category_key)
ORDER BY "Số trường có tiêu chí dưới Mức 2" DESC, k.sort_order
