-- string_agg with any literal separator, reverse and repeat: NULLs, empty strings, multibyte
-- text, zero and negative counts. Groups hold equal values (or one value) where the order
-- of an aggregate's values would show: neither PostgreSQL nor IRIS orders them without
-- ORDER BY, and IRIS cannot order them at all. NULL shows as (null), apart from ''.
\pset null (null)
CREATE TABLE sf_t (id int PRIMARY KEY, g int, s varchar(20), n int);
INSERT INTO sf_t VALUES (1, 1, 'x', 2), (2, 1, 'x', 0), (3, 1, NULL, -1), (4, 2, '', NULL),
  (5, 2, '', 3), (6, 3, 'añb€', 1), (7, 3, 'añb€', 2), (8, 4, NULL, 1), (9, 5, '日本', 2),
  (10, 5, NULL, 5), (11, 6, 'solo', 1), (12, 6, NULL, 1);
SELECT g, string_agg(s, ', ') AS a, string_agg(s, ';') AS b, string_agg(s, '') AS c FROM sf_t GROUP BY g ORDER BY g;
SELECT g, string_agg(s, ' · ') AS dot, string_agg(s || '!', ' | ') AS bang FROM sf_t GROUP BY g ORDER BY g;
SELECT string_agg(s, ', ') AS none FROM sf_t WHERE g > 10;
SELECT string_agg(s, '--') IS NULL AS all_null FROM sf_t WHERE g = 4;
SELECT length(string_agg(s, ', ')) AS len, length(string_agg(s, '')) AS len0 FROM sf_t;
SELECT g, string_agg(s, ',') AS comma FROM sf_t WHERE g IN (1, 2, 4) GROUP BY g ORDER BY g;
SELECT g FROM sf_t GROUP BY g HAVING string_agg(s, '/') = 'x/x' ORDER BY g;
SELECT g, string_agg(s, ' + ') FILTER (WHERE n > 0) AS pos, string_agg(s, ',') FILTER (WHERE n IS NOT NULL) AS nn, string_agg(s, NULL) AS nosep FROM sf_t GROUP BY g ORDER BY g;
CREATE TABLE sf_u (id int PRIMARY KEY, g int, s varchar(10));
INSERT INTO sf_u VALUES (1, 1, 'a'), (2, 1, 'A'), (3, 1, 'a'), (4, 2, NULL), (5, 3, ''), (6, 3, ''), (7, 4, 'x'), (8, 4, 'x'), (9, 4, NULL);
SELECT g, string_agg(DISTINCT s, ', ') AS d, string_agg(DISTINCT s, ',') AS dc, string_agg(DISTINCT s, ';') FILTER (WHERE id > 1) AS df FROM sf_u WHERE g > 1 GROUP BY g ORDER BY g;
SELECT length(string_agg(DISTINCT s, '+')) AS case_kept, length(string_agg(DISTINCT s, ',')) AS case_kept_comma FROM sf_u WHERE g = 1;
DROP TABLE sf_u;
SELECT id, reverse(s) AS r, reverse(reverse(s)) = s AS same FROM sf_t ORDER BY id;
SELECT reverse('Hello World!') AS a, reverse('') AS b, reverse(NULL) AS c, reverse('  ab ') AS d;
SELECT id, repeat(s, n) AS rep, repeat('-', n) AS dash FROM sf_t ORDER BY id;
SELECT repeat('ab', 3) AS a, repeat('ab', 0) AS b, repeat('ab', -2) AS c, repeat('', 4) AS d, repeat(NULL, 2) AS e, repeat('é', 3) AS f;
SELECT id FROM sf_t WHERE repeat(s, 2) = 'xx' ORDER BY id;
SELECT count(*) FROM sf_t WHERE reverse(s) = s;
SELECT id, translate(s, 'xñ€', 'XN') AS tr, translate(s, 'x', '') AS del, translate(s, 'ab日', 'AB月 extra') AS longer FROM sf_t ORDER BY id;
SELECT translate('2024-01-15', '-', '/') AS a, translate('a.b,c', '.,', '') AS b, translate(NULL, 'a', 'b') AS c;
DROP TABLE sf_t;
-- Regular expressions of literal characters, '.', [0-9] or \d, anchors and quantifiers
-- (IRIS's %PATTERN, which compares the exact value).
CREATE TABLE sf_r (id int PRIMARY KEY, v varchar(20));
INSERT INTO sf_r VALUES (1, '123-45-6789'), (2, '12-345'), (3, 'abc'), (4, 'ABC'), (5, 'a.b'),
  (6, 'a"b'), (7, ''), (8, NULL), (9, 'añb€'), (10, '2024-01-15'), (11, 'aXb');
SELECT id, v ~ '^\d{3}-\d{2}-\d{4}$' AS ssn, v ~ 'b' AS has_b, v !~ '^[0-9]' AS no_digit, v ~ '^a.b$' AS a_any_b, v ~ 'a\.b' AS a_dot_b, v ~ '"' AS quote FROM sf_r ORDER BY id;
SELECT id FROM sf_r WHERE v ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' ORDER BY id;
SELECT id, v ~ 'ñb€$' AS tail, v ~ '^' AS anything, v ~ '.+' AS nonempty, v ~ '^[0-9]+-?[0-9]*' AS num_start, v ~ '^a?b*c?$' AS opt FROM sf_r ORDER BY id;
SELECT count(*) FILTER (WHERE v ~ 'B') AS upper_b, count(*) FILTER (WHERE v !~ 'B') AS no_upper_b FROM sf_r;
DROP TABLE sf_r;
-- to_char with month and day names (English, blank-padded to 9 unless FM), 12-hour
-- clocks with AM/PM, YY, Q, DDD, D and FM, built from DATEPART.
CREATE TABLE sf_d (id int PRIMARY KEY, ts timestamp, d date);
INSERT INTO sf_d VALUES (1, '2005-01-02 00:05:09', '2005-01-02'), (2, '2024-02-29 12:30:00', '2024-02-29'),
  (3, '2024-09-15 13:45:59', '2024-09-15'), (4, '1999-05-05 23:59:01', '1999-05-05'), (5, NULL, NULL);
SELECT id, to_char(ts, 'Mon YYYY') AS mon, to_char(ts, 'Month DD, YYYY') AS month, to_char(ts, 'FMMonth FMDD, YYYY') AS fm FROM sf_d ORDER BY id;
SELECT id, to_char(ts, 'Day') AS day, to_char(ts, 'Dy DD Mon') AS dy, to_char(ts, 'DAY|MONTH|day|month|DY|MON|dy|mon') AS cases FROM sf_d ORDER BY id;
SELECT id, to_char(ts, 'HH12:MI AM') AS h12, to_char(ts, 'hh:mi:ss pm') AS h, to_char(ts, 'FMHH12 a.m. P.M.') AS fmh, to_char(ts, 'HH24"h"') AS h24 FROM sf_d ORDER BY id;
SELECT id, to_char(d, 'YY-MM') AS yy, to_char(d, 'Q') AS q, to_char(d, 'DDD') AS doy, to_char(d, 'D') AS dow, to_char(d, 'FMDD/FMMM/YYY Y') AS fm FROM sf_d ORDER BY id;
SELECT to_char(d, 'Mon YYYY') AS m, count(*) FROM sf_d GROUP BY to_char(d, 'Mon YYYY') ORDER BY m NULLS FIRST;
DROP TABLE sf_d;
-- ISO weeks around year ends (IYYY, IW, ID as extract(isoyear/week/isodow)).
CREATE TABLE sf_w (d date);
INSERT INTO sf_w VALUES ('2004-12-31'), ('2005-01-02'), ('2005-01-03'), ('2020-12-31'), ('2021-01-03'), ('2024-12-29'), ('2024-12-30'), ('2026-01-01'), (NULL);
SELECT d, to_char(d, 'IYYY-"W"IW-ID') AS iso, to_char(d, 'FMIW iyyy id') AS fm FROM sf_w ORDER BY d;
DROP TABLE sf_w;
