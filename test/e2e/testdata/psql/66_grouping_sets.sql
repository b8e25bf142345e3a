-- verbosity: default
-- GROUP BY ROLLUP / CUBE / GROUPING SETS, as a UNION ALL of one query per grouping set
CREATE TABLE e2e_gs (id int, dept text, team text, salary numeric(10,2), hired date);
INSERT INTO e2e_gs VALUES (1, 'eng', 'db', 120000, '2020-03-01'), (2, 'eng', 'web', 95000.50, '2021-07-15'), (3, 'ops', 'db', 70000, '2019-11-30'), (4, NULL, NULL, 50000, '2022-01-10'), (5, 'ops', 'sre', NULL, '2023-05-05'), (6, 'eng', 'db', 80000, '2023-01-01');
SELECT dept, count(*), sum(salary), round(avg(salary), 2) FROM e2e_gs GROUP BY ROLLUP (dept) ORDER BY grouping(dept), dept NULLS LAST;
SELECT dept, team, count(*), grouping(dept, team) AS g FROM e2e_gs GROUP BY ROLLUP (dept, team) ORDER BY dept NULLS LAST, team NULLS LAST, g;
SELECT dept, team, sum(salary), grouping(team) FROM e2e_gs GROUP BY CUBE (dept, team) ORDER BY 4, 1, 2, 3;
SELECT coalesce(dept, 'all') AS d, count(*) FROM e2e_gs GROUP BY ROLLUP (dept) HAVING count(*) > 1 ORDER BY d;
SELECT dept, team, count(*) FROM e2e_gs GROUP BY dept, ROLLUP (team) ORDER BY dept, team, 3;
SELECT dept, team, count(*) FROM e2e_gs GROUP BY GROUPING SETS ((dept), (team), ()) ORDER BY dept, team, 3;
SELECT dept, count(*) FROM e2e_gs WHERE hired > '2020-01-01' GROUP BY ROLLUP (dept) ORDER BY count(*) DESC, dept LIMIT 2;
SELECT CASE WHEN grouping(dept) = 1 THEN 'TOTAL' ELSE coalesce(dept, '(none)') END AS label, sum(salary) FROM e2e_gs GROUP BY ROLLUP (dept) ORDER BY grouping(dept), dept;
SELECT dept, count(*) FROM e2e_gs WHERE id < 0 GROUP BY ROLLUP (dept);
SELECT dept, max(hired), min(salary) FROM e2e_gs GROUP BY ROLLUP (dept) ORDER BY sum(salary) DESC NULLS LAST, 1;
SELECT dept, count(*) FROM e2e_gs GROUP BY ROLLUP (dept) ORDER BY 5;
DROP TABLE e2e_gs;
