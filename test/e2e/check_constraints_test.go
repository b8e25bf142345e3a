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

// TestCheckConstraintColumnRename: pgwired keeps a CHECK's condition as IRIS SQL, which a
// column rename would leave naming the old column: the rename is refused (0A000) while a
// CHECK names the column, and allowed for the table's other columns.
func TestCheckConstraintColumnRename(t *testing.T) {
	pw := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, pw.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	mustExec(t, ctx, conn, "DROP TABLE IF EXISTS e2e_ck_ren")
	mustExec(t, ctx, conn, "CREATE TABLE e2e_ck_ren (a int CHECK (a > 0), b int)")
	_, err = conn.Exec(ctx, "ALTER TABLE e2e_ck_ren RENAME COLUMN a TO a2")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "0A000" {
		t.Fatalf("rename of a column a CHECK names: %v", err)
	}
	mustExec(t, ctx, conn, "ALTER TABLE e2e_ck_ren RENAME COLUMN b TO b2")
	mustExec(t, ctx, conn, "INSERT INTO e2e_ck_ren (a, b2) VALUES (1, 2)")
	if _, err := conn.Exec(ctx, "INSERT INTO e2e_ck_ren (a, b2) VALUES (0, 2)"); !errors.As(err, &pe) || pe.Code != "23514" {
		t.Fatalf("violating insert after the rename: %v", err)
	}
	mustExec(t, ctx, conn, "DROP TABLE e2e_ck_ren")
}
