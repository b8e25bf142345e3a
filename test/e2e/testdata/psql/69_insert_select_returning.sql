-- verbosity: default
-- INSERT … SELECT … RETURNING (one INSERT and one read per row of the query),
-- UPDATE … FROM … RETURNING and DELETE … USING … RETURNING. Serial ids are shown only
-- before a statement fails: IRIS keeps the counter a failed INSERT took, the simulator
-- rolls it back.
\set ON_ERROR_STOP off
\pset null '<null>'
CREATE TABLE e2e_isr_src (k int, name text, amount numeric(10,2), day date, at timestamp, flag boolean, note varchar(20));
INSERT INTO e2e_isr_src VALUES
  (3, 'carol', 3.50, '2024-03-01', '2024-03-01 10:00:00.5', true, ''),
  (1, 'alice', 1.25, '2024-01-31', '2024-01-31 23:59:59', false, NULL),
  (2, 'bob', NULL, NULL, NULL, NULL, 'x'),
  (4, 'dave', -7.00, '2023-12-31', '2023-12-31 00:00:00.123456', true, 'long note');
CREATE TABLE e2e_isr_dst (id serial PRIMARY KEY, k int UNIQUE, name text NOT NULL DEFAULT 'nobody', amount numeric(10,2), day date, at timestamp, flag boolean, note varchar(20) DEFAULT 'dflt', made date DEFAULT '2000-01-01');

-- RETURNING *: serial ids in the query's order, NULLs, '' and the defaults of columns left out.
INSERT INTO e2e_isr_dst (k, name, amount, day, at, flag, note) SELECT k, name, amount, day, at, flag, note FROM e2e_isr_src WHERE k <= 3 ORDER BY k RETURNING *;
SELECT k, note IS NULL AS null_note, note = '' AS empty_note FROM e2e_isr_dst ORDER BY k;
-- Expressions over the new rows, another order, a parameterless filter.
INSERT INTO e2e_isr_dst (k, name) SELECT k + 10, upper(name) FROM e2e_isr_src ORDER BY k DESC RETURNING id, k, name || '!' AS shout, note, made, id * 100 + k AS code;
-- No row: the result is still described.
INSERT INTO e2e_isr_dst (k) SELECT k FROM e2e_isr_src WHERE k > 100 RETURNING *;
INSERT INTO e2e_isr_dst (k) SELECT k FROM e2e_isr_src WHERE k > 100 RETURNING id, k;
-- Without a column list: the first columns of the table (an explicit serial value).
INSERT INTO e2e_isr_dst SELECT 50, 50, 'fifty' RETURNING *;
-- A * in the query, a join, an aggregate.
INSERT INTO e2e_isr_dst (k, name) SELECT * FROM (SELECT 60 AS k, 'sixty' AS name) s RETURNING id, k, name;
INSERT INTO e2e_isr_dst (k, name, amount) SELECT max(s.k) + 60, min(d.name), sum(s.amount) FROM e2e_isr_src s JOIN e2e_isr_dst d ON d.k = s.k RETURNING k, name, amount;
-- The query reads the table it fills: it sees the rows from before the statement only.
INSERT INTO e2e_isr_dst (k, name) SELECT k + 100, name FROM e2e_isr_dst WHERE k < 20 ORDER BY k RETURNING k, name;
SELECT count(*) FROM e2e_isr_dst;
-- INSERT … SELECT without RETURNING is one IRIS statement, as before.
INSERT INTO e2e_isr_dst (k, name) SELECT k + 200, name FROM e2e_isr_src;
SELECT k, name, note FROM e2e_isr_dst WHERE k > 200 ORDER BY k;

-- Inside a transaction block, committed.
BEGIN;
INSERT INTO e2e_isr_dst (k, name, day) SELECT k + 300, name, day FROM e2e_isr_src ORDER BY k RETURNING k, name, day;
SELECT count(*) FROM e2e_isr_dst WHERE k > 300;
COMMIT;
SELECT count(*) FROM e2e_isr_dst WHERE k > 300;

