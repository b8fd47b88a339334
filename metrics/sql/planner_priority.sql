-- What the planner's priority weight reads of each school of the selection (metrics/planner_priority.py):
-- its commune as written, and the first of its recognitions to lapse (selection.sql: the latest decision
-- of each kind up to the day, Cấp độ KĐCL or Chuẩn quốc gia), NULL when it holds none.
SELECT school_id, province, commune, recognition_valid_until FROM selection
