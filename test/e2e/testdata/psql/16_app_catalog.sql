-- Introspection applications run before using a table: information_schema, pg_indexes,
-- pg_attribute with format_type, regclass, and psql's \d.
CREATE TABLE cat_item (id int PRIMARY KEY, name varchar(30) NOT NULL, price numeric(10,2), added date, note text, flag boolean DEFAULT false);
CREATE INDEX cat_item_name_idx ON cat_item (name);
SELECT column_name, data_type, is_nullable, character_maximum_length, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = 'cat_item' ORDER BY ordinal_position;
SELECT table_name, table_type FROM information_schema.tables WHERE table_name LIKE 'cat%' ORDER BY 1;
SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'cat_item';
SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'cat_item') AS present;
SELECT tc.constraint_type, kcu.column_name FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name WHERE tc.table_name = 'cat_item' ORDER BY 1, 2;
SELECT indexname FROM pg_indexes WHERE tablename = 'cat_item' ORDER BY 1;
SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = 'cat_item' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum;
SELECT to_regclass('cat_item') IS NOT NULL AS ok;
SELECT 'cat_item'::regclass;
\d cat_item
DROP TABLE cat_item;
