-- One gap category's money per school: the items of the plan that stands for each school (its school
-- year's plan: plans carry no type, as in category_counts.sql) that the category's rules put in it.
-- Not-estimated items are counted, never added as 0; a school with no such item has no row.
SELECT s.school_id,
       count(*) AS n_category_items,
       sum(p.cost_vnd)::HUGEINT AS category_cost_vnd,
       count(*) FILTER (WHERE p.cost_vnd IS NULL) AS n_category_not_estimated
FROM selection s
JOIN plan_item_categories pc ON pc.school_id = s.school_id AND pc.school_year = s.school_year
JOIN plan_items p ON p.school_id = pc.school_id AND p.school_year = pc.school_year
                 AND p.assessment_type = pc.assessment_type AND p.item_no = pc.item_no
WHERE pc.category_key = $category_key
GROUP BY s.school_id
