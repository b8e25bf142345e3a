package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestTempTablesAreTheSessions runs the same two-session story against PostgreSQL and
// through pgwired (session and transaction pooling): a temporary table is seen only by
// the session that made it, hides a table of the same name, and is gone when its
// session ends, so another session can make one of that name.
func TestTempTablesAreTheSessions(t *testing.T) {
	pg := startOracle(t)
	dsn := pg.freshDB(t)
	want := tempTableStory(t, dsn)
	for _, pw := range []*pgwired{sharedPgwired(t), startOwnPgwired(t, "POOL_MODE=transaction", "POOL_SIZE=2")} {
		if got := tempTableStory(t, pw.DSN()); got != want {
			t.Errorf("pgwired differs from PostgreSQL 15\n%s", lineDiff(want, got))
		}
	}
}

func tempTableStory(t *testing.T, dsn string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out strings.Builder
	connect := func() *pgx.Conn {
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	query := func(who string, c *pgx.Conn, sql string, args ...any) {
		rows, err := c.Query(ctx, sql, args...)
		if err == nil {
			var vals []string
			for rows.Next() {
				v, _ := rows.Values()
				vals = append(vals, fmt.Sprint(v))
			}
			rows.Close()
			err = rows.Err()
			if err == nil {
				fmt.Fprintf(&out, "%s %s: %s %s\n", who, sql, strings.Join(vals, " "), rows.CommandTag())
				return
			}
		}
		fmt.Fprintf(&out, "%s %s: %s\n", who, sql, sqlState(err))
	}
	a, b := connect(), connect()
	defer b.Close(ctx)
	query("a", a, "DROP TABLE IF EXISTS e2e_tmp")
	query("a", a, "CREATE TABLE e2e_tmp (id int PRIMARY KEY, v text)")
	query("a", a, "INSERT INTO e2e_tmp VALUES (1, 'permanent')")
	query("a", a, "CREATE TEMP TABLE e2e_tmp (id int, v text, flag boolean)")
	query("a", a, "INSERT INTO e2e_tmp VALUES ($1, $2, $3)", 2, "temporary", true)
	query("a", a, "SELECT id, v FROM e2e_tmp WHERE flag = 't'")
	query("b", b, "SELECT id, v FROM e2e_tmp")
	query("a", a, "BEGIN")
	query("a", a, "UPDATE e2e_tmp SET v = 'changed' WHERE id = $1", 2)
	query("a", a, "COMMIT")
	query("a", a, "SELECT id, v FROM e2e_tmp")
	query("a", a, "SELECT id, v FROM public.e2e_tmp")
	query("b", b, "CREATE TEMP TABLE e2e_tmp2 AS SELECT id, v FROM e2e_tmp")
	query("b", b, "SELECT * FROM e2e_tmp2")
	query("a", a, "SELECT * FROM e2e_tmp2")
	if err := a.Close(ctx); err != nil {
		t.Fatal(err)
	}
	c := connect()
	defer c.Close(ctx)
	query("c", c, "SELECT id, v FROM e2e_tmp")
	query("c", c, "CREATE TEMP TABLE e2e_tmp (n int)")
	query("c", c, "INSERT INTO e2e_tmp VALUES (7)")
	query("c", c, "SELECT * FROM e2e_tmp")
	query("c", c, "DISCARD TEMP")
	query("c", c, "SELECT id, v FROM e2e_tmp")
	query("b", b, "DROP TABLE e2e_tmp2")
	query("b", b, "SELECT * FROM e2e_tmp2")
	query("c", c, "DROP TABLE e2e_tmp")
	return out.String()
}
