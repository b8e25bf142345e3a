package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestInsertSelectReturningExtended runs INSERT … SELECT … RETURNING with parameters in
// the query through pgx's extended-protocol modes, against PostgreSQL 15 and pgwired, and
// requires the same rows, tags and SQLSTATEs: a parameter in the WHERE, one that is a
// result column by itself (PostgreSQL types it as the column it goes into), bytea, time
// stamps, empty strings and NULLs sent as parameters and copied back. (psql script 69 covers the
// simple protocol.)
func TestInsertSelectReturningExtended(t *testing.T) {
	pg := startOracle(t)
	pw := sharedPgwired(t)
	comparePgxModes(t, pg, pw, []string{"cache_statement", "describe_exec", "exec"}, "INSERT … SELECT … RETURNING results",
		func(ctx context.Context, conn *pgx.Conn, mode string) []string {
			return []string{insertSelectScenario(ctx, conn, "e2e_isrx_"+mode)}
		}, nil)
}

func insertSelectScenario(ctx context.Context, conn *pgx.Conn, table string) string {
	var out strings.Builder
	src, dst := table+"_src", table+"_dst"
	query := func(sql string, args ...any) {
		rows, err := conn.Query(ctx, sql, args...)
		if err != nil {
			fmt.Fprintf(&out, "%s: %s\n", sql, sqlState(err))
			return
		}
		fmt.Fprintf(&out, "%s:\n", sql)
		for rows.Next() {
			vals, err := rows.Values()
			if err != nil {
				fmt.Fprintf(&out, "  values: %v\n", err)
				continue
			}
			for i, v := range vals {
				if ts, ok := v.(time.Time); ok {
					vals[i] = ts.UTC().Format("2006-01-02 15:04:05.999999")
				}
			}
			fmt.Fprintf(&out, "  %v\n", vals)
		}
		rows.Close()
		fmt.Fprintf(&out, "  %s %s\n", rows.CommandTag(), sqlState(rows.Err()))
	}
	exec := func(sql string, args ...any) {
		tag, err := conn.Exec(ctx, sql, args...)
		fmt.Fprintf(&out, "%s: %s %s\n", sql, tag, sqlState(err))
	}
	exec("DROP TABLE IF EXISTS " + dst)
	exec("DROP TABLE IF EXISTS " + src)
	exec("CREATE TABLE " + src + " (k int, name text, at timestamp, b bytea)")
	exec("CREATE TABLE " + dst + " (id serial PRIMARY KEY, k int UNIQUE, name text, at timestamp, b bytea)")
	exec("INSERT INTO "+src+" VALUES ($1, $2, $3, $4)", 1, "one", time.Date(2024, 2, 29, 12, 30, 0, 250000000, time.UTC), []byte{0, 255, 16})
	exec("INSERT INTO "+src+" VALUES ($1, $2, $3, $4)", 2, "", nil, []byte{})
	exec("INSERT INTO "+src+" VALUES ($1, $2, $3, $4)", 3, nil, time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC), nil)
	query("SELECT k, b, b IS NULL FROM " + src + " ORDER BY k")
	query("INSERT INTO "+dst+" (k, name, at, b) SELECT k, name, at, b FROM "+src+" WHERE k >= $1 ORDER BY k DESC RETURNING id, k, name, at, b", 2)
	query("INSERT INTO "+dst+" (k, name) SELECT $1, name FROM "+src+" WHERE k = $2 RETURNING id, k, name", 10, 1)
	query("INSERT INTO "+dst+" (k, name, at, b) SELECT k + $1::int, upper(name), at, b FROM "+src+" ORDER BY k RETURNING k, name, at, b", 20)
	// Again with other values: the same prepared statement.
	query("INSERT INTO "+dst+" (k, name, at, b) SELECT k + $1::int, upper(name), at, b FROM "+src+" ORDER BY k RETURNING k, name, at, b", 30)
	// No row: described all the same.
	query("INSERT INTO "+dst+" (k) SELECT k FROM "+src+" WHERE k > $1 RETURNING *", 100)
	// A duplicate on the 2nd row: nothing of the statement stays.
	query("INSERT INTO "+dst+" (k, name) SELECT k + $1::int, name FROM "+src+" ORDER BY k RETURNING k", 20)
	query("SELECT count(*) FROM " + dst)
	exec("DROP TABLE " + dst)
	exec("DROP TABLE " + src)
	return out.String()
}

