package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestIntegerColumnDivisionMatchesPostgres divides integer columns through pgx's
// prepared statements (Parse with $n, Describe, Bind, Execute: the extended protocol,
// where pgwired prepares the statement on IRIS): PostgreSQL truncates to an integer, and
// the result type Describe reports is an integer type. psql script 31 covers the simple
// protocol.
func TestIntegerColumnDivisionMatchesPostgres(t *testing.T) {
	pg := startOracle(t)
	pw := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	run := func(dsn string) string {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		mustExec(t, ctx, conn, "DROP TABLE IF EXISTS e2e_pdiv")
		mustExec(t, ctx, conn, "CREATE TABLE e2e_pdiv (id integer PRIMARY KEY, a integer, b bigint, n numeric(8,2))")
		mustExec(t, ctx, conn, "INSERT INTO e2e_pdiv VALUES (1, 7, 2, 7.5), (2, -9, 4, 1.5)")
		var out strings.Builder
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"SELECT id, a / b, a / $1::int FROM e2e_pdiv WHERE id = $2", []any{int32(2), int32(1)}},
			{"SELECT id, a / b, (a - 1) / b FROM e2e_pdiv WHERE id = $1", []any{int32(2)}},
			{"SELECT count(*) FROM e2e_pdiv WHERE a / b = $1::int8", []any{int64(3)}},
			{"SELECT id, n / 2 > 3 FROM e2e_pdiv WHERE id = $1", []any{int32(1)}},
			// numeric quotients at PostgreSQL's scale, in the binary format pgx reads
			{"SELECT id, n / 3, avg(a) OVER (), n / $2::int FROM e2e_pdiv WHERE id = $1", []any{int32(1), int32(7)}},
			{"SELECT avg(a), avg(n), sum(n) / count(*) FROM e2e_pdiv WHERE id > $1", []any{int32(0)}},
		} {
			sd, err := conn.Prepare(ctx, "", q.sql)
			if err != nil {
				fmt.Fprintf(&out, "%s: %s\n", q.sql, sqlState(err))
				continue
			}
			var oids []string
			for _, f := range sd.Fields {
				oids = append(oids, fmt.Sprint(f.DataTypeOID))
			}
			rows, err := conn.Query(ctx, q.sql, q.args...)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&out, "%s: types [%s]\n", q.sql, strings.Join(oids, " "))
			for rows.Next() {
				vals, err := rows.Values()
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&out, "  %v\n", vals)
			}
			if err := rows.Err(); err != nil {
				fmt.Fprintf(&out, "  error %s\n", sqlState(err))
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
