-- Arithmetic on date columns: PostgreSQL adds days to a date and subtracts dates; IRIS
-- would add numbers. pgwired reads the column types from the catalog.
DROP TABLE IF EXISTS e2e_dates;
CREATE TABLE e2e_dates (id int PRIMARY KEY, d date, d2 date, n int, amount numeric(8,2));
INSERT INTO e2e_dates VALUES (1, '2024-01-31', '2024-01-01', 3, 1.50), (2, '2024-02-28', '2023-02-28', -2, 2),
  (3, NULL, '2024-03-01', 0, NULL);
SELECT id, d + 30, d - 1, 7 + d, d - d2, d + n, n + d, d - n FROM e2e_dates ORDER BY id;
SELECT id FROM e2e_dates WHERE d + 1 > '2024-02-01' ORDER BY id;
SELECT d - d2 AS days FROM e2e_dates WHERE d - d2 > 40 ORDER BY 1;
SELECT x.d - 10 AS back, x.d2 + 365 AS ahead FROM e2e_dates x ORDER BY x.id;
-- integers and numerics stay numbers
SELECT id, n + 1, n - 1, 1 + n, n - id, amount + 1, amount - n FROM e2e_dates ORDER BY id;
UPDATE e2e_dates SET d = d + 1, n = n + 1 WHERE id = 1;
SELECT d, n FROM e2e_dates WHERE id = 1;
PREPARE plus_days (int) AS SELECT d + $1 AS later FROM e2e_dates WHERE id = 2;
EXECUTE plus_days(1);
INSERT INTO e2e_dates VALUES (4, '2024-01-01', '2024-01-02', 1, 3) RETURNING d + 1, d2 - d, n / 2;
BEGIN;
DECLARE c CURSOR FOR SELECT id, d2 + 1 FROM e2e_dates ORDER BY id;
FETCH ALL FROM c;
COMMIT;
-- extract of a time stamp gives numeric (six fraction digits), of a date none; date_part a double
SELECT extract(epoch FROM timestamp '2024-03-01 10:00:00'), date_part('epoch', timestamp '2024-03-01 10:00:00'),
  extract(epoch FROM d2) FROM e2e_dates ORDER BY id;
SELECT date_trunc('month', d) AS m, count(*) FROM e2e_dates GROUP BY 1 ORDER BY 1;
DROP TABLE e2e_dates;
CREATE TABLE e2e_rent (id int, s timestamp, e timestamp, d1 date, d2 date);
INSERT INTO e2e_rent VALUES (1, '2024-01-01 10:00:00', '2024-01-03 12:30:15', '2024-01-01', '2024-01-05'), (2, '2024-01-02 00:00:00', '2024-01-01 23:59:59', '2024-01-01', '2024-01-01'), (3, '2024-01-01 00:00:00', '2024-01-02 00:00:00', '2024-01-01', '2024-01-01'), (4, '2024-01-01 00:00:00', '2024-01-01 00:00:00', NULL, NULL);
SELECT id, e - s AS duration FROM e2e_rent ORDER BY id;
SELECT id, d2 - d1, d2 - s, s - d1 FROM e2e_rent ORDER BY id;
-- the seconds between two time stamp columns
SELECT id, extract(epoch from e - s), extract(epoch from e - s) / 3600 AS hours, date_part('epoch', e - s) FROM e2e_rent ORDER BY id;
SELECT id FROM e2e_rent WHERE extract(epoch from e - s) > 3600 ORDER BY id;
DROP TABLE e2e_rent;
