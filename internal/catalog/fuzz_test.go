package catalog

import (
	"errors"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// FuzzQuery evaluates arbitrary SELECT text against a small snapshot: the evaluator may
// refuse a statement with an error but must not panic, and every value of a result it
// returns must render. The seeds (run by plain go test) are the shapes drivers and psql
// send; go test -fuzz=FuzzQuery mutates them.
func FuzzQuery(f *testing.F) {
	for _, sql := range []string{
		"SELECT 1",
		"SELECT relname, relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1",
		"SELECT n.nspname, c.relname, CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' END FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','v','p','') AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 1,2",
		"SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'orders'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
		"SELECT t.oid, t.typname, t.typtype FROM pg_type t WHERE t.typname = ANY(ARRAY['int4','text','numeric'])",
		"SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'customers'::regclass",
		"SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns WHERE table_name = $1",
		"SELECT current_setting('server_version_num')::int, version(), current_database(), current_schema()",
		"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT sum(n), count(*) FROM r",
		"SELECT x, count(*), string_agg(x::text, ',') FROM generate_series(1, 4) x GROUP BY x HAVING x > 1 ORDER BY x DESC LIMIT 2 OFFSET 1",
		"SELECT indexrelid::regclass, indisunique, pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'orders'::regclass",
		"SELECT NULL::int IS NULL, 1/0, 'a' || NULL, coalesce(NULL, 2), nullif(3, 3), greatest(1, 2), 9223372036854775807 + 1",
		"SELECT (SELECT count(*) FROM pg_class) > 0, EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pg_catalog')",
		"SELECT description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid WHERE c.relname = 'orders'",
		"SELECT 'x'::regclass, '{1,2}'::int[], (ARRAY[1, NULL])[1], substring('abc' from 2), lower(NULL), 1.5::numeric(3,1)",
		"SELECT format('%I.%2$s %L %%', 'a', 'b'), parse_ident('\"A\".b'), string_to_array('a,b', ','), like_escape('a!_', '!') FROM pg_class LIMIT 1",
		"SELECT s[i] FROM generate_series(1, 2) i, string_to_array('x,y', ',') s, unnest(ARRAY[1], ARRAY['a']) WITH ORDINALITY u(a, b, n)",
	} {
		f.Add(sql)
	}
	snap := loadShop(f)
	env := &Env{Params: []any{"orders", int64(1)}, Version: "PostgreSQL 15.0 (pgwired)",
		Setting: func(name string) (string, bool) {
			if name == "server_version_num" {
				return "150000", true
			}
			return "", false
		},
		Settings: func() [][2]string { return [][2]string{{"server_version_num", "150000"}} },
	}
	f.Fuzz(func(t *testing.T, sql string) {
		tree, err := pg_query.Parse(sql)
		if err != nil || len(tree.Stmts) != 1 || tree.Stmts[0].Stmt.GetSelectStmt() == nil {
			return // the session sends the evaluator single SELECTs only
		}
		stmt := tree.Stmts[0].Stmt
		if _, _, err := Compile(snap, stmt, env); err != nil {
			return
		}
		res, err := Query(snap, stmt, env)
		if err != nil {
			return
		}
		var buf []byte
		for i, row := range res.Rows {
			if len(row) != len(res.Columns) {
				t.Fatalf("row %d has %d values for %d columns", i, len(row), len(res.Columns))
			}
			for j := range row {
				buf, _ = res.AppendText(buf[:0], i, j)
			}
		}
	})
}

// TestFunctionArity: an aggregate or set-returning function called with the wrong number
// of arguments does not exist (42883), as in PostgreSQL; FuzzQuery found sum() and
// generate_series() panicking in the evaluator.
func TestFunctionArity(t *testing.T) {
	snap := loadShop(t)
	for _, sql := range []string{
		"SELECT sum() FROM pg_class",
		"SELECT string_agg(relname) FROM pg_class",
		"SELECT max(*) FROM pg_class",
		"SELECT avg(1, 2) FROM pg_class",
		"SELECT * FROM generate_series(1) g, pg_class",
		"SELECT generate_series() FROM pg_class",
		"SELECT unnest() FROM pg_class",
		"SELECT * FROM quote_ident() q",
		"SELECT * FROM quote_ident('a', 'b') q",
	} {
		_, err := runErr(snap, sql)
		var ce *Error
		if !errors.As(err, &ce) || ce.Code != "42883" {
			t.Errorf("%s: %v; want 42883", sql, err)
		}
	}
	_, rows := run(t, snap, "SELECT count(*) > 0, string_agg(relname, ',') IS NOT NULL FROM pg_class")
	if len(rows) != 1 || rows[0] != "t|t" {
		t.Errorf("count(*), string_agg(x, sep): %v", rows)
	}
}

// TestNumericModulo: a fractional divisor used to truncate to zero and panic.
func TestNumericModulo(t *testing.T) {
	snap := loadShop(t)
	_, rows := run(t, snap, "SELECT 7.5 % 2, -7.5 % 2, 1 % 0.3 > 0.09")
	if len(rows) != 1 || rows[0] != "1.5|-1.5|t" {
		t.Errorf("numeric modulo: %v", rows)
	}
	var ce *Error
	if _, err := runErr(snap, "SELECT 1 % 0.0"); !errors.As(err, &ce) || ce.Code != "22012" {
		t.Errorf("1 %% 0.0: %v; want 22012", err)
	}
}

// TestParameterNumberBound: $n beyond what a Bind can carry is refused instead of sizing
// the parameter list by it.
func TestParameterNumberBound(t *testing.T) {
	snap := loadShop(t)
	var ce *Error
	if _, err := runErr(snap, "SELECT $444444441"); !errors.As(err, &ce) || ce.Code != "42P02" {
		t.Errorf("$444444441: %v; want 42P02", err)
	}
	if _, rows := run(t, snap, "SELECT $2::int + 1", int64(0), int64(41)); len(rows) != 1 || rows[0] != "42" {
		t.Errorf("$2 + 1: %v", rows)
	}
}
