-- verbosity: default
-- ALTER TABLE … RENAME TO (IRIS: ALTER TABLE t RENAME u): rows, keys, indexes, a serial
-- column, CHECK constraints and foreign keys both ways follow the table; its constraints,
-- indexes and sequence keep their names, as in PostgreSQL.
CREATE TABLE rt_item (id serial PRIMARY KEY, code varchar(10) UNIQUE NOT NULL, qty integer CHECK (qty > 0), price numeric(8,2), note text);
CREATE INDEX rt_item_note_idx ON rt_item (note);
CREATE TABLE rt_cat (id integer PRIMARY KEY, name text);
INSERT INTO rt_cat VALUES (1, 'tools'), (2, 'toys');
ALTER TABLE rt_item ADD COLUMN cat_id integer REFERENCES rt_cat (id);
CREATE TABLE rt_line (id integer PRIMARY KEY, item_id integer REFERENCES rt_item (id) ON DELETE CASCADE, n integer);
INSERT INTO rt_item (code, qty, price, note, cat_id) VALUES ('a', 1, 2.50, 'x', 1), ('b', 2, 3.00, NULL, 2);
INSERT INTO rt_line VALUES (10, 1, 5), (11, 2, 6);
ALTER TABLE rt_item RENAME TO rt_product;
SELECT * FROM rt_product ORDER BY id;
SELECT * FROM rt_item;
INSERT INTO rt_product (code, qty, price, cat_id) VALUES ('c', 3, 1.25, 1) RETURNING id, code;
INSERT INTO rt_product (id, code, qty) VALUES (50, 'a', 1);
INSERT INTO rt_product (id, code, qty) VALUES (51, 'd', 0);
INSERT INTO rt_product (id, code, qty, cat_id) VALUES (52, 'e', 1, 9);
INSERT INTO rt_line VALUES (12, 99, 1);
UPDATE rt_product SET qty = -1 WHERE code = 'b';
UPDATE rt_product SET qty = qty + 10 WHERE code = 'b';
DELETE FROM rt_product WHERE code = 'a';
SELECT l.id, p.code, p.qty FROM rt_line l JOIN rt_product p ON p.id = l.item_id ORDER BY l.id;
\d rt_product
\d rt_line
SELECT conname, pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conrelid = 'rt_product'::regclass ORDER BY conname;
SELECT pg_get_serial_sequence('rt_product', 'id');
-- Errors: a name in use (a table, itself), a missing table, a view.
ALTER TABLE rt_product RENAME TO rt_cat;
ALTER TABLE rt_product RENAME TO rt_product;
ALTER TABLE rt_nosuch RENAME TO rt_other;
ALTER TABLE public.rt_nosuch RENAME TO rt_other;
ALTER TABLE IF EXISTS rt_nosuch RENAME TO rt_other;
ALTER TABLE IF EXISTS rt_cat RENAME TO rt_category;
SELECT * FROM rt_category ORDER BY id;
\d rt_product
-- Renamed twice, then back: the names stay those it was created with.
ALTER TABLE rt_product RENAME TO rt_goods;
ALTER TABLE rt_goods RENAME TO rt_item;
\d rt_item
ALTER TABLE rt_item RENAME TO rt_goods;
-- RENAME COLUMN of a column a CHECK constraint names: the constraint follows.
ALTER TABLE rt_goods RENAME COLUMN qty TO quantity;
\d rt_goods
INSERT INTO rt_goods (id, code, quantity) VALUES (60, 'f', 0);
INSERT INTO rt_goods (code, quantity) VALUES ('f', 4);
UPDATE rt_goods SET quantity = 0 WHERE code = 'f';
SELECT code, quantity FROM rt_goods ORDER BY id;
CREATE TABLE rt_ck (lo integer, hi integer, label text, CONSTRAINT rt_ck_range CHECK (lo < hi AND hi < 100), CHECK (length(label) > 0), CHECK (lo >= 1 AND lo <= 3));
ALTER TABLE rt_ck RENAME lo TO "low end";
ALTER TABLE IF EXISTS rt_ck RENAME COLUMN label TO tag;
ALTER TABLE IF EXISTS rt_nosuch RENAME COLUMN a TO b;
ALTER TABLE rt_nosuch RENAME COLUMN a TO b;
\d rt_ck
INSERT INTO rt_ck VALUES (1, 5, 'x');
INSERT INTO rt_ck VALUES (2, 1, 'x');
INSERT INTO rt_ck VALUES (4, 5, 'x');
INSERT INTO rt_ck ("low end", hi, tag) VALUES (1, 2, '');
SELECT * FROM rt_ck;
SELECT conname, pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conrelid = 'rt_ck'::regclass ORDER BY conname;
ALTER TABLE rt_ck RENAME TO rt_ck2;
INSERT INTO rt_ck2 VALUES (3, 2, 'y');
DROP TABLE rt_ck2;
DROP TABLE rt_line;
DROP TABLE rt_goods;
DROP TABLE rt_category;
-- A new table under a dropped table's name has none of its CHECKs or names.
CREATE TABLE rt_goods (id serial PRIMARY KEY, quantity int);
INSERT INTO rt_goods (quantity) VALUES (0);
\d rt_goods
DROP TABLE rt_goods;
