-- Every plan item with the attributes funding is filtered and grouped by, made once per import:
-- the funding page sums a filtered scan of this table instead of joining plans, schools and
-- categories on every click. Stored by province and district, so one province reads a few blocks.
WITH item_categories AS (
    SELECT p.school_id, p.school_year, p.assessment_type, p.item_no,
           string_agg(k.category_name, ', ' ORDER BY k.sort_order) AS categories
    FROM scope_plan_item_categories p JOIN gap_categories k USING (category_key)
    GROUP BY ALL
)
SELECT a.school_id, a.name, a.school_level, a.province, a.district, p.school_year,
       p.criterion_id, c.standard_no, c.standard_name, p.plan_year, p.cost_vnd, p.cost_text,
       p.action, p.timeframe, p.item_no, p.assessment_type, coalesce(ic.categories, '') AS categories,
       -- the labels funding is grouped by, made once here so totals and drill-downs agree
       'Tiêu chuẩn ' || c.standard_no || ': ' || c.standard_name AS standard_label,
       coalesce(p.plan_year::VARCHAR, 'Nhiều năm / không ghi') AS year_label,
       -- a plan belongs to its school year: it is the current plan while that year's reference
       -- assessment stands for the school (metrics.filters picks by these like the assessments)
       TRUE AS is_year_reference, r.ref_from, r.ref_until
FROM scope_status a
JOIN plan_items p USING (school_id, school_year, assessment_type)
LEFT JOIN assessment_status r ON r.school_id = a.school_id AND r.school_year = a.school_year AND r.is_year_reference
LEFT JOIN criteria c ON c.framework_key = a.framework_key AND c.criterion_id = p.criterion_id
LEFT JOIN item_categories ic USING (school_id, school_year, assessment_type, item_no)
ORDER BY a.province, a.district
