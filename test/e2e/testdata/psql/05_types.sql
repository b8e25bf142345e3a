-- Values of each common type, as psql prints them.
DROP TABLE IF EXISTS e2e_types;
CREATE TABLE e2e_types (id integer PRIMARY KEY, b boolean, s smallint, big bigint, n numeric(12,3),
  f double precision, d date, t time, ts timestamp, v varchar(30), txt text);
INSERT INTO e2e_types VALUES (1, true, 32767, 9223372036854775807, 123456789.125, 1.5,
  '2024-05-17', '13:45:10', '2024-05-17 13:45:10.123456', 'héllo wörld', 'long text');
INSERT INTO e2e_types VALUES (2, false, -32768, -9223372036854775808, -0.001, -2.25e10,
  '1999-12-31', '00:00:00', '1970-01-01 00:00:00', '', '');
INSERT INTO e2e_types (id) VALUES (3);
SELECT * FROM e2e_types ORDER BY id;
SELECT id, b FROM e2e_types WHERE b ORDER BY id;
SELECT id FROM e2e_types WHERE NOT b ORDER BY id;
SELECT id, n + 1 AS n1 FROM e2e_types WHERE n IS NOT NULL ORDER BY id;
SELECT 1::integer AS i, '42'::int + 1 AS j, CAST('2024-01-02' AS date) AS d, 3.50::numeric(5,2) AS n;
SELECT true AS t, false AS f, NULL::integer AS nothing;
DROP TABLE e2e_types;
CREATE TABLE e2e_char (id int, code char(5), flag char(1), name varchar(5));
INSERT INTO e2e_char VALUES (1, 'ab', 'Y', 'ab'), (2, 'abcde', 'N', 'x'), (3, NULL, NULL, NULL);
SELECT * FROM e2e_char ORDER BY id;
SELECT code, length(code), code || '|', flag FROM e2e_char ORDER BY id;
SELECT id FROM e2e_char WHERE code = 'ab';
\d e2e_char
DROP TABLE e2e_char;
CREATE TABLE e2e_real (id int, r real, d double precision);
INSERT INTO e2e_real VALUES (1, 1.1, 1.1), (2, 1.0/3, 1.0/3), (3, 123456.789, 123456.789), (4, NULL, NULL);
SELECT * FROM e2e_real ORDER BY id;
\d e2e_real
DROP TABLE e2e_real;
CREATE TABLE e2e_numtext (id int, price numeric(8,2), rate numeric(5,3), n int);
INSERT INTO e2e_numtext VALUES (1, 75.50, 0.125, 3), (2, 200, 1, 4), (3, NULL, NULL, NULL), (4, -0.5, -0.001, 0);
SELECT id, price::text, CAST(rate AS varchar), 'USD ' || price, price || ' USD', rate || '%', n::text FROM e2e_numtext ORDER BY id;
SELECT id || ':' || price AS label FROM e2e_numtext ORDER BY id;
DROP TABLE e2e_numtext;
