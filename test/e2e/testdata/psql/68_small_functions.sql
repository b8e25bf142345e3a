-- chr, ascii, SIMILAR TO, make_date, to_timestamp, unnest(ARRAY[…])
CREATE TABLE e2e_sf (id int, code int, s text, y int, m int, d int, secs float8);
INSERT INTO e2e_sf VALUES
  (1, 65, 'abc', 2024, 2, 29, 0),
  (2, 955, '', 1999, 12, 31, 1700000000.5),
  (3, NULL, NULL, NULL, 1, 1, NULL),
  (4, 32, 'a*c', 2023, 1, 9, -1.25),
  (5, 233, 'x7.txt', 1, 1, 1, 86400.125),
  (6, 90, 'ABC', 2000, 4, 30, 951782400),
  (7, 126, 'a\b', 1900, 2, 28, 1e9),
  (8, 48, '100%', 2400, 2, 29, 3.5),
  (9, 97, 'Z', 2023, 6, 15, -86400);
-- chr and ascii
SELECT id, chr(code), ascii(s), ascii(chr(code)) FROM e2e_sf ORDER BY id;
SELECT chr(65), chr(955), chr(65535) = chr(65535), chr(NULL), ascii(''), ascii('A'), ascii('é'), ascii(NULL);
SELECT id FROM e2e_sf WHERE ascii(s) = 0 OR chr(code) = 'Z' ORDER BY id;
SELECT chr(0);
SELECT chr(-1);
SELECT chr(1114112);
SELECT chr(55296);
SELECT chr(65.5);
SELECT ascii(5);
-- SIMILAR TO: % _ [a-z] [^0-9], escapes, NULL, the empty pattern
SELECT id, s SIMILAR TO 'a%' AS a_any, s SIMILAR TO '_' AS one, s SIMILAR TO '' AS empty, s NOT SIMILAR TO '%[0-9]%' AS no_digit FROM e2e_sf ORDER BY id;
SELECT id FROM e2e_sf WHERE s SIMILAR TO '[a-z][0-9].txt' ORDER BY id;
SELECT id FROM e2e_sf WHERE s SIMILAR TO 'a\*c' OR s SIMILAR TO 'a#\b' ESCAPE '#' ORDER BY id;
SELECT id FROM e2e_sf WHERE s SIMILAR TO '100!%' ESCAPE '!' OR s SIMILAR TO 'a_c' ESCAPE '' ORDER BY id;
SELECT id FROM e2e_sf WHERE s SIMILAR TO '[^a-z]%' ORDER BY id;
SELECT id FROM e2e_sf WHERE s NOT SIMILAR TO '[^a-z]' ORDER BY id;
SELECT id FROM e2e_sf WHERE s SIMILAR TO '[A-Za-z]__' ORDER BY id;
SELECT 'abc' SIMILAR TO 'a.c', 'a.c' SIMILAR TO 'a.c', NULL SIMILAR TO 'a', 'x' SIMILAR TO '%', 'ab' NOT SIMILAR TO 'a_';
SELECT id FROM e2e_sf WHERE s SIMILAR TO '[a';
SELECT id FROM e2e_sf WHERE s SIMILAR TO 'a' ESCAPE 'xy';
-- make_date and to_timestamp
SELECT id, make_date(y, m, d), to_timestamp(secs) FROM e2e_sf ORDER BY id;
SELECT make_date(2024, 2, 29), make_date(2000, 1, 1) + 1, make_date(NULL, 1, 1), make_date('2024', '12', '31');
SELECT to_timestamp(0), to_timestamp(1700000000.5), to_timestamp(-1.25), to_timestamp(1.0000005), to_timestamp(NULL);
SELECT id FROM e2e_sf WHERE make_date(y, m, d) > '2020-01-01' ORDER BY id;
SELECT id FROM e2e_sf WHERE to_timestamp(secs) < '1970-01-02' ORDER BY id;
SELECT make_date(2024, 2, 30);
SELECT make_date(0, 1, 1);
SELECT make_date(2023, 13, 1);
SELECT to_timestamp(1e20);
SELECT to_timestamp('NaN');
-- unnest(ARRAY[…])
SELECT * FROM unnest(ARRAY[1, 2, 3]) ORDER BY unnest;
SELECT x, x / 2 AS half FROM unnest(ARRAY[3, -1, NULL, 4]) AS x ORDER BY x;
SELECT t.v, length(t.v) FROM unnest(ARRAY['a', 'b''c', NULL, '']) AS t(v) ORDER BY 1;
SELECT * FROM unnest(ARRAY[1.50, -2.25, .75]) WITH ORDINALITY ORDER BY ordinality;
SELECT n, x FROM unnest(ARRAY[1, 3000000000]) WITH ORDINALITY AS t(x, n) ORDER BY n;
SELECT unnest / 2 FROM unnest(ARRAY[5, 7]) ORDER BY 1;
SELECT unnest(ARRAY['x', 'y']) ORDER BY 1;
SELECT * FROM unnest(ARRAY[NULL, NULL]);
SELECT sum(x), count(*) FROM unnest(ARRAY[10, 20, 30]) AS x;
SELECT e.id, e.s FROM e2e_sf e JOIN unnest(ARRAY[2, 4, 6]) AS k(id) ON e.id = k.id ORDER BY e.id;
SELECT * FROM unnest(ARRAY[]);
SELECT * FROM unnest(ARRAY[1, 2]) AS t(a, b);
DROP TABLE e2e_sf;
