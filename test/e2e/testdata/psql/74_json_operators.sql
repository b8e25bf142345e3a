CREATE TABLE ev (id int PRIMARY KEY, j json, b jsonb, t text);
INSERT INTO ev VALUES (1, '{"a":1,"a":2, "n": {"x": [1,  2, {"y": "deep"}]}, "s": "str\n", "z": null}', '{"k": "v", "arr": [10, 20, 30], "obj": {"q": 1.50, "p": [true]}, "nul": null}', 'x');
INSERT INTO ev VALUES (2, '[1, "two", [3]]', '"scalar"', NULL), (3, NULL, NULL, NULL);
SELECT id, j->'a' AS a, j->'n' AS n, j->'n'->'x'->2->>'y' AS deep, j->>'s' AS s, j->'z' AS z, j->>'z' AS zt FROM ev ORDER BY id;
SELECT id, b->>'k', b->'arr'->-1, b->'arr'->>1, b->'obj', b->>'obj', b->'nul', b->>'nul', b->'missing' FROM ev ORDER BY id;
SELECT id, j->1, j->>1, j->-1->0, b #> '{obj,p,0}', b #>> '{arr,2}', j #>> '{n,x,2,y}' FROM ev ORDER BY id;
SELECT b->'obj' AS o FROM ev WHERE id = 1;
SELECT t->>'a' FROM ev;

CREATE TABLE orders (id int PRIMARY KEY, info jsonb);
INSERT INTO orders VALUES (1, '{"customer": {"name": "Ann", "tags": ["vip", "eu"]}, "total": 12.5, "paid": true}'), (2, '{"customer": {"name": "Bob"}, "total": 3}');
SELECT id, info->'customer'->>'name' AS customer, info->'customer'->'tags'->>0 AS first_tag, info->>'total' AS total, info->'paid' AS paid FROM orders ORDER BY id;
PREPARE oq(int) AS SELECT info #>> '{customer,name}' FROM orders WHERE id = $1;
EXECUTE oq(2);
DROP TABLE orders;
DROP TABLE ev;
