package catalog

import (
	"errors"
	"testing"
)

func TestEvaluatorExpressions(t *testing.T) {
	s := loadShop(t)
	cases := []struct {
		sql  string
		want []string
	}{
		{`SELECT 1 + 2 * 3, 7 / 2, 7 % 3, 'a' || 'b', -4`, []string{"7|3|1|ab|-4"}},
		{`SELECT CASE WHEN 1 = 2 THEN 'x' WHEN 2 = 2 THEN 'y' END, CASE 3 WHEN 3 THEN 'three' ELSE 'other' END`, []string{"y|three"}},
		{`SELECT COALESCE(NULL, 'b', 'c'), NULLIF(1, 1), GREATEST(3, 9, 4), LEAST(3, 9, 4)`, []string{"b|∅|9|3"}},
		{`SELECT 'abc' ~ '^a', 'abc' !~ 'z', 'ABC' ~* 'b', 'abc' LIKE 'a_c', 'abc' NOT LIKE 'a%', 'ABC' ILIKE 'a%'`, []string{"t|t|t|t|f|t"}},
		{`SELECT 'pg_toast' OPERATOR(pg_catalog.~) '^pg_', E'pg_x' LIKE E'pg\\_%', 'pgax' LIKE E'pg\\_%'`, []string{"t|t|f"}},
		{`SELECT NULL IS NULL, 1 IS NOT NULL, NULL::bool IS UNKNOWN, true IS NOT FALSE, 1 IS DISTINCT FROM NULL`, []string{"t|t|t|t|t"}},
		{`SELECT 2 IN (1, 2), 3 NOT IN (1, 2), 5 BETWEEN 1 AND 10, NULL::int IN (1)`, []string{"t|t|t|∅"}},
		{`SELECT 2 = ANY('{1,2,3}'::int4[]), 'b' = ANY(ARRAY['a','b']), 4 <> ALL(ARRAY[1,2])`, []string{"t|t|t"}},
		{`SELECT (ARRAY[10,20,30])[2], ('{7,8}'::int2[])[1], array_to_string(ARRAY['a', NULL, 'c'], ',', '*')`, []string{"20|7|a,*,c"}},
		{`SELECT 'orders'::regclass, 'orders'::regclass::oid = (SELECT oid FROM pg_class WHERE relname = 'orders')`, []string{"orders|t"}},
		{`SELECT 'sales.region'::regclass, 'int4'::regtype, 'character varying'::regtype::oid, 'public'::regnamespace::oid`, []string{"sales.region|integer|1043|2200"}},
		{`SELECT format_type(1043, 54), format_type(1700, 655366), format_type(1114, NULL), format_type(1007, -1), format_type(1042, -1)`,
			[]string{"character varying(50)|numeric(10,2)|timestamp without time zone|integer[]|bpchar"}},
		{`SELECT quote_ident('Order'), quote_ident('user'), quote_ident('plain_1'), pg_size_pretty(123456789), pg_size_pretty(10)`,
			[]string{`"Order"|"user"|plain_1|118 MB|10 bytes`}},
		{`SELECT current_schemas(true), current_schemas(false), current_user, current_database(), current_setting('server_version_num')`,
			[]string{"{pg_catalog,public}|{public}|alice|USER|150000"}},
		{`SELECT pg_encoding_to_char(6), has_table_privilege('orders', 'SELECT'), pg_get_serial_sequence('orders', 'order_id')`, []string{"UTF8|t|∅"}},
		{`SELECT obj_description('orders'::regclass, 'pg_class'), col_description('orders'::regclass, 3), obj_description(2200, 'pg_namespace')`,
			[]string{"Orders placed|free text|standard public schema"}},
		{`SELECT x FROM (VALUES (3), (1), (2)) AS v(x) ORDER BY x DESC LIMIT 2 OFFSET 1`, []string{"2", "1"}},
		{`SELECT n FROM generate_series(1, 3) AS g(n) UNION SELECT 2 ORDER BY 1`, []string{"1", "2", "3"}},
		{`SELECT n FROM generate_series(1, 4) n EXCEPT SELECT 2 INTERSECT SELECT 2 ORDER BY n`, []string{"1", "3", "4"}},
		{`SELECT x, ordinality FROM unnest(ARRAY['a','b']) WITH ORDINALITY AS u(x)`, []string{"a|1", "b|2"}},
		{`SELECT k, o, n FROM unnest(ARRAY[3,1], ARRAY[0]) WITH ORDINALITY AS u(k, o, n)`, []string{"3|0|1", "1|∅|2"}},
		{`WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 4) SELECT sum(n), count(*) FROM r`, []string{"10|4"}},
		{`SELECT NULL::text ORDER BY 1`, []string{"∅"}},
		{`SELECT pg_get_serial_sequence('customers', 'id'), 'customers_id_seq'::regclass::oid = (SELECT seqrelid FROM pg_sequence)`,
			[]string{"public.customers_id_seq|t"}},
		{`SELECT json_build_object('a', 1, 'b', true, 'c', NULL, 'd', 'x')`, []string{`{"a" : 1, "b" : true, "c" : null, "d" : "x"}`}},
		{`SELECT unnest(ARRAY[7,8,9]) AS v, generate_subscripts(ARRAY[7,8,9], 1) AS i`, []string{"7|1", "8|2", "9|3"}},
		// Metabase's and Grafana's sync queries.
		{`SELECT format('%I.%I', 'public', 'Orders'), format('%s|%L|%L|%%', NULL, NULL, 'it''s'), format('%2$s %1$s', 'a', 'b')`,
			[]string{`public."Orders"||NULL|'it''s'|%|b a`}},
		{`SELECT string_to_array('a,b,,c', ','), string_to_array('a,b,,c', ',', ''), string_to_array('ab', NULL), string_to_array('', ',')`,
			[]string{`{a,b,"",c}|{a,b,NULL,c}|{a,b}|{}`}},
		{`SELECT parse_ident('"Sales".Region'), parse_ident(' a . "b""c" '), parse_ident('a.b junk', false)`,
			[]string{`{Sales,region}|{a,"b\"c"}|{a,b}`}},
		{`SELECT quote_ident('time'), quote_ident('position'), quote_ident('between'), quote_ident('name')`,
			[]string{`"time"|"position"|"between"|name`}},
		{`SELECT trim(s[i]) FROM generate_series(1, 2) AS i, string_to_array('"$user", public', ',') s`,
			[]string{`"$user"`, "public"}},
		{`SELECT count(*), min(word), max(word) FROM pg_get_keywords() WHERE catcode = 'R'`, []string{"77|all|with"}},
		{`SELECT relname, n_live_tup, idx_scan FROM pg_stat_user_tables ORDER BY 1`, []string{"customers|0|0", "orders|0|0", "region|0|∅"}},
		{`SELECT ccu.table_name, ccu.column_name, ctu.table_name FROM information_schema.constraint_column_usage ccu
			JOIN information_schema.constraint_table_usage ctu USING (constraint_name) WHERE constraint_name = 'orders_customer_id_fkey'`,
			[]string{"customers|id|customers"}},
		{`SELECT sequencename, data_type, max_value, last_value, (SELECT count(*) FROM pg_matviews) FROM pg_sequences`,
			[]string{"customers_id_seq|integer|2147483647|∅|0"}},
		{`SELECT name, sourceline, sourcefile FROM pg_settings WHERE name = 'block_size'`, []string{"block_size|∅|∅"}},
		// Npgsql's type loading: arrays are the types whose typreceive is array_recv.
		{`SELECT t.typname, t.typreceive, t.typsend, t.typinput, p.proname, t.typreceive::oid FROM pg_type t
			LEFT JOIN pg_proc p ON p.oid = t.typreceive WHERE t.typname IN ('int4', '_int4') ORDER BY 1`,
			[]string{"_int4|array_recv|array_send|array_in|array_recv|2400", "int4|-|-|int4in|∅|0"}},
		{`SELECT array_remove(ARRAY['a','b','a'], 'a'), array_remove(ARRAY[1,NULL,2], NULL), array_remove(NULL::text[], 'x'), getdatabaseencoding()`,
			[]string{"{b}|{1,2}|∅|UTF8"}},
		{`SELECT datname, numbackends, xact_commit, checksum_failures FROM pg_stat_database ORDER BY datid`,
			[]string{"∅|0|0|∅", "USER|1|0|∅"}},
		{`SELECT usename, state, backend_type, (SELECT count(*) FROM pg_locks), (SELECT count(*) FROM pg_prepared_xacts) FROM pg_stat_activity`,
			[]string{"alice|active|client backend|0|0"}},
		{`SELECT pg_is_in_recovery(), pg_is_wal_replay_paused(), pg_last_wal_receive_lsn() FROM pg_user`, []string{"f|f|∅"}},
		{`SELECT name, setting FROM pg_show_all_settings() WHERE name = 'block_size'`, []string{"block_size|8192"}},
		{`SELECT column_name, identity_maximum, identity_cycle FROM information_schema.columns WHERE table_name = 'customers' AND ordinal_position <= 2 ORDER BY 1`,
			[]string{"id|2147483647|NO", "name|∅|NO"}},
		// pgAdmin's schema list and its constraint indexes.
		{`SELECT like_escape('a!_b\\c', '!'), 'a_b' LIKE 'a!_b' ESCAPE '!', 'axb' LIKE 'a!_b' ESCAPE '!', 'a\\b' LIKE 'a\\b' ESCAPE '',
			'pg_x' NOT LIKE 'pg!_%' ESCAPE '!', (SELECT count(*) FROM pg_seclabels)`, []string{`a\_b\\\\c|t|f|t|f|0`}},
		{`SELECT c.relname, k.conname FROM pg_depend d JOIN pg_class c ON c.oid = d.objid JOIN pg_constraint k
			ON k.tableoid = d.refclassid AND k.oid = d.refobjid WHERE d.deptype = 'i' ORDER BY 1`,
			[]string{"customers_email_key|customers_email_key", "customers_pkey|customers_pkey", "orders_pkey|orders_pkey"}},
		// DBeaver's index list, rules and policies tabs, encodings on connect.
		{`SELECT c.relname, pg_stat_get_numscans(i.indexrelid), pg_stat_get_last_analyze_time(i.indrelid) FROM pg_index i
			JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'orders'::regclass ORDER BY 1`,
			[]string{"orders_pkey|0|∅", "orders_placed_idx|0|∅"}},
		{`SELECT (SELECT count(*) FROM pg_rewrite r WHERE pg_get_ruledef(r.oid) IS NOT NULL), (SELECT count(*) FROM pg_policies),
			(SELECT count(*) FROM pg_conversion), obj_description(11, 'pg_namespace')`, []string{"0|0|0|system catalog schema"}},
		{`SELECT d.description FROM pg_language l JOIN pg_description d ON d.classoid = l.tableoid AND d.objoid = l.oid
			WHERE l.lanplcallfoid != 0`, []string{"PL/pgSQL procedural language"}},
	}
	for _, c := range cases {
		_, rows := run(t, s, c.sql)
		if len(rows) != len(c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.sql, rows, c.want)
			continue
		}
		for i := range rows {
			if rows[i] != c.want[i] {
				t.Errorf("%s:\n got %q\nwant %q", c.sql, rows, c.want)
				break
			}
		}
	}
}

