package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestRollbackUndoesCachedStatements: BEGIN starts IRIS's transaction with the block's
// first statement that uses IRIS, also when that statement is one the driver prepared
// before (pgx's statement cache sends only Bind and Execute), and ROLLBACK undoes it
// (session and transaction pooling).
func TestRollbackUndoesCachedStatements(t *testing.T) {
	for _, pw := range []*pgwired{sharedPgwired(t), startOwnPgwired(t, "POOL_MODE=transaction", "POOL_SIZE=2")} {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		c, err := pgx.Connect(ctx, pw.DSN())
		if err != nil {
			t.Fatal(err)
		}
		for _, sql := range []string{"DROP TABLE IF EXISTS e2e_lazy", "CREATE TABLE e2e_lazy (id int PRIMARY KEY)"} {
			if _, err := c.Exec(ctx, sql); err != nil {
				t.Fatal(sql, err)
			}
		}
		const insert = "INSERT INTO e2e_lazy VALUES ($1)"
		if _, err := c.Exec(ctx, insert, 1); err != nil { // prepared and cached
			t.Fatal(err)
		}
		if _, err := c.Exec(ctx, "BEGIN"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Exec(ctx, insert, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Exec(ctx, insert, 3); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Exec(ctx, "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := c.QueryRow(ctx, "SELECT count(*) FROM e2e_lazy").Scan(&n); err != nil || n != 1 {
			t.Errorf("rows after ROLLBACK: %d (%v), want 1: the block's INSERTs ran outside a transaction", n, err)
		}
		c.Exec(ctx, "DROP TABLE e2e_lazy")
		c.Close(ctx)
		cancel()
	}
}
