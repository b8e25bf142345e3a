-- Rounding functions on numeric values (no negative zero, scale 0) and ISO weekdays.
CREATE TABLE md_a (id int PRIMARY KEY, x numeric(6,2), f float8, d date);
INSERT INTO md_a VALUES (1, -0.5, -0.5, '2024-03-03'), (2, 0.4, 0.4, '2024-03-04'), (3, 12.25, 12.25, '2024-03-09'), (4, NULL, NULL, NULL);
SELECT id, ceil(x), ceiling(x), floor(x), floor(-x), ceil(f), floor(f) FROM md_a ORDER BY id;
SELECT ceil(-0.5), floor(0.5), ceil(-12.01), floor(-12.01);
SELECT id, extract(isodow FROM d) AS isodow, extract(dow FROM d) AS dow, date_part('isodow', d) AS dp FROM md_a ORDER BY id;
SELECT extract(isodow FROM d) AS wd, count(*) FROM md_a WHERE d IS NOT NULL GROUP BY 1 ORDER BY 1;
DROP TABLE md_a;
