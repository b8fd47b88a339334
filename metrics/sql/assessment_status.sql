-- The verdicts and their explanations, over `_status` (counts + computed_level from levels.py).
-- School attributes are copied in, so a filtered selection reads one table (no join per click).
WITH based AS (
    SELECT st.*, sc.name, sc.school_level, sc.province, sc.district, sc.commune, sc.is_demo,
           -- the criteria to raise for the next Cấp độ, with their levels (spelled out once: the macro is long)
           criteria_with_levels_in(ids, CASE WHEN computed_level < 2 THEN bits_below2 ELSE bits_below3 END,
                                   bits_level0, bits_level1) AS detail_to_next,
           -- missing data is not failure: no ratings at all means "reported" or "no data", never "Chưa đạt"
           CASE WHEN n_rated > 0 THEN 'computed' WHEN claimed_level IS NOT NULL THEN 'reported' ELSE 'none' END
               AS level_basis
    FROM _status st JOIN schools sc USING (school_id) LEFT JOIN framework_criterion_ids USING (framework_key)
), reached AS (
    SELECT *, CASE level_basis WHEN 'computed' THEN computed_level WHEN 'reported' THEN claimed_level END
               AS school_level_reached
    FROM based
), standard AS (
    SELECT *,
           -- Điều 37 (TT17/18/19-2018): Chuẩn quốc gia Mức độ 1 needs Mức 2, Mức độ 2 needs Mức 3 or 4.
           -- TT57/2026 (provisional): Mức 1 -> Mức độ 1, Mức 2 -> Mức độ 2.
           CASE WHEN level_basis = 'reported' AND claimed_standard IS NOT NULL THEN claimed_standard
                WHEN school_level_reached IS NULL THEN NULL
                WHEN framework_key LIKE 'TT57%' THEN least(school_level_reached, 2)
                WHEN school_level_reached >= 3 THEN 2
                WHEN school_level_reached = 2 THEN 1 ELSE 0 END AS national_standard
    FROM reached
)
SELECT * EXCLUDE (detail_to_next),
       0 AS display_order,  -- set by derive.py over the whole table
       -- Điều 34: Cấp độ n corresponds to Mức n.
       CASE WHEN level_basis = 'none' THEN 'Chưa có dữ liệu'
            ELSE CASE WHEN school_level_reached >= 1 THEN 'Cấp độ ' || school_level_reached ELSE 'Chưa đạt' END
                 || CASE WHEN level_basis = 'reported' THEN ' (theo báo cáo)'
                         WHEN data_incomplete THEN ' (thiếu dữ liệu)' ELSE '' END
       END AS accreditation_text,
       CASE WHEN level_basis = 'none' OR national_standard IS NULL THEN 'Chưa có dữ liệu'
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
              || CASE
                 WHEN computed_level >= CASE WHEN framework_key LIKE 'TT57%' THEN 2 ELSE 4 END
                      THEN 'Đạt mức cao nhất của khung tiêu chí.'
                 WHEN data_incomplete THEN 'Không đủ dữ liệu để kết luận Cấp độ ' || (computed_level + 1)
                      || ': chưa có đánh giá tiêu chí ' || coalesce(list_missing, '(Mức 4)') || '.'
                 WHEN framework_key LIKE 'TT57%' THEN 'Chưa đạt Mức ' || (computed_level + 1) || ' (TT57/2026, tạm thời): '
                      -- khoản 3 Điều 5: all mandatory criteria plus at least 5 of the other 7
                      || concat_ws('; ',
                           CASE WHEN computed_level = 0 AND mand_below1 > 0 THEN mand_below1 || ' tiêu chí bắt buộc chưa đạt Mức 1' END,
                           CASE WHEN computed_level = 0 THEN other_at1 || '/' || n_other || ' tiêu chí còn lại đạt Mức 1 (cần ít nhất 5)' END,
                           CASE WHEN computed_level = 1 AND mand_below2 > 0 THEN mand_below2 || ' tiêu chí bắt buộc chưa đạt Mức 2' END,
                           CASE WHEN computed_level = 1 THEN other_at2 || '/' || n_other || ' tiêu chí còn lại đạt Mức 2 (cần ít nhất 5)' END,
                           CASE WHEN computed_level = 1 AND n_below1 > 0 THEN 'tiêu chí ' || list_below1 || ' dưới Mức 1' END) || '.'
                 WHEN computed_level = 0 THEN 'Chưa đạt Mức 1: tiêu chí ' || list_below1 || ' không đạt. Để đạt Cấp độ 2 cần nâng tiêu chí '
                      || detail_to_next || ' lên Mức 2.'
                 WHEN computed_level = 1 THEN 'Chưa đạt Cấp độ 2: tiêu chí ' || detail_to_next
                      || ' chưa đạt Mức 2.'
                 WHEN computed_level = 2 THEN 'Chưa đạt Cấp độ 3: tiêu chí ' || detail_to_next
                      || ' chưa đạt Mức 3.'
                 WHEN list_l4_failed IS NOT NULL THEN 'Chưa đạt Cấp độ 4: tiêu chí Mức 4 số ' || list_l4_failed || ' chưa đạt (Điều 22).'
                 ELSE 'Chưa đạt Cấp độ 4: chưa có kết quả đánh giá các tiêu chí Mức 4 (Điều 22).'
                 END
       END AS explanation
FROM standard
