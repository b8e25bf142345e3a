-- Maintenance statements clients and tools send (pgbench -i runs VACUUM ANALYZE): accepted,
-- with PostgreSQL's tags, and VACUUM refused inside a transaction block as PostgreSQL does.
CREATE TABLE maint (id int PRIMARY KEY, v text);
INSERT INTO maint VALUES (1, 'a'), (2, 'b');
VACUUM;
VACUUM maint;
VACUUM ANALYZE maint;
ANALYZE maint;
ANALYZE;
BEGIN;
ANALYZE maint;
VACUUM maint;
SELECT 1;
ROLLBACK;
SELECT count(*) FROM maint;
DROP TABLE maint;
