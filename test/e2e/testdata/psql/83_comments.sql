-- verbosity: default
-- COMMENT ON TABLE | VIEW | COLUMN (pgwired keeps them in PGWIRED.COMMENTS): shown by
-- \d+ (column descriptions; psql shows no table comment there), pg_description,
-- obj_description and col_description, replaced and removed, transactional, and kept in
-- step with DROP/RENAME. \dt+ and \dv+ would print the owner (_SYSTEM under pgwired)
-- and sizes, so their queries are run here without those columns; \d+ of a view would
-- print IRIS's view text, so its descriptions are read with col_description.
CREATE TABLE cm_item (id integer PRIMARY KEY, name text, qty integer, price numeric(8,2));
CREATE VIEW cm_cheap AS SELECT id, name FROM cm_item WHERE price < 10;
COMMENT ON TABLE cm_item IS 'Items we sell';
COMMENT ON COLUMN cm_item.name IS 'Display name';
COMMENT ON COLUMN public.cm_item.qty IS 'Units in stock, never ''negative''';
COMMENT ON VIEW cm_cheap IS 'Items under 10';
COMMENT ON COLUMN cm_cheap.name IS 'Name of a cheap item';
\d+ cm_item
-- \dt+ cm_item and \dv+ cm_cheap without Owner and Size.
SELECT n.nspname as "Schema", c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' END as "Type",
  CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 't' THEN 'temporary' WHEN 'u' THEN 'unlogged' END as "Persistence",
  am.amname as "Access method",
  pg_catalog.obj_description(c.oid, 'pg_class') as "Description"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','t','s','')
  AND c.relname OPERATOR(pg_catalog.~) '^(cm_item)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;
SELECT n.nspname as "Schema", c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' END as "Type",
  CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 't' THEN 'temporary' WHEN 'u' THEN 'unlogged' END as "Persistence",
  pg_catalog.obj_description(c.oid, 'pg_class') as "Description"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v','s','')
  AND c.relname OPERATOR(pg_catalog.~) '^(cm_cheap)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;
SELECT a.attname, pg_catalog.col_description(a.attrelid, a.attnum)
FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'cm_cheap'::regclass AND a.attnum > 0 ORDER BY a.attnum;
SELECT c.relname, d.objsubid, d.description, d.classoid = 'pg_catalog.pg_class'::regclass AS on_pg_class
FROM pg_catalog.pg_description d JOIN pg_catalog.pg_class c ON c.oid = d.objoid
WHERE c.relname LIKE 'cm\_%' ORDER BY 1, 2;
SELECT obj_description('cm_item'::regclass, 'pg_class'), obj_description('cm_item'::regclass),
  col_description('cm_item'::regclass, 3), col_description('cm_item'::regclass, 4) IS NULL AS no_price_comment;
-- information_schema shows no comments.
SELECT table_name, column_name FROM information_schema.columns WHERE table_name = 'cm_item' ORDER BY ordinal_position;
-- Replaced, removed (IS NULL and IS ''), text with new lines and dollar quotes.
COMMENT ON TABLE cm_item IS E'Items we sell\nand rent';
COMMENT ON COLUMN cm_item.price IS $$Price in 'EUR'$$;
COMMENT ON COLUMN cm_item.name IS NULL;
COMMENT ON COLUMN cm_item.qty IS '';
COMMENT ON COLUMN cm_item.qty IS NULL;
SELECT obj_description('cm_item'::regclass, 'pg_class');
\d+ cm_item
-- Errors: missing relations and columns, the wrong kind of relation, bad names.
COMMENT ON TABLE cm_nosuch IS 'x';
COMMENT ON TABLE public.cm_nosuch IS 'x';
COMMENT ON TABLE cm_noschema.cm_item IS 'x';
COMMENT ON VIEW cm_nosuch IS 'x';
COMMENT ON COLUMN cm_item.nosuch IS 'x';
COMMENT ON COLUMN cm_nosuch.id IS 'x';
COMMENT ON TABLE cm_cheap IS 'x';
COMMENT ON VIEW cm_item IS 'x';
COMMENT ON COLUMN name IS 'x';
COMMENT ON COLUMN a.b.c.d.e IS 'x';
COMMENT ON TABLE cm_item IS 'after errors';
-- Transactions: rolled back, to a savepoint, a failed block, a multi-statement message.
BEGIN;
COMMENT ON TABLE cm_item IS 'rolled back';
COMMENT ON COLUMN cm_item.id IS 'rolled back too';
SELECT obj_description('cm_item'::regclass, 'pg_class'), col_description('cm_item'::regclass, 1);
ROLLBACK;
SELECT obj_description('cm_item'::regclass, 'pg_class'), col_description('cm_item'::regclass, 1);
BEGIN;
COMMENT ON COLUMN cm_item.id IS 'kept';
SAVEPOINT sp;
COMMENT ON COLUMN cm_item.id IS 'undone';
ROLLBACK TO sp;
COMMIT;
SELECT col_description('cm_item'::regclass, 1);
BEGIN;
COMMENT ON TABLE cm_nosuch IS 'x';
COMMENT ON TABLE cm_item IS 'in a failed block';
ROLLBACK;
BEGIN READ ONLY;
COMMENT ON TABLE cm_item IS 'read only';
ROLLBACK;
COMMENT ON TABLE cm_item IS 'first' \; COMMENT ON COLUMN cm_item.nosuch IS 'second';
SELECT obj_description('cm_item'::regclass, 'pg_class');
-- DDL keeps them in step: DROP COLUMN, RENAME COLUMN, DROP VIEW, RENAME TO, DROP TABLE.
ALTER TABLE cm_item ADD COLUMN note text;
COMMENT ON COLUMN cm_item.note IS 'dropped with its column';
ALTER TABLE cm_item DROP COLUMN note;
ALTER TABLE cm_item ADD COLUMN note text;
ALTER TABLE cm_item RENAME COLUMN price TO unit_price;
\d+ cm_item
DROP VIEW cm_cheap;
CREATE VIEW cm_cheap AS SELECT id, name FROM cm_item;
SELECT obj_description('cm_cheap'::regclass, 'pg_class'), col_description('cm_cheap'::regclass, 2);
DROP VIEW cm_cheap;
ALTER TABLE cm_item RENAME TO cm_product;
SELECT obj_description('cm_product'::regclass, 'pg_class');
\d+ cm_product
CREATE TABLE cm_item (id integer);
SELECT obj_description('cm_item'::regclass, 'pg_class');
DROP TABLE cm_item;
DROP TABLE cm_product;
CREATE TABLE cm_product (id integer PRIMARY KEY, unit_price numeric(8,2));
\d+ cm_product
SELECT count(*) FROM pg_catalog.pg_description d JOIN pg_catalog.pg_class c ON c.oid = d.objoid WHERE c.relname LIKE 'cm\_%';
DROP TABLE cm_product;