func TestEvaluatorRelations(t *testing.T) {
	s := loadShop(t)
	// Correlated sub-select, ARRAY(), EXISTS, GROUP BY with HAVING, LEFT JOIN NULLs.
	_, rows := run(t, s, `SELECT c.relname,
		ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 ORDER BY a.attnum DESC),
		EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`)
	expectRows(t, rows,
		"customers|{created,active,score,email,name,id}|f",
		"orders|{placed,amount,note,customer_id,order_id}|t")
	_, rows = run(t, s, `SELECT c.relkind, count(*) FROM pg_class c WHERE c.relnamespace = 2200 GROUP BY c.relkind HAVING count(*) > 1 ORDER BY 1`)
	expectRows(t, rows, "i|4", "r|2")
	_, rows = run(t, s, `SELECT c.relname, d.description FROM pg_class c LEFT JOIN pg_description d ON d.objoid = c.oid AND d.objsubid = 0
		WHERE c.relnamespace = 2200 AND c.relkind IN ('r', 'v') ORDER BY c.relname`)
	expectRows(t, rows, "big_orders|∅", "customers|∅", "orders|Orders placed")
	// Parameters and information_schema.
	_, rows = run(t, s, `SELECT column_name, data_type, is_nullable, character_maximum_length, column_default
		FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, "public", "orders")
	expectRows(t, rows, "order_id|bigint|NO|∅|∅", "customer_id|integer|NO|∅|∅", "note|text|YES|∅|'none'::text",
		"amount|double precision|YES|∅|∅", "placed|date|YES|∅|∅")
	_, rows = run(t, s, `SELECT tc.constraint_name, kcu.column_name, rc.delete_rule, rc.unique_constraint_name
		FROM information_schema.table_constraints tc
		JOIN information_schema.key_column_usage kcu USING (constraint_name)
		JOIN information_schema.referential_constraints rc ON rc.constraint_name = tc.constraint_name
		WHERE tc.constraint_type = 'FOREIGN KEY'`)
	expectRows(t, rows, "orders_customer_id_fkey|customer_id|CASCADE|customers_pkey")
	_, rows = run(t, s, `SELECT schema_name FROM information_schema.schemata ORDER BY 1`)
	expectRows(t, rows, "information_schema", "pg_catalog", "public", "sales")
	_, rows = run(t, s, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'sales'`)
	expectRows(t, rows, "region")
	// Window function, SRF with record field selection (pgjdbc's forms).
	_, rows = run(t, s, `SELECT attname, row_number() OVER (PARTITION BY attrelid ORDER BY attnum DESC) AS r
		FROM pg_attribute WHERE attrelid = 'customers'::regclass AND attnum > 0 ORDER BY r LIMIT 2`)
	expectRows(t, rows, "created|1", "active|2")
	_, rows = run(t, s, `SELECT r.name, r.k FROM (SELECT c.relname AS name, (information_schema._pg_expandarray(i.indkey)).n AS k,
		information_schema._pg_expandarray(i.indkey) AS keys FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE i.indisprimary) r WHERE (r.keys).x = 1 ORDER BY 1`)
	expectRows(t, rows, "customers_pkey|1", "orders_pkey|1")
}