-- Failures part-way: nothing of the failed statement stays.
CREATE TABLE e2e_isr_fail (k int PRIMARY KEY, v int CHECK (v > 0), name text NOT NULL);
INSERT INTO e2e_isr_fail (k, v, name) VALUES (1, 1, 'kept');
-- The 3rd row repeats k: nothing of the statement stays.
INSERT INTO e2e_isr_fail (k, v, name) SELECT k, 1, name FROM (SELECT k + 10 AS k, name FROM e2e_isr_src UNION ALL SELECT 12, 'dup') s ORDER BY k, name RETURNING k, name;
SELECT k, v, name FROM e2e_isr_fail ORDER BY k;
-- A CHECK fails on the 3rd row.
INSERT INTO e2e_isr_fail (k, v, name) SELECT k + 20, 3 - k, name FROM e2e_isr_src ORDER BY k RETURNING k, v;
SELECT k, v, name FROM e2e_isr_fail ORDER BY k;
-- NOT NULL (a NULL from the query is not a default).
INSERT INTO e2e_isr_fail (k, v, name) SELECT k + 400, 1, CASE WHEN k = 3 THEN NULL ELSE name END FROM e2e_isr_src ORDER BY k RETURNING k;
SELECT count(*) FROM e2e_isr_fail WHERE k > 400;
-- Inside a block: the block fails, and ROLLBACK leaves the table as it was.
BEGIN;
INSERT INTO e2e_isr_fail (k, v, name) SELECT k + 30, 1, name FROM e2e_isr_src WHERE k < 3 ORDER BY k RETURNING k, name;
INSERT INTO e2e_isr_fail (k, v, name) SELECT k + 40, 1, name FROM (SELECT k, name FROM e2e_isr_src UNION ALL SELECT 2, 'again') s ORDER BY k, name RETURNING k, name;
SELECT count(*) FROM e2e_isr_fail;
ROLLBACK;
SELECT k, v, name FROM e2e_isr_fail ORDER BY k;
-- With a savepoint: only the failed statement is undone.
BEGIN;
INSERT INTO e2e_isr_fail (k, v, name) SELECT k + 50, 1, name FROM e2e_isr_src WHERE k < 3 ORDER BY k RETURNING k, name;
SAVEPOINT s1;
INSERT INTO e2e_isr_fail (k, v, name) SELECT k + 60, 1, name FROM (SELECT k, name FROM e2e_isr_src UNION ALL SELECT 2, 'again') s ORDER BY k, name RETURNING k, name;
ROLLBACK TO SAVEPOINT s1;
INSERT INTO e2e_isr_fail (k, v, name) SELECT k + 70, 1, name FROM e2e_isr_src WHERE k = 4 RETURNING k, name;
COMMIT;
SELECT k, v, name FROM e2e_isr_fail ORDER BY k;
-- More or fewer values than columns.
INSERT INTO e2e_isr_fail (k, v) SELECT k FROM e2e_isr_src RETURNING k;
INSERT INTO e2e_isr_fail (k) SELECT k, name FROM e2e_isr_src RETURNING k;
INSERT INTO e2e_isr_fail SELECT 1, 2, 'three', 4 RETURNING k;
SELECT count(*) FROM e2e_isr_fail;

-- UPDATE … FROM … RETURNING: the target's new values, one row per updated row (rows
-- read back in the table's order, which is PostgreSQL's here too).
CREATE TABLE e2e_isr_items (k int, amount numeric(10,2), note text);
INSERT INTO e2e_isr_items SELECT k, amount, note FROM e2e_isr_src ORDER BY k;
CREATE TABLE e2e_isr_prices (k int, factor int, label text);
INSERT INTO e2e_isr_prices VALUES (1, 2, 'double'), (3, 10, 'tenfold');
UPDATE e2e_isr_items SET amount = amount * p.factor FROM e2e_isr_prices p WHERE p.k = e2e_isr_items.k RETURNING e2e_isr_items.k, amount, note;
UPDATE e2e_isr_items AS i SET note = p.label FROM e2e_isr_prices p WHERE p.k = i.k AND p.factor > 5 RETURNING i.*;
UPDATE e2e_isr_items AS i SET amount = i.amount + p.factor FROM e2e_isr_prices p WHERE p.k = i.k RETURNING i.k, i.amount * 2 AS twice, upper(note) AS note;
UPDATE e2e_isr_items AS i SET note = 'none' FROM e2e_isr_prices p WHERE p.k = i.k AND p.factor > 50 RETURNING i.k;
-- k is in both tables: ambiguous, as in PostgreSQL.
UPDATE e2e_isr_items SET note = 'x' FROM e2e_isr_prices p WHERE p.k = e2e_isr_items.k RETURNING k;
SELECT k, amount, note FROM e2e_isr_items ORDER BY k;
-- DELETE … USING … RETURNING: the same rules (the old values).
DELETE FROM e2e_isr_items USING e2e_isr_prices p WHERE p.k = e2e_isr_items.k RETURNING k;
DELETE FROM e2e_isr_items AS i USING e2e_isr_prices p WHERE p.k = i.k AND p.factor > 5 RETURNING i.*, note || '.' AS gone;
SELECT k, amount, note FROM e2e_isr_items ORDER BY k;
DROP TABLE e2e_isr_prices;
DROP TABLE e2e_isr_items;
DROP TABLE e2e_isr_fail;
DROP TABLE e2e_isr_dst;
DROP TABLE e2e_isr_src;
