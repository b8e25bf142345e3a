-- pg_typeof answers from the text (literals, casts, functions of a known type) or, for
-- a column of the statement's tables, from the catalog. What pgwired cannot type is
-- 0A000 (not shown here: PostgreSQL answers it).
SELECT pg_typeof(1), pg_typeof(3000000000), pg_typeof(1.5), pg_typeof('a'), pg_typeof(NULL), pg_typeof(true);
SELECT pg_typeof('a'::text), pg_typeof('x'::varchar(3)), pg_typeof(1::float8), pg_typeof(now()), pg_typeof('2024-01-01'::date), pg_typeof(count(*)), pg_typeof(length('abc'));
DROP TABLE IF EXISTS e2e_typeof;
CREATE TABLE e2e_typeof (id integer PRIMARY KEY, n numeric(5,2), s varchar(10), b boolean, t timestamp, x text, bi bigint, sm smallint, d double precision, u uuid, dt date, tm time);
INSERT INTO e2e_typeof (id, s) VALUES (1, 'one'), (2, 'two');
SELECT pg_typeof(id), pg_typeof(n), pg_typeof(s), pg_typeof(b), pg_typeof(t), pg_typeof(x) FROM e2e_typeof WHERE id = 1;
SELECT pg_typeof(bi), pg_typeof(sm), pg_typeof(d), pg_typeof(u), pg_typeof(dt), pg_typeof(tm) FROM e2e_typeof WHERE id = 1;
SELECT q.id, pg_typeof(q.n) AS n_type FROM e2e_typeof q ORDER BY q.id;
SELECT count(*) FROM e2e_typeof WHERE pg_typeof(id)::text = 'integer';
DROP TABLE e2e_typeof;
