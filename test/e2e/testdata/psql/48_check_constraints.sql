-- CHECK constraints that bound one integer column (the common ones: quantities, ratings,
-- ages), column or table constraints: IRIS validates them as the column class's
-- MINVAL/MAXVAL, and a violation is 23514 as in PostgreSQL.
DROP TABLE IF EXISTS e2e_chk;
CREATE TABLE e2e_chk (
  id int PRIMARY KEY,
  qty int NOT NULL CHECK (qty >= 0),
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  age int CHECK (age > 0 AND age < 150),
  stock bigint,
  CHECK (stock <= 1000000),
  CONSTRAINT e2e_chk_id_check CHECK (id > 0)
);
INSERT INTO e2e_chk VALUES (1, 0, 5, 30, 10), (2, 7, 1, 149, NULL), (3, 2, NULL, NULL, 1000000);
INSERT INTO e2e_chk VALUES (4, -1, 3, 20, 0);
INSERT INTO e2e_chk VALUES (5, 1, 6, 20, 0);
INSERT INTO e2e_chk VALUES (6, 1, 0, 20, 0);
INSERT INTO e2e_chk VALUES (7, 1, 3, 150, 0);
INSERT INTO e2e_chk VALUES (8, 1, 3, 0, 0);
INSERT INTO e2e_chk VALUES (9, 1, 3, 20, 1000001);
INSERT INTO e2e_chk VALUES (0, 1, 3, 20, 0);
UPDATE e2e_chk SET qty = qty - 1 WHERE id = 1;
UPDATE e2e_chk SET rating = rating + 1 WHERE id = 2;
BEGIN;
UPDATE e2e_chk SET qty = 100 WHERE id = 2;
UPDATE e2e_chk SET age = -5 WHERE id = 2;
ROLLBACK;
SELECT * FROM e2e_chk ORDER BY id;
-- numeric(p,s) with a lower bound (prices, rates)
DROP TABLE IF EXISTS e2e_chk_price;
CREATE TABLE e2e_chk_price (id int PRIMARY KEY, price numeric(10,2) NOT NULL CHECK (price > 0), rate numeric(5,3),
  CHECK (rate >= 0.5));
INSERT INTO e2e_chk_price VALUES (1, 0.01, 0.5), (2, 99999999.99, 99.999), (3, 12.5, NULL);
INSERT INTO e2e_chk_price VALUES (4, 0, 1);
INSERT INTO e2e_chk_price VALUES (5, -3.5, 1);
INSERT INTO e2e_chk_price VALUES (6, 1, 0.499);
INSERT INTO e2e_chk_price VALUES (7, 100000000, 1);
UPDATE e2e_chk_price SET price = price - 12.5 WHERE id = 3;
UPDATE e2e_chk_price SET price = price * 2 WHERE id = 1;
SELECT * FROM e2e_chk_price ORDER BY id;
DROP TABLE e2e_chk_price;
-- (other CHECK constraints are 0A000: translate/testdata/cases.txt)
DROP TABLE e2e_chk;
