-- Money summed by one grouping ({group} is a whitelisted expression over the plan item details).
-- Not-estimated items are counted, never added as 0; sum() of only NULLs stays NULL.
SELECT {group} AS "{label}",
       sum(cost_vnd)::BIGINT AS "Kinh phí dự kiến (đồng)",
       count(*) AS "Số hạng mục",
       count(cost_vnd) AS "Số hạng mục có ước tính",
       count(*) - count(cost_vnd) AS "Số hạng mục chưa ước tính kinh phí",
       count(DISTINCT school_id) AS "Số trường"
FROM plan_item_details cc {join}
WHERE TRUE {cube_where}
GROUP BY 1
ORDER BY "Kinh phí dự kiến (đồng)" DESC NULLS LAST, 1
