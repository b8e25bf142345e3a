-- array_agg through pgwired is IRIS's JSON_ARRAYAGG with NULLs counted by pgwired: NULL elements
-- come last (the order of array_agg without ORDER BY is unspecified in PostgreSQL too), so
-- the rows holding NULLs are inserted last in each group here; DISTINCT values are inserted
-- in ascending order (PostgreSQL sorts them).
CREATE TABLE e2e_arr_items (id INT PRIMARY KEY, grp INT NOT NULL, qty INT, label TEXT, code VARCHAR(10), price NUMERIC(10,2), ok BOOLEAN, day DATE, at TIMESTAMP, ratio DOUBLE PRECISION);
INSERT INTO e2e_arr_items VALUES
 (1, 1, 10, 'plain', 'A1', 1.5, false, '2024-01-02', '2024-01-02 03:04:05', 0.5),
 (2, 1, 20, 'with space', 'B2', 2, true, '2024-02-03', '2024-02-03 10:00:00.5', 0.1),
 (3, 1, 20, 'a,b', 'C3', 3.25, true, '2024-03-04', '2024-03-04 00:00:00', 1e-7),
 (4, 2, 5, 'say "hi"', 'D4', 0, false, '1999-12-31', '1999-12-31 23:59:59.999999', -2),
 (5, 2, 6, 'back\slash', 'E5', -1.1, true, '2000-01-01', '2000-01-01 00:00:00', 1e20),
 (6, 2, 7, '', 'F6', 100, NULL, '2024-05-06', '2024-05-06 12:00:00', 3),
 (7, 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (8, 3, 1, 'NULL', 'nul', 0.01, false, '2024-07-08', '2024-07-08 08:08:08', 42),
 (9, 3, 2, 'null', 'x y', 99999999.99, true, '2024-07-09', '2024-07-09 09:09:09', 42),
 (10, 3, 3, '{braces}', ' lead', 5.5, true, '2024-07-10', '2024-07-10 10:10:10', 42),
 (11, 3, 4, E'tab\there', 'trail ', 6, true, '2024-07-11', '2024-07-11 11:11:11', 42),
 (12, 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (13, 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT array_agg(qty) AS qtys FROM e2e_arr_items WHERE grp IN (1, 3, 4);
SELECT grp, array_agg(qty) AS qtys, array_agg(label) AS labels FROM e2e_arr_items GROUP BY grp ORDER BY grp;
SELECT grp, array_agg(code) AS codes, array_agg(price) AS prices FROM e2e_arr_items GROUP BY grp ORDER BY grp;
SELECT grp, array_agg(ok) AS oks, array_agg(day) AS days FROM e2e_arr_items GROUP BY grp ORDER BY grp;
SELECT grp, array_agg(at) AS ats, array_agg(ratio) AS ratios FROM e2e_arr_items GROUP BY grp ORDER BY grp;
SELECT grp, array_agg(DISTINCT qty) AS distinct_qtys, array_agg(DISTINCT ok) AS distinct_oks FROM e2e_arr_items GROUP BY grp ORDER BY grp;
SELECT array_agg(DISTINCT grp) AS groups FROM e2e_arr_items;
SELECT grp, array_agg(qty) FILTER (WHERE qty > 5) AS big, array_agg(label) FILTER (WHERE ok) AS ok_labels, count(*) AS n FROM e2e_arr_items GROUP BY grp ORDER BY grp;
SELECT grp, array_agg(DISTINCT qty) FILTER (WHERE id < 7) AS early FROM e2e_arr_items GROUP BY grp ORDER BY grp;
SELECT array_agg(qty) AS none FROM e2e_arr_items WHERE id > 100;
SELECT grp, array_agg(qty) AS none FROM e2e_arr_items WHERE id > 100 GROUP BY grp;
SELECT array_agg(label) FILTER (WHERE grp = 99) AS filtered_out, count(*) AS n FROM e2e_arr_items;
SELECT grp, array_agg(qty) AS qtys, avg(qty) AS mean, sum(price) AS total FROM e2e_arr_items GROUP BY grp HAVING count(qty) > 0 ORDER BY grp DESC;
CREATE TABLE e2e_arr_groups (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL);
INSERT INTO e2e_arr_groups VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four'), (5, 'five');
SELECT g.name, array_agg(i.id) AS ids, array_agg(i.code) AS codes FROM e2e_arr_groups g JOIN e2e_arr_items i ON i.grp = g.id GROUP BY g.name ORDER BY g.name;
SELECT g.id, array_agg(i.qty) AS qtys FROM e2e_arr_groups g LEFT JOIN e2e_arr_items i ON i.grp = g.id AND i.qty > 6 GROUP BY g.id ORDER BY g.id;
SELECT array_agg(name) AS names FROM e2e_arr_groups WHERE id IN (2, 4);
DROP TABLE e2e_arr_groups;
DROP TABLE e2e_arr_items;
