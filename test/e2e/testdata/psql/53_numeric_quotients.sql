-- avg() and numeric division show PostgreSQL's result scale (select_div_scale: 16
-- significant digits at least, more for small quotients), computed exactly by pgwired
-- from the operands IRIS returns, whatever IRIS's own rounding.
CREATE TABLE e2e_q (id int PRIMARY KEY, grp text, n int, big bigint, price numeric(10,2), rate numeric(6,4), f float8);
INSERT INTO e2e_q VALUES
  (1, 'a', 1, 10000000000, 120000.00, 0.1250, 1.5),
  (2, 'a', 2, 20000000000, 95000.50, 0.3333, 2.5),
  (3, 'b', 2, 1, 70000.00, 1.0000, NULL),
  (4, 'b', NULL, 3, 65000.00, NULL, 4),
  (5, 'c', 7, -5, 0.01, 0.0001, 0.1);
SELECT avg(n), avg(big), avg(price), avg(rate), avg(f) FROM e2e_q;
SELECT grp, avg(n) AS avg_n, avg(price), count(*) FROM e2e_q GROUP BY grp ORDER BY grp;
SELECT grp, avg(price) FROM e2e_q GROUP BY grp ORDER BY 2 DESC;
SELECT avg(DISTINCT n), avg(n) FILTER (WHERE id > 1) FROM e2e_q;
SELECT avg(n) FROM e2e_q WHERE id > 100;
SELECT id, price / 12 AS monthly, price / n, n / 3.0, rate / 3, price / rate FROM e2e_q ORDER BY id;
SELECT id, n / 2, big / 3, f / 2 FROM e2e_q ORDER BY id;
SELECT 10 / 3.0, 1 / 3.0, 2.0 / 3, 20000 / 2.0, 1::numeric / 1, 10::numeric / 4, -7 / 2.0, 0 / 5.0;
SELECT sum(price) / count(*) AS mean, sum(n) / count(n) AS int_mean FROM e2e_q;
SELECT id, avg(price) OVER (PARTITION BY grp) AS grp_avg, price / sum(price) OVER () AS share FROM e2e_q ORDER BY id;
SELECT round(avg(price), 2), avg(price)::numeric(12,3), trunc(avg(n)) FROM e2e_q;
WITH t AS (SELECT grp, sum(price) AS total FROM e2e_q GROUP BY grp) SELECT grp, total / 3 FROM t ORDER BY grp;
SELECT price / 0 FROM e2e_q WHERE id = 1;
SELECT avg(price) FROM e2e_q GROUP BY grp HAVING avg(price) > 50000 ORDER BY 1;
PREPARE q(int) AS SELECT id, price / $1, avg(n) OVER () FROM e2e_q ORDER BY id LIMIT 2;
EXECUTE q(7);
-- coalesce(x, 0) shows the 0 as written where x is NULL, the others at the column's scale
SELECT grp, coalesce(sum(rate), 0) AS rates, coalesce(max(price), 1) AS top FROM e2e_q GROUP BY grp ORDER BY grp;
SELECT id, coalesce(rate, 0) FROM e2e_q ORDER BY id;
DROP TABLE e2e_q;
