-- Điều 22: the Mức 4 clauses of each assessment's framework, met or not.
SELECT a.school_id, a.school_year, a.assessment_type,
       coalesce(n.n_clauses, 0) AS n_clauses,
       count(l.clause) AS l4_known,
       count(*) FILTER (WHERE l.achieved) AS l4_achieved,
       count(*) FILTER (WHERE NOT l.achieved) AS l4_failed,
       string_agg(l.clause::VARCHAR, ', ' ORDER BY l.clause) FILTER (WHERE NOT l.achieved) AS list_l4_failed
FROM assessments a
LEFT JOIN (SELECT framework_key, count(*) AS n_clauses FROM level4_clauses GROUP BY 1) n USING (framework_key)
LEFT JOIN level4_results l USING (school_id, school_year, assessment_type)
WHERE TRUE {scope_a}
GROUP BY ALL
