-- SQLSTATEs a client sees for common mistakes.
DROP TABLE IF EXISTS e2e_err;
CREATE TABLE e2e_err (id integer PRIMARY KEY, name varchar(10) NOT NULL);
SELECT * FROM e2e_no_such_table;
SELECT no_such_column FROM e2e_err;
INSERT INTO e2e_err VALUES (1, 'a');
INSERT INTO e2e_err VALUES (1, 'b');
INSERT INTO e2e_err (id) VALUES (2);
INSERT INTO e2e_err VALUES (3, NULL);
SELEC 1;
SELECT 1/0;
SELECT id / (id - id) FROM e2e_err;
SELECT * FROM e2e_err ORDER BY id;
DROP TABLE e2e_err;
DROP TABLE e2e_err;
