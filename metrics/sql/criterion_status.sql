-- One row per assessment and per criterion of its framework (the expected set),
-- so a criterion with no rating shows up as missing instead of disappearing.
-- Điều 6 khoản 2 (TT17/18/19-2018): a criterion without Mức 3 indicators tops out
-- at Mức 2, so a Mức 3 rating on it counts as Mức 2 (kept in raw_level as a finding).
CREATE OR REPLACE TABLE criterion_status AS
WITH rated AS (
    SELECT school_id, school_year, assessment_type, criterion_id,
           max(level) AS raw_level, count(*) AS n_ratings,
           string_agg(shortfall, '; ') AS shortfall,
           min(source_row) AS source_row, any_value(source_sheet) AS source_sheet
    FROM ratings GROUP BY ALL
), planned AS (
    SELECT school_id, school_year, assessment_type, criterion_id,
           count(*) AS n_plan_items, max(target_level) AS plan_target
    FROM plan_items GROUP BY ALL
)
SELECT a.school_id, a.school_year, a.assessment_type, a.framework_key,
       c.criterion_id, c.standard_no, c.standard_name, c.criterion_name, c.sort_key,
       c.has_level3, c.is_mandatory, f.max_level,
       r.raw_level,
       CASE WHEN r.raw_level IS NULL THEN NULL
            WHEN NOT c.has_level3 THEN least(r.raw_level, 2)
            ELSE least(r.raw_level, f.max_level) END AS level,
       r.raw_level IS NULL AS is_missing,
       coalesce(r.n_ratings, 0) AS n_ratings,
       r.shortfall, r.source_sheet, r.source_row,
       coalesce(p.n_plan_items, 0) > 0 AS has_plan_item,
       p.plan_target
FROM assessments a
JOIN frameworks f USING (framework_key)
JOIN criteria c USING (framework_key)
LEFT JOIN rated r USING (school_id, school_year, assessment_type, criterion_id)
LEFT JOIN planned p USING (school_id, school_year, assessment_type, criterion_id);
