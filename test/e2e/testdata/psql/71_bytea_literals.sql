CREATE TABLE blobs (id int PRIMARY KEY, b bytea);
INSERT INTO blobs VALUES (1, '\xdeadbeef'), (2, 'plain'), (3, '\x'), (4, 'a\\b\001c'), (5, 'é');
INSERT INTO blobs VALUES (6, '\x00ff'::bytea);
INSERT INTO blobs (id, b) VALUES (7, '\x41 42');
INSERT INTO blobs VALUES (8, '\xzz');
INSERT INTO blobs VALUES (9, 'bad\9');
UPDATE blobs SET b = '\xcafe' WHERE id = 2;
SELECT id, b, length(b) FROM blobs ORDER BY id;
SELECT id FROM blobs WHERE b = '\xcafe';
SELECT '\xab1'::bytea;
SELECT '\x41'::bytea, 'abc'::bytea;
\copy blobs from stdin
10	\\xbeef
11	\\000\\001
\.
SELECT id, b FROM blobs WHERE id >= 10 ORDER BY id;
DROP TABLE blobs;
