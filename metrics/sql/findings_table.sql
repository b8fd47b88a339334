-- The findings of the schools in the selection.
SELECT s.school_id, s.name, s.district, f.school_year, f.assessment_type, f.kind AS finding_kind, f.detail
FROM findings f JOIN selection s USING (school_id, school_year, assessment_type)
ORDER BY s.display_order, f.ord
