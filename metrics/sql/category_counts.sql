-- Pre-aggregated gap categories per group every filter can ask for. A school sits in exactly
-- one group per year and assessment type, so counts of schools add up across groups.
-- scope_group_status: every assessment, or those of the groups an import touched.
WITH needs AS (
    SELECT a.province, a.district, a.school_level, a.school_year, a.assessment_type, g.category_key,
           count(DISTINCT g.school_id) AS n_schools
    FROM criterion_gap_categories g JOIN scope_group_status a USING (school_id, school_year, assessment_type)
    GROUP BY ALL
), money AS (
    SELECT a.province, a.district, a.school_level, a.school_year, a.assessment_type, pc.category_key,
           count(*) AS n_items, sum(p.cost_vnd)::BIGINT AS cost, count(*) FILTER (WHERE p.cost_vnd IS NULL) AS not_estimated
    FROM plan_item_categories pc JOIN plan_items p USING (school_id, school_year, assessment_type, item_no)
    JOIN scope_group_status a USING (school_id, school_year, assessment_type)
    GROUP BY ALL
)
-- Needs and money side by side per group: stacked and grouped, not joined, because a join on
-- the group columns would never match a blank district (NULL) and would split its group in two.
SELECT province, district, school_level, school_year, assessment_type, category_key,
       max(n_schools) AS n_schools, max(n_items) AS n_items, max("cost") AS "cost",
       max(not_estimated) AS not_estimated
FROM (SELECT * FROM needs UNION ALL BY NAME SELECT * FROM money)
GROUP BY ALL
