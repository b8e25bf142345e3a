package catalog

import (
	"context"
	"strings"
	"testing"
)

// The CHECK constraints pgwired keeps in PGWIRED.CHECK_CONSTRAINTS are read only when
// that table exists, belong to their table in name order, show in pg_constraint and
// relchecks, and the PGWIRED schema itself stays hidden.
func TestSnapshotChecks(t *testing.T) {
	src := shopSchema()
	if _, err := Load(context.Background(), src, "USER", "alice"); err != nil {
		t.Fatalf("without the check table: %v", err) // qChecks is not in the fixture
	}
	src.rows[qSchemas] = append(src.rows[qSchemas], []any{CheckSchema})
	src.rows[qTables] = append(src.rows[qTables], []any{CheckSchema, CheckTable, "BASE TABLE", nil})
	src.rows[qChecks] = [][]any{
		{"SQLUser", "orders", "positive_amount", "CHECK (amount > 0)", "amount > 0", int64(1)},
		{"SQLUser", "orders", "orders_check", "CHECK (placed > '2000-01-01')", "placed > '2000-01-01'", int64(0)},
		{"SQLUser", "gone", "gone_check", "CHECK (x > 0)", "x > 0", int64(1)},
	}
	s, err := Load(context.Background(), src, "USER", "alice")
	if err != nil {
		t.Fatal(err)
	}
	if !s.HasCheckTable {
		t.Fatal("HasCheckTable false")
	}
	checks := s.Checks("sqluser", "ORDERS")
	if len(checks) != 2 || checks[0].Name != "orders_check" || checks[1].Name != "positive_amount" || checks[1].CheckCond != "amount > 0" || checks[0].Validated {
		t.Fatalf("checks = %+v", checks)
	}
	if len(s.Checks("SQLUser", "customers")) != 0 || len(s.Checks("SQLUser", "gone")) != 0 {
		t.Fatal("checks on the wrong table")
	}
	for _, sc := range s.Schemas {
		if sc.IRISName == CheckSchema {
			t.Fatal("the PGWIRED schema is visible")
		}
	}
	_, rows := run(t, s, `SELECT c.relchecks, k.conname, k.contype, k.convalidated, pg_get_constraintdef(k.oid, true)
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'c' ORDER BY k.conname`)
	got := strings.Join(rows, "\n")
	want := "2|orders_check|c|f|CHECK (placed > '2000-01-01')\n2|positive_amount|c|t|CHECK (amount > 0)"
	if got != want {
		t.Fatalf("rows:\n%s\nwant:\n%s", got, want)
	}
}

// A table pgwired renamed (PGWIRED.RENAMED_TABLES) shows its constraints and identity
// sequence under the names they were made with, as PostgreSQL keeps them.
func TestSnapshotRenamedTable(t *testing.T) {
	src := shopSchema()
	renamed := func(rows [][]any, at int) {
		for _, r := range rows {
			if r[at] == "customers" {
				r[at] = "clients"
			}
		}
	}
	renamed(src.rows[qTables], 1)
	renamed(src.rows[qColumns], 1)
	renamed(src.rows[qConstraints], 1)
	renamed(src.rows[qKeyColumns], 1)
	renamed(src.rows[qKeyColumns], 6)
	src.rows[qSchemas] = append(src.rows[qSchemas], []any{CheckSchema})
	src.rows[qTables] = append(src.rows[qTables], []any{CheckSchema, RenameTable, "BASE TABLE", nil})
	src.rows[qRenames] = [][]any{{"SQLUser", "CLIENTS", "customers"}, {"SQLUser", "gone", "old"}}
	s, err := Load(context.Background(), src, "USER", "alice")
	if err != nil {
		t.Fatal(err)
	}
	if !s.HasRenameTable || s.Table("public", "clients").CreatedName != "customers" {
		t.Fatal("the renamed table's created name is not read")
	}
	_, rows := run(t, s, `SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid ORDER BY 1, 2`)
	want := "clients|customers_email_key|UNIQUE (email)\nclients|customers_pkey|PRIMARY KEY (id)\n" +
		"orders|orders_customer_id_fkey|FOREIGN KEY (customer_id) REFERENCES clients(id) ON DELETE CASCADE\norders|orders_pkey|PRIMARY KEY (order_id)"
	if got := strings.Join(rows, "\n"); got != want {
		t.Fatalf("constraints:\n%s\nwant:\n%s", got, want)
	}
	_, rows = run(t, s, `SELECT relname FROM pg_class WHERE relkind = 'S'`)
	if got := strings.Join(rows, "\n"); got != "customers_id_seq" {
		t.Fatalf("sequences: %s", got)
	}
}
