-- SELECT * with ORDER BY positions (NULLs placed as PostgreSQL places them) and FOR UPDATE.
CREATE TABLE e2e_star (id int, name text, score int);
INSERT INTO e2e_star VALUES (1, 'b', NULL), (2, NULL, 5), (3, 'a', 7), (NULL, 'c', 1);
SELECT * FROM e2e_star ORDER BY 1;
SELECT * FROM e2e_star ORDER BY 2 DESC, 1;
SELECT * FROM e2e_star ORDER BY 3 NULLS FIRST;
SELECT * FROM e2e_star a JOIN e2e_star b ON a.id = b.id ORDER BY 5;
SELECT b.* FROM e2e_star a JOIN e2e_star b ON a.id = b.id ORDER BY 2;
SELECT * FROM e2e_star a1 CROSS JOIN e2e_star a2 WHERE a1.id < 3 AND a2.id < 3 ORDER BY 1, 4;
DROP TABLE e2e_star;
CREATE TABLE e2e_star_fu (id serial PRIMARY KEY, owner text, bal numeric(8,2));
INSERT INTO e2e_star_fu (owner, bal) VALUES ('a', 10), ('b', 20);
BEGIN;
SELECT * FROM e2e_star_fu WHERE id = 1 FOR UPDATE;
UPDATE e2e_star_fu SET bal = bal - 5 WHERE id = 1;
COMMIT;
SELECT * FROM e2e_star_fu ORDER BY 1;
SELECT * FROM e2e_star_fu ORDER BY 3 DESC FOR UPDATE;
DROP TABLE e2e_star_fu;
