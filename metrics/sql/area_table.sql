-- Areas side by side: level reached, distance to Cấp độ 2/3, money, and the most common gap.
-- {area} is a whitelisted column name (province or district), never user text.
WITH per_area AS (
    SELECT {area} AS area,
           count(*) AS n_assessed,
           count(*) FILTER (WHERE level_basis <> 'none' AND school_level_reached = 0) AS lvl0,
           count(*) FILTER (WHERE school_level_reached = 1) AS lvl1,
           count(*) FILTER (WHERE school_level_reached = 2) AS lvl2,
           count(*) FILTER (WHERE school_level_reached = 3) AS lvl3,
           count(*) FILTER (WHERE school_level_reached = 4) AS lvl4,
           count(*) FILTER (WHERE level_basis = 'none') AS no_data,
           avg(n_below2) FILTER (WHERE level_basis = 'computed') AS avg_to2,
           avg(n_to_level3) FILTER (WHERE level_basis = 'computed') AS avg_to3,
           sum(plan_cost_vnd)::BIGINT AS cost, sum(n_not_estimated)::BIGINT AS not_estimated
    FROM selection GROUP BY 1
), gaps AS (
    SELECT cc.{area} AS area, cc.criterion_id, sum(cc.n_below2)::BIGINT AS n,
           row_number() OVER (PARTITION BY cc.{area} ORDER BY sum(cc.n_below2) DESC, min(cc.sort_key)) AS rank
    FROM criterion_counts cc WHERE cc.n_below2 > 0 {cube_where} GROUP BY 1, 2
)
SELECT p.area AS "{label}", n_assessed AS "Số trường có đánh giá",
       lvl0 AS "Chưa đạt Cấp độ 1", lvl1 AS "Cấp độ 1", lvl2 AS "Cấp độ 2", lvl3 AS "Cấp độ 3",
       lvl4 AS "Cấp độ 4", no_data AS "Chưa có dữ liệu",
       round(100.0 * (lvl2 + lvl3 + lvl4) / nullif(n_assessed - no_data, 0), 1) AS "Tỷ lệ đạt Cấp độ 2 trở lên (%)",
       round(avg_to2, 2) AS "TB số tiêu chí cần nâng để đạt Cấp độ 2",
       round(avg_to3, 2) AS "TB số tiêu chí cần nâng để đạt Cấp độ 3",
       cost AS "Kinh phí dự kiến (đồng)", not_estimated AS "Số hạng mục chưa ước tính kinh phí",
       CASE WHEN g.criterion_id IS NOT NULL THEN 'Tiêu chí ' || g.criterion_id || ' (' || g.n || ' trường)' END
           AS "Điểm yếu phổ biến nhất"
FROM per_area p LEFT JOIN gaps g ON g.area IS NOT DISTINCT FROM p.area AND g.rank = 1
ORDER BY "Chưa đạt Cấp độ 1" + "Cấp độ 1" DESC, p.area
