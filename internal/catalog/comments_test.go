package catalog

import (
	"context"
	"strings"
	"testing"
)

// The comments pgwired keeps in PGWIRED.COMMENTS replace IRIS's descriptions: a row
// with text sets one, a row with NULL hides IRIS's own, rows of dropped tables show
// nowhere but still count as the name's (Commented).
func TestSnapshotComments(t *testing.T) {
	src := shopSchema()
	src.rows[qSchemas] = append(src.rows[qSchemas], []any{CheckSchema})
	src.rows[qTables] = append(src.rows[qTables], []any{CheckSchema, CommentTable, "BASE TABLE", nil})
	src.rows[qComments] = [][]any{
		{"SQLUser", "CUSTOMERS", "", "People who buy"},
		{"SQLUser", "customers", "EMAIL", "where we write"},
		{"SQLUser", "orders", "", nil},     // removed: IRIS's "Orders placed" no longer shows
		{"SQLUser", "orders", "note", nil}, // and "free text"
		{"SQLUser", "orders", "amount", "in euros"},
		{"SQLUser", "big_orders", "", "orders over 100"},
		{"SQLUser", "gone", "", "dropped outside pgwired"},
	}
	s, err := Load(context.Background(), src, "USER", "alice")
	if err != nil {
		t.Fatal(err)
	}
	if !s.HasCommentTable || !s.Commented("sqluser", "Customers") || !s.Commented("SQLUser", "gone") || s.Commented("Sales", "Region") {
		t.Fatalf("HasCommentTable %v, Commented wrong", s.HasCommentTable)
	}
	_, rows := run(t, s, `SELECT c.relname, d.objsubid, d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
		WHERE d.classoid = 'pg_class'::regclass ORDER BY 1, 2`)
	want := "big_orders|0|orders over 100\ncustomers|0|People who buy\ncustomers|3|where we write\norders|4|in euros"
	if got := strings.Join(rows, "\n"); got != want {
		t.Fatalf("pg_description:\n%s\nwant:\n%s", got, want)
	}
	_, rows = run(t, s, `SELECT obj_description('customers'::regclass, 'pg_class'), col_description('orders'::regclass, 4),
		col_description('orders'::regclass, 3) IS NULL, obj_description('orders'::regclass) IS NULL`)
	if got := strings.Join(rows, "\n"); got != "People who buy|in euros|t|t" {
		t.Fatalf("functions: %s", got)
	}
	// The PGWIRED schema stays hidden.
	for _, sc := range s.Schemas {
		if sc.IRISName == CheckSchema {
			t.Fatal("the PGWIRED schema is visible")
		}
	}
}
