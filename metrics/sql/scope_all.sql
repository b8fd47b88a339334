-- The scope of a full rebuild: every row. The derive steps read their inputs through these
-- views (and scope_touched.sql defines the same names over the touched keys), so one SQL file
-- serves both rebuilds and a full one pays for no join with a list of keys.
CREATE OR REPLACE TEMP VIEW scope_assessments AS SELECT * FROM assessments;
CREATE OR REPLACE TEMP VIEW scope_ratings AS SELECT * FROM criterion_ratings;
CREATE OR REPLACE TEMP VIEW scope_plan_items AS SELECT * FROM plan_items;
CREATE OR REPLACE TEMP VIEW scope_status AS SELECT * FROM assessment_status;
CREATE OR REPLACE TEMP VIEW scope_plan_item_categories AS SELECT * FROM plan_item_categories;
CREATE OR REPLACE TEMP VIEW scope_group_status AS SELECT * FROM assessment_status;
