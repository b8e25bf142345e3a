-- Rounding functions on numeric values (no negative zero, scale 0), literals in exponent
-- form, ISO weekdays, ISO weeks
-- and week-numbering years (around New Year, where they differ from the calendar).
CREATE TABLE md_a (id int PRIMARY KEY, x numeric(6,2), f float8, d date);
INSERT INTO md_a VALUES (1, -0.5, -0.5, '2024-03-03'), (2, 0.4, 0.4, '2024-03-04'), (3, 12.25, 12.25, '2024-03-09'), (4, NULL, NULL, NULL);
SELECT id, ceil(x), ceiling(x), floor(x), floor(-x), ceil(f), floor(f) FROM md_a ORDER BY id;
SELECT ceil(-0.5), floor(0.5), ceil(-12.01), floor(-12.01);
SELECT 1e-5 AS small, 2.5e3 AS big, 1e2 AS hundred, 12e-1 AS twelve;
SELECT id, extract(isodow FROM d) AS isodow, extract(dow FROM d) AS dow, date_part('isodow', d) AS dp FROM md_a ORDER BY id;
SELECT extract(isodow FROM d) AS wd, count(*) FROM md_a WHERE d IS NOT NULL GROUP BY 1 ORDER BY 1;
DROP TABLE md_a;
CREATE TABLE wk (id int PRIMARY KEY, d date, ts timestamp);
INSERT INTO wk VALUES (1, '2024-01-01', '2024-12-30 10:00:00'), (2, '2023-01-01', '2021-01-03 23:00:00'), (3, '2020-12-31', '2020-01-01 00:00:00'), (4, '2021-01-04', '2026-12-31 12:00:00'), (5, '2027-01-01', '2019-12-29 00:00:00'), (6, NULL, NULL);
SELECT id, extract(week FROM d) AS w, extract(isoyear FROM d) AS y, date_part('week', ts) AS tw, extract(isoyear FROM ts) AS ty FROM wk ORDER BY id;
SELECT extract(week FROM d) AS w, count(*) FROM wk GROUP BY 1 ORDER BY 1;
DROP TABLE wk;
