-- verbosity: default
-- LOCK TABLE: in a transaction block only; IRIS's LOCK, released when the block ends.
CREATE TABLE e2e_lk (id int);
LOCK TABLE e2e_lk IN EXCLUSIVE MODE;
BEGIN;
LOCK TABLE e2e_lk IN ACCESS EXCLUSIVE MODE;
INSERT INTO e2e_lk VALUES (1);
COMMIT;
BEGIN;
LOCK e2e_lk;
LOCK TABLE e2e_lk IN SHARE MODE NOWAIT;
LOCK TABLE nope;
ROLLBACK;
SELECT * FROM e2e_lk;
DROP TABLE e2e_lk;
