-- Views with computed columns (sum, count, upper) read as typed columns, also through a
-- join of a view; CREATE OR REPLACE VIEW, DROP VIEW of several views.
CREATE TABLE v_t (id serial PRIMARY KEY, name text, grp int, amt numeric(8,2));
INSERT INTO v_t (name, grp, amt) VALUES ('D', NULL, 5), ('a', 1, 10), ('b', 1, 20.5), ('c', 2, NULL);
CREATE VIEW v_sum AS SELECT grp, count(*) AS n, sum(amt) AS total, max(amt) AS top FROM v_t GROUP BY grp;
SELECT * FROM v_sum ORDER BY grp NULLS FIRST;
SELECT grp, total FROM v_sum WHERE total > 6 ORDER BY total DESC;
SELECT sum(total) AS all_total, max(n) AS most FROM v_sum;
CREATE VIEW v_names AS SELECT id, upper(name) AS uname FROM v_t WHERE grp IS NOT NULL;
SELECT * FROM v_names ORDER BY id;
CREATE OR REPLACE VIEW v_names AS SELECT id, lower(name) AS uname, amt * 2 AS dbl FROM v_t;
SELECT * FROM v_names ORDER BY id;
CREATE VIEW v_names AS SELECT 1 AS x;
CREATE VIEW v_join AS SELECT a.name, s.total FROM v_t a JOIN v_sum s ON s.grp = a.grp;
SELECT * FROM v_join ORDER BY name;
CREATE VIEW v_ids AS SELECT id, name FROM v_t;
\d v_ids
DROP VIEW v_ids;
DROP VIEW v_join, v_names;
DROP VIEW v_missing;
DROP VIEW IF EXISTS v_missing;
DROP VIEW v_sum;
DROP TABLE v_t;
