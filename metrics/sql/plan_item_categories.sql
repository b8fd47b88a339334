-- The gap categories of each plan item (gap_hits: categories.py).
SELECT school_id, school_year, assessment_type, item_no, criterion_id, framework_key, category_key, rules
FROM gap_hits WHERE item_no IS NOT NULL
