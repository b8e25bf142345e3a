-- General CHECK constraints: pgwired keeps them (IRIS has none) and tests the rows each
-- INSERT, UPDATE and COPY writes; a violation is 23514 and the statement leaves nothing.
DROP TABLE IF EXISTS e2e_ck_orders;
CREATE TABLE e2e_ck_orders (
  id int PRIMARY KEY,
  status varchar(10) NOT NULL CHECK (status IN ('new', 'done')),
  code text CHECK (length(code) = 3),
  start_date date,
  end_date date,
  qty int,
  CONSTRAINT positive_qty CHECK (qty > 0),
  CHECK (end_date > start_date)
);
INSERT INTO e2e_ck_orders VALUES (1, 'new', 'abc', '2024-01-01', '2024-02-01', 5);
INSERT INTO e2e_ck_orders VALUES (2, 'done', NULL, NULL, NULL, NULL);
INSERT INTO e2e_ck_orders VALUES (3, 'old', 'abc', NULL, NULL, 1);
INSERT INTO e2e_ck_orders VALUES (4, 'new', 'abcd', NULL, NULL, 1);
INSERT INTO e2e_ck_orders VALUES (5, 'new', 'xyz', '2024-03-01', '2024-02-01', 1);
INSERT INTO e2e_ck_orders VALUES (6, 'new', 'xyz', NULL, NULL, 0);
-- several rows, one bad: nothing inserted
INSERT INTO e2e_ck_orders VALUES (7, 'new', 'aaa', NULL, NULL, 1), (8, 'new', 'bbb', NULL, NULL, -1), (9, 'done', 'ccc', NULL, NULL, 2);
INSERT INTO e2e_ck_orders (id, status, qty) VALUES (10, 'new', 3);
UPDATE e2e_ck_orders SET qty = qty - 5 WHERE id = 1;
UPDATE e2e_ck_orders SET status = 'gone' WHERE qty IS NULL;
UPDATE e2e_ck_orders SET end_date = start_date WHERE id = 1;
UPDATE e2e_ck_orders SET qty = qty + 1, code = 'zzz' WHERE id = 1;
-- INSERT … SELECT
INSERT INTO e2e_ck_orders SELECT id + 100, status, code, start_date, end_date, qty - 10 FROM e2e_ck_orders WHERE id = 1;
INSERT INTO e2e_ck_orders SELECT id + 100, status, code, start_date, end_date, qty FROM e2e_ck_orders WHERE id = 1;
-- ON CONFLICT
INSERT INTO e2e_ck_orders (id, status, code, qty) VALUES (1, 'new', 'abc', 7) ON CONFLICT (id) DO UPDATE SET qty = -7;
INSERT INTO e2e_ck_orders (id, status, code, qty) VALUES (1, 'new', 'abc', 7) ON CONFLICT (id) DO UPDATE SET qty = 8;
INSERT INTO e2e_ck_orders (id, status, code, qty) VALUES (11, 'bad', 'abc', 7) ON CONFLICT (id) DO NOTHING;
-- in a transaction: the error fails the transaction
BEGIN;
INSERT INTO e2e_ck_orders VALUES (12, 'new', 'abc', NULL, NULL, 1);
UPDATE e2e_ck_orders SET qty = 0 WHERE id = 12;
SELECT count(*) FROM e2e_ck_orders;
ROLLBACK;
SELECT * FROM e2e_ck_orders ORDER BY id;
-- COPY with a bad row: nothing copied
COPY e2e_ck_orders (id, status, qty) FROM STDIN;
20	new	1
21	wrong	1
22	done	2
\.
COPY e2e_ck_orders (id, status, qty) FROM STDIN;
20	new	1
22	done	2
\.
SELECT id, status, qty FROM e2e_ck_orders WHERE id >= 20 ORDER BY id;
-- ALTER TABLE ADD / DROP CONSTRAINT
ALTER TABLE e2e_ck_orders ADD CONSTRAINT small_qty CHECK (qty < 8);
ALTER TABLE e2e_ck_orders ADD CONSTRAINT small_qty CHECK (qty < 100);
ALTER TABLE e2e_ck_orders ADD CONSTRAINT small_qty2 CHECK (qty < 100);
INSERT INTO e2e_ck_orders (id, status, qty) VALUES (30, 'new', 100);
ALTER TABLE e2e_ck_orders ADD CHECK (id < 1000);
INSERT INTO e2e_ck_orders (id, status, qty) VALUES (1000, 'new', 1);
ALTER TABLE e2e_ck_orders DROP CONSTRAINT positive_qty;
INSERT INTO e2e_ck_orders (id, status, qty) VALUES (31, 'new', -1);
ALTER TABLE e2e_ck_orders DROP CONSTRAINT no_such_check;
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'e2e_ck_orders'::regclass ORDER BY conname;
DROP TABLE e2e_ck_orders;
-- default names and \d
DROP TABLE IF EXISTS e2e_ck_names;
CREATE TABLE e2e_ck_names (a int CHECK (a > 0), b int CHECK (b > a), c int, CHECK (c > 0), CHECK (c < 10), CHECK (a < 100 AND b < 100));
\d e2e_ck_names
SELECT constraint_name, check_clause FROM information_schema.check_constraints WHERE constraint_name LIKE 'e2e_ck_names%' AND constraint_name <> 'e2e_ck_names_check1' ORDER BY 1;
SELECT constraint_name, constraint_type FROM information_schema.table_constraints WHERE table_name = 'e2e_ck_names' AND constraint_name NOT LIKE '%not_null' ORDER BY 1;
INSERT INTO e2e_ck_names VALUES (1, 1, 1);
INSERT INTO e2e_ck_names VALUES (1, 2, 10);
INSERT INTO e2e_ck_names VALUES (1, 2, 3);
ALTER TABLE e2e_ck_names DROP CONSTRAINT e2e_ck_names_check;
INSERT INTO e2e_ck_names VALUES (1, 1, 1);
SELECT * FROM e2e_ck_names ORDER BY a, b, c;
-- dropping a column drops the CHECK constraints that name it
ALTER TABLE e2e_ck_names DROP COLUMN c;
INSERT INTO e2e_ck_names VALUES (5, 2);
INSERT INTO e2e_ck_names VALUES (0, 2);
SELECT conname FROM pg_constraint WHERE conrelid = 'e2e_ck_names'::regclass ORDER BY 1;
DROP TABLE e2e_ck_names;
-- a table created again under the same name has none of the old constraints
CREATE TABLE e2e_ck_names (a int);
INSERT INTO e2e_ck_names VALUES (-1);
SELECT * FROM e2e_ck_names;
DROP TABLE e2e_ck_names;
