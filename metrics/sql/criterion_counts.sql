-- Pre-aggregated per criterion and per group every filter can ask for (province, district,
-- school level, year, assessment type): the criteria and area tables sum a few thousand rows
-- instead of scanning millions of ratings on every click. Read from the bit sets of each school.
CREATE OR REPLACE TABLE criterion_counts AS
SELECT a.province, a.district, a.school_level, a.school_year, a.assessment_type,
       k.framework_key, k.criterion_id, k.standard_no, k.sort_key, k.has_level3,
       count(*) AS n_schools,
       count(*) FILTER (WHERE a.bits_rated & k.criterion_bit <> 0) AS n_rated,
       count(*) FILTER (WHERE a.bits_below2 & k.criterion_bit <> 0) AS n_below2,
       count(*) FILTER (WHERE a.bits_below3 & k.criterion_bit <> 0) AS n_below3,
       count(*) FILTER (WHERE a.bits_missing & k.criterion_bit <> 0) AS n_missing
FROM assessment_status a
JOIN criteria k USING (framework_key)
WHERE a.level_basis = 'computed'
GROUP BY ALL
