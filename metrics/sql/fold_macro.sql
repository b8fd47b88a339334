-- loaders.text.fold in SQL, for comparing free text typed with and without diacritics:
-- đ/Đ first (they are letters of their own, not d with a mark), then lower case, marks
-- stripped, runs of white space made one space, ends trimmed; NULL folds to ''.
CREATE OR REPLACE MACRO fold(value) AS
    coalesce(trim(regexp_replace(strip_accents(lower(replace(replace(value, 'đ', 'd'), 'Đ', 'D'))),
                                 '\s+', ' ', 'g')), '');
