package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestSelectForUpdateLocks: a row read with SELECT … FOR UPDATE (Django's
// select_for_update) stays locked until the transaction ends, in PostgreSQL and through
// pgwired: another session's UPDATE of the row waits for the COMMIT and then applies on
// top of the locker's change. (That other rows stay unlocked is not checked: the
// simulator's SQLite locks a whole database for a writing transaction.)
func TestSelectForUpdateLocks(t *testing.T) {
	pg := startOracle(t)
	pw := sharedPgwired(t)
	for _, c := range []struct{ name, url string }{
		{"postgres", fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", pg.Port, pg.freshDBName(t))},
		{"pgwired", pw.URL()},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			a, err := pgx.Connect(ctx, c.url)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close(ctx)
			b, err := pgx.Connect(ctx, c.url)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close(ctx)
			for _, q := range []string{
				"DROP TABLE IF EXISTS e2e_lock",
				"CREATE TABLE e2e_lock (id serial PRIMARY KEY, name varchar(10), n integer)",
				"INSERT INTO e2e_lock (name, n) VALUES ('x', 1), ('y', 1)",
			} {
				if _, err := a.Exec(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			tx, err := a.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			if err := tx.QueryRow(ctx, "SELECT id, n FROM e2e_lock WHERE name = $1 FOR UPDATE", "x").Scan(new(int), &n); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := b.Exec(ctx, "UPDATE e2e_lock SET n = n * 10 WHERE name = 'x'")
				done <- err
			}()
			select {
			case err := <-done:
				t.Fatalf("the UPDATE of the locked row did not wait (err %v)", err)
			case <-time.After(500 * time.Millisecond):
			}
			if _, err := tx.Exec(ctx, "UPDATE e2e_lock SET n = $1 WHERE name = 'x'", n+1); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatalf("the waiting UPDATE failed: %v", err)
			}
			if err := a.QueryRow(ctx, "SELECT n FROM e2e_lock WHERE name = 'x'").Scan(&n); err != nil || n != 20 {
				t.Errorf("n = %d (%v), want 20: the waiting UPDATE applies after the locker's", n, err)
			}
			a.Exec(ctx, "DROP TABLE e2e_lock")
		})
	}
}
