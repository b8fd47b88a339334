-- Money summed by one grouping ({group} is a whitelisted expression over the plan item details,
-- {key} the column it is returned as, {within} the columns that key it further: a district's province,
-- a school's code). Not-estimated items are counted, never added as 0;
-- sum() of only NULLs stays NULL; HUGEINT: no sum of BIGINT costs overflows it.
SELECT {group} AS {key}{within},
       sum(cost_vnd)::HUGEINT AS plan_cost_vnd,
       count(*) AS n_items,
       count(cost_vnd) AS n_estimated,
       count(*) - count(cost_vnd) AS n_not_estimated,
       count(DISTINCT school_id) AS n_schools
FROM plan_item_details cc {join}
WHERE TRUE {cube_where}
GROUP BY ALL
ORDER BY plan_cost_vnd DESC NULLS LAST, 1
