-- The median estimated cost of a plan item per school level and gap category (its first one), over
-- the current plans of every school in the selection: the planner's optional estimate for an item the
-- school left without a cost ("ước tính theo trung vị"). Items costed "Không" (0) count as 0.
WITH first_category AS (
    SELECT pc.school_id, pc.school_year, pc.assessment_type, pc.item_no, arg_min(pc.category_key, k.sort_order) AS category_key
    FROM plan_item_categories pc JOIN gap_categories k USING (category_key)
    GROUP BY ALL
)
SELECT a.school_level, coalesce(fc.category_key, 'other') AS category_key,
       median(p.cost_vnd) AS median_cost_vnd, count(p.cost_vnd) AS n_costed
FROM selection a
JOIN plan_items p ON p.school_id = a.school_id AND p.school_year = a.school_year
LEFT JOIN first_category fc ON fc.school_id = p.school_id AND fc.school_year = p.school_year
     AND fc.assessment_type = p.assessment_type AND fc.item_no = p.item_no
WHERE p.cost_vnd IS NOT NULL
GROUP BY ALL
