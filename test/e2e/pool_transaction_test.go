package e2e

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestTransactionPooling runs POOL_MODE=transaction with two IRIS connections for many
// clients: what each client sees must be what PostgreSQL would show it (its own
// transaction, its prepared statements, correct rows), while the IRIS connections are
// shared between transactions.
func TestTransactionPooling(t *testing.T) {
	if testing.Short() {
		t.Skip("starts its own pgwired")
	}
	metrics := fmt.Sprintf("127.0.0.1:%d", freePort())
	p := startOwnPgwired(t, "POOL_MODE=transaction", "POOL_SIZE=2", "POOL_ACQUIRE_TIMEOUT=1s",
		"MAX_CONNECTIONS=100", "LOG_LEVEL=info", "METRICS_ADDR="+metrics)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	setup := connect(t, ctx, p)
	mustExec(t, ctx, setup, "CREATE TABLE tp_items (id int PRIMARY KEY, owner int, note text)")

	// 40 clients at once over 2 IRIS connections; in session mode the third would fail.
	const clients = 40
	conns := make([]*pgx.Conn, clients)
	for i := range conns {
		conns[i] = connect(t, ctx, p)
	}
	if got := poolConnections(t, metrics); got > 2 {
		t.Errorf("pgwire_iris_pool_connections sums to %d with %d clients connected, want <= POOL_SIZE 2", got, clients)
	}

	t.Run("concurrent prepared statements", func(t *testing.T) {
		// pgx's default mode prepares each statement once per client and then only sends
		// Bind/Execute: the statement must follow the client onto whichever IRIS
		// connection its next transaction gets.
		var wg sync.WaitGroup
		errs := make(chan error, clients)
		for i, c := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range 20 {
					var sum int64
					var label string
					if err := c.QueryRow(ctx, "SELECT $1::int + $2::int, $3::text", i, j, fmt.Sprintf("c%d", i)).Scan(&sum, &label); err != nil {
						errs <- fmt.Errorf("client %d query %d: %w", i, j, err)
						return
					}
					if sum != int64(i+j) || label != fmt.Sprintf("c%d", i) {
						errs <- fmt.Errorf("client %d query %d: got %d %q, want %d c%d", i, j, sum, label, i+j, i)
						return
					}
				}
				if _, err := c.Exec(ctx, "INSERT INTO tp_items VALUES ($1, $2, $3)", 1000+i, i, "bulk"); err != nil {
					errs <- fmt.Errorf("client %d insert: %w", i, err)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		var n int
		if err := setup.QueryRow(ctx, "SELECT count(*) FROM tp_items WHERE note = 'bulk'").Scan(&n); err != nil || n != clients {
			t.Errorf("bulk rows: %d, %v; want %d", n, err, clients)
		}
	})

	t.Run("a transaction keeps its connection and its isolation", func(t *testing.T) {
		a, b := conns[0], conns[1]
		mustExec(t, ctx, a, "BEGIN")
		mustExec(t, ctx, a, "INSERT INTO tp_items VALUES (1, 0, 'uncommitted')")
		var n int
		if err := b.QueryRow(ctx, "SELECT count(*) FROM tp_items WHERE id = 1").Scan(&n); err != nil || n != 0 {
			t.Fatalf("another client sees %d uncommitted rows (%v), want 0", n, err)
		}
		if err := a.QueryRow(ctx, "SELECT count(*) FROM tp_items WHERE id = 1").Scan(&n); err != nil || n != 1 {
			t.Fatalf("the transaction sees %d of its own rows (%v), want 1", n, err)
		}
		mustExec(t, ctx, a, "ROLLBACK")
		mustExec(t, ctx, a, "BEGIN")
		mustExec(t, ctx, a, "INSERT INTO tp_items VALUES (2, 0, 'committed')")
		mustExec(t, ctx, a, "COMMIT")
		if err := b.QueryRow(ctx, "SELECT count(*) FROM tp_items WHERE id IN (1, 2)").Scan(&n); err != nil || n != 1 {
			t.Fatalf("after ROLLBACK and COMMIT: %d rows (%v), want only the committed one", n, err)
		}
	})

	t.Run("a client waits while both connections are busy", func(t *testing.T) {
		// The simulator lets one transaction write at a time (SQLite's single writer, see
		// internal/irissim/doc.go), so b's write waits inside the simulator for a's
		// transaction and holds the second IRIS connection meanwhile: both are busy, and a
		// third client must wait for one instead of failing or sharing.
		a, b, c := conns[2], conns[3], conns[4]
		holdBoth := func() chan error {
			mustExec(t, ctx, a, "BEGIN")
			mustExec(t, ctx, a, "UPDATE tp_items SET note = note WHERE id = 0")
			mustExec(t, ctx, b, "BEGIN")
			began := make(chan error, 1)
			go func() {
				_, err := b.Exec(ctx, "UPDATE tp_items SET note = note WHERE id = 0")
				began <- err
			}()
			// b's UPDATE waits inside the simulator on the second connection.
			waitInUse(t, metrics, 2)
			return began
		}
		began := holdBoth()
		done := make(chan error, 1)
		go func() {
			var one int
			done <- c.QueryRow(ctx, "SELECT 1").Scan(&one)
		}()
		select {
		case err := <-done:
			t.Fatalf("a third client ran while both IRIS connections were busy: %v", err)
		case <-time.After(300 * time.Millisecond):
		}
		mustExec(t, ctx, a, "COMMIT")
		for _, ch := range []chan error{done, began} {
			select {
			case err := <-ch:
				if err != nil {
					t.Fatalf("after COMMIT freed a connection: %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the waiting clients did not go on after COMMIT")
			}
		}
		mustExec(t, ctx, b, "COMMIT")

		// Busy past POOL_ACQUIRE_TIMEOUT (1 s): the waiter gets 53300 and its session
		// survives.
		began = holdBoth()
		_, err := c.Exec(ctx, "SELECT 1")
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "53300" {
			t.Fatalf("waiting past POOL_ACQUIRE_TIMEOUT: %v, want SQLSTATE 53300", err)
		}
		mustExec(t, ctx, a, "COMMIT")
		if err := <-began; err != nil {
			t.Fatal(err)
		}
		mustExec(t, ctx, b, "COMMIT")
		mustExec(t, ctx, c, "SELECT 1")
	})

	t.Run("a client vanishing mid-transaction frees its connection rolled back", func(t *testing.T) {
		raw, err := pgconn.Connect(ctx, p.DSN())
		if err != nil {
			t.Fatal(err)
		}
		if err := raw.Exec(ctx, "BEGIN; INSERT INTO tp_items VALUES (3, 0, 'vanished')").Close(); err != nil {
			t.Fatal(err)
		}
		raw.Conn().Close()
		// The row is gone and both connections serve again.
		a, b := conns[5], conns[6]
		mustExec(t, ctx, a, "BEGIN")
		var n int
		if err := a.QueryRow(ctx, "SELECT count(*) FROM tp_items WHERE id = 3").Scan(&n); err != nil || n != 0 {
			t.Errorf("row of the vanished client: %d (%v), want 0", n, err)
		}
		mustExec(t, ctx, b, "SELECT 1")
		mustExec(t, ctx, a, "COMMIT")
	})

	if got := poolConnections(t, metrics); got > 2 {
		t.Errorf("pgwire_iris_pool_connections sums to %d at the end, want <= 2", got)
	}
}

// waitInUse waits until n IRIS connections are in use.
func waitInUse(t *testing.T, addr string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := httpGet(t, "http://"+addr+"/metrics")
		for _, line := range strings.Split(body, "\n") {
			if strings.HasPrefix(line, `pgwire_iris_pool_connections{state="in_use"} `) {
				var v float64
				fmt.Sscanf(line[strings.LastIndexByte(line, ' ')+1:], "%g", &v)
				if int(v) == n {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("never %d IRIS connections in use:\n%s", n, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// poolConnections sums pgwire_iris_pool_connections over its states.
func poolConnections(t *testing.T, addr string) int {
	t.Helper()
	_, body := httpGet(t, "http://"+addr+"/metrics")
	total := 0
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "pgwire_iris_pool_connections{") {
			var v float64
			fmt.Sscanf(line[strings.LastIndexByte(line, ' ')+1:], "%g", &v)
			total += int(v)
		}
	}
	return total
}
