-- Per assessment: the counts and lists the level rules and the distance
-- metrics need. Lists are ordered by criterion number ('2.2, 3.1, 3.2').
SELECT school_id, school_year, assessment_type, framework_key,
       count(*) AS n_criteria,
       count(*) FILTER (WHERE NOT is_missing) AS n_rated,
       count(*) FILTER (WHERE is_missing) AS n_missing,
       count(*) FILTER (WHERE level < 1) AS n_below1,
       count(*) FILTER (WHERE level < 2) AS n_below2,
       count(*) FILTER (WHERE has_level3) AS n_with_level3,
       count(*) FILTER (WHERE has_level3 AND level < 3) AS n_below3_of_level3,
       count(*) FILTER (WHERE has_level3 AND is_missing) AS n_missing_level3,
       -- TT57/2026 (khoản 3 Điều 5): mandatory criteria vs the others
       count(*) FILTER (WHERE is_mandatory AND level < 1) AS mand_below1,
       count(*) FILTER (WHERE is_mandatory AND level < 2) AS mand_below2,
       count(*) FILTER (WHERE is_mandatory AND is_missing) AS mand_missing,
       count(*) FILTER (WHERE NOT is_mandatory) AS n_other,
       count(*) FILTER (WHERE NOT is_mandatory AND level >= 1) AS other_at1,
       count(*) FILTER (WHERE NOT is_mandatory AND level >= 2) AS other_at2,
       count(*) FILTER (WHERE NOT is_mandatory AND is_missing) AS other_missing,
       coalesce(sum(CASE WHEN level < 2 THEN 2 - level END), 0)::INTEGER AS steps_to_level2,
       (coalesce(sum(CASE WHEN level < 2 THEN 2 - level END), 0)
         + coalesce(sum(CASE WHEN has_level3 AND level < 3 THEN 3 - greatest(level, 2) END), 0))::INTEGER AS steps_to_level3,
       string_agg(criterion_id, ', ' ORDER BY sort_key) FILTER (WHERE level < 1) AS list_below1,
       string_agg(criterion_id, ', ' ORDER BY sort_key) FILTER (WHERE level < 2) AS list_below2,
       string_agg(criterion_id || ' (' || CASE level WHEN 0 THEN 'Không đạt' ELSE 'Mức ' || level END || ')', ', '
                  ORDER BY sort_key) FILTER (WHERE level < 2) AS detail_below2,
       string_agg(criterion_id, ', ' ORDER BY sort_key) FILTER (WHERE has_level3 AND level < 3) AS list_below3,
       string_agg(criterion_id || ' (' || CASE level WHEN 0 THEN 'Không đạt' ELSE 'Mức ' || level END || ')', ', '
                  ORDER BY sort_key) FILTER (WHERE has_level3 AND level < 3) AS detail_below3,
       string_agg(criterion_id, ', ' ORDER BY sort_key) FILTER (WHERE is_missing) AS list_missing,
       string_agg(criterion_id, ', ' ORDER BY sort_key) FILTER (WHERE level < 2 AND NOT has_plan_item) AS list_below2_unplanned,
       count(*) FILTER (WHERE level < 2 OR (has_level3 AND level < 3)) AS n_to_level3,
       string_agg(criterion_id, ', ' ORDER BY sort_key) FILTER (WHERE level < 2 OR (has_level3 AND level < 3)) AS list_to_level3,
       count(*) FILTER (WHERE level < 2 AND NOT has_plan_item) AS n_below2_unplanned,
       count(*) FILTER (WHERE has_level3 AND level < 3 AND NOT has_plan_item) AS n_below3_unplanned
FROM criterion_status c
WHERE TRUE {scope_c}
GROUP BY ALL
