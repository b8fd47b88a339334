-- Pre-aggregated per criterion and per group every filter can ask for (province, district,
-- school level, year, assessment type, and which standing the assessment speaks for: its year's
-- reference, the school years it is the most recent one of): the criteria and area tables sum these rows instead
-- of scanning millions of ratings on every click. Read from the bit sets of each school;
-- groups are numbered first because grouping millions of rows by one integer is about twice
-- as fast as grouping them by six strings. scope_group_status: every assessment, or those of the
-- groups an import touched.
WITH grouped AS (
    SELECT province, district, school_level, school_year, assessment_type, is_year_reference, ref_from, ref_until,
           framework_key, bits_rated, bits_below2, bits_below3, bits_missing,
           dense_rank() OVER (ORDER BY province, district, school_level, school_year, assessment_type,
                                       is_year_reference, ref_from, ref_until, framework_key) AS group_no
    FROM scope_group_status a WHERE level_basis = 'computed'
), counts AS (
    SELECT g.group_no, k.criterion_bit,
           count(*) AS n_schools,
           count(*) FILTER (WHERE g.bits_rated & k.criterion_bit <> 0) AS n_rated,
           count(*) FILTER (WHERE g.bits_below2 & k.criterion_bit <> 0) AS n_below2,
           count(*) FILTER (WHERE g.bits_below3 & k.criterion_bit <> 0) AS n_below3,
           count(*) FILTER (WHERE g.bits_missing & k.criterion_bit <> 0) AS n_missing
    FROM grouped g JOIN criteria k USING (framework_key)
    GROUP BY ALL
), groups AS (
    SELECT DISTINCT group_no, province, district, school_level, school_year, assessment_type, is_year_reference,
           ref_from, ref_until, framework_key
    FROM grouped
)
SELECT g.* EXCLUDE (group_no), k.criterion_id, k.standard_no, k.sort_key, k.has_level3,
       c.* EXCLUDE (group_no, criterion_bit)
FROM counts c
JOIN groups g USING (group_no)
JOIN criteria k ON k.framework_key = g.framework_key AND k.criterion_bit = c.criterion_bit
