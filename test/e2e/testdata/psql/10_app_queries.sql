-- Application-style queries: CTEs, window functions, string and date functions, aggregates
-- with FILTER, subqueries, outer joins, set operations, RETURNING and ON CONFLICT.
CREATE TABLE app_dept (id int PRIMARY KEY, name varchar(30) NOT NULL);
CREATE TABLE app_emp (id int PRIMARY KEY, dept_id int, name varchar(30) NOT NULL,
  salary numeric(10,2), hired date, email varchar(60), active boolean);
INSERT INTO app_dept VALUES (1, 'Sales'), (2, 'Engineering'), (3, 'Support'), (4, 'Legal');
INSERT INTO app_emp VALUES
  (1, 1, 'Ann', 5000.00, '2019-03-15', 'ann@example.com', true),
  (2, 1, 'Ben', 4200.50, '2020-07-01', 'ben@example.com', true),
  (3, 2, 'Cid', 7300.00, '2018-01-20', NULL, false),
  (4, 2, 'Dee', 6900.25, '2021-11-30', 'dee@example.org', true),
  (5, 2, 'Eve', 7300.00, '2017-05-05', 'eve@example.org', true),
  (6, 3, 'Fay', 3100.00, '2022-02-28', 'fay@example.com', NULL),
  (7, NULL, 'Gus', NULL, NULL, NULL, false);
-- CTEs
WITH big AS (SELECT id, name, salary FROM app_emp WHERE salary > 5000)
SELECT name, salary FROM big ORDER BY salary DESC, name;
WITH totals AS (SELECT dept_id, sum(salary) AS total FROM app_emp GROUP BY dept_id),
     named AS (SELECT d.name, t.total FROM totals t JOIN app_dept d ON d.id = t.dept_id)
