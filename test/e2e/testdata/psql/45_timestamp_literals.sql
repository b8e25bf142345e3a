-- Time stamps written as PostgreSQL reads them and IRIS does not ('T' separator, no
-- seconds), given to or compared with timestamp columns: pgwired reads the column type
-- from the catalog and writes the literal in the form IRIS reads.
DROP TABLE IF EXISTS e2e_ts;
CREATE TABLE e2e_ts (id int PRIMARY KEY, ts timestamp, flag boolean, note varchar(30));
INSERT INTO e2e_ts VALUES (1, '2024-01-01 10:00', 't', '2024-01-01 10:00'), (2, '2024-01-02T11:30:15', 'no', 'x'),
  (3, '2024-01-03T08:00', NULL, '2024-01-03T08:00');
INSERT INTO e2e_ts (id, ts) VALUES (4, '2024-01-04 09:15');
SELECT * FROM e2e_ts ORDER BY id;
SELECT id FROM e2e_ts WHERE ts > '2024-01-01 10:00' ORDER BY id;
SELECT id FROM e2e_ts WHERE ts = '2024-01-02T11:30:15';
SELECT id FROM e2e_ts WHERE ts <= '2024-01-03T08:00' AND flag = 'yes';
SELECT id FROM e2e_ts WHERE '2024-01-03T08:00' < ts ORDER BY id;
-- a varchar column keeps the text as written
SELECT id FROM e2e_ts WHERE note = '2024-01-03T08:00';
UPDATE e2e_ts SET ts = '2024-02-01T00:00' WHERE id = 4;
SELECT ts FROM e2e_ts WHERE id = 4;
SELECT id FROM e2e_ts WHERE ts IN ('2024-01-01 10:00', '2024-02-01T00:00') ORDER BY id;
DROP TABLE e2e_ts;
CREATE TABLE e2e_tzlit (id int, a timestamptz, b timestamp);
INSERT INTO e2e_tzlit VALUES (1, '2024-03-15 10:00:00+02', '2024-03-15 10:00:00+02');
INSERT INTO e2e_tzlit (id, a, b) VALUES (2, '2024-03-15T23:30:00-05:00', '2024-03-15T23:30:00Z');
UPDATE e2e_tzlit SET a = '2024-01-01 00:00:00+01' WHERE id = 1;
SELECT * FROM e2e_tzlit WHERE a > '2024-03-15 00:00:00+00' ORDER BY id;
SELECT * FROM e2e_tzlit ORDER BY id;
DROP TABLE e2e_tzlit;
