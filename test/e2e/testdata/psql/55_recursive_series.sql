-- WITH RECURSIVE, evaluated by pgwired over work tables in IRIS.
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT sum(n) FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t;
WITH RECURSIVE t AS (SELECT 10 AS n UNION ALL SELECT n - 3 FROM t WHERE n > 0) SELECT n FROM t ORDER BY n DESC LIMIT 3;
CREATE TABLE e2e_cat (id int PRIMARY KEY, parent_id int, name varchar(30));
INSERT INTO e2e_cat VALUES (1, NULL, 'root'), (2, 1, 'books'), (3, 1, 'music'), (4, 2, 'novels'), (5, 2, 'poetry'), (6, 4, 'crime'), (7, NULL, 'other');
WITH RECURSIVE sub AS (
  SELECT id, parent_id, name, 1 AS depth, CAST(name AS text) AS path FROM e2e_cat WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.parent_id, c.name, s.depth + 1, s.path || '/' || c.name FROM e2e_cat c JOIN sub s ON c.parent_id = s.id
) SELECT id, name, depth, path FROM sub ORDER BY path;
WITH RECURSIVE sub AS (
  SELECT id, 0 AS lvl FROM e2e_cat WHERE id = 2
  UNION ALL
  SELECT c.id, s.lvl + 1 FROM e2e_cat c JOIN sub s ON c.parent_id = s.id
) SELECT e2e_cat.name, sub.lvl FROM sub JOIN e2e_cat ON e2e_cat.id = sub.id ORDER BY sub.lvl, e2e_cat.name;
WITH RECURSIVE sub AS (
  SELECT id, 1 AS depth FROM e2e_cat WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, s.depth + 1 FROM e2e_cat c JOIN sub s ON c.parent_id = s.id
) SELECT depth, count(*) AS n, max(id) FROM sub GROUP BY depth ORDER BY depth;
-- A cycle in the data: UNION discards the rows already produced and stops.
CREATE TABLE e2e_edge (a int, b int);
INSERT INTO e2e_edge VALUES (1, 2), (2, 3), (3, 1), (3, 4);
WITH RECURSIVE reach(node) AS (SELECT 1 UNION SELECT e.b FROM e2e_edge e JOIN reach r ON e.a = r.node) SELECT node FROM reach ORDER BY node;
WITH RECURSIVE reach(node, hops) AS (SELECT 1, 0 UNION ALL SELECT e.b, r.hops + 1 FROM e2e_edge e JOIN reach r ON e.a = r.node WHERE r.hops < 4) SELECT node, hops FROM reach ORDER BY hops, node;
-- A non-recursive WITH query beside a recursive one, and RECURSIVE on queries that do not recurse.
WITH RECURSIVE top AS (SELECT id FROM e2e_cat WHERE parent_id IS NULL AND name = 'root'),
  tree AS (SELECT id FROM top UNION ALL SELECT c.id FROM e2e_cat c JOIN tree ON c.parent_id = tree.id)
