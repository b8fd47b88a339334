-- The findings of the schools in the selection, for people.
SELECT s.school_id AS "Mã trường", s.name AS "Tên trường", s.district AS "Quận/Huyện",
       f.school_year AS "Năm học", f.assessment_type AS "Hình thức",
       f.kind AS "Loại phát hiện", f.detail AS "Chi tiết"
FROM findings f JOIN selection s USING (school_id, school_year, assessment_type)
ORDER BY s.display_order, f.ord
