-- verbosity: default
-- COPY errors as psql shows them: the column and value a type refuses, the line of a row a constraint refuses, the key of a duplicate.
CREATE TABLE e2e_cperr (id int PRIMARY KEY, name varchar(5) NOT NULL, n numeric(4,1));
COPY e2e_cperr FROM STDIN;
1	a	1.5
2	b	x
\.
COPY e2e_cperr FROM STDIN;
1	a	1.5
2	toolong	1
\.
COPY e2e_cperr FROM STDIN;
1	a	1.5
1	b	2
\.
COPY e2e_cperr FROM STDIN;
1	\N	1.5
\.
COPY e2e_cperr FROM STDIN (FORMAT csv);
1,a,1.5
2,b
\.
COPY e2e_cperr (id, name) FROM STDIN;
5	e
\.
COPY e2e_cperr TO STDOUT;
COPY (SELECT id, name FROM e2e_cperr ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER);
DROP TABLE e2e_cperr;
