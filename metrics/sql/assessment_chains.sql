-- Which assessment stands for each school, per school year and over time (issue 11, Điều 34/37:
-- recognition follows the external assessment). Per school:
--   is_year_reference  the assessment of its school year that speaks for the school that year: one
--                      with data (ratings or reported counts) before one without, the external
--                      assessment (Đánh giá ngoài) before the self-assessment;
--   ref_from/ref_until the school years (by their first calendar year) for which this reference
--                      assessment is the school's most recent one: from its own year until the year
--                      before the school's next reference assessment with data (NULL: still current);
--   type_from/type_until the same within its own assessment type, for "latest self-assessment" and
--                      "latest external assessment".
-- A school with no assessment holding data keeps its latest row as its standing, so it is still
-- counted (as "no data"), never dropped.
WITH years AS (
    SELECT school_id, school_year, assessment_type, level_basis <> 'none' AS has_data,
           CAST(left(school_year, 4) AS INTEGER) AS year_start
    FROM scope_school_status
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY school_id, school_year
                                 ORDER BY has_data DESC, assessment_type = 'Đánh giá ngoài' DESC) = 1
                  AS is_year_reference,
           bool_or(has_data) OVER (PARTITION BY school_id) AS school_has_data,
           max(year_start) OVER (PARTITION BY school_id) AS latest_year
    FROM years
), chained AS (
    SELECT *, is_year_reference AND (has_data OR (NOT school_has_data AND year_start = latest_year)) AS in_chain,
           has_data AS in_type_chain
    FROM ranked
)
SELECT school_id, school_year, assessment_type, year_start, is_year_reference,
       CASE WHEN in_chain THEN year_start END AS ref_from,
       CASE WHEN in_chain THEN lead(year_start) OVER (PARTITION BY school_id, in_chain ORDER BY year_start) - 1 END
           AS ref_until,
       CASE WHEN in_type_chain THEN year_start END AS type_from,
       CASE WHEN in_type_chain THEN lead(year_start) OVER (PARTITION BY school_id, assessment_type, in_type_chain
                                                           ORDER BY year_start) - 1 END AS type_until
FROM chained
