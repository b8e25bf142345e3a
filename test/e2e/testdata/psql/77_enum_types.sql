CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE mood AS ENUM ('x');
CREATE TYPE empty_label AS ENUM ('a', 'a');
CREATE TABLE person (id int PRIMARY KEY, name text NOT NULL, current_mood mood, usual mood DEFAULT 'ok');
INSERT INTO person (id, name, current_mood) VALUES (1, 'Moe', 'happy'), (2, 'Larry', 'sad'), (3, 'Curly', 'ok'), (4, 'Shemp', NULL), (5, 'Joe', 'happy');
INSERT INTO person (id, name, current_mood) VALUES (6, 'Bad', 'angry');
INSERT INTO person (id, name, current_mood) VALUES (6, 'Bad', 'Happy');
INSERT INTO person (id, name, current_mood) SELECT 7, 'Sel', 'meh';
UPDATE person SET usual = 'grumpy' WHERE id = 1;
SELECT * FROM person ORDER BY current_mood, id;
SELECT id, current_mood FROM person ORDER BY current_mood DESC, id;
SELECT name FROM person WHERE current_mood > 'sad' ORDER BY id;
SELECT name FROM person WHERE current_mood <= 'ok' ORDER BY id;
SELECT name FROM person WHERE current_mood BETWEEN 'ok' AND 'happy' ORDER BY id;
SELECT name FROM person WHERE current_mood < usual ORDER BY id;
SELECT name FROM person WHERE current_mood = 'happy' ORDER BY id;
SELECT name FROM person WHERE current_mood IN ('ok', 'sad') ORDER BY id;
SELECT name FROM person WHERE current_mood = 'angry';
SELECT current_mood, count(*) FROM person GROUP BY current_mood ORDER BY current_mood;
SELECT min(current_mood), max(current_mood) FROM person;
SELECT DISTINCT current_mood FROM person ORDER BY 1;
SELECT DISTINCT current_mood AS m FROM person ORDER BY m DESC;
SELECT id, current_mood, rank() OVER (ORDER BY current_mood) FROM person ORDER BY id;
SELECT m FROM (SELECT current_mood AS m FROM person WHERE id < 4) AS s ORDER BY m;
SELECT current_mood FROM person WHERE id = 2 UNION SELECT usual FROM person ORDER BY 1;
SELECT * FROM person ORDER BY 3, 1;
SELECT pg_typeof(current_mood), pg_typeof(min(current_mood)) FROM person GROUP BY current_mood ORDER BY current_mood LIMIT 1;
SELECT 'ok'::mood, pg_typeof('ok'::mood), 'happy'::mood > 'ok'::mood;
SELECT 'nope'::mood;
SELECT 'ok'::nosuchtype;
SELECT current_mood::text, length(current_mood::text) FROM person WHERE id = 1;
SELECT name FROM person WHERE current_mood > 'sad' AND usual = 'ok' ORDER BY current_mood, name;
SELECT enum_range(NULL::mood), enum_first(NULL::mood), enum_last(NULL::mood);
COPY person (id, name, current_mood) FROM STDIN;
8	Copy	ok
\.
COPY person (id, name, current_mood) FROM STDIN;
9	Copy2	furious
\.
\d person
\dT mood
SELECT column_name, data_type, udt_name FROM information_schema.columns WHERE table_name = 'person' ORDER BY ordinal_position;
SELECT t.typname, t.typtype, t.typcategory, t.typlen, format_type(t.oid, NULL), a.typname AS array_type FROM pg_type t JOIN pg_type a ON a.oid = t.typarray WHERE t.typname = 'mood';
SELECT enumlabel, enumsortorder FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder;
ALTER TYPE mood ADD VALUE 'meh' AFTER 'sad';
ALTER TYPE mood ADD VALUE 'ecstatic';
ALTER TYPE mood ADD VALUE 'blue' BEFORE 'sad';
ALTER TYPE mood ADD VALUE 'ok';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok';
ALTER TYPE mood ADD VALUE 'x' AFTER 'nope';
ALTER TYPE nosuchtype ADD VALUE 'x';
SELECT enumlabel, enumsortorder FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder;
UPDATE person SET current_mood = 'meh' WHERE id = 3;
SELECT id, current_mood FROM person ORDER BY current_mood, id;
SELECT name FROM person WHERE current_mood < 'ok' ORDER BY id;
ALTER TABLE person ADD COLUMN later mood DEFAULT 'never';
ALTER TABLE person ADD COLUMN later mood DEFAULT 'ecstatic';
SELECT id, later FROM person WHERE id < 3 ORDER BY id;
DROP TYPE mood;
DROP TABLE person;
DROP TYPE mood;
DROP TYPE mood;
DROP TYPE IF EXISTS mood;
