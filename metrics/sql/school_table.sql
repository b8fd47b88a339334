-- One row per school: where it stands on the day (or in the chosen school year) and what it needs.
-- Cấp độ tự đánh giá comes from the latest self-assessment; the recognition from the decisions in force;
-- distances, plan and money from the assessment that stands for the school (selection.sql).
-- Counts are left empty when the level was reported, not computed (no ratings to count).
-- Columns most important first (the screen shows the first ones at 1400 px): the school, its level and
-- distance, its recognition and money, then where it is, then the details.
SELECT name, self_accreditation AS self_assessed,
       CASE WHEN level_basis = 'computed' THEN n_below2 END AS n_below2,
       CASE WHEN level_basis = 'computed' AND f.max_level >= 3 THEN n_to_level3 END AS n_to_level3,
       recognised_level, recognised_standard, recognition_status, plan_cost_vnd,
       district, commune, province, school_level, school_id,
       self_year, data_age_years, external_year,
       -- an external result no decision has recognised yet says so (Điều 34: the decision recognises it)
       external_accreditation || CASE WHEN recognition_status = 'external_only'
                                      THEN ' (chưa có quyết định công nhận)' ELSE '' END AS external_result,
       recognition_valid_until,
       CASE WHEN level_basis = 'computed' THEN coalesce(list_below2, '') END AS list_below2,
       CASE WHEN level_basis = 'computed' THEN n_missing END AS n_missing,
       school_year AS plan_year, n_plan_items, n_not_estimated,
       CASE WHEN level_basis = 'computed' THEN coalesce(list_below2_unplanned, '') END AS list_below2_unplanned,
       province_written, f.label AS framework_label, explanation, is_demo,
       -- keys for the questions of metrics.standing and for drill-downs, never shown
       framework_key, level_group, assessment_type, self_level, external_level,
       recognised_level_status, recognised_standard_status
FROM selection JOIN frameworks f USING (framework_key)
ORDER BY display_order
