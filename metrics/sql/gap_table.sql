-- Gap categories: schools with a criterion below Mức 2 in the category, and the money planned for it.
-- Reads the category_counts cube ({cube_where}); a plan item can belong to several categories.
WITH cube AS (
    SELECT category_key, sum(n_schools) AS n_schools, sum(n_items) AS n_items, sum(cost) AS cost,
           sum(not_estimated) AS not_estimated
    FROM category_counts cc WHERE TRUE {cube_where} GROUP BY 1
), total AS (SELECT count(*) FILTER (WHERE level_basis = 'computed') AS n FROM selection)
SELECT k.category_key, k.category_name,
       coalesce(c.n_schools, 0)::BIGINT AS n_schools_with_gap,
       round(100.0 * coalesce(c.n_schools, 0) / nullif(total.n, 0), 1) AS share_schools_with_gap,
       coalesce(c.n_items, 0)::BIGINT AS n_plan_items,
       c.cost::HUGEINT AS plan_cost_vnd,
       coalesce(c.not_estimated, 0)::BIGINT AS n_not_estimated
FROM gap_categories k CROSS JOIN total LEFT JOIN cube c USING (category_key)
ORDER BY n_schools_with_gap DESC, k.sort_order
