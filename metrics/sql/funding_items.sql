-- Every plan item of the selection with the attributes funding can be grouped by.
SELECT s.school_id, s.name, s.school_level, s.province, s.district, p.school_year,
       p.criterion_id, c.standard_no, c.standard_name, p.plan_year, p.cost_vnd, p.cost_text,
       p.action, p.timeframe, p.item_no, p.assessment_type,
       coalesce((SELECT string_agg(k.category_name, ', ' ORDER BY k.sort_order)
                 FROM plan_item_categories pc JOIN gap_categories k USING (category_key)
                 WHERE pc.school_id = p.school_id AND pc.school_year = p.school_year
                   AND pc.assessment_type = p.assessment_type AND pc.item_no = p.item_no), '') AS categories
FROM selection s
JOIN plan_items p USING (school_id, school_year, assessment_type)
LEFT JOIN criteria c ON c.framework_key = s.framework_key AND c.criterion_id = p.criterion_id
