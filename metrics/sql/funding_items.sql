-- Every plan item of the selection with the attributes funding can be grouped by.
WITH item_categories AS (
    SELECT pc.school_id, pc.school_year, pc.assessment_type, pc.item_no,
           string_agg(k.category_name, ', ' ORDER BY k.sort_order) AS categories
    FROM plan_item_categories pc JOIN gap_categories k USING (category_key)
    GROUP BY ALL
)
SELECT s.school_id, s.name, s.school_level, s.province, s.district, p.school_year,
       p.criterion_id, c.standard_no, c.standard_name, p.plan_year, p.cost_vnd, p.cost_text,
       p.action, p.timeframe, p.item_no, p.assessment_type, coalesce(ic.categories, '') AS categories,
       -- the labels funding is grouped by, made once here so totals and drill-downs agree
       'Tiêu chuẩn ' || c.standard_no || ': ' || c.standard_name AS standard_label,
       coalesce(p.plan_year::VARCHAR, 'Nhiều năm / không ghi') AS year_label
FROM selection s
JOIN plan_items p USING (school_id, school_year, assessment_type)
LEFT JOIN criteria c ON c.framework_key = s.framework_key AND c.criterion_id = p.criterion_id
LEFT JOIN item_categories ic USING (school_id, school_year, assessment_type, item_no)