func TestEvaluatorErrors(t *testing.T) {
	s := loadShop(t)
	cases := []struct{ sql, code string }{
		{`SELECT * FROM pg_class c JOIN orders o ON true`, "0A000"},
		{`SELECT * FROM orders`, "0A000"},
		{`SELECT no_such_function(1) FROM pg_class`, "42883"},
		{`SELECT * FROM pg_catalog.pg_nothing`, "42P01"},
		{`SELECT * FROM pg_stat_statements`, "42P01"},
		{`SELECT nosuchcolumn FROM pg_class`, "42703"},
		{`SELECT 'nosuch'::regclass`, "42P01"},
		{`SELECT 'nosuch'::regtype`, "42704"},
		{`SELECT (SELECT relname FROM pg_class)`, "21000"},
		{`SELECT 1 FROM pg_class LIMIT -1`, "2201W"},
		{`SELECT 1/0`, "22012"},
		{`SELECT $2`, "08P01"},
		{`SELECT parse_ident('a.')`, "22023"},
		{`SELECT parse_ident('a b')`, "22023"},
		{`SELECT format('%I', NULL)`, "22004"},
		{`SELECT format('%s %s', 'a')`, "22023"},
		{`SELECT format('%d', 1)`, "22023"},
		{`SELECT x FROM format('%s') x`, "22023"},
		{`SELECT tableoid FROM pg_views`, "42703"},
		{`SELECT set_config('a.b', 'c', false) FROM pg_class`, "0A000"}, // no session to change here
	}
	for _, c := range cases {
		_, err := runErr(s, c.sql)
		var e *Error
		if !errors.As(err, &e) || e.Code != c.code {
			t.Errorf("%s: error %v, want SQLSTATE %s", c.sql, err, c.code)
		}
	}
}

func TestCompileInfersParameterTypes(t *testing.T) {
	s := loadShop(t)
	tree := parse(t, `SELECT c.relname FROM pg_class c WHERE c.oid = $1 AND c.relname = ANY($2) AND $3::text <> ''`)
	cols, params, err := Compile(s, tree, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) != 1 || cols[0].Name != "relname" || cols[0].TypeOID != oidName {
		t.Errorf("columns %+v", cols)
	}
	if len(params) != 3 || params[0] != oidOID || params[1] != oidNameArray || params[2] != oidText {
		t.Errorf("parameter types %v, want [26 1003 25]", params)
	}
}