SELECT count(*) FROM tree;
WITH RECURSIVE x AS (SELECT 1 AS a) SELECT a FROM x;
-- Integer columns (by the non-recursive term's text) divide to integers.
WITH RECURSIVE t(n) AS (SELECT 100 UNION ALL SELECT n / 3 FROM t WHERE n > 1) SELECT n, t.n / 2 FROM t ORDER BY n;
-- Empty results.
WITH RECURSIVE t(n) AS (SELECT 1 WHERE false UNION ALL SELECT n + 1 FROM t) SELECT * FROM t;
-- Prepared with parameters (SQL PREPARE; pgx covers Parse/Bind).
PREPARE rq(int, int) AS WITH RECURSIVE t(n) AS (SELECT $1 UNION ALL SELECT n + 1 FROM t WHERE n < $2) SELECT count(*), sum(n) FROM t;
EXECUTE rq(1, 10);
EXECUTE rq(5, 6);
DEALLOCATE rq;
-- Errors.
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t JOIN t t2 ON true) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT n FROM t UNION ALL SELECT 1) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT nope FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM nope, t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE 1 / (n - 3) <> 7) SELECT n FROM t ORDER BY n;
WITH RECURSIVE a(n) AS (SELECT 1 UNION ALL SELECT n FROM b), b(n) AS (SELECT 1 UNION ALL SELECT n FROM a) SELECT * FROM a;
-- In a transaction block, and after ROLLBACK.
BEGIN;
INSERT INTO e2e_cat VALUES (8, 6, 'noir');
WITH RECURSIVE sub AS (SELECT id, name FROM e2e_cat WHERE id = 4 UNION ALL SELECT c.id, c.name FROM e2e_cat c JOIN sub s ON c.parent_id = s.id) SELECT name FROM sub ORDER BY name;
ROLLBACK;
WITH RECURSIVE sub AS (SELECT id, name FROM e2e_cat WHERE id = 4 UNION ALL SELECT c.id, c.name FROM e2e_cat c JOIN sub s ON c.parent_id = s.id) SELECT name FROM sub ORDER BY name;
BEGIN;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT nope FROM t;
ROLLBACK;
SELECT count(*) FROM e2e_cat;
DROP TABLE e2e_edge;
DROP TABLE e2e_cat;
-- generate_series in FROM (and alone in a select list).
SELECT * FROM generate_series(1, 3);
SELECT generate_series(5, 1, -2);
SELECT generate_series(1, 3) AS n;
SELECT g FROM generate_series(1, 10, 3) g;
SELECT n FROM generate_series(-2, 2) AS g(n);
SELECT x FROM generate_series(10, 1, -4) AS x;
SELECT * FROM generate_series(3, 1);
SELECT * FROM generate_series(1, 3000000000, 1000000000);
SELECT g FROM generate_series(0.5, 2, 0.5) g;
SELECT g FROM generate_series(1, 2.5) g;
SELECT sum(n), count(*), min(n), max(n) FROM generate_series(1, 1234) AS s(n);
SELECT count(*) FROM generate_series(1, 100000);
SELECT g / 2, g.g / 2, (g + 1) / 2, g / 2.0 FROM generate_series(1, 5) g ORDER BY g;
SELECT n / 2 FROM generate_series(-3, 3) AS s(n) ORDER BY n;
SELECT x / 2 FROM generate_series(0.5, 3, 1) AS x ORDER BY 1;
SELECT a.n, b.n FROM generate_series(1, 2) a(n) CROSS JOIN generate_series(1, 2) b(n) ORDER BY a.n, b.n;
SELECT * FROM generate_series(1, 3, 0);
SELECT * FROM generate_series('2024-01-01'::date, '2024-01-03', interval '0 day');
SELECT d::date FROM generate_series('2024-01-01'::date, '2024-03-01', interval '1 month') d;
SELECT ts FROM generate_series('2024-01-01 00:00'::timestamp, '2024-01-02', interval '6 hours') AS ts;
SELECT d::date AS day FROM generate_series(DATE '2024-03-10', DATE '2024-03-01', interval '-3 days') AS d;
SELECT g::date FROM generate_series('2024-01-01'::timestamp, '2026-01-01', interval '1 year') g;
-- Gap filling: every day of a range, with the day's sales or 0.
CREATE TABLE e2e_sales (day date, amount numeric(8,2));
INSERT INTO e2e_sales VALUES ('2024-05-01', 10.50), ('2024-05-01', 4.50), ('2024-05-03', 7.25), ('2024-05-06', 1.00);
SELECT d::date AS day, sum(s.amount) AS total, count(s.day)
FROM generate_series('2024-05-01'::date, '2024-05-06'::date, interval '1 day') AS d
LEFT JOIN e2e_sales s ON s.day = d::date
GROUP BY d ORDER BY d;
SELECT g.n, count(s.day) FROM generate_series(1, 4) AS g(n) LEFT JOIN e2e_sales s ON extract(day FROM s.day) = g.n GROUP BY g.n ORDER BY g.n;
BEGIN;
INSERT INTO e2e_sales VALUES ('2024-05-02', 3.00);
SELECT d::date, count(s.day) FROM generate_series('2024-05-01'::timestamp, '2024-05-03', interval '1 day') d LEFT JOIN e2e_sales s ON s.day = d::date GROUP BY d ORDER BY d;
ROLLBACK;
SELECT d::date, count(s.day) FROM generate_series('2024-05-01'::timestamp, '2024-05-03', interval '1 day') d LEFT JOIN e2e_sales s ON s.day = d::date GROUP BY d ORDER BY d;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 4)
SELECT t.n, g FROM t JOIN generate_series(2, 3) g ON g = t.n ORDER BY 1;
DROP TABLE e2e_sales;
