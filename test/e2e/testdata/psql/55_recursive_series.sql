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
-- Empty results.
WITH RECURSIVE t(n) AS (SELECT 1 WHERE false UNION ALL SELECT n + 1 FROM t) SELECT * FROM t;
-- Errors.
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t JOIN t t2 ON true) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT n FROM t UNION ALL SELECT 1) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT nope FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM nope, t;
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
