-- What Django's migrations and ORM send beyond plain DML: DEFERRABLE foreign keys (checked
-- at each statement through pgwired, which is the same for transactions that never break
-- a key), ALTER COLUMN TYPE / DROP NOT NULL / SET NOT NULL, DROP … CASCADE where nothing
-- depends on the object, SET CONSTRAINTS, SELECT … FOR UPDATE, CHECK (c >= 0).
CREATE TABLE dj_author (id serial NOT NULL PRIMARY KEY, name varchar(5) NOT NULL UNIQUE, legacy varchar(10) NOT NULL, note varchar(20) NULL);
CREATE TABLE dj_book (id serial NOT NULL PRIMARY KEY, title varchar(30) NOT NULL, author_id integer NOT NULL);
ALTER TABLE dj_book ADD CONSTRAINT dj_book_author_fk FOREIGN KEY (author_id) REFERENCES dj_author (id) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX dj_author_name_like ON dj_author (name varchar_pattern_ops);
INSERT INTO dj_author (name, legacy) VALUES ('ann', 'x');
INSERT INTO dj_author (name, legacy) VALUES ('barbara', 'x');
ALTER TABLE dj_author ALTER COLUMN name TYPE varchar(150);
INSERT INTO dj_author (name, legacy) VALUES ('barbara', 'x');
ALTER TABLE dj_author ALTER COLUMN legacy DROP NOT NULL;
INSERT INTO dj_author (name) VALUES ('cy');
ALTER TABLE dj_author DROP COLUMN legacy CASCADE;
ALTER TABLE dj_author ALTER COLUMN note SET NOT NULL;
UPDATE dj_author SET note = '';
ALTER TABLE dj_author ALTER COLUMN note SET NOT NULL;
INSERT INTO dj_author (name) VALUES ('dee');
ALTER TABLE dj_author ALTER COLUMN note SET DEFAULT 'n/a';
INSERT INTO dj_author (name) VALUES ('dee');
ALTER TABLE dj_author ALTER COLUMN note DROP DEFAULT;
INSERT INTO dj_author (name) VALUES ('dan');
ALTER TABLE dj_author ADD COLUMN rank integer DEFAULT 3 NOT NULL;
ALTER TABLE dj_author ALTER COLUMN rank DROP DEFAULT;
INSERT INTO dj_author (name, note) VALUES ('dan', '');
SELECT name, rank FROM dj_author ORDER BY id;
ALTER TABLE dj_author DROP COLUMN rank;
SELECT name, note FROM dj_author ORDER BY id;
BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;
INSERT INTO dj_book (title, author_id) VALUES ('Alpha', 1);
SET CONSTRAINTS ALL DEFERRED;
SELECT id, name FROM dj_author WHERE name LIKE 'b%' FOR UPDATE;
SELECT dj_author.id, dj_author.name FROM dj_author WHERE dj_author.id > 5 LIMIT 21 FOR UPDATE;
UPDATE dj_author SET note = 'locked' WHERE name = 'barbara';
COMMIT;
SET CONSTRAINTS ALL IMMEDIATE;
SELECT name, note FROM dj_author WHERE id = 2 FOR NO KEY UPDATE;
INSERT INTO dj_book (title, author_id) VALUES ('Beta', 99);
SELECT b.title, a.name FROM dj_book b JOIN dj_author a ON a.id = b.author_id;
-- Django's flush (and TransactionTestCase) empties every table with one TRUNCATE, in
-- alphabetical order: parents before the tables that reference them.
TRUNCATE dj_author, dj_book;
SELECT count(*) FROM dj_author;
INSERT INTO dj_author (name, note) VALUES ('eve', '');
INSERT INTO dj_book (title, author_id) VALUES ('Gamma', 1);
BEGIN;
TRUNCATE dj_author, dj_book;
ROLLBACK;
SELECT count(*) FROM dj_book;
TRUNCATE dj_author;
SELECT count(*) FROM dj_author;
DROP TABLE dj_book CASCADE;
DROP TABLE dj_author CASCADE;
DROP TABLE dj_author CASCADE;
CREATE TABLE dj_pos (id serial PRIMARY KEY, qty integer NOT NULL CHECK (qty >= 0), flag smallint NULL CHECK ("flag" >= 0));
INSERT INTO dj_pos (qty, flag) VALUES (0, NULL), (3, 2);
INSERT INTO dj_pos (qty) VALUES (-1);
UPDATE dj_pos SET flag = -2 WHERE qty = 3;
ALTER TABLE dj_pos ADD COLUMN big bigint DEFAULT 0 NOT NULL CHECK (big >= 0);
UPDATE dj_pos SET big = -1;
SELECT qty, flag, big FROM dj_pos ORDER BY qty;
DROP TABLE dj_pos;
CREATE TABLE dj_tz (id serial PRIMARY KEY, created timestamp with time zone NOT NULL);
INSERT INTO dj_tz (created) VALUES ('2024-02-29T23:59:59.500000+00:00'::timestamptz), ('2024-03-01T01:30:00+01:00'::timestamptz);
SELECT id FROM dj_tz WHERE (created AT TIME ZONE 'UTC')::date = '2024-02-29' ORDER BY id;
SELECT created, t.created, t.created AS c2 FROM dj_tz t ORDER BY id;
SELECT max(created), min(t.created) AS first, count(*) FROM dj_tz t;
SELECT date_trunc('day', created) AS d FROM dj_tz ORDER BY id;
SELECT * FROM dj_tz ORDER BY id;
BEGIN;
DECLARE c CURSOR FOR SELECT created FROM dj_tz ORDER BY id;
FETCH 1 FROM c;
COMMIT;
SELECT EXTRACT('month' FROM created AT TIME ZONE 'UTC') AS m, DATE_TRUNC('month', created AT TIME ZONE 'UTC') AS t, created AT TIME ZONE 'UTC' AS utc FROM dj_tz ORDER BY id;
DROP TABLE dj_tz;
-- timestamptz columns are IRIS TIMESTAMPs marked with a %DESCRIPTION: the catalog shows their type.
CREATE TABLE dj_tz2 (created timestamp with time zone NOT NULL, plain timestamp);
\d dj_tz2
SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'dj_tz2' ORDER BY ordinal_position;
SELECT col_description('dj_tz2'::regclass, 1);
DROP TABLE dj_tz2;
