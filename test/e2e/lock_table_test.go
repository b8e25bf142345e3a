package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestLockTableBlocksWritersUntilCommit: LOCK TABLE … IN EXCLUSIVE MODE in one session
// makes another session's INSERT wait until the first commits, through pgwired as on
// PostgreSQL, and LOCK outside a block is 25P01.
func TestLockTableBlocksWritersUntilCommit(t *testing.T) {
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
			mustExec(t, ctx, a, "DROP TABLE IF EXISTS e2e_lock")
			mustExec(t, ctx, a, "CREATE TABLE e2e_lock (id int)")
			if _, err := a.Exec(ctx, "LOCK TABLE e2e_lock"); sqlState(err) != "25P01" {
				t.Fatalf("LOCK outside a block: %v", err)
			}
			mustExec(t, ctx, a, "BEGIN")
			mustExec(t, ctx, a, "LOCK TABLE e2e_lock IN EXCLUSIVE MODE") // the lock alone, no write
			done := make(chan error, 1)
			go func() {
				_, err := b.Exec(ctx, "INSERT INTO e2e_lock VALUES (2)")
				done <- err
			}()
			select {
			case err := <-done:
				t.Fatalf("the other session's INSERT did not wait for the lock: %v", err)
			case <-time.After(700 * time.Millisecond):
			}
			mustExec(t, ctx, a, "COMMIT")
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("INSERT after the lock was released: %v", err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the INSERT still waits after COMMIT")
			}
			var n int
			if err := a.QueryRow(ctx, "SELECT count(*) FROM e2e_lock").Scan(&n); err != nil || n != 1 {
				t.Fatalf("rows %d, %v", n, err)
			}
			mustExec(t, ctx, a, "DROP TABLE e2e_lock")
		})
	}
}
