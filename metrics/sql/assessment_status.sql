-- The verdicts and their explanations, over `_status` (counts + computed_level, data_incomplete and
-- the reasons the next level is not reached, blocked_by/blocking_*, from levels.py) and each framework's
-- parameters (frameworks.csv). School attributes are copied in, so a filtered selection reads one table.
-- Chuẩn quốc gia also looks across the school's years: consecutive_data_years counts the school years
-- with data under the framework up to this one, against standard_years_needed (TT57/2026: 3). An
-- import rebuilds every assessment of a touched school (scope_touched.sql), so the window is whole.
-- Last, which assessment stands for each school, per school year and over time (issue 11, Điều 34/37:
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
WITH based AS (
    -- Arrow hands the HUGEINT money over as DECIMAL(38,0): stored as HUGEINT, as declared
    SELECT st.* REPLACE (st.plan_cost_vnd::HUGEINT AS plan_cost_vnd), sc.name, sc.school_level, sc.province, sc.province_written, sc.district, sc.commune, sc.is_demo,
           f.circular_short, f.provisional, f.standard_level1, f.standard_level2, f.standard_years_needed,
           -- the criteria to raise for the next Cấp độ, with their levels (spelled out once: the macro is long)
           criteria_with_levels_in(ids, CASE WHEN computed_level < 2 THEN bits_below2 ELSE bits_below3 END,
                                   bits_level0, bits_level1) AS detail_to_next,
           -- missing data is not failure: no ratings at all means "reported" or "no data", never "Chưa đạt"
           CASE WHEN n_rated > 0 THEN 'computed' WHEN claimed_level IS NOT NULL THEN 'reported' ELSE 'none' END
               AS level_basis
    FROM _status st JOIN schools sc USING (school_id) LEFT JOIN framework_criterion_ids USING (framework_key)
    LEFT JOIN frameworks f USING (framework_key)
), reached AS (
    SELECT *, CASE level_basis WHEN 'computed' THEN computed_level WHEN 'reported' THEN claimed_level END
               AS school_level_reached
    FROM based
), data_years AS (
    -- the school years in which the school has an assessment with data under each framework, and
    -- how many of them run without a gap up to each year (a run = the same year minus row number)
    SELECT school_id, framework_key, data_year,
           data_year - min(data_year) OVER (PARTITION BY school_id, framework_key, run) + 1 AS consecutive_data_years
    FROM (SELECT *, data_year - row_number() OVER (PARTITION BY school_id, framework_key ORDER BY data_year) AS run
          FROM (SELECT DISTINCT school_id, framework_key, CAST(left(school_year, 4) AS INTEGER) AS data_year
                FROM reached WHERE level_basis <> 'none'))
), earned AS (
    SELECT r.*, coalesce(d.consecutive_data_years, 0)::BIGINT AS consecutive_data_years,
           -- the framework's levels for Chuẩn quốc gia Mức độ 1 and 2 (Điều 37 of the 2018 circulars:
           -- Mức 2 and Mức 3 or 4; TT57/2026, provisional: Mức 1 and Mức 2)
           CASE WHEN level_basis = 'reported' AND claimed_standard IS NOT NULL THEN claimed_standard
                WHEN school_level_reached IS NULL THEN NULL
                WHEN school_level_reached >= standard_level2 THEN 2
                WHEN school_level_reached >= standard_level1 THEN 1 ELSE 0 END::BIGINT AS standard_by_level
    FROM reached r LEFT JOIN data_years d ON d.school_id = r.school_id AND d.framework_key = r.framework_key
         AND d.data_year = CAST(left(r.school_year, 4) AS INTEGER)
), standard AS (
    -- TT57/2026 (provisional, RULES §3): the level gives Chuẩn quốc gia only after
    -- standard_years_needed consecutive school years with data; until then it is not decided (NULL),
    -- not failed. The 2018 circulars need 1: the assessment's own year.
    SELECT *, coalesce(standard_by_level >= 1 AND consecutive_data_years < standard_years_needed, FALSE)
               AS standard_needs_years,
           CASE WHEN standard_needs_years THEN NULL ELSE standard_by_level END AS national_standard
    FROM earned
), verdicts AS (
SELECT * EXCLUDE (detail_to_next, circular_short, provisional, standard_level1, standard_level2, standard_years_needed,
                  standard_by_level, standard_needs_years),
       0 AS display_order,  -- set by derive.py over the whole table
       -- Điều 34: Cấp độ n corresponds to Mức n.
       CASE WHEN level_basis = 'none' THEN 'Chưa có dữ liệu'
            ELSE CASE WHEN school_level_reached >= 1 THEN 'Cấp độ ' || school_level_reached ELSE 'Chưa đạt' END
                 || CASE WHEN level_basis = 'reported' THEN ' (theo báo cáo)'
                         WHEN data_incomplete THEN ' (thiếu dữ liệu)' ELSE '' END
       END AS accreditation_text,
       CASE WHEN standard_needs_years THEN 'Chưa đủ ' || standard_years_needed
                 || ' năm liên tiếp có dữ liệu tự đánh giá (' || circular_short || ')'
            WHEN level_basis = 'none' OR national_standard IS NULL THEN 'Chưa có dữ liệu'
            ELSE CASE WHEN national_standard >= 1 THEN 'Mức độ ' || national_standard ELSE 'Chưa đạt' END
                 || CASE WHEN level_basis = 'reported' THEN ' (theo báo cáo)' ELSE '' END
       END AS standard_text,
       coalesce(claimed_level IS NOT NULL AND level_basis = 'computed' AND claimed_level <> computed_level, FALSE)
           AS claim_mismatch,
       CASE
         WHEN level_basis = 'none' THEN 'Chưa có dữ liệu đánh giá tiêu chí cho trường, năm học và hình thức này.'
         WHEN level_basis = 'reported' THEN 'Trường chỉ báo cáo số liệu tổng hợp'
              || coalesce(' (' || nullif(concat_ws('; ', 'Mức 1: ' || count_level1, 'Mức 2: ' || count_level2,
                                                  'Mức 3: ' || count_level3, 'Mức 4: ' || count_level4), '') || ')', '')
              || '; kết luận ''' || coalesce(claimed_level_text, '')
              || ''' là do trường tự báo cáo, không tính được từ bảng đánh giá tiêu chí.'
         ELSE CASE WHEN computed_level >= 1 THEN 'Đạt Mức ' || computed_level || '. ' ELSE '' END
              || CASE blocked_by
                 WHEN 'top' THEN 'Đạt mức cao nhất của khung tiêu chí.'
                 WHEN 'missing' THEN 'Không đủ dữ liệu để kết luận Cấp độ ' || next_level
                      || ': chưa có đánh giá tiêu chí ' || coalesce(list_missing, '(Mức ' || next_level || ')') || '.'
                 -- khoản 3 Điều 5 TT57/2026: every mandatory criterion plus at least k of the others
                 WHEN 'mandatory_or_others' THEN 'Chưa đạt Mức ' || next_level || ' (' || circular_short
                      || CASE WHEN provisional THEN ', tạm thời' ELSE '' END || '): '
                      || concat_ws('; ',
                           CASE WHEN blocking_mandatory > 0 THEN blocking_mandatory || ' tiêu chí bắt buộc chưa đạt Mức ' || next_level END,
                           blocking_others_at || '/' || n_other || ' tiêu chí còn lại đạt Mức ' || next_level
                               || ' (cần ít nhất ' || blocking_others_needed || ')',
                           CASE WHEN blocking_below1 > 0 THEN 'tiêu chí ' || list_below1 || ' dưới Mức 1' END) || '.'
                 -- Điều 6 khoản 1: every criterion at the next level; Cấp độ n = Mức n (Điều 34)
                 WHEN 'criteria' THEN CASE WHEN next_level = 1
                      THEN 'Chưa đạt Mức 1: tiêu chí ' || list_below1 || ' không đạt. Để đạt Cấp độ 2 cần nâng tiêu chí '
                           || detail_to_next || ' lên Mức 2.'
                      ELSE 'Chưa đạt Cấp độ ' || next_level || ': tiêu chí ' || detail_to_next
                           || ' chưa đạt Mức ' || next_level || '.' END
                 WHEN 'clauses' THEN 'Chưa đạt Cấp độ ' || next_level || ': ' || CASE WHEN blocking_clauses > 0
                      THEN 'tiêu chí Mức ' || next_level || ' số ' || list_l4_failed || ' chưa đạt (Điều 22).'
                      ELSE 'chưa có kết quả đánh giá các tiêu chí Mức ' || next_level || ' (Điều 22).' END
                 END
       END || CASE WHEN standard_needs_years THEN ' Chưa đủ điều kiện xét Chuẩn quốc gia Mức độ ' || standard_by_level
                   || ': theo ' || circular_short || CASE WHEN provisional THEN ' (tạm thời)' ELSE '' END || ' cần '
                   || standard_years_needed || ' năm học liên tiếp có dữ liệu tự đánh giá; trường có '
                   || consecutive_data_years || ' năm liên tiếp tính đến năm học ' || school_year || '.' ELSE '' END
           AS explanation
FROM standard
), years AS (
    SELECT *, level_basis <> 'none' AS has_data, CAST(left(school_year, 4) AS INTEGER) AS year_start
    FROM verdicts
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
SELECT * EXCLUDE (has_data, school_has_data, latest_year, in_chain, in_type_chain),
       -- the level as one key for grouping and drill-downs (metrics.labels.LEVEL_GROUPS)
       CASE WHEN level_basis = 'none' THEN 'no_data' WHEN school_level_reached = 0 THEN 'below1'
            ELSE 'level' || school_level_reached END AS level_group,
       CASE WHEN in_chain THEN year_start END AS ref_from,
       CASE WHEN in_chain THEN lead(year_start) OVER (PARTITION BY school_id, in_chain ORDER BY year_start) - 1 END
           AS ref_until,
       CASE WHEN in_type_chain THEN year_start END AS type_from,
       CASE WHEN in_type_chain THEN lead(year_start) OVER (PARTITION BY school_id, assessment_type, in_type_chain
                                                           ORDER BY year_start) - 1 END AS type_until
FROM chained
