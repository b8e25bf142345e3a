-- SQL-level PREPARE / EXECUTE / DEALLOCATE, as tutorials, scripts and some tools use them.
DROP TABLE IF EXISTS e2e_prep;
CREATE TABLE e2e_prep (id serial PRIMARY KEY, name varchar(50) NOT NULL, qty int DEFAULT 0, price numeric(10,2));
INSERT INTO e2e_prep (name, qty, price) VALUES ('apple', 10, 1.5), ('pear', 0, 2.25), ('kiwi', 5, NULL);
PREPARE by_qty (int) AS SELECT name, price FROM e2e_prep WHERE qty > $1 ORDER BY name;
EXECUTE by_qty(3);
EXECUTE by_qty (-1);
-- the wrong number of arguments, an unknown name, a name taken
EXECUTE by_qty;
EXECUTE by_qty(1, 2);
EXECUTE nosuch(1);
PREPARE by_qty AS SELECT 1;
-- DML: the command tag is the statement's
PREPARE ins (text, int) AS INSERT INTO e2e_prep (name, qty) VALUES ($1, $2);
EXECUTE ins('fig', 7);
EXECUTE ins('date', NULL);
PREPARE upd AS UPDATE e2e_prep SET qty = qty + $1 WHERE name LIKE $2;
EXECUTE upd(1, 'p%');
PREPARE del AS DELETE FROM e2e_prep WHERE qty = $1;
EXECUTE del(8);
SELECT name, qty FROM e2e_prep ORDER BY id;
-- parameter types from casts and from context; constants with casts
PREPARE calc AS SELECT $1::int + 1 AS n, $2 AS t;
EXECUTE calc(41, 'x');
EXECUTE calc('41'::int, 'y');
PREPARE next_day (date) AS SELECT $1 + interval '1 day' AS d;
EXECUTE next_day('2024-01-31');
PREPARE negate (bool) AS SELECT NOT $1 AS b;
EXECUTE negate(true);
EXECUTE negate('f');
-- an undefined table fails at PREPARE, as in PostgreSQL
PREPARE bad AS SELECT * FROM e2e_prep_missing;
EXECUTE bad;
-- RETURNING
PREPARE ret AS INSERT INTO e2e_prep (name) VALUES ($1) RETURNING name, qty;
EXECUTE ret('plum');
-- DEALLOCATE
PREPARE cnt AS SELECT count(*) FROM e2e_prep;
EXECUTE cnt;
DEALLOCATE cnt;
EXECUTE cnt;
DEALLOCATE PREPARE by_qty;
EXECUTE by_qty(3);
-- prepared statements outlive a transaction that rolls back, and a failed block refuses EXECUTE
BEGIN;
PREPARE in_tx AS SELECT 1 AS one;
EXECUTE in_tx;
SELECT 1 / 0;
EXECUTE in_tx;
ROLLBACK;
EXECUTE in_tx;
DEALLOCATE ALL;
EXECUTE ins('x', 1);
-- DISCARD ALL drops them too
PREPARE again AS SELECT 2 AS two;
DISCARD ALL;
EXECUTE again;
DROP TABLE e2e_prep;
