-- Reporting queries over orders: timestamps, NULL-aware predicates, pivots with CASE,
-- windows over the whole result, INSERT … SELECT, subqueries in UPDATE and DELETE.
CREATE TABLE rep_customer (id int PRIMARY KEY, name varchar(40) NOT NULL, region varchar(10), vip boolean NOT NULL DEFAULT false);
CREATE TABLE rep_order (id int PRIMARY KEY, customer_id int NOT NULL, placed timestamp NOT NULL,
  amount numeric(12,2) NOT NULL, qty int NOT NULL, status varchar(12), note text);
INSERT INTO rep_customer (id, name, region, vip) VALUES (1, 'Acme', 'north', true), (2, 'Bolt', 'south', false),
  (3, 'Crux', NULL, false), (4, 'Dyna', 'north', false), (5, 'echo', 'south', true);
INSERT INTO rep_order VALUES
  (10, 1, '2024-01-05 09:15:00', 120.50, 3, 'shipped', NULL),
  (11, 1, '2024-01-20 17:40:30', 80.00, 1, 'shipped', 'gift'),
  (12, 2, '2024-02-02 08:00:00', 15.25, 5, 'cancelled', ''),
  (13, 3, '2024-02-14 12:30:00', 300.00, 2, NULL, 'rush'),
  (14, 4, '2024-03-01 00:00:00', 42.00, 7, 'pending', NULL),
  (15, 1, '2024-03-15 23:59:59', 99.99, 1, 'shipped', 'repeat'),
  (16, 5, '2024-03-31 10:10:10', 5.00, 10, 'pending', NULL);
-- Time buckets
SELECT date_trunc('month', placed) AS month, count(*) AS orders, sum(amount) AS revenue
FROM rep_order GROUP BY date_trunc('month', placed) ORDER BY month;
SELECT extract(year FROM placed) AS y, extract(quarter FROM placed) AS q, extract(hour FROM placed) AS h, id FROM rep_order ORDER BY id;
SELECT id, placed::date AS day, cast(placed AS date) = date '2024-01-05' AS first_day FROM rep_order ORDER BY id;
SELECT id, placed + interval '1 month' AS next_month, placed - interval '30 minutes' AS earlier FROM rep_order WHERE id IN (10, 15) ORDER BY id;
SELECT id FROM rep_order WHERE placed >= timestamp '2024-02-01' AND placed < timestamp '2024-03-01' ORDER BY id;
SELECT id FROM rep_order WHERE placed BETWEEN '2024-01-01' AND '2024-01-31 23:59:59' ORDER BY id;
SELECT date_trunc('day', placed) AS d, date_trunc('hour', placed) AS h FROM rep_order WHERE id = 11;
-- Pivot with CASE and FILTER. (ELSE 0.00: IRIS types the CASE as the amount's NUMERIC(10,2),
-- so pgwired shows a sum of zeros as 0.00 where PostgreSQL shows 0; docs/compatibility.md.)
SELECT c.region,
  sum(CASE WHEN o.status = 'shipped' THEN o.amount ELSE 0.00 END) AS shipped,
  count(*) FILTER (WHERE o.status IS NULL) AS unknown
