-- One row per assessment and per criterion of its framework (the expected set),
-- so a criterion with no rating shows up as missing instead of disappearing.
-- Điều 6 khoản 2 (TT17/18/19-2018): a criterion without Mức 3 indicators tops out
-- at Mức 2, so a Mức 3 rating on it counts as Mức 2 (kept in raw_level as a finding).
-- Ratings are unique per assessment and criterion (the loaders reject or resolve repeats).
-- Names are left to the criteria table: this table has millions of rows nationally.
-- The scope placeholder limits it to the assessments an import touched (empty for a full rebuild).
WITH planned AS (
    SELECT school_id, school_year, assessment_type, criterion_id, max(target_level) AS plan_target
    FROM plan_items GROUP BY ALL
)
SELECT a.school_id, a.school_year, a.assessment_type, a.framework_key,
       c.criterion_id, c.standard_no, c.sort_key, c.has_level3, c.is_mandatory,
       r.level AS raw_level,
       CASE WHEN r.level IS NULL THEN NULL
            WHEN NOT c.has_level3 THEN least(r.level, 2)
            ELSE least(r.level, f.max_level) END AS level,
       r.level IS NULL AS is_missing,
       r.shortfall, r.source_sheet, r.source_row,
       p.criterion_id IS NOT NULL AS has_plan_item,
       p.plan_target
FROM assessments a
JOIN frameworks f USING (framework_key)
JOIN criteria c USING (framework_key)
LEFT JOIN ratings r USING (school_id, school_year, assessment_type, criterion_id)
LEFT JOIN planned p USING (school_id, school_year, assessment_type, criterion_id)
WHERE TRUE {scope_a}
