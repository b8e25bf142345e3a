-- Foreign-key actions: ON UPDATE CASCADE / SET NULL carry or release the children of a
-- re-keyed row, RESTRICT refuses, and a self-referencing ON DELETE CASCADE removes a subtree.
CREATE TABLE fk_p (id int PRIMARY KEY, code varchar(5) UNIQUE);
CREATE TABLE fk_c (id int PRIMARY KEY, pid int REFERENCES fk_p (id) ON UPDATE CASCADE ON DELETE RESTRICT, pcode varchar(5) REFERENCES fk_p (code) ON UPDATE SET NULL);
INSERT INTO fk_p VALUES (1, 'a'), (2, 'b');
INSERT INTO fk_c VALUES (10, 1, 'a'), (11, 2, 'b');
UPDATE fk_p SET id = 5 WHERE id = 1;
SELECT * FROM fk_c ORDER BY id;
UPDATE fk_p SET code = 'z' WHERE id = 2;
SELECT * FROM fk_c ORDER BY id;
DELETE FROM fk_p WHERE id = 5;
DELETE FROM fk_c WHERE id = 10;
DELETE FROM fk_p WHERE id = 5;
CREATE TABLE fk_tree (id int PRIMARY KEY, parent int REFERENCES fk_tree (id) ON DELETE CASCADE);
INSERT INTO fk_tree VALUES (1, NULL), (2, 1), (3, 2);
DELETE FROM fk_tree WHERE id = 1;
SELECT count(*) FROM fk_tree;
INSERT INTO fk_tree VALUES (5, 6);
CREATE TABLE fk_nn (id int PRIMARY KEY, pid int NOT NULL REFERENCES fk_p (id) ON DELETE SET NULL);
INSERT INTO fk_nn VALUES (1, 2);
DELETE FROM fk_p WHERE id = 2;
SELECT * FROM fk_nn;
DROP TABLE fk_nn; DROP TABLE fk_tree; DROP TABLE fk_c; DROP TABLE fk_p;
