-- Lists of criterion ids from a bit set (criteria.criterion_bit): `ids` is the framework's ids in
-- criterion order, so bit k belongs to ids[k + 1] and the lists come out ordered ('2.2, 3.1, 3.2').
-- NULL for an empty set. {each_id} is spelled out by loaders/schema.py, when it creates the store, for
-- every criterion position:
-- one CASE per position runs about three times faster than list_filter with a lambda.
CREATE OR REPLACE MACRO criteria_in(ids, bits) AS
    CASE WHEN bits <> 0 THEN concat_ws(', ', {each_id}) END;
-- The same with each criterion's level: '3.1 (Mức 1), 3.2 (Không đạt)'.
CREATE OR REPLACE MACRO criteria_with_levels_in(ids, bits, level0, level1) AS
    CASE WHEN bits <> 0 THEN concat_ws(', ', {each_id_with_level}) END;
-- Each framework's criterion ids in order, for the two macros above.
CREATE OR REPLACE VIEW framework_criterion_ids AS
SELECT framework_key, list(criterion_id ORDER BY sort_key) AS ids FROM criteria GROUP BY ALL;
-- A criterion's level read back from the school's bit sets (NULL: not rated), so a heatmap of
-- many schools never reads the ratings: below Mức 3 only for criteria that have a Mức 3.
CREATE OR REPLACE MACRO criterion_level(bit, has_level3, rated, level0, level1, below3) AS
    CASE WHEN rated & bit = 0 THEN NULL WHEN level0 & bit <> 0 THEN 0 WHEN level1 & bit <> 0 THEN 1
         WHEN has_level3 AND below3 & bit = 0 THEN 3 ELSE 2 END;
