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

// TestConstraintErrorsMatchPostgres breaks unique, foreign-key and not-null constraints
// through pgx and compares what ORMs read from the ErrorResponse: the SQLSTATE, the
// message and the SchemaName / TableName / ConstraintName / ColumnName fields (pgx's
// PgError, psycopg's Diagnostic, what Django and SQLAlchemy show), and the DETAIL with
// the key values, which pgwired reads from the statement (IRIS does not report them).
// Not-null's DETAIL (the whole failing row, defaults included) is not given.
func TestConstraintErrorsMatchPostgres(t *testing.T) {
	pg := startOracle(t)
	pw := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	run := func(dsn string) string {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		for _, s := range []string{
			"DROP TABLE IF EXISTS e2e_cerr_line", "DROP TABLE IF EXISTS e2e_cerr_order",
			"DROP TABLE IF EXISTS e2e_cerr_cust", "DROP TABLE IF EXISTS e2e_cerr_pair",
			"CREATE TABLE e2e_cerr_cust (id integer PRIMARY KEY, email varchar(40) UNIQUE, name varchar(20) NOT NULL)",
			"CREATE TABLE e2e_cerr_order (id integer PRIMARY KEY, cust integer REFERENCES e2e_cerr_cust (id), code varchar(10), CONSTRAINT order_code_uq UNIQUE (code))",
			"CREATE TABLE e2e_cerr_line (order_id integer, n integer, sku varchar(10), CONSTRAINT line_pk PRIMARY KEY (order_id, n), CONSTRAINT line_order FOREIGN KEY (order_id) REFERENCES e2e_cerr_order (id))",
			"CREATE TABLE e2e_cerr_pair (a integer, b integer)",
			"CREATE UNIQUE INDEX e2e_cerr_pair_ab ON e2e_cerr_pair (a, b)",
			"INSERT INTO e2e_cerr_cust VALUES (1, 'a@x', 'Ann'), (2, 'b@x', 'Bob')",
			"INSERT INTO e2e_cerr_order VALUES (10, 1, 'X1')",
			"INSERT INTO e2e_cerr_line VALUES (10, 1, 'S')",
			"INSERT INTO e2e_cerr_pair VALUES (1, 2)",
		} {
			mustExec(t, ctx, conn, s)
		}
		var out strings.Builder
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"INSERT INTO e2e_cerr_cust VALUES (1, 'c@x', 'Cy')", nil},
			{"INSERT INTO e2e_cerr_cust VALUES ($1, $2, $3)", []any{3, "a@x", "Cy"}},
			{"UPDATE e2e_cerr_cust SET email = 'a@x' WHERE id = 2", nil},
			{"INSERT INTO e2e_cerr_cust (id, email) VALUES (4, 'd@x')", nil},
			{"UPDATE e2e_cerr_cust SET name = NULL WHERE id = $1", []any{2}},
			{"INSERT INTO e2e_cerr_order VALUES (11, 1, 'X1')", nil},
			{"INSERT INTO e2e_cerr_order VALUES (12, 99, 'X2')", nil},
			{"UPDATE e2e_cerr_order SET cust = 98 WHERE id = 10", nil},
			{"DELETE FROM e2e_cerr_cust WHERE id = 1", nil},
			{"INSERT INTO e2e_cerr_line VALUES (10, 1, 'T')", nil},
			{"INSERT INTO e2e_cerr_line VALUES (77, 1, 'T')", nil},
			{"INSERT INTO e2e_cerr_pair VALUES (1, 2)", nil},
			{"INSERT INTO e2e_cerr_order (code, id) VALUES ($1, $2)", []any{"X1", 13}},
			{"UPDATE e2e_cerr_cust SET id = 5 WHERE id = 1", nil},
			{"INSERT INTO e2e_cerr_line (sku, n, order_id) VALUES ('x', 1, 10)", nil},
		} {
			_, err := conn.Exec(ctx, q.sql, q.args...)
			var pe *pgconn.PgError
			if !errors.As(err, &pe) {
				fmt.Fprintf(&out, "%s: %v\n", q.sql, err)
				continue
			}
			fmt.Fprintf(&out, "%s:\n  %s %s\n  schema=%q table=%q constraint=%q column=%q\n",
				q.sql, pe.Code, pe.Message, pe.SchemaName, pe.TableName, pe.ConstraintName, pe.ColumnName)
			if pe.Code != "23502" {
				fmt.Fprintf(&out, "  detail=%q\n", pe.Detail)
			}
		}
		return out.String()
	}
	want := run(pg.freshDB(t))
	got := run(pw.DSN())
	if got != want {
		t.Errorf("differs from PostgreSQL 15\n%s", lineDiff(want, got))
	}
}
