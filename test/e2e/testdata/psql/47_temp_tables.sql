-- Temporary tables: CREATE TEMP TABLE (and … AS), used like any table, hiding a table
-- of the same name; DROP, DISCARD TEMP. Two sessions: see temp_tables_test.go.
DROP TABLE IF EXISTS e2e_temp_perm;
CREATE TABLE e2e_temp_perm (id int PRIMARY KEY, v text);
INSERT INTO e2e_temp_perm VALUES (1, 'perm');
CREATE TEMP TABLE e2e_temp_t (id int PRIMARY KEY, v text, ok boolean, d date);
INSERT INTO e2e_temp_t VALUES (1, 'a', 't', '2024-01-01'), (2, 'b', 'f', NULL);
SELECT * FROM e2e_temp_t ORDER BY id;
SELECT e2e_temp_t.v, d + 1 FROM e2e_temp_t WHERE ok = 'yes';
UPDATE e2e_temp_t SET v = 'z' WHERE id = 2;
DELETE FROM e2e_temp_t WHERE id = 1;
SELECT count(*) FROM e2e_temp_t;
CREATE TEMPORARY TABLE e2e_temp_perm (x int);
INSERT INTO e2e_temp_perm VALUES (42);
SELECT * FROM e2e_temp_perm;
SELECT * FROM public.e2e_temp_perm;
SELECT * FROM pg_temp.e2e_temp_perm;
CREATE INDEX ON e2e_temp_t (v);
CREATE TEMP TABLE e2e_temp_c AS SELECT id, v FROM e2e_temp_t;
SELECT * FROM e2e_temp_c;
CREATE TEMPORARY TABLE IF NOT EXISTS e2e_temp_t (a int);
\copy e2e_temp_t (id, v) from stdin
7	seven
\.
SELECT id, v FROM e2e_temp_t ORDER BY id;
TRUNCATE e2e_temp_t;
SELECT count(*) FROM e2e_temp_t;
DROP TABLE e2e_temp_t;
SELECT * FROM e2e_temp_t;
DROP TABLE e2e_temp_perm;
SELECT * FROM e2e_temp_perm;
CREATE TEMP TABLE e2e_temp_perm (y int);
DISCARD TEMP;
SELECT * FROM e2e_temp_perm;
CREATE TEMP TABLE public.e2e_temp_bad (a int);
DROP TABLE e2e_temp_perm;
