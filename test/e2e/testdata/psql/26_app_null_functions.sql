-- coalesce, greatest/least, CASE and scalar subqueries over a numeric column whose first row
-- holds a whole number (100.00): the result column keeps its type for the rows after it.
CREATE TABLE nf_a (id int PRIMARY KEY, total numeric(10,2), qty int, label varchar(10), d date);
INSERT INTO nf_a VALUES (1, 100, 1, 'a', '2024-01-01'), (2, 50.25, NULL, NULL, NULL), (3, NULL, 3, 'c', '2024-03-01');
SELECT id, coalesce(total, 0.00) AS total FROM nf_a ORDER BY id;
SELECT id, greatest(total, 30.00) AS g, least(total, 60.00) AS l FROM nf_a ORDER BY id;
SELECT id, CASE WHEN qty IS NULL THEN total WHEN qty > 2 THEN 9.99 ELSE total END AS c FROM nf_a ORDER BY id;
SELECT id, coalesce(qty, 0) AS q, coalesce(label, '-') AS lbl, coalesce(d, date '2000-01-01') AS d FROM nf_a ORDER BY id;
SELECT id, coalesce(qty, NULL, 0) AS a, coalesce(label, d::text, 'none') AS c, greatest(qty, 2) AS g, least(qty, id, 2) AS l FROM nf_a ORDER BY id;
SELECT id, (SELECT b.total FROM nf_a b WHERE b.id = a.id) AS own, (SELECT max(b.total) FROM nf_a b WHERE b.id >= a.id) AS top FROM nf_a a ORDER BY id;
SELECT sum(coalesce(total, 0.00)) AS s, max(greatest(total, 75.50)) AS m FROM nf_a;
DROP TABLE nf_a;
