-- The gap categories of each criterion below Mức 2 (gap_hits: categories.py).
SELECT school_id, school_year, assessment_type, criterion_id, framework_key, category_key, rules
FROM gap_hits WHERE item_no IS NULL
