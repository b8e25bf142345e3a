CREATE TABLE docs (id int PRIMARY KEY, j json, b jsonb);
INSERT INTO docs VALUES (1, '{"b":1, "a": [1, 2.50, 1e2, -0]}', '{"b":1, "a": [1, 2.50, 1e2, -0], "aa": {"z": null, "y": "x\ty"}, "b": 2}');
INSERT INTO docs VALUES (2, '[]', '[ ]'), (3, '"s"', '"\u00e9\n"'), (4, 'null', 'null'), (5, NULL, NULL), (6, '  {"x": 12E-3}', '  {"x": 12E-3, "é": true}  ');
SELECT id, j, b FROM docs ORDER BY id;
SELECT * FROM docs WHERE id = 1;
SELECT pg_typeof(j), pg_typeof(b) FROM docs WHERE id = 1;
\d docs
DROP TABLE docs;
