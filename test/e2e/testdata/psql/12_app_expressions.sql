-- Expressions applications compute: integer division of counts, rounding to a scale,
-- casts to text, booleans as values, upserts that accumulate, sorted DISTINCT and UNION.
CREATE TABLE exp_item (id int PRIMARY KEY, sku varchar(12) NOT NULL, price numeric(10,2), qty int,
  added date, seen timestamp, active boolean, tag varchar(10));
INSERT INTO exp_item VALUES
  (1, 'A-100', 19.99, 3, '2024-01-10', '2024-01-10 08:30:00', true, 'red'),
  (2, 'B-200', 5.50, 10, '2024-02-29', '2024-03-01 12:00:00', false, NULL),
  (3, 'C-300', NULL, 0, NULL, NULL, NULL, 'blue'),
  (4, 'a-101', 100.00, 1, '2023-12-31', '2023-12-31 23:59:59', true, 'Red'),
  (5, 'D-400', 0.05, 7, '2024-06-15', '2024-06-15 06:05:04', false, 'blue');
-- Integer arithmetic on counts and lengths
SELECT count(*) / 2 AS half, count(*) % 2 AS odd, count(tag) / count(*) AS ratio FROM exp_item;
SELECT sku, length(sku) / 2 AS half_len, qty::int / 4 AS quarters FROM exp_item ORDER BY id;
SELECT count(*) FILTER (WHERE active) * 100 / count(*) AS pct_active FROM exp_item;
-- Rounding to a scale
SELECT id, round(price, 1) AS r1, round(price) AS r0, trunc(price, 1) AS t1, round(price * qty, 2) AS total, round(price / 3, 3) AS third FROM exp_item ORDER BY id;
SELECT round(2.5) AS a, round(-2.5) AS b, round(1234.5678, -2) AS c, trunc(-7.89) AS d, round(10, 2) AS e;
SELECT id, abs(price - 20) AS gap, greatest(qty, 5) AS g, least(qty, 5) AS l FROM exp_item ORDER BY id;
-- Casts
SELECT id, qty::text AS q, lpad(id::text, 4, '0') AS code, 'item-' || id AS label, price::int AS whole FROM exp_item ORDER BY id;
SELECT '42'::int + 1 AS n, '3.14159'::numeric(6,2) AS pi2, 7::numeric(5,2) AS seven, '2024-02-29'::date + 1 AS leap_next;
-- Booleans as values and conditions
SELECT id, active, NOT active AS inactive, coalesce(active, false) AS known, active IS NOT TRUE AS not_true FROM exp_item ORDER BY id;
SELECT id FROM exp_item WHERE active = true ORDER BY id;
SELECT id FROM exp_item WHERE active IS FALSE OR active IS NULL ORDER BY id;
SELECT exists(SELECT 1 FROM exp_item WHERE qty = 0) AS has_empty, count(*) > 3 AS many FROM exp_item;
SELECT tag, bool_or(active) AS any_active, bool_and(qty > 0) AS all_stocked FROM exp_item GROUP BY tag ORDER BY tag NULLS FIRST;
-- Sorted DISTINCT and set operations with NULLs
SELECT DISTINCT tag FROM exp_item ORDER BY tag;
SELECT DISTINCT tag FROM exp_item ORDER BY tag DESC;
SELECT DISTINCT tag, active FROM exp_item ORDER BY active DESC, tag NULLS FIRST;
SELECT DISTINCT qty::int / 5 AS bucket FROM exp_item ORDER BY 1;
SELECT tag FROM exp_item WHERE id < 3 UNION SELECT tag FROM exp_item WHERE id >= 3 ORDER BY tag;
SELECT price FROM exp_item UNION ALL SELECT NULL ORDER BY 1 DESC LIMIT 3;
-- Dates
SELECT id, added - date '2024-01-01' AS days_in, date '2024-12-31' - added AS days_left, added + interval '30 days' AS due FROM exp_item WHERE added IS NOT NULL ORDER BY id;
SELECT date '2024-03-01' - date '2024-02-01' AS feb_days, date '2025-01-01' - date '2024-01-01' AS year_days;
SELECT id, extract(dow FROM added) AS dow, extract(day FROM added) AS d, date_part('month', added) AS m FROM exp_item WHERE added IS NOT NULL ORDER BY id;
SELECT id FROM exp_item WHERE seen::date = added ORDER BY id;
-- Upserts that accumulate
CREATE TABLE exp_counter (k varchar(10) PRIMARY KEY, n int NOT NULL);
INSERT INTO exp_counter (k, n) VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET n = exp_counter.n + EXCLUDED.n;
INSERT INTO exp_counter (k, n) VALUES ('a', 5) ON CONFLICT (k) DO UPDATE SET n = exp_counter.n + EXCLUDED.n;
INSERT INTO exp_counter (k, n) VALUES ('b', 2), ('a', 1) ON CONFLICT (k) DO UPDATE SET n = exp_counter.n + EXCLUDED.n;
INSERT INTO exp_counter (k, n) VALUES ('b', 9) ON CONFLICT (k) DO NOTHING RETURNING k;
INSERT INTO exp_counter (k, n) VALUES ('c', 3) ON CONFLICT (k) DO UPDATE SET n = 0 RETURNING k, n;
SELECT * FROM exp_counter ORDER BY k;
UPDATE exp_counter SET n = n * 2 WHERE k = 'b' RETURNING k, n;
DELETE FROM exp_counter WHERE n > 10 RETURNING k;
SELECT k, n FROM exp_counter ORDER BY n DESC, k;
DROP TABLE exp_counter;
DROP TABLE exp_item;
