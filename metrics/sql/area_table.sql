-- Areas side by side: level reached, distance to Cấp độ 2/3, money, and the most common gap.
-- {area} is a whitelisted column name (province, district or commune), never user text. A district or
-- commune is keyed by its province too: two provinces can have a district of the same name, and the
-- whole country's districts are ranked when no province is chosen.
WITH per_area AS (
    SELECT province AS in_province, {area} AS area,
           count(*) AS n_assessed,
           count(*) FILTER (WHERE level_group = 'below1') AS n_below1,
           count(*) FILTER (WHERE level_group = 'level1') AS n_level1,
           count(*) FILTER (WHERE level_group = 'level2') AS n_level2,
           count(*) FILTER (WHERE level_group = 'level3') AS n_level3,
           count(*) FILTER (WHERE level_group = 'level4') AS n_level4,
           count(*) FILTER (WHERE level_group = 'no_data') AS n_no_data,
           avg(n_below2) FILTER (WHERE level_basis = 'computed') AS avg_to_level2,
           avg(n_to_level3) FILTER (WHERE level_basis = 'computed') AS avg_to_level3,
           sum(plan_cost_vnd)::HUGEINT AS plan_cost_vnd, sum(n_not_estimated)::BIGINT AS n_not_estimated
    FROM selection GROUP BY 1, 2
), gaps AS (
    -- the criterion most schools of the area have below Mức 2, read from each school's bit sets
    -- (any area: the cubes hold no commune)
    SELECT s.province AS in_province, s.{area} AS area, k.criterion_id, count(*) AS n,
           row_number() OVER (PARTITION BY s.province, s.{area} ORDER BY count(*) DESC, min(k.sort_key)) AS rank
    FROM selection s JOIN criteria k USING (framework_key)
    WHERE s.level_basis = 'computed' AND s.bits_below2 & k.criterion_bit <> 0
    GROUP BY 1, 2, 3
)
SELECT {keys}, n_assessed, n_below1, n_level1, n_level2, n_level3, n_level4, n_no_data,
       round(100.0 * (n_level2 + n_level3 + n_level4) / nullif(n_assessed - n_no_data, 0), 1) AS share_level2_up,
       round(avg_to_level2, 2) AS avg_to_level2, round(avg_to_level3, 2) AS avg_to_level3,
       plan_cost_vnd, n_not_estimated,
       CASE WHEN g.criterion_id IS NOT NULL THEN 'Tiêu chí ' || g.criterion_id || ' (' || g.n || ' trường)' END
           AS most_common_gap
FROM per_area p LEFT JOIN gaps g ON g.in_province IS NOT DISTINCT FROM p.in_province
                                AND g.area IS NOT DISTINCT FROM p.area AND g.rank = 1
ORDER BY n_below1 + n_level1 DESC, p.in_province, p.area
