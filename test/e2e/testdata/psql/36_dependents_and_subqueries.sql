-- Dropping a table or view that a view or a foreign key depends on fails (2BP01) as in
-- PostgreSQL; IRIS refuses it too (SQLCODE -321 for views) unless CASCADE is given,
-- which pgwired does not support. Nothing is dropped: the view still works.
DROP VIEW IF EXISTS e2e_dep_v2;
DROP VIEW IF EXISTS e2e_dep_v;
DROP TABLE IF EXISTS e2e_dep_child;
DROP TABLE IF EXISTS e2e_dep_parent;
CREATE TABLE e2e_dep_parent (id integer PRIMARY KEY, name varchar(20));
CREATE TABLE e2e_dep_child (id integer PRIMARY KEY, parent_id integer REFERENCES e2e_dep_parent (id));
INSERT INTO e2e_dep_parent VALUES (1, 'one'), (2, 'two');
INSERT INTO e2e_dep_child VALUES (10, 1);
CREATE VIEW e2e_dep_v AS SELECT id, name FROM e2e_dep_parent;
CREATE VIEW e2e_dep_v2 AS SELECT id FROM e2e_dep_v WHERE id > 1;
DROP TABLE e2e_dep_parent;
DROP TABLE e2e_dep_child;
DROP TABLE e2e_dep_parent;
DROP VIEW e2e_dep_v;
SELECT * FROM e2e_dep_v2;
BEGIN;
DROP VIEW e2e_dep_v;
SELECT 1;
ROLLBACK;
DROP VIEW e2e_dep_v2;
DROP VIEW e2e_dep_v;
SELECT id, name FROM e2e_dep_parent ORDER BY id;
DROP TABLE e2e_dep_parent;
-- A subquery used as a value that returns more than one row fails (21000) instead of
-- giving its first row; zero rows are NULL, and IN, EXISTS, ANY and derived tables take
-- any number.
DROP TABLE IF EXISTS e2e_scalar;
CREATE TABLE e2e_scalar (id integer PRIMARY KEY, g integer, v varchar(10));
INSERT INTO e2e_scalar VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c');
SELECT (SELECT v FROM e2e_scalar WHERE g = 2) AS one, (SELECT v FROM e2e_scalar WHERE g = 9) AS none;
SELECT (SELECT v FROM e2e_scalar WHERE g = 1);
SELECT id, (SELECT max(v) FROM e2e_scalar z WHERE z.g = e2e_scalar.g) AS top FROM e2e_scalar ORDER BY id;
SELECT id, (SELECT v FROM e2e_scalar z WHERE z.g = e2e_scalar.g AND z.id <> e2e_scalar.id) AS other FROM e2e_scalar ORDER BY id;
SELECT id, (SELECT v FROM e2e_scalar z WHERE z.g = e2e_scalar.g) AS same FROM e2e_scalar ORDER BY id;
SELECT id FROM e2e_scalar WHERE g = (SELECT g FROM e2e_scalar WHERE v = 'c');
SELECT id FROM e2e_scalar WHERE g = (SELECT g FROM e2e_scalar WHERE v <> 'c');
SELECT id FROM e2e_scalar WHERE id IN (SELECT id FROM e2e_scalar WHERE g = 1) ORDER BY id;
SELECT id FROM e2e_scalar WHERE EXISTS (SELECT 1 FROM e2e_scalar z WHERE z.g = e2e_scalar.g AND z.id <> e2e_scalar.id) ORDER BY id;
SELECT id FROM e2e_scalar WHERE g = ANY (SELECT g FROM e2e_scalar WHERE v = 'a') ORDER BY id;
SELECT count(*) FROM (SELECT g FROM e2e_scalar) d;
SELECT (SELECT v FROM e2e_scalar ORDER BY id LIMIT 1) AS first, coalesce((SELECT v FROM e2e_scalar WHERE id = 3), 'none') AS c;
UPDATE e2e_scalar SET v = (SELECT v FROM e2e_scalar WHERE g = 1) WHERE id = 3;
UPDATE e2e_scalar SET v = (SELECT v FROM e2e_scalar WHERE id = 1) WHERE id = 3;
SELECT id, g, v FROM e2e_scalar ORDER BY id;
DROP TABLE e2e_scalar;
