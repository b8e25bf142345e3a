-- Time literals keep their fraction of a second (IRIS's TIME keeps none: pgwired casts
-- to TIME(p)), rounded as PostgreSQL rounds it; dates PostgreSQL reads the same in every
-- DateStyle reach IRIS in its ODBC form. (Forms read in the DateStyle order, such as
-- '01/02/2024', are refused with 22007: see the translator's cases.)
SELECT '12:34:56.789'::time, time '01:02:03.5', '12:34:56.789'::time(2), CAST('23:59:59.999999' AS time);
SELECT '12:34:56.1234567'::time AS micro, '12:34:56.000'::time AS zeros, '10:00:00.5'::time(0) AS up;
SELECT '2024-01-02'::date, date '2024-01-02', '2024-1-2'::date, '20240102'::date, '2024-01-02 10:11:12'::date;
SELECT '2024-02-30'::date;
SELECT '2024-13-01'::date;
DROP TABLE IF EXISTS e2e_dtlit;
CREATE TABLE e2e_dtlit (id integer PRIMARY KEY, t time, d date);
INSERT INTO e2e_dtlit VALUES (1, '12:34:56.789', '2024-01-02'), (2, '08:00:00', '2024-03-04');
SELECT id FROM e2e_dtlit WHERE t = '12:34:56.789'::time;
SELECT id FROM e2e_dtlit WHERE t < time '12:34:56.79' ORDER BY id;
SELECT id FROM e2e_dtlit WHERE d = '2024-1-2'::date;
SELECT id, d FROM e2e_dtlit WHERE d BETWEEN date '2024-1-1' AND '20240201'::date;
UPDATE e2e_dtlit SET t = '23:00:00.25'::time WHERE id = 2;
SELECT id, t, d FROM e2e_dtlit ORDER BY id;
DROP TABLE e2e_dtlit;
