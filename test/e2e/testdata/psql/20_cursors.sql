-- SQL cursors (DECLARE / FETCH / MOVE / CLOSE), as psql's FETCH_COUNT, psycopg2's named
-- cursors and Django's iterator() use them.
DROP TABLE IF EXISTS e2e_cur;
CREATE TABLE e2e_cur (id integer PRIMARY KEY, name varchar(20), amount numeric(10,2));
INSERT INTO e2e_cur VALUES (1, 'one', 1.50), (2, 'two', NULL), (3, 'three', 3.00), (4, 'four', -4.25),
  (5, 'five', 5), (6, 'six', 6.10), (7, 'seven', 7), (8, 'eight', 8.80), (9, 'nine', 9), (10, 'ten', 10);
BEGIN;
DECLARE c NO SCROLL CURSOR FOR SELECT id, name, amount FROM e2e_cur ORDER BY id;
FETCH FORWARD 2 FROM c;
FETCH c;
FETCH NEXT FROM c;
MOVE 2 IN c;
FETCH 2 FROM c;
-- another statement while the cursor is open: its rows are kept for the next FETCH
SELECT count(*) FROM e2e_cur WHERE amount IS NULL;
UPDATE e2e_cur SET name = 'TEN' WHERE id = 10;
FETCH ALL FROM c;
FETCH 1 FROM c;
MOVE ALL IN c;
CLOSE c;
FETCH 1 FROM c;
ROLLBACK;
-- a failed transaction refuses FETCH until ROLLBACK
BEGIN;
DECLARE d CURSOR FOR SELECT id FROM e2e_cur WHERE id > 7 ORDER BY id;
DECLARE d CURSOR FOR SELECT id FROM e2e_cur;
FETCH 1 FROM d;
ROLLBACK;
-- without a transaction block only WITH HOLD is allowed; it survives COMMIT, not ROLLBACK
DECLARE x CURSOR FOR SELECT id FROM e2e_cur;
DECLARE h CURSOR WITH HOLD FOR SELECT id, name FROM e2e_cur WHERE id <= 3 ORDER BY id;
FETCH 1 FROM h;
BEGIN;
DECLARE h2 CURSOR WITH HOLD FOR SELECT name FROM e2e_cur WHERE id BETWEEN 4 AND 6 ORDER BY id;
DECLARE n CURSOR FOR SELECT name FROM e2e_cur ORDER BY id;
FETCH 1 FROM h2;
COMMIT;
FETCH 1 FROM n;
FETCH ALL FROM h2;
BEGIN;
DECLARE r CURSOR WITH HOLD FOR SELECT id FROM e2e_cur;
ROLLBACK;
FETCH 1 FROM r;
FETCH ALL FROM h;
CLOSE ALL;
FETCH 1 FROM h;
-- psql fetches large results in pieces through a cursor with FETCH_COUNT
\set FETCH_COUNT 3
SELECT id, name, amount FROM e2e_cur ORDER BY id;
SELECT id FROM e2e_cur WHERE id > 100;
\unset FETCH_COUNT
DROP TABLE e2e_cur;
