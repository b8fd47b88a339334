-- The filtered schools, each once: the assessment that stands for the school (its distances, plan
-- and money: the most recent one, external before self on the same year), its latest
-- self-assessment (Cấp độ tự đánh giá) and its latest external assessment (Đánh giá ngoài) beside it,
-- and its recognition decisions in force on the day (Điều 34/37: a decision is valid 5 years unless
-- it says otherwise; "expiring" = within 12 months). {self_match}/{external_match} pick "latest up to
-- the date" or "the same school year" (query.py); {where} holds the bound filters. level_group keys
-- (metrics.labels.LEVEL_GROUPS) are of the self-assessment: it is never mixed with an external result.
-- NOT MATERIALIZED: a materialised CTE joined twice kept DuckDB from pruning the main scan (~45 ms
-- of ~60 nationally, even with no decision stored)
WITH recognised AS NOT MATERIALIZED (
    SELECT school_id, kind, level, valid_until, decision_number, decision_date,
           CASE WHEN valid_until < $day THEN 'expired'
                WHEN valid_until < $day + INTERVAL 12 MONTH THEN 'expiring' ELSE 'valid' END AS status
    FROM recognitions WHERE decision_date <= $day
    QUALIFY row_number() OVER (PARTITION BY school_id, kind ORDER BY decision_date DESC, valid_until DESC) = 1
)
SELECT a.* EXCLUDE (level_group),
       $cutoff - a.year_start AS data_age_years,
       s.school_year AS self_year, s.school_level_reached AS self_level, s.level_basis AS self_basis,
       s.accreditation_text AS self_accreditation, s.standard_text AS self_standard,
       s.national_standard AS self_national_standard,
       coalesce(s.level_group, 'no_data') AS level_group,
       e.school_year AS external_year, e.school_level_reached AS external_level,
       e.accreditation_text AS external_accreditation,
       ra.level AS recognised_level, ra.valid_until AS recognised_level_until, ra.status AS recognised_level_status,
       rs.level AS recognised_standard, rs.valid_until AS recognised_standard_until,
       rs.status AS recognised_standard_status,
       -- the first decision to lapse, and its status: what an official renews first
       least(ra.valid_until, rs.valid_until) AS recognition_valid_until,
       CASE WHEN ra.school_id IS NULL AND rs.school_id IS NULL
            THEN CASE WHEN e.level_basis IN ('computed', 'reported') THEN 'external_only' ELSE 'none' END
            WHEN rs.school_id IS NULL OR ra.valid_until <= rs.valid_until THEN ra.status ELSE rs.status END
           AS recognition_status
FROM assessment_status a
LEFT JOIN assessment_status s ON s.school_id = a.school_id AND s.assessment_type = 'Tự đánh giá' AND {self_match}
LEFT JOIN assessment_status e ON e.school_id = a.school_id AND e.assessment_type = 'Đánh giá ngoài' AND {external_match}
LEFT JOIN recognised ra ON ra.school_id = a.school_id AND ra.kind = 'accreditation'
LEFT JOIN recognised rs ON rs.school_id = a.school_id AND rs.kind = 'national_standard'
WHERE TRUE {where}