SELECT name, total FROM named ORDER BY total DESC;
WITH s AS (SELECT dept_id, count(*) AS n FROM app_emp GROUP BY dept_id)
SELECT a.dept_id, a.n, b.n AS again FROM s a JOIN s b ON a.dept_id = b.dept_id ORDER BY a.dept_id;
-- Window functions
SELECT name, dept_id, row_number() OVER (PARTITION BY dept_id ORDER BY salary DESC, name) AS rn
FROM app_emp WHERE dept_id IS NOT NULL ORDER BY dept_id, rn;
SELECT name, salary, rank() OVER (ORDER BY salary DESC) AS r, dense_rank() OVER (ORDER BY salary DESC) AS dr
FROM app_emp WHERE salary IS NOT NULL ORDER BY salary DESC, name;
SELECT name, dept_id, salary, sum(salary) OVER (PARTITION BY dept_id) AS dept_total
FROM app_emp WHERE dept_id IS NOT NULL ORDER BY dept_id, name;
SELECT id, salary, lag(salary) OVER (ORDER BY id) AS prev, lead(salary) OVER (ORDER BY id) AS next
FROM app_emp WHERE id <= 5 ORDER BY id;
SELECT id, sum(salary) OVER (ORDER BY id) AS running FROM app_emp WHERE id <= 5 ORDER BY id;
-- CASE, COALESCE, NULLIF
SELECT name, CASE WHEN salary >= 7000 THEN 'senior' WHEN salary >= 4500 THEN 'mid' ELSE 'junior' END AS band
FROM app_emp ORDER BY id;
SELECT name, coalesce(email, 'n/a') AS email, nullif(dept_id, 2) AS d FROM app_emp ORDER BY id;
SELECT CASE dept_id WHEN 1 THEN 'S' WHEN 2 THEN 'E' END AS code, count(*) FROM app_emp GROUP BY dept_id ORDER BY dept_id;
-- String functions
SELECT upper(name), lower(name), length(name), substring(name, 2, 2), substring(name from 1 for 1) FROM app_emp ORDER BY id;
SELECT position('@' in email) AS at, replace(email, 'example', 'ex') AS short FROM app_emp WHERE email IS NOT NULL ORDER BY id;
SELECT trim('  pad  ') AS t, ltrim('xxabc', 'x') AS l, rtrim('abcyy', 'y') AS r, lpad('7', 3, '0') AS p, rpad('ab', 4, '-') AS q;
SELECT concat(name, '-', dept_id) AS c, name || '/' || coalesce(email, '') AS j FROM app_emp ORDER BY id;
SELECT left(name, 2), right(name, 2), upper(left(name, 1)) || lower(substring(name, 2)) AS cap FROM app_emp ORDER BY id;
SELECT substring(email from position('@' in email) + 1) AS domain, count(*) FROM app_emp WHERE email IS NOT NULL GROUP BY 1 ORDER BY domain;
-- Dates
SELECT name, hired, extract(year FROM hired) AS y, extract(month FROM hired) AS m FROM app_emp WHERE hired IS NOT NULL ORDER BY hired;
SELECT date_trunc('month', timestamp '2024-05-17 13:45:10') AS m, date_trunc('year', timestamp '2024-05-17 13:45:10') AS y;
SELECT date '2024-01-31' + interval '1 day' AS d1, timestamp '2024-01-31 10:00:00' - interval '2 hours' AS d2;
SELECT date '2024-03-01' - date '2024-02-01' AS days;
SELECT date '2024-01-31' + 1 AS next_day, date '2024-03-01' - 1 AS prev_day, date '2024-12-25' - date '2024-01-01' AS span;
SELECT id FROM app_emp WHERE hired >= date '2020-01-01' ORDER BY id;
SELECT extract(dow FROM date '2024-05-19') AS dow, extract(doy FROM date '2024-02-01') AS doy;
-- Aggregates
SELECT dept_id, count(*) AS n, count(*) FILTER (WHERE active) AS active_n, avg(salary)::numeric(10,2) AS avg_sal
FROM app_emp GROUP BY dept_id ORDER BY dept_id NULLS FIRST;
SELECT dept_id, max(salary) FROM app_emp GROUP BY dept_id HAVING count(*) > 1 ORDER BY max(salary) DESC;
SELECT dept_id, count(*) FROM app_emp GROUP BY dept_id ORDER BY count(*) DESC, dept_id;
SELECT string_agg(name, ',') FROM app_emp WHERE dept_id = 3;
SELECT count(DISTINCT dept_id) AS depts, sum(salary) AS total, min(hired), max(hired) FROM app_emp;
-- DISTINCT
SELECT DISTINCT dept_id FROM app_emp ORDER BY dept_id;
SELECT DISTINCT salary FROM app_emp WHERE salary IS NOT NULL ORDER BY salary DESC;
-- Subqueries
SELECT name FROM app_emp e WHERE EXISTS (SELECT 1 FROM app_dept d WHERE d.id = e.dept_id AND d.name = 'Engineering') ORDER BY name;
SELECT name FROM app_dept d WHERE NOT EXISTS (SELECT 1 FROM app_emp e WHERE e.dept_id = d.id) ORDER BY name;
SELECT name, (SELECT count(*) FROM app_emp e WHERE e.dept_id = d.id) AS headcount FROM app_dept d ORDER BY id;
SELECT name FROM app_emp WHERE salary > (SELECT avg(salary) FROM app_emp) ORDER BY name;
SELECT name FROM app_emp WHERE dept_id NOT IN (SELECT id FROM app_dept WHERE name = 'Sales') ORDER BY name;
SELECT x.dept_id, x.n FROM (SELECT dept_id, count(*) AS n FROM app_emp GROUP BY dept_id) x WHERE x.n >= 2 ORDER BY x.dept_id;
-- Joins
SELECT e.name, d.name AS dept FROM app_emp e LEFT JOIN app_dept d ON d.id = e.dept_id ORDER BY e.id;
SELECT d.name, e.name AS emp FROM app_emp e RIGHT JOIN app_dept d ON d.id = e.dept_id ORDER BY d.id, e.id;
SELECT d.name AS dept, e.name AS emp FROM app_emp e FULL JOIN app_dept d ON d.id = e.dept_id ORDER BY d.id NULLS LAST, e.id;
SELECT d.name, count(e.id) FROM app_dept d LEFT JOIN app_emp e ON e.dept_id = d.id GROUP BY d.name ORDER BY d.name;
SELECT a.name, b.name FROM app_emp a CROSS JOIN app_dept b WHERE a.id = 1 ORDER BY b.id;
-- Set operations
SELECT dept_id FROM app_emp WHERE dept_id IS NOT NULL UNION SELECT id FROM app_dept ORDER BY 1;
SELECT dept_id FROM app_emp UNION ALL SELECT id FROM app_dept ORDER BY 1 NULLS LAST;
SELECT id FROM app_dept INTERSECT SELECT dept_id FROM app_emp ORDER BY 1;
SELECT id FROM app_dept EXCEPT SELECT dept_id FROM app_emp ORDER BY 1;
-- LIMIT / OFFSET
SELECT name FROM app_emp ORDER BY salary DESC NULLS LAST, name LIMIT 3 OFFSET 1;
SELECT name FROM app_emp ORDER BY name FETCH FIRST 2 ROWS ONLY;
-- NULL ordering
SELECT name, salary FROM app_emp ORDER BY salary NULLS FIRST, name;
SELECT name, salary FROM app_emp ORDER BY salary DESC NULLS LAST, name;
SELECT name, email FROM app_emp ORDER BY email, name;
-- Numbers
SELECT round(7.456, 2) AS r2, round(7.5) AS r0, trunc(7.99) AS t, 7 / 2 AS idiv, 7 % 2 AS md;
SELECT ceil(4.2), floor(4.8), abs(-3), power(2, 10), sqrt(16), mod(17, 5);
SELECT salary, round(salary / 3, 2) AS third FROM app_emp WHERE salary IS NOT NULL ORDER BY id;
SELECT id, salary::int AS s_int, id::text || 'x' AS idx, '12.5'::numeric(10,2) AS n FROM app_emp WHERE id <= 3 ORDER BY id;
SELECT cast(salary AS numeric(10,1)) AS s1 FROM app_emp WHERE id = 2;
-- Booleans
SELECT name, active, NOT active AS inactive, active IS TRUE AS t, active IS NOT FALSE AS nf FROM app_emp ORDER BY id;
SELECT name FROM app_emp WHERE active AND salary > 5000 OR dept_id IS NULL ORDER BY name;
SELECT count(*) FILTER (WHERE active IS UNKNOWN) AS unknown FROM app_emp;
-- LIKE / ILIKE
SELECT name FROM app_emp WHERE email LIKE '%.org' ORDER BY name;
SELECT name FROM app_emp WHERE name ILIKE '_E%' ORDER BY name;
SELECT name FROM app_emp WHERE email NOT LIKE '%example.com' ORDER BY name;
-- INSERT ... RETURNING, ON CONFLICT
INSERT INTO app_dept VALUES (5, 'Ops') RETURNING id, name;
INSERT INTO app_dept VALUES (5, 'Ops2') ON CONFLICT DO NOTHING;
INSERT INTO app_dept (id, name) VALUES (5, 'Operations') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name;
INSERT INTO app_dept (id, name) VALUES (6, 'New'), (1, 'Dup') ON CONFLICT (id) DO NOTHING;
INSERT INTO app_dept (id, name) VALUES (6, 'Newer') ON CONFLICT (id) DO UPDATE SET name = app_dept.name || '+' WHERE app_dept.id > 5;
SELECT * FROM app_dept ORDER BY id;
UPDATE app_emp SET salary = salary * 1.10 WHERE dept_id = 1 RETURNING id, salary;
DELETE FROM app_emp WHERE id = 7 RETURNING name;
UPDATE app_emp SET email = lower(name) || '@corp.test' WHERE email IS NULL;
SELECT id, email FROM app_emp ORDER BY id;
DROP TABLE app_emp;
DROP TABLE app_dept;
