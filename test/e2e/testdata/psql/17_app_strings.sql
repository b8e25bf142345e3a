-- String handling in application code: trimming and blank checks, left/right with negative
-- counts, padding, LIKE on expressions and literals (case-sensitive), empty string vs NULL.
CREATE TABLE ps (id int PRIMARY KEY, s varchar(30));
INSERT INTO ps VALUES (1, '  Hello World  '), (2, ''), (3, NULL), (4, 'abcdef'), (5, '00042');
SELECT id, coalesce(nullif(trim(s), ''), 'default') AS v FROM ps ORDER BY id;
SELECT id, length(trim(s)) = 0 AS blank, lower(trim(s)) AS l FROM ps ORDER BY id;
SELECT id, left(s, -2) AS l, right(s, -2) AS r, left(s, -20) AS none FROM ps ORDER BY id;
SELECT id, left(s, 2) AS l, right(s, 2) AS r FROM ps ORDER BY id;
SELECT id, substring(s, 0, 3) AS a, substring(s, 2) AS b, substring(s from 3 for 2) AS c, substr(s, 5, 10) AS d FROM ps ORDER BY id;
SELECT id, lpad(s, 3) AS lp, rpad(s, 8, '*') AS rp, lpad(s, 10, 'xy') AS lp2 FROM ps ORDER BY id;
SELECT id, trim(leading '0' from s) AS t0, ltrim(s) AS lt, rtrim(s) AS rt, btrim(s, ' H') AS bt FROM ps ORDER BY id;
SELECT id, replace(s, ' ', '') AS nospace, position('o' in s) AS o, strpos(s, 'xyz') AS none FROM ps ORDER BY id;
SELECT id, s || '!' AS bang, concat(s, id, NULL, '?') AS c, concat_ws('/', s, id) AS cw FROM ps ORDER BY id;
SELECT id, upper(s) LIKE '%WORLD%' AS w, s LIKE '%o_l%' AS ol, s NOT ILIKE '%HELLO%' AS nh FROM ps ORDER BY id;
SELECT id, s = '' AS empty, s IS NULL AS isnull, coalesce(s, '') = '' AS blank FROM ps ORDER BY id;
SELECT id, length(s), char_length(s), upper(s), lower(s) FROM ps ORDER BY id;
SELECT id, s::int + 1 AS n FROM ps WHERE id = 5;
SELECT 'abc' LIKE 'a_c', 'abc' LIKE 'A%', 'a%c' LIKE 'a\%c', 'Straße' ILIKE 'STRASSE';
SELECT upper('straße'), length('héllo'), substring('héllo', 2, 3);
SELECT max(s), min(s) FROM ps;
SELECT s FROM ps ORDER BY s;
SELECT s FROM ps ORDER BY s DESC;
SELECT s, count(*) FROM ps GROUP BY s ORDER BY s NULLS FIRST;
SELECT string_agg(s, ',') FROM ps WHERE id IN (4, 5);
DROP TABLE ps;
