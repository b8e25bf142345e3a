package catalog

import (
	"fmt"
	"strings"
	"testing"
)

// The queries below are psql 15's own (captured with ECHO_HIDDEN), so these tests pin the
// answers psql needs for \dt and \d.

func TestPsqlListTables(t *testing.T) {
	s := loadShop(t)
	cols, rows := run(t, s, `SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;`)
	expectRows(t, rows, "public|customers|table|alice", "public|orders|table|alice")
	want := []Column{{Name: "Schema", TypeOID: oidName, Typmod: -1}, {Name: "Name", TypeOID: oidName, Typmod: -1}, {Name: "Type", TypeOID: oidText, Typmod: -1}, {Name: "Owner", TypeOID: oidName, Typmod: -1}}
	for i, c := range want {
		if cols[i] != c {
			t.Errorf("column %d = %+v, want %+v", i, cols[i], c)
		}
	}
}

func TestPsqlDescribeTable(t *testing.T) {
	s := loadShop(t)
	_, rows := run(t, s, `SELECT c.oid,
  n.nspname,
  c.relname
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname OPERATOR(pg_catalog.~) '^(customers)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 2, 3;`)
	if len(rows) != 1 {
		t.Fatalf("lookup rows = %v", rows)
	}
	oid := rows[0][:strings.IndexByte(rows[0], '|')]

	_, rows = run(t, s, `SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
FROM pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
WHERE c.oid = '`+oid+`';`)
	expectRows(t, rows, "0|r|t|f|t|f|f|f|f||0||p|d|heap") // relhastriggers: referenced by a foreign key

	_, rows = run(t, s, `SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  a.attidentity,
  a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = '`+oid+`' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;`)
	expectRows(t, rows,
		"id|integer|∅|t|∅|a|",
		"name|character varying(100)|∅|t|∅||",
		"email|character varying(200)|∅|f|∅||",
		"score|numeric(10,2)|0|f|∅||",
		"active|boolean|∅|f|∅||",
		"created|timestamp without time zone|∅|f|∅||")

	_, rows = run(t, s, `SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
WHERE c.oid = '`+oid+`' AND c.oid = i.indrelid AND i.indexrelid = c2.oid
ORDER BY i.indisprimary DESC, c2.relname;`)
	expectRows(t, rows,
		"customers_pkey|t|t|f|t|CREATE UNIQUE INDEX customers_pkey ON public.customers USING btree (id)|PRIMARY KEY (id)|p|f|f|f|0",
		"customers_email_key|f|t|f|t|CREATE UNIQUE INDEX customers_email_key ON public.customers USING btree (email)|UNIQUE (email)|u|f|f|f|0")

	_, rows = run(t, s, `SELECT conname, conrelid::pg_catalog.regclass AS ontable,
       pg_catalog.pg_get_constraintdef(oid, true) AS condef
  FROM pg_catalog.pg_constraint c
 WHERE confrelid IN (SELECT pg_catalog.pg_partition_ancestors('`+oid+`')
                     UNION ALL VALUES ('`+oid+`'::pg_catalog.regclass))
       AND contype = 'f' AND conparentid = 0
ORDER BY conname;`)
	expectRows(t, rows, "orders_customer_id_fkey|orders|FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE")
}

// pgbench 15 asks, before a run, whether pgbench_accounts is partitioned.
func TestPgbenchPartitionQuery(t *testing.T) {
	s := loadShop(t)
	q := `select o.n, p.partstrat, pg_catalog.count(i.inhparent) from pg_catalog.pg_class as c join pg_catalog.pg_namespace as n on (n.oid = c.relnamespace) cross join lateral (select pg_catalog.array_position(pg_catalog.current_schemas(true), n.nspname)) as o(n) left join pg_catalog.pg_partitioned_table as p on (p.partrelid = c.oid) left join pg_catalog.pg_inherits as i on (c.oid = i.inhparent) where c.relname = '%s' and o.n is not null group by 1, 2 order by 1 asc limit 1`
	cols, rows := run(t, s, fmt.Sprintf(q, "orders"))
	expectRows(t, rows, "2|∅|0") // public is second in current_schemas(true); not partitioned
	if cols[0].TypeOID != oidInt4 || cols[2].TypeOID != oidInt8 {
		t.Errorf("columns %+v", cols)
	}
	_, rows = run(t, s, fmt.Sprintf(q, "nosuch"))
	expectRows(t, rows)
}
