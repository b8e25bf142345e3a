-- interval literals in PostgreSQL's other forms, and a literal times a number, added to time stamps
CREATE TABLE e2e_iv (id int, ts timestamp, d date, n int);
INSERT INTO e2e_iv VALUES (1, '2024-01-31 10:00:00', '2024-01-31', 2), (2, '2024-02-29 23:30:00', '2024-02-29', 3), (3, NULL, NULL, NULL);
SELECT id, ts + interval '1.5 hours', ts - interval '1:30', ts + interval '1 day 02:30:00', ts + interval '2 days ago' FROM e2e_iv ORDER BY id;
SELECT id, ts + interval '1.5 days', ts + interval '1.5 months', ts + interval '1.5 years', ts + interval '0.25 weeks' FROM e2e_iv ORDER BY id;
SELECT id, ts + interval '1 day' * 2, ts - 3 * interval '1 hour', ts + interval '1 day' / 2, ts + interval '1 mon 1 day' * 0.3 FROM e2e_iv ORDER BY id;
SELECT id, ts + interval '90 min', ts + interval '1h', ts + interval '2 d', ts - interval '-01:15:30', ts + interval '1 day -01:00' FROM e2e_iv ORDER BY id;
SELECT count(*) FROM e2e_iv WHERE ts > timestamp '2024-03-01 00:00:00' - interval '1.5 days';
UPDATE e2e_iv SET ts = ts + interval '1 year 2 mons 3 days 04:05:06' WHERE id = 1;
SELECT id, ts FROM e2e_iv ORDER BY id;
DROP TABLE e2e_iv;
-- an interval literal times an integer column
CREATE TABLE e2e_iv2 (id int, ts timestamp, d date, n int);
INSERT INTO e2e_iv2 VALUES (1, '2024-01-31 10:00:00', '2024-01-31', 2), (2, '2024-02-29 23:30:00', '2024-02-29', -3), (3, NULL, NULL, NULL);
SELECT id, ts + interval '1 hour' * n, ts - n * interval '1 day 2 hours', ts + interval '1 mon' * n FROM e2e_iv2 ORDER BY id;
SELECT id FROM e2e_iv2 WHERE ts + interval '1 day' * n > timestamp '2024-02-01' ORDER BY id;
UPDATE e2e_iv2 SET ts = ts + n * interval '30 minutes' WHERE id = 1;
SELECT id, ts, d + interval '1 day' * n FROM e2e_iv2 ORDER BY id;
DROP TABLE e2e_iv2;
