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
