CREATE TABLE pct (id int PRIMARY KEY, g varchar(10), i int, n numeric(10,2), d double precision, dt date, ts timestamp, s varchar(20), t text, b boolean);
INSERT INTO pct VALUES
 (1,'a',1,1.50,0.1,'2024-01-02','2024-01-02 10:00:00','pear','x',true),
 (2,'a',2,2.25,0.2,'2024-03-01','2024-03-01 08:30:00','apple','y',false),
 (3,'a',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL),
 (4,'a',7,10.00,2.5,'2023-12-31','2023-12-31 23:59:59.5','Zebra','y',true),
 (5,'b',5,3.10,1e10,'2023-01-01','2023-01-01 00:00:00','fig','c',false),
 (6,'b',5,3.10,-4.75,'2023-01-01','2023-01-01 00:00:01','fig','',false),
 (7,'b',-3,-0.50,0.3,'2022-06-15','2022-06-15 12:00:00','Fig','d',true),
 (8,'c',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL),
 (9,'d',10,100.00,1,'2020-02-29','2020-02-29 00:00:00','b','b',true),
 (10,'d',20,200.00,2,'2020-03-01','2020-03-01 00:00:00','a','a',true),
 (11,'d',30,300.00,3,'2020-03-02','2020-03-02 00:00:00','a','b',true),
 (12,'d',40,400.00,4,'2020-03-03','2020-03-03 00:00:00','b','a',false);
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY i) AS median FROM pct;
SELECT g, percentile_cont(0.5) WITHIN GROUP (ORDER BY i) AS mi, percentile_cont(0.5) WITHIN GROUP (ORDER BY n) AS mn, percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS md FROM pct GROUP BY g ORDER BY g;
SELECT g, percentile_cont(0.25) WITHIN GROUP (ORDER BY i), percentile_cont(0.75) WITHIN GROUP (ORDER BY n DESC), percentile_cont(0.1) WITHIN GROUP (ORDER BY d) FROM pct GROUP BY g ORDER BY g;
SELECT percentile_cont(0) WITHIN GROUP (ORDER BY d), percentile_cont(1) WITHIN GROUP (ORDER BY d), percentile_cont(0.3333) WITHIN GROUP (ORDER BY d), percentile_cont(0.9) WITHIN GROUP (ORDER BY i DESC) FROM pct;
SELECT g, percentile_cont(0.5) WITHIN GROUP (ORDER BY i) FILTER (WHERE id > 1) AS m, count(*) FROM pct GROUP BY g ORDER BY g;
SELECT g, percentile_disc(0.5) WITHIN GROUP (ORDER BY n) AS dn, percentile_disc(0.5) WITHIN GROUP (ORDER BY dt) AS ddt, percentile_disc(0.5) WITHIN GROUP (ORDER BY ts DESC) AS dts FROM pct GROUP BY g ORDER BY g;
SELECT percentile_disc(0) WITHIN GROUP (ORDER BY s), percentile_disc(1) WITHIN GROUP (ORDER BY s), percentile_disc(0.5) WITHIN GROUP (ORDER BY t), percentile_disc(0.4) WITHIN GROUP (ORDER BY d) FROM pct;
SELECT g, percentile_disc(0.6) WITHIN GROUP (ORDER BY i), percentile_disc(0.5) WITHIN GROUP (ORDER BY b) FROM pct GROUP BY g ORDER BY g;
SELECT g, mode() WITHIN GROUP (ORDER BY s) AS ms, mode() WITHIN GROUP (ORDER BY s DESC) AS msd, mode() WITHIN GROUP (ORDER BY i) AS mi, mode() WITHIN GROUP (ORDER BY t) AS mt FROM pct GROUP BY g ORDER BY g;
SELECT mode() WITHIN GROUP (ORDER BY n), mode() WITHIN GROUP (ORDER BY dt), mode() WITHIN GROUP (ORDER BY b), mode() WITHIN GROUP (ORDER BY t DESC) FROM pct;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY i), percentile_disc(0.5) WITHIN GROUP (ORDER BY s), mode() WITHIN GROUP (ORDER BY dt) FROM pct WHERE id > 100;
SELECT g, percentile_cont(0.5) WITHIN GROUP (ORDER BY i), percentile_disc(0.5) WITHIN GROUP (ORDER BY s), mode() WITHIN GROUP (ORDER BY t) FROM pct WHERE g IN ('a', 'c') GROUP BY g ORDER BY g;
SELECT g, percentile_cont(0.5) WITHIN GROUP (ORDER BY i) FROM pct WHERE false GROUP BY g;
SELECT percentile_cont(ARRAY[0, 0.25, 0.5, NULL, 1]) WITHIN GROUP (ORDER BY i) FROM pct;
SELECT g, percentile_disc(ARRAY[0.5, 0.1]) WITHIN GROUP (ORDER BY n) AS dn, percentile_disc(ARRAY[0.9]) WITHIN GROUP (ORDER BY s) AS ds, percentile_cont(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY d) FROM pct GROUP BY g ORDER BY g;
SELECT percentile_cont(NULL) WITHIN GROUP (ORDER BY i), percentile_disc(NULL) WITHIN GROUP (ORDER BY s) FROM pct;
SELECT percentile_cont(-0.0) WITHIN GROUP (ORDER BY i), percentile_cont(0.5::float8) WITHIN GROUP (ORDER BY i), percentile_cont(1.0) WITHIN GROUP (ORDER BY n) FROM pct;
SELECT a.g, percentile_cont(0.5) WITHIN GROUP (ORDER BY b.i) FROM pct a JOIN pct b ON b.g = a.g AND b.id <> a.id GROUP BY a.g ORDER BY a.g;
SELECT g, count(*) AS rows, percentile_cont(0.5) WITHIN GROUP (ORDER BY i * 2) AS twice, string_agg(s, ',' ORDER BY s) AS names FROM pct GROUP BY g HAVING count(*) > 1 ORDER BY g;
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY i) FROM pct;
SELECT percentile_cont(-0.1) WITHIN GROUP (ORDER BY i) FROM pct WHERE id > 100;
SELECT g, percentile_disc(2) WITHIN GROUP (ORDER BY s) FROM pct WHERE false GROUP BY g;
SELECT percentile_cont(ARRAY[0.5, 1.01]) WITHIN GROUP (ORDER BY i) FROM pct;
SELECT percentile_cont(ARRAY[0.5, 1.01]) WITHIN GROUP (ORDER BY i) FROM pct WHERE id > 100;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY dt) FROM pct;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s) FROM pct;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY i, n) FROM pct;
SELECT percentile_cont(0.5) FROM pct;
SELECT mode(i) WITHIN GROUP (ORDER BY i) FROM pct;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY i) OVER () FROM pct;
SELECT percentile_cont('0.5') WITHIN GROUP (ORDER BY i), percentile_disc(' 0.25 ') WITHIN GROUP (ORDER BY n), percentile_disc(NULL) WITHIN GROUP (ORDER BY i) FROM pct;
SELECT percentile_cont('NaN') WITHIN GROUP (ORDER BY i) FROM pct;
SELECT percentile_disc('0.5') WITHIN GROUP (ORDER BY s) FROM pct;
SELECT percentile_disc(NULL) WITHIN GROUP (ORDER BY dt) FROM pct;
SELECT percentile_cont(ARRAY[]::float8[]) WITHIN GROUP (ORDER BY i), percentile_disc(ARRAY[0.5]::float8[]) WITHIN GROUP (ORDER BY dt) FROM pct;
BEGIN;
DECLARE pc CURSOR WITH HOLD FOR SELECT g, percentile_cont(0.5) WITHIN GROUP (ORDER BY d), mode() WITHIN GROUP (ORDER BY s) FROM pct GROUP BY g ORDER BY g;
FETCH 2 FROM pc;
COMMIT;
FETCH ALL FROM pc;
CLOSE pc;
PREPARE pq(float8) AS SELECT g, percentile_cont($1) WITHIN GROUP (ORDER BY i) FROM pct GROUP BY g ORDER BY g;
EXECUTE pq(0.5);
EXECUTE pq(0.9);
EXECUTE pq(1.5);
DEALLOCATE pq;
DROP TABLE pct;
