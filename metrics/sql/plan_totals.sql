-- Money per assessment. Not-estimated items (cost_vnd NULL) are counted, never summed as 0.
SELECT school_id, school_year, assessment_type,
       count(*) AS n_plan_items,
       sum(cost_vnd)::BIGINT AS plan_cost_vnd,
       count(*) FILTER (WHERE cost_vnd IS NULL) AS n_not_estimated
FROM plan_items p WHERE TRUE {scope_p} GROUP BY ALL
