-- DISTINCT ON: the first row of each group in ORDER BY order ("latest order per customer"),
-- with NULL keys, DESC and NULLS FIRST/LAST, output aliases and positions, a WHERE, a LIMIT,
-- and as a subquery.
CREATE TABLE don (id int PRIMARY KEY, customer text, placed date, amount numeric(8,2), note varchar(10));
INSERT INTO don VALUES (1, 'ann', '2024-01-05', 10.00, 'a'), (2, 'ann', '2024-03-01', 25.50, NULL), (3, 'bob', '2024-02-10', 7.25, 'b'),
  (4, 'bob', '2024-02-10', 9.99, 'c'), (5, 'Ann', '2024-04-01', 1.00, 'd'), (6, NULL, '2024-01-01', 3.00, 'e'), (7, NULL, NULL, 4.00, 'f'), (8, 'cy', NULL, 5.00, NULL);
SELECT DISTINCT ON (customer) customer, placed, amount FROM don ORDER BY customer, placed DESC, id;
SELECT DISTINCT ON (customer) customer, placed, amount FROM don ORDER BY customer NULLS FIRST, placed DESC NULLS LAST, id;
SELECT DISTINCT ON (1) customer AS who, amount AS amt FROM don WHERE amount > 2 ORDER BY 1, amt DESC;
SELECT DISTINCT ON (who) customer AS who, id FROM don ORDER BY who DESC, id LIMIT 3;
SELECT DISTINCT ON (customer, placed) customer, placed, id FROM don ORDER BY customer, placed, id DESC;
SELECT count(*) AS customers, sum(amount) AS latest_total FROM (SELECT DISTINCT ON (customer) customer, amount FROM don ORDER BY customer, placed DESC NULLS LAST, id) s;
SELECT DISTINCT ON (note IS NULL) note IS NULL AS missing, id FROM don ORDER BY note IS NULL, id;
SELECT DISTINCT ON (customer) customer, id FROM don ORDER BY id;
DROP TABLE don;
