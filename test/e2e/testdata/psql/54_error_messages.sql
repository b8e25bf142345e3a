-- verbosity: default
-- Errors as psql shows them by default: message, DETAIL, LINE and caret, for the
-- mistakes people make most.
CREATE TABLE e2e_em (id int PRIMARY KEY, email text UNIQUE NOT NULL, n numeric(5,2), v varchar(3), d date);
CREATE TABLE e2e_em_ref (id int PRIMARY KEY, em_id int REFERENCES e2e_em (id));
INSERT INTO e2e_em VALUES (1, 'a@x', 1.5, 'abc', '2024-01-01');
INSERT INTO e2e_em VALUES (2, 'a@x', 1, 'x', NULL);
INSERT INTO e2e_em (id, email) VALUES (1, 'b@x');
INSERT INTO e2e_em_ref VALUES (1, 99);
INSERT INTO e2e_em_ref VALUES (1, 1);
DELETE FROM e2e_em WHERE id = 1;
UPDATE e2e_em SET email = 'a@x' WHERE id = 1;
INSERT INTO e2e_em VALUES (3, 'c@x', 1234.5, 'x', NULL);
INSERT INTO e2e_em VALUES (3, 'c@x', 1, 'abcd', NULL);
INSERT INTO e2e_em (id, nope) VALUES (4, 1);
INSERT INTO e2e_em VALUES (5, 'e@x', 1, 'x', NULL, 9);
UPDATE e2e_em SET id = 'z';
INSERT INTO e2e_em (id, email, d) VALUES (6, 'f@x', 'someday');
SELECT nope FROM e2e_em;
SELECT * FROM nope;
SELECT count(*), email FROM e2e_em;
SELECT sum(id) FROM e2e_em HAVING id > 0;
DROP TABLE nope;
ALTER TABLE e2e_em DROP COLUMN nope;
CREATE INDEX ON e2e_em (nope);
SELECT * FROM e2e_em LIMIT -1;
SELECT 1/0;
BEGIN;
INSERT INTO e2e_em VALUES (7, 'a@x', 1, 'x', NULL);
SELECT 1;
ROLLBACK;
DROP TABLE e2e_em_ref;
DROP TABLE e2e_em;
