-- Several statements in one Query message (psql's \;) are one implicit transaction: a failure
-- undoes the statements before it, BEGIN inside opens a transaction block, COMMIT and ROLLBACK
-- inside end the implicit transaction with a warning and the statements after them go on.
CREATE TABLE it (id int PRIMARY KEY, note text);
INSERT INTO it VALUES (1, 'a') \; INSERT INTO it VALUES (2, 'b') \; INSERT INTO it VALUES (1, 'dup');
SELECT * FROM it ORDER BY id;
INSERT INTO it VALUES (3, 'c') \; ROLLBACK \; INSERT INTO it VALUES (4, 'd');
SELECT * FROM it ORDER BY id;
INSERT INTO it VALUES (5, 'e') \; COMMIT \; INSERT INTO it VALUES (5, 'dup');
SELECT * FROM it ORDER BY id;
BEGIN \; INSERT INTO it VALUES (6, 'f') \; COMMIT \; INSERT INTO it VALUES (7, 'g');
SELECT * FROM it ORDER BY id;
INSERT INTO it VALUES (8, 'h') \; SAVEPOINT a \; INSERT INTO it VALUES (9, 'i');
SELECT * FROM it ORDER BY id;
BEGIN ISOLATION LEVEL READ COMMITTED \; INSERT INTO it VALUES (12, 'l') \; COMMIT;
BEGIN \; INSERT INTO it VALUES (10, 'j');
SELECT count(*) FROM it;
ROLLBACK;
INSERT INTO it VALUES (11, 'k') \; SELECT 1/0;
UPDATE it SET note = 'x' WHERE id = 2 \; SELECT note FROM it WHERE id = 2 \; DELETE FROM it WHERE id = 4;
SELECT * FROM it ORDER BY id;
DROP TABLE it;
