-- One row per school, school year and assessment type (every assessment, not one per school):
-- where it stood and what it needed.
-- Counts are left empty when the level was reported, not computed (no ratings to count).
SELECT school_id, name, school_level, province, district, school_year, assessment_type,
       f.label AS framework_label, accreditation_text AS accreditation, standard_text AS standard,
       level_basis,
       CASE WHEN level_basis = 'computed' THEN n_below1 END AS n_below1,
       CASE WHEN level_basis = 'computed' THEN n_below2 END AS n_below2,
       CASE WHEN level_basis = 'computed' THEN steps_to_level2 END AS steps_to_level2,
       CASE WHEN level_basis = 'computed' AND f.max_level >= 3 THEN n_to_level3 END AS n_to_level3,
       CASE WHEN level_basis = 'computed' THEN n_missing END AS n_missing,
       CASE WHEN level_basis = 'computed' THEN coalesce(list_below2, '') END AS list_below2,
       CASE WHEN level_basis = 'computed' AND f.max_level >= 3 THEN coalesce(list_to_level3, '') END AS list_to_level3,
       CASE WHEN level_basis = 'computed' THEN coalesce(list_missing, '') END AS list_missing,
       CASE WHEN level_basis = 'computed' THEN coalesce(list_below2_unplanned, '') END AS list_below2_unplanned,
       plan_cost_vnd, n_plan_items, n_not_estimated, explanation, is_demo,
       framework_key
FROM selection JOIN frameworks f USING (framework_key)
ORDER BY display_order
