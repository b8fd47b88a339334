-- Pre-aggregated gap categories per group every filter can ask for (as criterion_counts.sql).
-- A school sits in exactly one group per year and assessment type, so counts of schools add up
-- across groups. A plan's money sits with its school year's reference assessment (plans carry no
-- type), summed as HUGEINT, which no sum of BIGINT costs overflows. scope_group_status: every
-- assessment, or those of the groups an import touched.
WITH needs AS (
    SELECT a.province, a.district, a.school_level, a.school_year, a.assessment_type, a.is_year_reference,
           a.ref_from, a.ref_until, g.category_key, count(DISTINCT g.school_id) AS n_schools
    FROM criterion_gap_categories g JOIN scope_group_status a USING (school_id, school_year, assessment_type)
    GROUP BY ALL
), money AS (
    SELECT a.province, a.district, a.school_level, a.school_year, a.assessment_type, a.is_year_reference,
           a.ref_from, a.ref_until, pc.category_key,
           count(*) AS n_items, sum(p.cost_vnd)::HUGEINT AS cost, count(*) FILTER (WHERE p.cost_vnd IS NULL) AS not_estimated
    FROM plan_item_categories pc JOIN plan_items p USING (school_id, school_year, assessment_type, item_no)
    JOIN scope_group_status a ON a.school_id = p.school_id AND a.school_year = p.school_year AND a.is_year_reference
    GROUP BY ALL
)
-- needs and money side by side; grouping (not a join) keeps a blank district or an open standing
-- (NULL) as one group, where a join would never match NULL to NULL
SELECT province, district, school_level, school_year, assessment_type, is_year_reference, ref_from, ref_until,
       category_key, sum(n_schools)::BIGINT AS n_schools, sum(n_items)::BIGINT AS n_items,
       sum("cost")::HUGEINT AS "cost", sum(not_estimated)::BIGINT AS not_estimated
FROM (SELECT *, NULL AS n_items, NULL AS "cost", NULL AS not_estimated FROM needs
      UNION ALL BY NAME SELECT *, NULL AS n_schools FROM money)
GROUP BY ALL
