package catalog

import (
	"context"
	"fmt"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// fakeIRIS answers the snapshot's INFORMATION_SCHEMA queries with fixed rows shaped like
// IRIS's (upper-case-insensitive names as created, IRIS-generated constraint names).
type fakeIRIS struct {
	rows  map[string][][]any
	calls int
}

func (f *fakeIRIS) QueryAll(_ context.Context, sql string) ([][]any, error) {
	f.calls++
	rows, ok := f.rows[sql]
	if !ok {
		return nil, fmt.Errorf("unexpected query %q", sql)
	}
	return rows, nil
}

// shopSchema: customers (identity PK, unique email, numeric default), orders (FK with
// ON DELETE CASCADE, an index), a view, and a table in another schema.
func shopSchema() *fakeIRIS {
	return &fakeIRIS{rows: map[string][][]any{
		qSchemas: {{"SQLUser"}, {"INFORMATION_SCHEMA"}, {"%Library"}, {"Sales"}},
		qTables: {
			{"SQLUser", "customers", "BASE TABLE", nil},
			{"SQLUser", "orders", "BASE TABLE", "Orders placed"},
			{"SQLUser", "big_orders", "VIEW", nil},
			{"Sales", "Region", "BASE TABLE", nil},
			{"%Library", "Hidden", "SYSTEM TABLE", nil},
		},
		qViews: {{"SQLUser", "big_orders", "SELECT order_id, amount FROM orders WHERE amount > 100"}},
		qColumns: {
			// schema, table, column, ordinal, default, nullable, identity, type, charmax, prec, scale, autoinc, description
			{"SQLUser", "customers", "id", int64(1), nil, "NO", "YES", "integer", nil, int64(10), int64(0), "YES", nil},
			{"SQLUser", "customers", "name", int64(2), nil, "NO", "NO", "varchar", int64(100), nil, nil, "NO", nil},
			{"SQLUser", "customers", "email", int64(3), nil, "YES", "NO", "varchar", int64(200), nil, nil, "NO", nil},
			{"SQLUser", "customers", "score", int64(4), "0", "YES", "NO", "numeric", nil, int64(10), int64(2), "NO", nil},
			{"SQLUser", "customers", "active", int64(5), nil, "YES", "NO", "bit", nil, int64(1), int64(0), "NO", nil},
			{"SQLUser", "customers", "created", int64(6), nil, "YES", "NO", "timestamp", nil, nil, nil, "NO", nil},
			{"SQLUser", "orders", "order_id", int64(1), nil, "NO", "NO", "bigint", nil, int64(19), int64(0), "NO", nil},
			{"SQLUser", "orders", "customer_id", int64(2), nil, "NO", "NO", "integer", nil, int64(10), int64(0), "NO", nil},
			{"SQLUser", "orders", "note", int64(3), "'none'", "YES", "NO", "varchar", int64(3641144), nil, nil, "NO", "free text"},
			{"SQLUser", "orders", "amount", int64(4), nil, "YES", "NO", "double", nil, int64(15), nil, "NO", nil},
			{"SQLUser", "orders", "placed", int64(5), nil, "YES", "NO", "date", nil, nil, nil, "NO", nil},
			{"SQLUser", "big_orders", "order_id", int64(1), nil, "YES", "NO", "bigint", nil, int64(19), int64(0), "NO", nil},
			{"SQLUser", "big_orders", "amount", int64(2), nil, "YES", "NO", "double", nil, int64(15), nil, "NO", nil},
			{"Sales", "Region", "Code", int64(1), nil, "NO", "NO", "char", int64(2), nil, nil, "NO", nil},
		},
		qConstraints: {
			{"SQLUser", "customers", "CUSTOMERSPKEY1", "PRIMARY KEY"},
			{"SQLUser", "customers", "CUSTOMERSUNIQUE2", "UNIQUE"},
			{"SQLUser", "orders", "ORDERSPKEY1", "PRIMARY KEY"},
			{"SQLUser", "orders", "ORDERSFKEY2", "FOREIGN KEY"},
		},
		qKeyColumns: {
			{"SQLUser", "customers", "CUSTOMERSPKEY1", "id", int64(1), nil, nil, nil},
			{"SQLUser", "customers", "CUSTOMERSUNIQUE2", "email", int64(1), nil, nil, nil},
			{"SQLUser", "orders", "ORDERSPKEY1", "order_id", int64(1), nil, nil, nil},
			{"SQLUser", "orders", "ORDERSFKEY2", "customer_id", int64(1), "SQLUser", "customers", "id"},
		},
		qReferential: {{"SQLUser", "orders", "ORDERSFKEY2", "NO ACTION", "CASCADE"}},
		qIndexes:     {{"SQLUser", "orders", "orders_placed_idx", int64(1), int64(1), "placed", ""}},
	}}
}

func loadShop(t testing.TB) *Snapshot {
	t.Helper()
	s, err := Load(context.Background(), shopSchema(), "USER", "alice")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// run evaluates sql and renders the rows as "a|b|c" lines (NULL as ∅).
func run(t testing.TB, s *Snapshot, sql string, params ...any) ([]Column, []string) {
	t.Helper()
	res, err := runErr(s, sql, params...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return res.Columns, render(res)
}

func parse(t testing.TB, sql string) *pg_query.Node {
	t.Helper()
	tree, err := pg_query.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	return tree.Stmts[0].Stmt
}

func runErr(s *Snapshot, sql string, params ...any) (*Result, error) {
	tree, err := pg_query.Parse(sql)
	if err != nil {
		return nil, err
	}
	env := &Env{Params: params, Version: "PostgreSQL 15.0 (pgwired)",
		Setting: func(name string) (string, bool) {
			if name == "server_version_num" {
				return "150000", true
			}
			return "", false
		}}
	return Query(s, tree.Stmts[0].Stmt, env)
}

func render(res *Result) []string {
	var out []string
	for i := range res.Rows {
		var cells []string
		for j := range res.Columns {
			b, null := res.AppendText(nil, i, j)
			if null {
				cells = append(cells, "∅")
			} else {
				cells = append(cells, string(b))
			}
		}
		out = append(out, strings.Join(cells, "|"))
	}
	return out
}

func expectRows(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
