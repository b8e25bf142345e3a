-- Functions over typed columns: split_part, to_char, date_trunc by week and second, casts of
-- time stamps, window ordering with NULLs, NULLIF keeping a numeric scale, negative rounding.
CREATE TABLE fn_log (id int PRIMARY KEY, path varchar(40), email varchar(40), d date, ts timestamp,
  n numeric(8,3), b boolean);
INSERT INTO fn_log VALUES
  (1, '/usr/local/bin', 'ann@example.com', '2024-01-15', '2024-01-15 10:20:30', 1.5, true),
  (2, 'relative/path', 'bob@mail.example.org', '2024-02-20', '2024-02-18 23:59:59', -2.25, false),
  (3, NULL, NULL, NULL, NULL, NULL, NULL),
  (4, 'a//b', 'x@y', '2023-12-31', '2024-01-01 00:00:00', 1234.567, true);
SELECT id, split_part(path, '/', 2) AS second, split_part(email, '@', 2) AS domain, split_part(email, '.', 9) AS none FROM fn_log ORDER BY id;
SELECT split_part(email, '@', 2) AS domain, count(*) FROM fn_log WHERE email IS NOT NULL GROUP BY 1 ORDER BY 1;
SELECT id, date_trunc('week', ts) AS week, date_trunc('week', d::timestamp) AS dweek, date_trunc('second', ts) AS sec FROM fn_log ORDER BY id;
SELECT date_trunc('week', ts) AS week, count(*) FROM fn_log WHERE ts IS NOT NULL GROUP BY date_trunc('week', ts) ORDER BY 1;
SELECT id, ts::date AS day, ts::time AS at, d::timestamp AS midnight, cast(ts AS date) - d AS drift FROM fn_log ORDER BY id;
SELECT id, extract(year FROM d) AS y, extract(day FROM ts) AS dd, date_part('hour', ts) AS hh FROM fn_log ORDER BY id;
SELECT id, row_number() OVER (ORDER BY path) AS by_path, rank() OVER (ORDER BY n DESC) AS by_n,
  dense_rank() OVER (ORDER BY b NULLS FIRST) AS by_b FROM fn_log ORDER BY id;
SELECT id, lag(id) OVER (ORDER BY d) AS prev_by_date, first_value(id) OVER (PARTITION BY b ORDER BY ts DESC) AS latest FROM fn_log ORDER BY id;
SELECT id, nullif(n, 1.5) AS n_unless_default, abs(n) AS size FROM fn_log ORDER BY id;
SELECT id, round(n, -1) AS tens, round(n, -2) AS hundreds, trunc(n, 2) AS t2, round(n) AS whole FROM fn_log ORDER BY id;
SELECT d FROM fn_log WHERE d > date '2024-01-01' - 30 ORDER BY d;
SELECT count(*) / 3 AS thirds, length(max(path)) / 2 AS half FROM fn_log;
SELECT id, to_char(ts, 'YYYY-MM-DD HH24:MI:SS') AS iso, to_char(d, 'dd/mm/yyyy') AS eu, to_char(ts, 'YYYY"Q"MM') AS ym FROM fn_log ORDER BY id;
SELECT to_char(ts, 'YYYY-MM') AS month, count(*) FROM fn_log GROUP BY to_char(ts, 'YYYY-MM') ORDER BY month NULLS FIRST;
DROP TABLE fn_log;
