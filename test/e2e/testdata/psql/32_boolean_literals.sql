-- psql prints booleans as t and f, and people write them back that way: PostgreSQL reads
-- 't', 'yes', 'off' … as booleans where they meet a boolean column. IRIS's BIT column
-- does not, so pgwired asks the catalog for the column's type and sends 1 or 0.
DROP TABLE IF EXISTS e2e_flags;
CREATE TABLE e2e_flags (id integer PRIMARY KEY, name varchar(20), active boolean, archived boolean DEFAULT false);
INSERT INTO e2e_flags (id, name, active) VALUES (1, 'one', 't');
INSERT INTO e2e_flags (id, name, active, archived) VALUES (2, 'two', 'false', 'yes');
INSERT INTO e2e_flags (id, name, active, archived) VALUES (3, 'f', 'on', ' No ');
INSERT INTO e2e_flags (id, name, active) VALUES (4, 'four', 'maybe');
INSERT INTO e2e_flags VALUES (5, 'five', 'y', 'off');
INSERT INTO e2e_flags VALUES (6, 't', 'n');
INSERT INTO e2e_flags VALUES (7);
INSERT INTO e2e_flags VALUES (8, 'x', true, false, 'extra');
INSERT INTO e2e_flags (id, name, active, archived) VALUES (9, 'nine', 'yes', 'f'), (10, 'ten', 'off', 'TRUE');
INSERT INTO e2e_flags VALUES (11, 'eleven', 't'), (12, 'twelve', 'n');
INSERT INTO e2e_flags (id, active) VALUES (1, 'y') ON CONFLICT (id) DO UPDATE SET archived = 'yes';
INSERT INTO e2e_flags (id, name, active) VALUES (13, 'c', 'on') ON CONFLICT DO NOTHING;
SELECT id, name, active, archived FROM e2e_flags ORDER BY id;
SELECT id FROM e2e_flags WHERE active = 't' ORDER BY id;
SELECT id FROM e2e_flags WHERE active = 'f' ORDER BY id;
SELECT id FROM e2e_flags WHERE 'true' = archived ORDER BY id;
SELECT id FROM e2e_flags WHERE active <> 'y' ORDER BY id;
SELECT id FROM e2e_flags WHERE archived IN ('t', 'off') ORDER BY id;
SELECT id FROM e2e_flags WHERE name = 'f' ORDER BY id;
SELECT x.id FROM e2e_flags x JOIN e2e_flags y ON y.id = x.id WHERE x.active = 'yes' AND y.archived = 'no' ORDER BY 1;
UPDATE e2e_flags SET archived = 't' WHERE active = 'false';
UPDATE e2e_flags SET active = 'of', name = 'off' WHERE id = 3;
SELECT id, name, active, archived FROM e2e_flags ORDER BY id;
DELETE FROM e2e_flags WHERE archived = 'TRUE';
SELECT id, name, active, archived FROM e2e_flags ORDER BY id;
DROP TABLE e2e_flags;
