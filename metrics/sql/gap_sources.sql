-- What gap categories are assigned to: every need (a criterion in scope below Mức 2, with the
-- school's shortfall text) and every plan item in scope (its action, note and the shortfall of
-- its criterion). Needs have no item_no. A temporary table, not a view: read three times (texts,
-- criterion rules, keyword hits), it costs one pass over the ratings instead of three (0.9 -> 0.7 s national).
CREATE OR REPLACE TEMP TABLE gap_sources AS
SELECT c.school_id, c.school_year, c.assessment_type, NULL::INTEGER AS item_no, c.criterion_id,
       c.framework_key, c.shortfall AS text
FROM scope_ratings c WHERE c.level < 2
UNION ALL
SELECT p.school_id, p.school_year, p.assessment_type, p.item_no, p.criterion_id, a.framework_key,
       concat_ws(' ', p.action, p.note, c.shortfall) AS text
FROM scope_plan_items p
JOIN assessments a USING (school_id, school_year, assessment_type)
LEFT JOIN ratings c USING (school_id, school_year, assessment_type, criterion_id);
