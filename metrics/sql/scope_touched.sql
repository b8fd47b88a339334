-- The scope of an incremental rebuild: the assessments an import touched (registered as _keys)
-- and, for the cubes, every assessment of the filter groups they were or are in (a school may
-- leave its district; touched_groups is filled by derive.py before and after assessment_status).
-- The same view names as scope_all.sql, so the derive steps' SQL does not change.
-- Every assessment of a touched school: which of them stands for the school, year by year and on a
-- day (the chains of assessment_status.sql), depends on all of them.
CREATE OR REPLACE TEMP TABLE touched_assessments AS
    SELECT school_id, school_year, assessment_type FROM assessments SEMI JOIN _keys USING (school_id)
    UNION SELECT school_id, school_year, assessment_type FROM _keys;
CREATE OR REPLACE TEMP TABLE touched_groups (province VARCHAR, district VARCHAR, school_level VARCHAR,
    school_year VARCHAR, assessment_type VARCHAR);
CREATE OR REPLACE TEMP VIEW scope_assessments AS
    SELECT * FROM assessments SEMI JOIN touched_assessments USING (school_id, school_year, assessment_type);
CREATE OR REPLACE TEMP VIEW scope_ratings AS
    SELECT * FROM criterion_ratings SEMI JOIN touched_assessments USING (school_id, school_year, assessment_type);
CREATE OR REPLACE TEMP VIEW scope_plan_items AS
    SELECT * FROM plan_items SEMI JOIN touched_assessments USING (school_id, school_year, assessment_type);
CREATE OR REPLACE TEMP VIEW scope_status AS
    SELECT * FROM assessment_status SEMI JOIN touched_assessments USING (school_id, school_year, assessment_type);
CREATE OR REPLACE TEMP VIEW scope_plan_item_categories AS
    SELECT * FROM plan_item_categories SEMI JOIN touched_assessments USING (school_id, school_year, assessment_type);
-- a district may be blank: groups match NULL to NULL
CREATE OR REPLACE TEMP VIEW scope_group_status AS
    SELECT a.* FROM assessment_status a SEMI JOIN touched_groups g
        ON a.province IS NOT DISTINCT FROM g.province AND a.district IS NOT DISTINCT FROM g.district
       AND a.school_level IS NOT DISTINCT FROM g.school_level AND a.school_year = g.school_year
       AND a.assessment_type = g.assessment_type;
