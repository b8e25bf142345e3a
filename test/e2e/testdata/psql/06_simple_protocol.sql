-- Several statements in one Query message (psql's \; joins them), and an empty query.
DROP TABLE IF EXISTS e2e_multi;
CREATE TABLE e2e_multi (id integer PRIMARY KEY);
INSERT INTO e2e_multi VALUES (1) \; INSERT INTO e2e_multi VALUES (2) \; SELECT count(*) FROM e2e_multi;
INSERT INTO e2e_multi VALUES (3) \; INSERT INTO e2e_multi VALUES (1) \; INSERT INTO e2e_multi VALUES (4);
SELECT * FROM e2e_multi ORDER BY id;
;
SELECT 1 AS one \; SELECT 2 AS two;
BEGIN \; INSERT INTO e2e_multi VALUES (10) \; COMMIT;
SELECT * FROM e2e_multi ORDER BY id;
DROP TABLE e2e_multi;