// TestInsertSelectReturningConcurrent: while INSERT … SELECT … RETURNING runs in one
// session, another session inserts into the same table and commits; the RETURNING rows
// are exactly the statement's own rows (ids included), never the other session's. On
// the simulator the statement waits for the other session's write lock, so the other
// rows are committed after the statement began: a "rows above the largest id before"
// emulation would return them.
func TestInsertSelectReturningConcurrent(t *testing.T) {
	pg := startOracle(t)
	pw := sharedPgwired(t)
	for name, dsn := range map[string]string{"postgres": pg.freshDB(t), "pgwired": pw.DSN()} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
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
			mustExec(t, ctx, a, "DROP TABLE IF EXISTS e2e_isr_conc")
			mustExec(t, ctx, a, "CREATE TABLE e2e_isr_conc (id serial PRIMARY KEY, who text, n int)")
			mustExec(t, ctx, b, "BEGIN")
			mustExec(t, ctx, b, "INSERT INTO e2e_isr_conc (who, n) VALUES ('b', 0)")
			type row struct {
				id  int64
				who string
				n   int64
			}
			done := make(chan error, 1)
			var got []row
			go func() {
				rows, err := a.Query(ctx, "INSERT INTO e2e_isr_conc (who, n) SELECT 'a', g FROM generate_series(1, 5) g ORDER BY g RETURNING id, who, n")
				if err != nil {
					done <- err
					return
				}
				for rows.Next() {
					var r row
					if err := rows.Scan(&r.id, &r.who, &r.n); err != nil {
						done <- err
						return
					}
					got = append(got, r)
				}
				done <- rows.Err()
			}()
			time.Sleep(500 * time.Millisecond)
			mustExec(t, ctx, b, "INSERT INTO e2e_isr_conc (who, n) VALUES ('b', 1)")
			mustExec(t, ctx, b, "COMMIT")
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("INSERT … SELECT … RETURNING: %v", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("INSERT … SELECT … RETURNING did not finish")
			}
			rows, err := a.Query(ctx, "SELECT id FROM e2e_isr_conc WHERE who = 'a' ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 5 || len(ids) != 5 {
				t.Fatalf("returned %v, the table has ids %v for session a", got, ids)
			}
			for i, r := range got {
				if r.who != "a" || r.n != int64(i+1) || r.id != ids[i] {
					t.Errorf("row %d: returned %+v, want who a, n %d, id %d", i, r, i+1, ids[i])
				}
			}
			if n := queryInt(t, ctx, a, "SELECT count(*) FROM e2e_isr_conc"); n != 7 {
				t.Errorf("%d rows in the table, want 7", n)
			}
			mustExec(t, ctx, a, "DROP TABLE e2e_isr_conc")
		})
	}
}

// TestInsertSelectReturningTimeoutBetweenRows: statement_timeout and a cancel cover the
// whole INSERT … SELECT … RETURNING, whose rows are many short IRIS calls (the query
// itself is read in about 30 ms; the inserts would take seconds): it stops with 57014
// part-way and none of its rows stay.
func TestInsertSelectReturningTimeoutBetweenRows(t *testing.T) {
	pw := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, pw.DSN())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	mustExec(t, ctx, conn, "DROP TABLE IF EXISTS e2e_isr_slow")
	mustExec(t, ctx, conn, "CREATE TABLE e2e_isr_slow (id serial PRIMARY KEY, v int)")
	const insert = "INSERT INTO e2e_isr_slow (v) SELECT g FROM generate_series(1, 20000) g RETURNING id"
	mustExec(t, ctx, conn, "SET statement_timeout = '300ms'")
	start := time.Now()
	if _, err := conn.Exec(ctx, insert); sqlState(err) != "57014" {
		t.Fatalf("with statement_timeout: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the timeout stopped the statement after %v", d)
	}
	mustExec(t, ctx, conn, "RESET statement_timeout")
	go func() {
		time.Sleep(300 * time.Millisecond)
		_ = conn.PgConn().CancelRequest(context.Background())
	}()
	if _, err := conn.Exec(ctx, insert); sqlState(err) != "57014" {
		t.Fatalf("cancelled: %v", err)
	}
	if n := queryInt(t, ctx, conn, "SELECT count(*) FROM e2e_isr_slow"); n != 0 {
		t.Errorf("%d rows stayed", n)
	}
	mustExec(t, ctx, conn, "DROP TABLE e2e_isr_slow")
}
