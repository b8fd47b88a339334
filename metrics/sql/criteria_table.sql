-- Per criterion: how many schools of the selection fall below Mức 2 and below Mức 3.
-- Reads the criterion_counts cube; {where} filters it (bound parameters); the group placeholders optionally
-- splits it by province, district or school level (whitelisted column names).
SELECT {group_select}cc.framework_key, f.label AS framework_label, cc.standard_no, cc.criterion_id, k.criterion_name,
       sum(cc.n_rated)::BIGINT AS n_rated,
       sum(cc.n_below2)::BIGINT AS n_schools_below2,
       round(100.0 * sum(cc.n_below2) / nullif(sum(cc.n_rated), 0), 1) AS share_below2,
       CASE WHEN bool_or(cc.has_level3) THEN sum(cc.n_below3)::BIGINT END AS n_schools_below3,
       CASE WHEN bool_or(cc.has_level3) THEN round(100.0 * sum(cc.n_below3) / nullif(sum(cc.n_rated), 0), 1) END
           AS share_below3,
       sum(cc.n_missing)::BIGINT AS n_schools_missing,
       min(cc.sort_key) AS sort_key
FROM criterion_counts cc
JOIN frameworks f ON f.framework_key = cc.framework_key
JOIN criteria k ON k.framework_key = cc.framework_key AND k.criterion_id = cc.criterion_id
WHERE TRUE {where}
GROUP BY {group_by}f.label, cc.framework_key, cc.standard_no, cc.criterion_id, k.criterion_name
ORDER BY {group_by}n_schools_below2 DESC, f.label, sort_key
