-- The rated criteria of every assessment with their framework facts and the level that counts.
-- Điều 6 khoản 2 (TT17/18/19-2018): a criterion without Mức 3 indicators tops out at Mức 2,
-- so a Mức 3 rating on it counts as Mức 2 (kept in raw_level as a finding).
-- Inner joins lose nothing: the loaders reject ratings of criteria outside the school's framework.
-- A view: every derived table reads it in one pass instead of storing millions of rows again.
CREATE OR REPLACE VIEW criterion_ratings AS
SELECT r.school_id, r.school_year, r.assessment_type, r.framework_key, r.criterion_id,
       k.standard_no, k.sort_key, k.has_level3, k.is_mandatory, k.criterion_bit,
       r.level AS raw_level,
       CASE WHEN NOT k.has_level3 THEN least(r.level, 2) ELSE least(r.level, f.max_level) END AS level,
       r.shortfall, r.source_sheet, r.source_row
FROM ratings r
JOIN criteria k USING (framework_key, criterion_id)
JOIN frameworks f USING (framework_key)
