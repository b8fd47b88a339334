-- Per assessment in scope: the counts and lists the level rules and the distance metrics need
-- (the lists with levels, only read by the explanations, are made in assessment_status.sql),
-- Mức 4 results, money and the school's own conclusions. Reads the scope_* views (scope_all.sql,
-- scope_touched.sql): every assessment on a full rebuild, only the touched ones after an import.
-- Each criterion has one bit of a BIGINT (criteria.criterion_bit): a school's criteria at each
-- level are OR-ed together in one pass over the ratings, counts are bit_count() and lists are
-- the framework's ids filtered by bit, so millions of rows are never sorted or stored again.
WITH frameworks_bits AS (
    SELECT framework_key, count(*) AS n_criteria, bit_or(criterion_bit) AS bits_all,
           coalesce(bit_or(criterion_bit) FILTER (WHERE has_level3), 0) AS bits_with_level3,
           coalesce(bit_or(criterion_bit) FILTER (WHERE is_mandatory), 0) AS bits_mandatory
    FROM criteria GROUP BY ALL
), rated AS (
    SELECT school_id, school_year, assessment_type,
           coalesce(bit_or(criterion_bit) FILTER (WHERE level IS NOT NULL), 0) AS bits_rated,
           coalesce(bit_or(criterion_bit) FILTER (WHERE level = 0), 0) AS bits_level0,
           coalesce(bit_or(criterion_bit) FILTER (WHERE level = 1), 0) AS bits_level1,
           coalesce(bit_or(criterion_bit) FILTER (WHERE level = 2), 0) AS bits_level2
    FROM scope_ratings c
    GROUP BY ALL
), planned AS (
    -- a school year's plan answers every assessment of that year (plans carry no type; an external
    -- assessment's gaps are covered by the plan the school wrote that year)
    SELECT p.school_id, p.school_year, k.framework_key, bit_or(k.criterion_bit) AS bits_planned
    FROM scope_plan_items p JOIN assessments a USING (school_id, school_year, assessment_type)
    JOIN criteria k ON k.framework_key = a.framework_key AND k.criterion_id = p.criterion_id
    GROUP BY ALL
), sets AS (
    SELECT a.school_id, a.school_year, a.assessment_type, a.framework_key,
           f.n_criteria, ids, f.bits_with_level3, f.bits_mandatory,
           coalesce(r.bits_rated, 0) AS bits_rated,
           coalesce(r.bits_level0, 0) AS bits_level0, coalesce(r.bits_level1, 0) AS bits_level1,
           coalesce(r.bits_level0 | r.bits_level1, 0) AS bits_below2,
           -- below Mức 3 only counts for criteria that have a Mức 3
           coalesce((r.bits_level0 | r.bits_level1 | r.bits_level2) & f.bits_with_level3, 0) AS bits_below3,
           f.bits_all & ~coalesce(r.bits_rated, 0) AS bits_missing,
           coalesce(p.bits_planned, 0) AS bits_planned
    FROM scope_assessments a
    JOIN frameworks_bits f USING (framework_key)
    JOIN framework_criterion_ids USING (framework_key)
    LEFT JOIN rated r USING (school_id, school_year, assessment_type)
    LEFT JOIN planned p USING (school_id, school_year, framework_key)
), counts AS (
SELECT school_id, school_year, assessment_type, framework_key,
       bits_rated, bits_level0, bits_level1, bits_below2, bits_below3, bits_missing,
       n_criteria,
       bit_count(bits_rated)::BIGINT AS n_rated,
       bit_count(bits_missing)::BIGINT AS n_missing,
       bit_count(bits_level0)::BIGINT AS n_below1,
       bit_count(bits_below2)::BIGINT AS n_below2,
       bit_count(bits_with_level3)::BIGINT AS n_with_level3,
       bit_count(bits_below3)::BIGINT AS n_below3_of_level3,
       bit_count(bits_missing & bits_with_level3)::BIGINT AS n_missing_level3,
       -- TT57/2026 (khoản 3 Điều 5): mandatory criteria vs the others
       bit_count(bits_level0 & bits_mandatory)::BIGINT AS mand_below1,
       bit_count(bits_below2 & bits_mandatory)::BIGINT AS mand_below2,
       bit_count(bits_missing & bits_mandatory)::BIGINT AS mand_missing,
       (n_criteria - bit_count(bits_mandatory))::BIGINT AS n_other,
       bit_count(bits_rated & ~bits_level0 & ~bits_mandatory)::BIGINT AS other_at1,
       bit_count(bits_rated & ~bits_below2 & ~bits_mandatory)::BIGINT AS other_at2,
       bit_count(bits_missing & ~bits_mandatory)::BIGINT AS other_missing,
       -- steps: Không đạt -> Mức 2 is two steps, Mức 1 -> Mức 2 one; each criterion with a Mức 3 below it one more
       (2 * bit_count(bits_level0) + bit_count(bits_level1))::INTEGER AS steps_to_level2,
       (2 * bit_count(bits_level0) + bit_count(bits_level1) + bit_count(bits_below3))::INTEGER AS steps_to_level3,
       criteria_in(ids, bits_level0) AS list_below1,
       criteria_in(ids, bits_below2) AS list_below2,
       criteria_in(ids, bits_missing) AS list_missing,
       criteria_in(ids, bits_below2 & ~bits_planned) AS list_below2_unplanned,
       bit_count(bits_below2 | bits_below3)::BIGINT AS n_to_level3,
       criteria_in(ids, bits_below2 | bits_below3) AS list_to_level3,
       bit_count(bits_below2 & ~bits_planned)::BIGINT AS n_below2_unplanned,
       bit_count(bits_below3 & ~bits_planned)::BIGINT AS n_below3_unplanned
FROM sets
), level4 AS (
    -- Điều 22: the Mức 4 clauses of each assessment's framework, met or not.
    SELECT a.school_id, a.school_year, a.assessment_type,
           coalesce(n.n_clauses, 0) AS n_clauses,
           count(l.clause) AS l4_known,
           count(*) FILTER (WHERE l.achieved) AS l4_achieved,
           count(*) FILTER (WHERE NOT l.achieved) AS l4_failed,
           string_agg(l.clause::VARCHAR, ', ' ORDER BY l.clause) FILTER (WHERE NOT l.achieved) AS list_l4_failed
    FROM scope_assessments a
    LEFT JOIN (SELECT framework_key, count(*) AS n_clauses FROM level4_clauses GROUP BY 1) n USING (framework_key)
    LEFT JOIN level4_results l USING (school_id, school_year, assessment_type)
    GROUP BY ALL
), plan AS (
    -- Money: the school year's plan. Not-estimated items (cost_vnd NULL) are counted, never summed as 0.
    -- HUGEINT: a sum of BIGINT costs cannot overflow it (BIGINT overflowed at 9.2e18 đồng).
    SELECT school_id, school_year,
           count(*) AS n_plan_items,
           sum(cost_vnd)::HUGEINT AS plan_cost_vnd,
           count(*) FILTER (WHERE cost_vnd IS NULL) AS n_not_estimated
    FROM scope_plan_items GROUP BY ALL
)
SELECT counts.*, level4.* EXCLUDE (school_id, school_year, assessment_type),
       plan.* EXCLUDE (school_id, school_year),
       c.* EXCLUDE (school_id, school_year, assessment_type, source_sheet, source_row, import_id)
FROM counts
LEFT JOIN level4 USING (school_id, school_year, assessment_type)
LEFT JOIN plan USING (school_id, school_year)
LEFT JOIN conclusions c USING (school_id, school_year, assessment_type)
