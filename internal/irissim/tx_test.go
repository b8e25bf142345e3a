package irissim

import (
	"context"
	"testing"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
)

func TestTransactionsOverTheWire(t *testing.T) {
	_, addr := startServer(t, Config{})
	a := dial(t, addr, "_SYSTEM", "SYS")
	b := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	if _, err := a.Exec(ctx, "CREATE TABLE T (n INTEGER)", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Exec(ctx, "START TRANSACTION", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Exec(ctx, "INSERT INTO T (n) VALUES (1)", nil); err != nil {
		t.Fatal(err)
	}
	if got := rowsOf(t, b, "SELECT COUNT(*) FROM T"); got[0][0] != int64(0) {
		t.Fatalf("uncommitted row visible to another connection: %v", got)
	}
	if err := a.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	a.Exec(ctx, "START TRANSACTION", nil)
	a.Exec(ctx, "INSERT INTO T (n) VALUES (2)", nil)
	a.Exec(ctx, "SAVEPOINT s1", nil)
	_, err := a.Exec(ctx, "ROLLBACK TO SAVEPOINT nosuch", nil)
	if se := sqlCode(t, err); se.SQLCODE != -375 {
		t.Fatalf("unknown savepoint: %+v", se)
	}
	if got := rowsOf(t, a, "SELECT $TLEVEL, COUNT(*) FROM T"); got[0][0] != int64(0) || got[0][1] != int64(0) {
		t.Fatalf("after -375: %v", got)
	}
	a.Exec(ctx, "START TRANSACTION", nil)
	a.Exec(ctx, "INSERT INTO T (n) VALUES (3)", nil)
	if err := a.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := rowsOf(t, b, "SELECT n FROM T"); len(got) != 1 || got[0][0] != int64(3) {
		t.Fatalf("after commit: %v", got)
	}
}

// TestDroppedConnectionRollsBack: a connection that dies mid-transaction
// leaves no transaction (and no write lock) behind.
func TestDroppedConnectionRollsBack(t *testing.T) {
	srv, addr := startServer(t, Config{})
	a := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	a.Exec(ctx, "CREATE TABLE D (n INTEGER)", nil)
	a.Exec(ctx, "START TRANSACTION", nil)
	if _, err := a.Exec(ctx, "INSERT INTO D (n) VALUES (1)", nil); err != nil {
		t.Fatal(err)
	}
	srv.DropConnections()
	waitFor(t, func() bool { return srv.ActiveConnections() == 0 })
	b := dial(t, addr, "_SYSTEM", "SYS")
	start := time.Now()
	if _, err := b.Exec(ctx, "INSERT INTO D (n) VALUES (2)", nil); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatal("write waited for a lock left by the dead connection")
	}
	if got := rowsOf(t, b, "SELECT n FROM D"); len(got) != 1 || got[0][0] != int64(2) {
		t.Fatalf("rows = %v", got)
	}
}

// TestClosingSocketInterruptsStatement: pgwired cancels by closing its IRIS
// connection; the running statement must stop.
func TestClosingSocketInterruptsStatement(t *testing.T) {
	srv, addr := startServer(t, Config{})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	c.Exec(ctx, "CREATE TABLE Ten (d INTEGER)", nil)
	for i := 0; i < 10; i++ {
		c.Exec(ctx, "INSERT INTO Ten (d) VALUES (?)", []any{i})
	}
	qctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	// 10^9 combinations: minutes of work unless interrupted.
	_, err := c.Query(qctx, "SELECT COUNT(*) FROM Ten a, Ten b, Ten c, Ten d, Ten e, Ten f, Ten g, Ten h, Ten i", nil)
	if err == nil {
		t.Fatal("query was not cancelled")
	}
	waitFor(t, func() bool { return srv.ActiveConnections() == 0 })
}

// TestConcurrentWriters: connections writing at once wait for each other
// (SQLite's single writer) instead of failing.
func TestConcurrentWriters(t *testing.T) {
	_, addr := startServer(t, Config{})
	ctx := context.Background()
	setup := dial(t, addr, "_SYSTEM", "SYS")
	if _, err := setup.Exec(ctx, "CREATE TABLE W (worker INTEGER, n INTEGER)", nil); err != nil {
		t.Fatal(err)
	}
	const workers, each = 6, 40
	conns := make([]*iris.Conn, workers)
	for i := range conns {
		conns[i] = dial(t, addr, "_SYSTEM", "SYS")
	}
	errs := make(chan error, workers)
	for w, c := range conns {
		go func() {
			for n := 0; n < each; n++ {
				if n%10 == 0 { // some work inside explicit transactions too
					if _, err := c.Exec(ctx, "START TRANSACTION", nil); err != nil {
						errs <- err
						return
					}
				}
				if _, err := c.Exec(ctx, "INSERT INTO W (worker, n) VALUES (?, ?)", []any{w, n}); err != nil {
					errs <- err
					return
				}
				if n%10 == 9 {
					if err := c.Commit(ctx); err != nil {
						errs <- err
						return
					}
				}
			}
			errs <- nil
		}()
	}
	for range conns {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := rowsOf(t, setup, "SELECT COUNT(*), COUNT(DISTINCT worker) FROM W"); got[0][0] != int64(workers*each) || got[0][1] != int64(workers) {
		t.Fatalf("rows = %v", got)
	}
}

// TestStartTransactionTakesNoLock: as in IRIS, START TRANSACTION locks nothing; a
// transaction that has only read does not hold up another connection's writes (pgwired
// advances sequences on a second connection while a client's transaction is open), and
// its later writes are still one transaction.
func TestStartTransactionTakesNoLock(t *testing.T) {
	_, addr := startServer(t, Config{})
	a := dial(t, addr, "_SYSTEM", "SYS")
	b := dial(t, addr, "_SYSTEM", "SYS")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := a.Exec(ctx, "CREATE TABLE L (n INTEGER)", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Exec(ctx, "START TRANSACTION", nil); err != nil {
		t.Fatal(err)
	}
	if got := rowsOf(t, a, "SELECT $TLEVEL, COUNT(*) FROM L"); got[0][0] != int64(1) || got[0][1] != int64(0) {
		t.Fatalf("in the transaction: %v", got)
	}
	if _, err := b.Exec(ctx, "INSERT INTO L (n) VALUES (1)", nil); err != nil {
		t.Fatalf("a write of another connection waited for a transaction that only read: %v", err)
	}
	if got := rowsOf(t, a, "SELECT COUNT(*) FROM L"); got[0][0] != int64(1) {
		t.Fatalf("a committed row is not seen (READ COMMITTED): %v", got)
	}
	if _, err := a.Exec(ctx, "INSERT INTO L (n) VALUES (2)", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Exec(ctx, "INSERT INTO L (n) VALUES (3)", nil); err != nil {
		t.Fatal(err)
	}
	if err := a.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if got := rowsOf(t, b, "SELECT COUNT(*) FROM L"); got[0][0] != int64(1) {
		t.Fatalf("after ROLLBACK: %v", got)
	}
}
