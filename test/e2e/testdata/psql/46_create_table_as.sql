-- CREATE TABLE … AS and SELECT … INTO: the new table has the query's column names and
-- types, as PostgreSQL gives them (psql's \d shows them), and its rows.
DROP TABLE IF EXISTS e2e_ctas_src;
CREATE TABLE e2e_ctas_src (id int PRIMARY KEY, name varchar(20), price numeric(8,2), qty int, ok boolean, d date, note text);
INSERT INTO e2e_ctas_src VALUES (1, 'a', 1.50, 3, true, '2024-01-01', 'x'), (2, 'b', 2.25, 0, false, NULL, NULL),
  (3, 'c', NULL, 7, NULL, '2024-02-02', 'long');
CREATE TABLE e2e_ctas1 AS SELECT * FROM e2e_ctas_src WHERE qty > 0;
SELECT * FROM e2e_ctas1 ORDER BY id;
\d e2e_ctas1
-- names given with the table; expressions and window functions
CREATE TABLE e2e_ctas2 (k, v) AS SELECT id, name FROM e2e_ctas_src;
SELECT * FROM e2e_ctas2 ORDER BY k;
CREATE TABLE e2e_ctas3 AS SELECT name, qty * 2 AS twice, count(*) OVER () AS n, upper(name) FROM e2e_ctas_src;
SELECT * FROM e2e_ctas3 ORDER BY name;
\d e2e_ctas3
SELECT id, name INTO e2e_ctas4 FROM e2e_ctas_src WHERE id = 2;
SELECT * FROM e2e_ctas4;
CREATE TABLE e2e_ctas5 AS SELECT * FROM e2e_ctas_src WITH NO DATA;
SELECT count(*) FROM e2e_ctas5;
CREATE TABLE IF NOT EXISTS e2e_ctas5 AS SELECT 1 AS x;
CREATE TABLE e2e_ctas9 AS SELECT id FROM e2e_ctas_src ORDER BY id LIMIT 1 OFFSET 1;
SELECT * FROM e2e_ctas9;
-- errors: the table exists, a name twice, too many names, a failing query (no table left)
CREATE TABLE e2e_ctas1 AS SELECT 1;
CREATE TABLE e2e_ctas6 AS SELECT id, id FROM e2e_ctas_src;
CREATE TABLE e2e_ctas7 (a, b, c) AS SELECT id, name FROM e2e_ctas_src;
CREATE TABLE e2e_ctas8 AS SELECT id / 0 AS boom FROM e2e_ctas_src;
SELECT * FROM e2e_ctas8;
DROP TABLE e2e_ctas1, e2e_ctas2, e2e_ctas3, e2e_ctas4, e2e_ctas5, e2e_ctas9;
DROP TABLE e2e_ctas_src;
