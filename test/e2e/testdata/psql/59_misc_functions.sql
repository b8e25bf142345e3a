-- verbosity: default
-- pg_sleep (answered by pgwired, under statement_timeout) and div.
SELECT pg_sleep(0.01);
SET statement_timeout = 100;
SELECT pg_sleep(2);
RESET statement_timeout;
SELECT pg_sleep(0);
BEGIN;
SET LOCAL statement_timeout = '50ms';
SELECT pg_sleep(1);
ROLLBACK;
SELECT div(7, 2), div(-7, 2), div(7.5, 2), div(9, 3);
CREATE TABLE e2e_div (a int, b numeric(5,2));
INSERT INTO e2e_div VALUES (7, 2.5), (-7, 2);
SELECT div(a, b), div(a, 2) FROM e2e_div ORDER BY a;
DROP TABLE e2e_div;
