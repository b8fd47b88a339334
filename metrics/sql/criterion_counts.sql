-- Pre-aggregated per criterion and per group every filter can ask for (province, district,
-- school level, year, assessment type): the criteria and area tables sum a few thousand rows
-- instead of scanning millions of criterion_status rows on every click.
CREATE OR REPLACE TABLE criterion_counts AS
SELECT s.province, s.district, s.school_level, c.school_year, c.assessment_type,
       c.framework_key, c.criterion_id, c.standard_no, c.sort_key, c.has_level3,
       count(*) AS n_schools,
       count(*) FILTER (WHERE NOT c.is_missing) AS n_rated,
       count(*) FILTER (WHERE c.level < 2) AS n_below2,
       count(*) FILTER (WHERE c.has_level3 AND c.level < 3) AS n_below3,
       count(*) FILTER (WHERE c.is_missing) AS n_missing
FROM criterion_status c
JOIN assessment_status a USING (school_id, school_year, assessment_type)
JOIN schools s USING (school_id)
WHERE a.level_basis = 'computed'
GROUP BY ALL
