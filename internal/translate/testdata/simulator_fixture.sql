-- Fixture schema and rows for simulator_test.go, in PostgreSQL: the test
-- translates this file and runs the IRIS SQL, so the DDL, multi-row INSERT and
-- boolean paths of the translator build the database the cases run against.
-- Tables and columns are the ones testdata/cases.txt references.

-- t is the table most cases use: one column per name they reference.
CREATE TABLE t (
  id bigserial PRIMARY KEY,
  a int, b int, c int, x int, n int, value int, "level" int, version int,
  d timestamp, created timestamp,
  name text, v text, label text, key text, code varchar(20),
  active boolean, flag boolean, deleted boolean
);
CREATE TABLE u (id int PRIMARY KEY, tid int, a int, b int, c int, x int, y int, flag boolean, name text);
CREATE TABLE v (tid int, x int, c int);
CREATE TABLE w (y int);
CREATE TABLE a (id int PRIMARY KEY, a_id int, c_id int, x int, y int);
CREATE TABLE b (id int PRIMARY KEY, a_id int, x int, y int);
CREATE TABLE c (id int PRIMARY KEY, y int);
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE q (id int PRIMARY KEY);
CREATE TABLE items (id bigserial PRIMARY KEY, name text, embedding vector(3));
CREATE TABLE users (id serial PRIMARY KEY, name text, "user" text, key text, email varchar(255));
CREATE TABLE "from" ("select" int);
CREATE SCHEMA other;
CREATE TABLE other.t (id int, a int, c int);
CREATE TABLE pgbench_branches (bid int NOT NULL, bbalance int, filler char(88));
CREATE TABLE pgbench_tellers (tid int NOT NULL, bid int, tbalance int, filler char(84));
CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84));
CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));

-- Rows for the executed cases (simulator_results_test.go): names differing only
-- in case, NULLs in a and active, booleans in every state.
INSERT INTO t (a, b, name, v, code, active, deleted, d) VALUES
  (1, 10, 'Alice', 'a', 'A1', true, false, '2024-01-15 10:30:00'),
  (2, 20, 'alice', 'b', 'a1', false, false, '2024-02-01 00:00:00'),
  (3, NULL, 'Bob', 'c', 'B2', NULL, true, '2024-03-10 08:00:00'),
  (NULL, 40, 'carol', 'd', 'C3', true, NULL, NULL);
INSERT INTO u (id, tid, x, y, name) VALUES (1, 1, 5, 1, 'one'), (2, 3, 7, 2, 'two');
INSERT INTO w (y) VALUES (2), (4);
INSERT INTO items (name, embedding) VALUES
  ('x-axis', '[1,0,0]'::vector),
  ('y-axis', '[0,1,0]'::vector),
  ('diagonal', '[1,1,0]'::vector);
INSERT INTO pgbench_accounts (aid, bid, abalance) VALUES (1, 1, 100), (2, 1, 200);
