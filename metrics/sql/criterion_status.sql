-- One row per assessment and per criterion of its framework (the expected set),
-- so a criterion with no rating shows up as missing instead of disappearing.
-- A view for the pages that look at a few schools (profile, heatmap); school-level
-- counts come from the bit sets in assessment_counts.sql, not from here.
CREATE OR REPLACE VIEW criterion_status AS
WITH planned AS (
    SELECT school_id, school_year, assessment_type, criterion_id, max(target_level) AS plan_target
    FROM plan_items GROUP BY ALL
)
SELECT a.school_id, a.school_year, a.assessment_type, a.framework_key,
       k.criterion_id, k.standard_no, k.sort_key, k.has_level3, k.is_mandatory,
       r.raw_level, r.level, r.level IS NULL AS is_missing,
       r.shortfall, r.source_sheet, r.source_row,
       p.criterion_id IS NOT NULL AS has_plan_item,
       p.plan_target
FROM assessments a
JOIN criteria k USING (framework_key)
LEFT JOIN criterion_ratings r USING (school_id, school_year, assessment_type, criterion_id)
LEFT JOIN planned p USING (school_id, school_year, assessment_type, criterion_id)
