package e2e

import (
	"context"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestDriverValuesIRISCannotHoldAreRefused covers what drivers send that PostgreSQL
// accepts and pgwired cannot reproduce on IRIS: each must be a clear 0A000 naming the
// construct, never a different value stored or shown. The session goes on afterwards.
func TestDriverValuesIRISCannotHoldAreRefused(t *testing.T) {
	p := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, p.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	mustExec(t, ctx, conn, "DROP TABLE IF EXISTS e2e_refusals")
	mustExec(t, ctx, conn, "CREATE TABLE e2e_refusals (id integer PRIMARY KEY, f double precision, n numeric(10,2))")
	mustExec(t, ctx, conn, "INSERT INTO e2e_refusals (id, f, n) VALUES (1, 1.5, 2.5)")

	for _, c := range []struct {
		what string
		sql  string
		args []any
		want string // in the message
	}{
		// pgx sends float8 and numeric in binary; the simulator's store would keep a NaN
		// double as NULL.
		{"binary float NaN", "UPDATE e2e_refusals SET f = $1 WHERE id = 1", []any{math.NaN()}, "NaN and infinite double precision"},
		{"binary float Inf", "UPDATE e2e_refusals SET f = $1 WHERE id = 1", []any{math.Inf(-1)}, "NaN and infinite double precision"},
		{"text float NaN", "UPDATE e2e_refusals SET f = $1::float8 WHERE id = 1", []any{"NaN"}, "NaN and infinite double precision"},
		{"text float Infinity", "UPDATE e2e_refusals SET f = $1::float8 WHERE id = 1", []any{"-Infinity"}, "NaN and infinite double precision"},
		{"text numeric NaN", "UPDATE e2e_refusals SET n = $1::numeric WHERE id = 1", []any{"NaN"}, "NaN and infinite numeric"},
		{"binary numeric NaN", "UPDATE e2e_refusals SET n = $1 WHERE id = 1", []any{pgtype.Numeric{NaN: true, Valid: true}}, "NaN and infinite numeric"},
		{"binary numeric Infinity", "UPDATE e2e_refusals SET n = $1 WHERE id = 1", []any{pgtype.Numeric{InfinityModifier: pgtype.Infinity, Valid: true}}, "NaN and infinite numeric"},
		{"DateStyle SQL", "SET DateStyle = 'SQL, DMY'", nil, "DateStyle SQL"},
	} {
		_, err := conn.Exec(ctx, c.sql, c.args...)
		pe := expectSQLState(t, err, "0A000", c.what)
		if !strings.Contains(pe.Message, c.want) {
			t.Errorf("%s: message %q, want it to name %q", c.what, pe.Message, c.want)
		}
	}
	var f float64
	var n pgtype.Numeric
	if err := conn.QueryRow(ctx, "SELECT f, n FROM e2e_refusals WHERE id = 1").Scan(&f, &n); err != nil {
		t.Fatal(err)
	}
	if f != 1.5 || n.Int.Cmp(big.NewInt(250)) != 0 || n.Exp != -2 {
		t.Errorf("row changed by refused statements: %v %v e%d", f, n.Int, n.Exp)
	}
	if ds := conn.PgConn().ParameterStatus("DateStyle"); ds != "ISO, MDY" {
		t.Errorf("DateStyle reported as %q after a refused SET", ds)
	}
	mustExec(t, ctx, conn, "DROP TABLE e2e_refusals")
}
