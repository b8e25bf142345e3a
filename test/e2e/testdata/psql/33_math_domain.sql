-- Math functions outside their domain fail as in PostgreSQL (2201F square root and
-- power, 2201E logarithm) instead of answering NULL or Infinity: IRIS fails them with
-- SQLCODE -400 <ILLEGAL VALUE>, and pgwired names the PostgreSQL error by the function
-- the statement calls.
DROP TABLE IF EXISTS e2e_math;
CREATE TABLE e2e_math (id integer PRIMARY KEY, x double precision, n numeric(8,2));
INSERT INTO e2e_math VALUES (1, 16, 100), (2, -4, 0), (3, 0.25, -1);
SELECT sqrt(16), ln(1), log(100), log10(1000), power(2, 10), 2 ^ 3, power(-2, 3), power(0, 0);
SELECT sqrt(-1);
SELECT ln(0);
SELECT log(0);
SELECT log10(-5);
SELECT ln(-1);
SELECT power(0, -1);
SELECT power(-1, 0.5);
SELECT (-8) ^ (1.0 / 3);
SELECT id, sqrt(x) FROM e2e_math WHERE id <> 2 ORDER BY id;
SELECT id, sqrt(x) FROM e2e_math ORDER BY id;
SELECT id, round(ln(n), 4) FROM e2e_math WHERE n > 0 ORDER BY id;
SELECT id, ln(n) FROM e2e_math ORDER BY id;
SELECT id FROM e2e_math WHERE log(n) > 1;
UPDATE e2e_math SET x = sqrt(x) WHERE id = 2;
BEGIN;
SELECT power(x, 0.5) FROM e2e_math WHERE id = 2;
SELECT 1;
ROLLBACK;
SELECT id, x, n FROM e2e_math ORDER BY id;
DROP TABLE e2e_math;
