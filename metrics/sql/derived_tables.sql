-- The derived tables, declared empty with the schema so a store no import has reached yet
-- answers every question. metrics/derive.py fills them (STEPS; a full rebuild recreates them
-- from the same SQL); tests/test_derive.py checks these columns and types equal what it makes.
CREATE TABLE assessment_status (
    school_id VARCHAR, school_year VARCHAR, assessment_type VARCHAR, framework_key VARCHAR, bits_rated
    BIGINT, bits_level0 BIGINT, bits_level1 BIGINT, bits_below2 BIGINT, bits_below3 BIGINT, bits_missing
    BIGINT, n_criteria BIGINT, n_rated BIGINT, n_missing BIGINT, n_below1 BIGINT, n_below2 BIGINT,
    n_with_level3 BIGINT, n_below3_of_level3 BIGINT, n_missing_level3 BIGINT, mand_below1 BIGINT,
    mand_below2 BIGINT, mand_missing BIGINT, n_other BIGINT, other_at1 BIGINT, other_at2 BIGINT,
    other_missing BIGINT, steps_to_level2 INTEGER, steps_to_level3 INTEGER, list_below1 VARCHAR,
    list_below2 VARCHAR, list_missing VARCHAR, list_below2_unplanned VARCHAR, n_to_level3 BIGINT,
    list_to_level3 VARCHAR, n_below2_unplanned BIGINT, n_below3_unplanned BIGINT, n_clauses BIGINT,
    l4_known BIGINT, l4_achieved BIGINT, l4_failed BIGINT, list_l4_failed VARCHAR, n_plan_items BIGINT,
    plan_cost_vnd HUGEINT, n_not_estimated BIGINT, claimed_level INTEGER, claimed_level_text VARCHAR,
    claimed_standard INTEGER, claimed_standard_text VARCHAR, count_level1 VARCHAR, count_level2 VARCHAR,
    count_level3 VARCHAR, count_level4 VARCHAR, computed_level BIGINT, data_incomplete BOOLEAN,
    next_level BIGINT, blocked_by VARCHAR, blocking_criteria BIGINT, blocking_clauses BIGINT,
    blocking_mandatory BIGINT, blocking_others_at BIGINT, blocking_others_needed BIGINT, blocking_below1
    BIGINT, "name" VARCHAR, school_level VARCHAR, province VARCHAR, province_written VARCHAR, district
    VARCHAR, commune VARCHAR, is_demo BOOLEAN, level_basis VARCHAR, school_level_reached BIGINT,
    consecutive_data_years BIGINT, national_standard BIGINT, display_order BIGINT, accreditation_text VARCHAR, standard_text VARCHAR,
    claim_mismatch BOOLEAN, explanation VARCHAR, year_start INTEGER, is_year_reference BOOLEAN,
    level_group VARCHAR, ref_from INTEGER, ref_until INTEGER, type_from INTEGER, type_until INTEGER);
CREATE TABLE criterion_gap_categories (
    school_id VARCHAR, school_year VARCHAR, assessment_type VARCHAR, criterion_id VARCHAR, framework_key
    VARCHAR, category_key VARCHAR, rules VARCHAR);
CREATE TABLE plan_item_categories (
    school_id VARCHAR, school_year VARCHAR, assessment_type VARCHAR, item_no INTEGER, criterion_id
    VARCHAR, framework_key VARCHAR, category_key VARCHAR, rules VARCHAR);
CREATE TABLE criterion_counts (
    province VARCHAR, district VARCHAR, school_level VARCHAR, school_year VARCHAR, assessment_type
    VARCHAR, is_year_reference BOOLEAN, ref_from INTEGER, ref_until INTEGER, framework_key VARCHAR,
    criterion_id VARCHAR, standard_no INTEGER, sort_key INTEGER, has_level3 BOOLEAN, n_schools BIGINT,
    n_rated BIGINT, n_below2 BIGINT, n_below3 BIGINT, n_missing BIGINT);
CREATE TABLE category_counts (
    province VARCHAR, district VARCHAR, school_level VARCHAR, school_year VARCHAR, assessment_type
    VARCHAR, is_year_reference BOOLEAN, ref_from INTEGER, ref_until INTEGER, category_key VARCHAR,
    n_schools BIGINT, n_items BIGINT, "cost" HUGEINT, not_estimated BIGINT);
CREATE TABLE plan_item_details (
    school_id VARCHAR, "name" VARCHAR, school_level VARCHAR, province VARCHAR, district VARCHAR,
    school_year VARCHAR, criterion_id VARCHAR, standard_no INTEGER, standard_name VARCHAR, plan_year
    INTEGER, cost_vnd BIGINT, cost_text VARCHAR, "action" VARCHAR, timeframe VARCHAR, item_no INTEGER,
    assessment_type VARCHAR, categories VARCHAR, standard_label VARCHAR, year_label VARCHAR,
    is_year_reference BOOLEAN, ref_from INTEGER, ref_until INTEGER);
CREATE TABLE findings (
    school_id VARCHAR, school_year VARCHAR, assessment_type VARCHAR, ord INTEGER, kind VARCHAR, detail
    VARCHAR);
