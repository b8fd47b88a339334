-- The categories of every gap source, with the rules that assigned them: by criterion (rules
-- 'C-...') in SQL, by keyword (rules 'K-...') from _text_hits, found in Python per distinct text.
CREATE OR REPLACE TEMP TABLE gap_hits AS
WITH hits AS (
    SELECT s.* EXCLUDE (text), r.category_key, r.rule_id FROM gap_sources s
    JOIN gap_rules r ON r.match_on = 'criterion' AND r.framework_key = s.framework_key
                    AND r.criterion_id = s.criterion_id
    UNION ALL
    SELECT s.* EXCLUDE (text), h.category_key, h.rule_id FROM gap_sources s JOIN _text_hits h USING (text)
)
SELECT * EXCLUDE (rule_id), string_agg(DISTINCT rule_id, ', ' ORDER BY rule_id) AS rules
FROM hits GROUP BY ALL;
