-- ALTER TABLE … RENAME COLUMN, as migrations write it (IRIS: ALTER TABLE t ALTER COLUMN a
-- RENAME b): data, keys and foreign keys keep working under the new name.
CREATE TABLE rn_parent (id serial PRIMARY KEY, code varchar(5) UNIQUE NOT NULL, qty int DEFAULT 0);
CREATE TABLE rn_child (id int PRIMARY KEY, parent_id int REFERENCES rn_parent (id) ON DELETE CASCADE, note text);
INSERT INTO rn_parent (code, qty) VALUES ('a', 1), ('b', 2);
INSERT INTO rn_child VALUES (10, 1, 'x'), (11, 2, 'y');
ALTER TABLE rn_parent RENAME COLUMN code TO sku;
ALTER TABLE rn_parent RENAME qty TO quantity;
ALTER TABLE rn_child RENAME COLUMN parent_id TO pid;
SELECT * FROM rn_parent ORDER BY id;
SELECT id, pid, note FROM rn_child ORDER BY id;
SELECT code FROM rn_parent;
INSERT INTO rn_parent (sku, quantity) VALUES ('a', 3);
INSERT INTO rn_parent (sku) VALUES (NULL);
INSERT INTO rn_parent (sku) VALUES ('c') RETURNING sku, quantity;
INSERT INTO rn_child (id, pid) VALUES (12, 99);
UPDATE rn_parent SET quantity = quantity + 10 WHERE sku = 'b';
DELETE FROM rn_parent WHERE sku = 'a';
SELECT c.id, p.sku, p.quantity FROM rn_child c JOIN rn_parent p ON p.id = c.pid ORDER BY c.id;
ALTER TABLE rn_parent RENAME COLUMN nothing TO other;
ALTER TABLE rn_parent RENAME COLUMN sku TO quantity;
CREATE TABLE rn_dup (a int, b text, a text);
DROP TABLE rn_child;
DROP TABLE rn_parent;
