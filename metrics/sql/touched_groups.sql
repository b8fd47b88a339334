-- The filter groups of the touched assessments, recorded before assessment_status is rebuilt
-- and again after: a school that moved district is recounted in its old group and its new one.
INSERT INTO touched_groups
SELECT DISTINCT province, district, school_level, school_year, assessment_type FROM scope_status;
