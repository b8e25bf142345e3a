-- age(a, b) and age(a): PostgreSQL's symbolic interval, computed by pgwired from the two time stamps
CREATE TABLE e2e_age (id int, born date, seen timestamp, left_at timestamp);
INSERT INTO e2e_age VALUES (1, '2020-06-15', '2024-01-01 10:00:00', '2024-03-31 08:30:15.25'), (2, '2024-02-29', '2024-01-31 23:59:59', '2023-12-01 00:00:00'), (3, NULL, '2024-01-01 00:00:00', NULL), (4, '2000-01-31', '2000-03-01 00:00:00', '2000-03-01 00:00:00');
SELECT id, age(left_at, seen), age(seen, left_at), age(seen, born) FROM e2e_age ORDER BY id;
SELECT id, age('2024-01-01'::date, born) AS years, age(born) AS until_today FROM e2e_age ORDER BY id;
SELECT age(timestamp '2024-03-31', timestamp '2024-02-29'), age(timestamp '2024-02-29', timestamp '2024-03-31'), age(timestamp '2001-04-10', timestamp '1957-06-13');
SELECT age(seen, seen) FROM e2e_age WHERE id = 1;
BEGIN;
DECLARE c CURSOR FOR SELECT id, age(left_at, seen) FROM e2e_age ORDER BY id;
FETCH 2 FROM c;
COMMIT;
DROP TABLE e2e_age;
