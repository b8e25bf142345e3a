package e2e

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestCheckConstraintsTwoSessions: session A defines CHECK constraints, session B's
// statements (extended protocol, parameters) are checked against them at once, with
// PostgreSQL's SQLSTATE, message and constraint name.
func TestCheckConstraintsTwoSessions(t *testing.T) {
	pg := startOracle(t)
	pw := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	run := func(dsn string) string {
		a, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close(ctx)
		b, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close(ctx)
		var out strings.Builder
		step := func(c *pgx.Conn, sql string, args ...any) {
			tag, err := c.Exec(ctx, sql, args...)
			var pe *pgconn.PgError
			switch {
			case errors.As(err, &pe):
				fmt.Fprintf(&out, "%s: %s %s (%s.%s.%s) %s\n", sql, pe.Code, pe.Message, pe.SchemaName, pe.TableName, pe.ConstraintName, pe.Detail)
			case err != nil:
				t.Fatalf("%s: %v", sql, err)
			default:
				fmt.Fprintf(&out, "%s: %s\n", sql, tag)
			}
		}
		step(a, "DROP TABLE IF EXISTS e2e_ck2")
		// B has read the catalog (and holds a snapshot) before A's constraints exist.
		step(b, "SELECT count(*) FROM pg_class WHERE relname = 'e2e_ck2'")
		step(a, "CREATE TABLE e2e_ck2 (id int PRIMARY KEY, qty int CHECK (qty > 0), note text, price numeric(8,2), at date, flag boolean, CHECK (price > 0 OR flag))")
		step(b, "INSERT INTO e2e_ck2 VALUES (10, 1, 'x', 0, '2024-05-06', false)")
		step(b, "INSERT INTO e2e_ck2 (id, qty, price) VALUES (11, 1, 2.5), (12, 1, -2.5)")
		step(b, "INSERT INTO e2e_ck2 VALUES ($1, $2, $3)", 1, 5, "ok")
		step(b, "INSERT INTO e2e_ck2 VALUES ($1, $2, $3)", 2, -1, "bad")
		step(b, "UPDATE e2e_ck2 SET qty = $1 WHERE id = $2", -3, 1)
		step(b, "UPDATE e2e_ck2 SET qty = $1 WHERE id = $2", 3, 1)
		step(a, "ALTER TABLE e2e_ck2 ADD CONSTRAINT note_len CHECK (length(note) < 5)")
		step(b, "INSERT INTO e2e_ck2 VALUES ($1, $2, $3)", 3, 1, "toolong")
		step(b, "UPDATE e2e_ck2 SET note = note || $1", "-longer")
		step(a, "ALTER TABLE e2e_ck2 DROP CONSTRAINT note_len")
		step(b, "INSERT INTO e2e_ck2 VALUES ($1, $2, $3)", 3, 1, "toolong")
		step(a, "ALTER TABLE e2e_ck2 ADD CONSTRAINT note_len CHECK (length(note) < 5)")
		rows, err := b.Query(ctx, "SELECT id, qty, note FROM e2e_ck2 ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, qty int
			var note *string
			if err := rows.Scan(&id, &qty, &note); err != nil {
				t.Fatal(err)
			}
			shown := "null"
			if note != nil {
				shown = *note
			}
			fmt.Fprintf(&out, "row %d %d %s\n", id, qty, shown)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		step(a, "DROP TABLE e2e_ck2")
		return out.String()
	}
	want := run(pg.freshDB(t))
	got := run(pw.URL())
	if got != want {
		t.Errorf("differs from PostgreSQL 15\n%s", lineDiff(want, got))
	}
}

// TestCheckConstraintColumnRename: a column rename rewrites the CHECK constraints that
// name the column (definition and IRIS condition), as PostgreSQL does; the constraint
// keeps its name and still refuses rows, and renaming the table keeps them too.
func TestCheckConstraintColumnRename(t *testing.T) {
	pw := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn := connect(t, ctx, pw)
	mustExec(t, ctx, conn, "DROP TABLE IF EXISTS e2e_ck_ren")
	mustExec(t, ctx, conn, "DROP TABLE IF EXISTS e2e_ck_ren2")
	mustExec(t, ctx, conn, "CREATE TABLE e2e_ck_ren (a int CHECK (a > 0), b int, CHECK (b > a))")
	mustExec(t, ctx, conn, "ALTER TABLE e2e_ck_ren RENAME COLUMN a TO a2")
	mustExec(t, ctx, conn, "ALTER TABLE e2e_ck_ren RENAME COLUMN b TO b2")
	mustExec(t, ctx, conn, "INSERT INTO e2e_ck_ren (a2, b2) VALUES (1, 2)")
	var pe *pgconn.PgError
	if _, err := conn.Exec(ctx, "INSERT INTO e2e_ck_ren (a2, b2) VALUES (0, 2)"); !errors.As(err, &pe) || pe.Code != "23514" || pe.ConstraintName != "e2e_ck_ren_a_check" {
		t.Fatalf("violating insert after the rename: %v", err)
	}
	mustExec(t, ctx, conn, "ALTER TABLE e2e_ck_ren RENAME TO e2e_ck_ren2")
	if _, err := conn.Exec(ctx, "UPDATE e2e_ck_ren2 SET b2 = 1"); !errors.As(err, &pe) || pe.Code != "23514" || pe.ConstraintName != "e2e_ck_ren_check" {
		t.Fatalf("violating update after the table rename: %v", err)
	}
	var defs string
	if err := conn.QueryRow(ctx, "SELECT string_agg(pg_get_constraintdef(oid, true), ' / ' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'e2e_ck_ren2'::regclass").Scan(&defs); err != nil {
		t.Fatal(err)
	}
	if defs != "CHECK (a2 > 0) / CHECK (b2 > a2)" {
		t.Errorf("definitions after the renames: %s", defs)
	}
	mustExec(t, ctx, conn, "DROP TABLE e2e_ck_ren2")
}

// TestRenameTableRefusals: renames IRIS has no documented form for, or whose outcome on
// IRIS is not established, are 0A000, and change nothing.
func TestRenameTableRefusals(t *testing.T) {
	pw := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn := connect(t, ctx, pw)
	mustExec(t, ctx, conn, "DROP VIEW IF EXISTS e2e_ren_v")
	mustExec(t, ctx, conn, "DROP TABLE IF EXISTS e2e_ren_t")
	mustExec(t, ctx, conn, "CREATE TABLE e2e_ren_t (a int PRIMARY KEY)")
	mustExec(t, ctx, conn, "CREATE VIEW e2e_ren_v AS SELECT a FROM e2e_ren_t")
	mustExec(t, ctx, conn, "CREATE INDEX e2e_ren_i ON e2e_ren_t (a)")
	for _, c := range []struct{ sql, want string }{
		{"ALTER TABLE e2e_ren_t RENAME TO e2e_ren_u", `renaming table "e2e_ren_t" used by view "e2e_ren_v"`},
		{"ALTER TABLE e2e_ren_v RENAME TO e2e_ren_w", "ALTER TABLE … RENAME of a view"},
		{"ALTER VIEW e2e_ren_v RENAME TO e2e_ren_w", "ALTER VIEW … RENAME"},
		{"ALTER INDEX e2e_ren_i RENAME TO e2e_ren_j", "ALTER INDEX … RENAME"},
		{"ALTER TABLE e2e_ren_t RENAME CONSTRAINT e2e_ren_t_pkey TO k", "ALTER TABLE … RENAME CONSTRAINT"},
	} {
		_, err := conn.Exec(ctx, c.sql)
		pe := expectSQLState(t, err, "0A000", c.sql)
		if !strings.Contains(pe.Message, c.want) {
			t.Errorf("%s: message %q, want it to name %q", c.sql, pe.Message, c.want)
		}
	}
	mustExec(t, ctx, conn, "SELECT a FROM e2e_ren_v")
	mustExec(t, ctx, conn, "DROP VIEW e2e_ren_v")
	mustExec(t, ctx, conn, "ALTER TABLE e2e_ren_t RENAME TO e2e_ren_u")
	mustExec(t, ctx, conn, "DROP TABLE e2e_ren_u")
}
