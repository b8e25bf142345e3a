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
-- A string longer than its column: IRIS says "field validation failed" (-104/-105) for any
-- invalid value; PostgreSQL's 22001 comes from the column's declared length.
CREATE TABLE too_long (id int PRIMARY KEY, code varchar(5), flag char(2), n int);
INSERT INTO too_long VALUES (1, 'abcdef', 'x', 1);
INSERT INTO too_long VALUES (2, 'abc', 'xyz', 2);
INSERT INTO too_long VALUES (3, 'abcde', 'xy', 3);
UPDATE too_long SET code = 'abcdefghij' WHERE id = 3;
UPDATE too_long SET code = 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' WHERE id = 3;
INSERT INTO too_long VALUES (4, 'ok', 'ok', 4);
SELECT * FROM too_long ORDER BY id;
DROP TABLE too_long;
