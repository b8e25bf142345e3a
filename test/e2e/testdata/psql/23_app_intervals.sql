-- Interval arithmetic: several fields ('1 year 2 months', '1 day 2 hours') are added as PostgreSQL
-- adds them (months, then days, then time), and months keep the day valid (Jan 31 + 1 month).
CREATE TABLE d_iv (id int PRIMARY KEY, d date, ts timestamp);
INSERT INTO d_iv VALUES (1, '2024-01-31', '2024-01-31 22:30:00'), (2, '2023-02-28', '2023-12-31 23:59:59'), (3, NULL, NULL);
SELECT id, ts + interval '1 year 2 months' FROM d_iv ORDER BY id;
SELECT id, ts + interval '1 month 1 day' AS a, ts - interval '1 month 1 day' AS b FROM d_iv ORDER BY id;
SELECT id, ts + interval '1 day 2 hours' AS a, ts + interval '2 hours 30 minutes' AS b, ts - interval '1 week 12 hours' AS c FROM d_iv ORDER BY id;
SELECT id, interval '1 mon 3 days' + ts FROM d_iv ORDER BY id;
SELECT id, d + interval '1 month 1 day' AS a, d + interval '1 day 6 hours' AS b FROM d_iv ORDER BY id;
SELECT id FROM d_iv WHERE ts > timestamp '2024-01-01 00:00:00' - interval '1 day 1 hour' ORDER BY id;
SELECT id, ts + interval '1 day -2 hours' FROM d_iv ORDER BY id;
SELECT id, ts + interval '1 yr 1 hr' FROM d_iv ORDER BY id;
SELECT id, ts + interval '1 month' AS a, d - interval '1 year' AS b, d + interval '3 months' AS c FROM d_iv ORDER BY id;
DROP TABLE d_iv;
