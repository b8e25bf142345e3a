-- verbosity: default
-- named windows: WINDOW w AS (…), OVER w, OVER (w ORDER BY …), and PostgreSQL's errors
CREATE TABLE e2e_win (id int, g text, x int);
INSERT INTO e2e_win VALUES (1, 'a', 10), (2, 'a', 20), (3, 'b', 5), (4, 'b', 5), (5, 'b', 7), (6, NULL, 1);
SELECT id, sum(x) OVER w, count(*) OVER w, rank() OVER (w ORDER BY x) FROM e2e_win WINDOW w AS (PARTITION BY g) ORDER BY id;
SELECT id, sum(x) OVER w2, row_number() OVER w2 FROM e2e_win WINDOW w1 AS (PARTITION BY g), w2 AS (w1 ORDER BY id) ORDER BY id;
SELECT id, sum(x) OVER w FROM e2e_win WINDOW w AS (ORDER BY x, id), unused AS (PARTITION BY id) ORDER BY id;
SELECT g, sum(x), rank() OVER w FROM e2e_win GROUP BY g WINDOW w AS (ORDER BY sum(x) DESC) ORDER BY g;
SELECT id FROM (SELECT id, lag(x) OVER w AS prev FROM e2e_win WINDOW w AS (PARTITION BY g ORDER BY id)) s WHERE prev IS NULL ORDER BY id;
SELECT sum(x) OVER nope FROM e2e_win;
SELECT sum(x) OVER (w PARTITION BY id) FROM e2e_win WINDOW w AS (PARTITION BY g);
SELECT sum(x) OVER (w ORDER BY id) FROM e2e_win WINDOW w AS (ORDER BY x);
DROP TABLE e2e_win;