FROM rep_customer c JOIN rep_order o ON o.customer_id = c.id GROUP BY c.region ORDER BY c.region;
SELECT status, count(*), coalesce(sum(qty), 0) AS qty FROM rep_order GROUP BY status ORDER BY status NULLS FIRST;
SELECT customer_id, count(*) AS n FROM rep_order GROUP BY 1 HAVING count(*) >= 1 ORDER BY 2 DESC, 1;
-- NULL-aware predicates
SELECT id FROM rep_order WHERE status IS DISTINCT FROM 'shipped' ORDER BY id;
SELECT id FROM rep_order WHERE status IS NOT DISTINCT FROM NULL ORDER BY id;
SELECT id, coalesce(note, '(none)') AS note, note IS NULL AS missing, note = '' AS empty FROM rep_order ORDER BY id;
SELECT name FROM rep_customer WHERE region NOT IN ('north') ORDER BY name;
SELECT name FROM rep_customer WHERE id NOT IN (SELECT customer_id FROM rep_order WHERE status = 'pending') ORDER BY name;
SELECT name FROM rep_customer WHERE region IN (SELECT region FROM rep_customer WHERE vip) ORDER BY name;
SELECT 'a' || NULL AS n1, coalesce(NULL, NULL, 3) AS c, nullif('x', 'x') AS nx, NULL::int IS NULL AS isnull;
-- Windows over the result
SELECT id, amount, count(*) OVER () AS total_rows, sum(amount) OVER () AS grand_total FROM rep_order ORDER BY id;
SELECT id, customer_id, row_number() OVER (PARTITION BY customer_id ORDER BY placed DESC) AS recency FROM rep_order ORDER BY customer_id, recency;
SELECT id, ntile(3) OVER (ORDER BY amount DESC) AS tier FROM rep_order ORDER BY id;
SELECT id, first_value(id) OVER (PARTITION BY customer_id ORDER BY placed) AS first_order FROM rep_order ORDER BY id;
SELECT * FROM (SELECT id, rank() OVER (ORDER BY amount DESC) AS r FROM rep_order) ranked WHERE r <= 3 ORDER BY r;
-- Percentages and rounding
SELECT customer_id, round(100.0 * sum(amount) / (SELECT sum(amount) FROM rep_order), 1) AS pct FROM rep_order GROUP BY customer_id ORDER BY customer_id;
SELECT id, round(amount * qty, 2) AS line, round(amount / qty, 2) AS unit, ceil(amount / 10) AS tens, floor(-1.5) AS f, abs(-amount) AS a FROM rep_order ORDER BY id;
SELECT id, amount::float8 AS f, (qty * 1.5)::numeric(10,1) AS q15 FROM rep_order WHERE id <= 12 ORDER BY id;
-- Strings
SELECT name, length(name), upper(substr(name, 1, 1)) AS initial, lower(name) = name AS is_lower, strpos(name, 'c') AS c_at FROM rep_customer ORDER BY id;
SELECT name FROM rep_customer WHERE name LIKE '_c%' OR name LIKE 'B__t' ORDER BY name;
SELECT name FROM rep_customer WHERE lower(name) LIKE 'e%' ORDER BY name;
SELECT concat_ws('-', name, region, id) AS label, btrim('  x  ') AS b, trim(both '*' from '**y**') AS t FROM rep_customer ORDER BY id;
SELECT name FROM rep_customer ORDER BY name;
SELECT name FROM rep_customer ORDER BY length(name) DESC, name LIMIT 2;
SELECT name < 'B' AS before_b, name FROM rep_customer ORDER BY name DESC;
-- Data changes driven by queries
CREATE TABLE rep_archive (id int PRIMARY KEY, customer_id int, amount numeric(12,2));
INSERT INTO rep_archive (id, customer_id, amount) SELECT id, customer_id, amount FROM rep_order WHERE placed < '2024-02-01';
SELECT * FROM rep_archive ORDER BY id;
UPDATE rep_customer SET vip = true WHERE id IN (SELECT customer_id FROM rep_order GROUP BY customer_id HAVING sum(amount) > 250);
SELECT id, vip FROM rep_customer ORDER BY id;
UPDATE rep_order SET note = (SELECT name FROM rep_customer c WHERE c.id = rep_order.customer_id) WHERE note IS NULL;
SELECT id, note FROM rep_order ORDER BY id;
UPDATE rep_order SET status = coalesce(status, 'new'), qty = qty + 1 WHERE status IS NULL OR status = 'pending' RETURNING id, status, qty;
DELETE FROM rep_order WHERE customer_id IN (SELECT id FROM rep_customer WHERE region IS NULL);
DELETE FROM rep_order WHERE status = 'cancelled' RETURNING *;
SELECT count(*), sum(amount), max(placed), min(status) FROM rep_order;
INSERT INTO rep_customer (id, name, region) VALUES (6, 'Fern', 'west') RETURNING *;
SELECT id, name, vip FROM rep_customer WHERE id = 6;
DROP TABLE rep_archive;
DROP TABLE rep_order;
DROP TABLE rep_customer;
