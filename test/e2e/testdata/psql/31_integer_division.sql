-- Integer columns divide to an integer in PostgreSQL (truncating toward zero); IRIS's "/"
-- never truncates. pgwired asks the catalog for the columns' types and sends IRIS's "\".
DROP TABLE IF EXISTS e2e_div;
CREATE TABLE e2e_div (id integer PRIMARY KEY, a integer, b bigint, s smallint, n numeric(10,2), t text);
INSERT INTO e2e_div VALUES (1, 7, 2, 3, 7.5, 'x'), (2, -7, 2, -3, -7.5, 'y'), (3, 9, 4, 2, 1.25, 'z');
SELECT id, a / b, b / a, a / 2, 7 / b, s / 2, a / s FROM e2e_div ORDER BY id;
SELECT id, (a + 1) / b, (a * s) / (b + 1), -a / b, a % b / 1 FROM e2e_div ORDER BY id;
SELECT id, n * 2 / 5 > 0.4, a / n > 7 FROM e2e_div WHERE id = 3;
SELECT x.id, x.a / y.b, x.a / x.s FROM e2e_div x JOIN e2e_div y ON y.id = x.id ORDER BY 1;
SELECT e2e_div.id, e2e_div.a / e2e_div.b FROM e2e_div ORDER BY 1;
SELECT id FROM e2e_div WHERE a / b = 3 ORDER BY id;
SELECT id FROM e2e_div WHERE a / b = -3 ORDER BY id;
SELECT id, a / b FROM e2e_div WHERE id = 1 UNION ALL SELECT id, b / 3 FROM e2e_div WHERE id = 3 ORDER BY 1;
SELECT id, (SELECT count(*) FROM e2e_div d WHERE d.a / 2 > e2e_div.b / 2) FROM e2e_div ORDER BY id;
SELECT sum(a / b), sum(a) / count(*), max(b) / min(s), max(abs(a)) / 2 FROM e2e_div;
UPDATE e2e_div SET a = a / 2 WHERE id = 1;
UPDATE e2e_div SET s = b / s WHERE a / 2 < 0;
SELECT id, a, s FROM e2e_div ORDER BY id;
DELETE FROM e2e_div WHERE b / a = 0;
SELECT id FROM e2e_div ORDER BY id;
INSERT INTO e2e_div VALUES (4, 7, 2, 3, 1.5, 'w'), (5, -9, 4, 2, 0, 'v');
BEGIN;
DECLARE c CURSOR FOR SELECT id, a / b, b / s FROM e2e_div ORDER BY id;
FETCH 2 FROM c;
CLOSE c;
COMMIT;
SELECT a / 0 FROM e2e_div WHERE id = 1;
DROP TABLE e2e_div;
