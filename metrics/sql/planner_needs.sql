-- The budget planner's needs (issue 12): for each school of the selection below the target Cấp độ, one
-- row per criterion it must raise (bits_below2; for Cấp độ 3 also bits_below3: the criteria below Mức 3
-- that have a Mức 3) or that is not rated (bits_missing: its level is unknown, so no plan can be costed
-- against it), each with the items of the school year's plan for that criterion (NULL item_no: none).
-- A plan carries no type: the plan of the school year answers the assessment that stands for the school.
-- A school without a rated criterion gets one row with NULL criterion_id. $target is 2 or 3.
WITH below AS (
    SELECT a.school_id, a.name, a.school_level, a.province, a.district, a.commune, a.school_year, a.framework_key,
           a.level_basis, a.bits_missing,
           a.bits_below2 | CASE WHEN $target >= 3 THEN a.bits_below3 ELSE 0 END AS bits_needed
    FROM selection a
    WHERE coalesce(a.school_level_reached, 0) < $target
), needed AS (
    SELECT b.school_id, c.criterion_id, c.sort_key, b.bits_missing & c.criterion_bit <> 0 AS is_missing
    FROM below b JOIN criteria c ON c.framework_key = b.framework_key
         AND (b.bits_needed | b.bits_missing) & c.criterion_bit <> 0
    WHERE b.level_basis = 'computed'
), first_category AS (
    -- an item in several gap categories is estimated and excluded by its first one (sort order)
    SELECT pc.school_id, pc.school_year, pc.assessment_type, pc.item_no, arg_min(pc.category_key, k.sort_order) AS category_key,
           list(pc.category_key) AS category_keys
    FROM plan_item_categories pc JOIN gap_categories k USING (category_key)
    WHERE pc.school_id IN (SELECT school_id FROM below)
    GROUP BY ALL
)
SELECT b.school_id, b.name, b.school_level, b.province, b.district, b.commune, b.school_year, b.level_basis,
       s.n_students, n.criterion_id, n.sort_key, coalesce(n.is_missing, FALSE) AS is_missing,
       p.item_no, p.cost_vnd, p.cost_text, p.plan_year, p.action,
       coalesce(fc.category_key, 'other') AS category_key, coalesce(fc.category_keys, ['other']) AS category_keys
FROM below b
JOIN schools s USING (school_id)
LEFT JOIN needed n USING (school_id)
LEFT JOIN plan_items p ON p.school_id = b.school_id AND p.school_year = b.school_year
     AND p.criterion_id = n.criterion_id AND NOT n.is_missing
LEFT JOIN first_category fc ON fc.school_id = p.school_id AND fc.school_year = p.school_year
     AND fc.assessment_type = p.assessment_type AND fc.item_no = p.item_no
ORDER BY b.province, b.district, b.school_id, n.sort_key, p.item_no
