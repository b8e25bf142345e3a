CREATE TABLE wb (id int PRIMARY KEY, x numeric(6,2), f double precision);
INSERT INTO wb VALUES (1, -1, -0.5), (2, 0, 0), (3, 2.5, 2.5), (4, 3.99, 3.999), (5, 4, 4), (6, 10, 10), (7, NULL, NULL), (8, 1, 1.0);
SELECT id, width_bucket(x, 0, 4, 4) AS a, width_bucket(f, 0.0, 4.0, 8) AS b, width_bucket(x, 4, 0, 4) AS c FROM wb ORDER BY id;
SELECT width_bucket(x, 0, 10, 5) AS bucket, count(*) FROM wb GROUP BY 1 ORDER BY 1;
SELECT width_bucket(5, 0, 10, 0);
SELECT width_bucket(5, 1, 1, 3);
SELECT width_bucket(5.35, 0.024, 10.06, 5), width_bucket(-3, 0, 10, 5);
DROP TABLE wb;
