package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pgwired/pgwired/internal/irissim"
)

// Fault tests: pgwired runs as a real IRIS client (BACKEND_TYPE=superserver) against a
// simulator owned by the test, which can drop every IRIS socket or start late.

// newSimulator returns an in-process IRIS simulator; it listens only once started.
func newSimulator(t *testing.T, dataDir string) *irissim.Server {
	t.Helper()
	sim, err := irissim.New(irissim.Config{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

// startPgwiredOnIRIS runs pgwired against the superserver at irisPort.
func startPgwiredOnIRIS(t *testing.T, irisPort int, env ...string) *pgwired {
	t.Helper()
	all := append([]string{"BACKEND_TYPE=superserver", "IRIS_HOST=127.0.0.1", "IRIS_PORT=" + strconv.Itoa(irisPort),
		"IRIS_NAMESPACE=USER", "IRIS_USERNAME=_SYSTEM", "IRIS_PASSWORD=SYS", "LOG_LEVEL=info",
		// Without the simulator backend pgwired has no certificate: plaintext on loopback.
		"AUTH_ALLOW_CLEARTEXT_WITHOUT_TLS=true"}, env...)
	p := startPgwired(t, all...)
	t.Cleanup(p.Stop)
	return p
}

// connectPlain opens a plaintext pgx connection to p or fails the test.
func connectPlain(t *testing.T, ctx context.Context, p *pgwired) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(ctx, p.plainURL())
	if err != nil {
		t.Fatalf("connect to pgwired: %v\nlog:\n%s", err, p.Log())
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// isIRISLoss reports whether err is what a client must see when pgwired loses IRIS under
// it: SQLSTATE class 08 (connection exception) or 57P01.
func isIRISLoss(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01")
}

// TestIRISConnectionDroppedMidWork drops every IRIS socket while clients run two-row
// transactions: the clients hit get 08006 (or 57P01), the rest carry on, new sessions
// work afterwards, and no transaction is left with one row of its two.
func TestIRISConnectionDroppedMidWork(t *testing.T) {
	sim := newSimulator(t, t.TempDir())
	addr, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := startPgwiredOnIRIS(t, addr.(*net.TCPAddr).Port)
	writersThroughFault(t, p, sim.DropConnections)
	if sim.TotalConnections() <= 12 {
		t.Errorf("simulator saw %d connections in all: the pool did not reconnect", sim.TotalConnections())
	}
}

// TestIRISRestartedUnderLoad stops the simulator (listener and every connection) while
// clients write, and starts a new one on the same port and data a moment later: the
// same guarantees as a dropped connection, across a window where IRIS refuses
// connections altogether.
func TestIRISRestartedUnderLoad(t *testing.T) {
	dir := t.TempDir()
	sim := newSimulator(t, dir)
	addr, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := startPgwiredOnIRIS(t, addr.(*net.TCPAddr).Port)
	writersThroughFault(t, p, func() {
		sim.Close()
		time.Sleep(500 * time.Millisecond)
		restarted := newSimulator(t, dir)
		if _, err := restarted.Start(addr.String()); err != nil {
			t.Errorf("restart the simulator on %s: %v", addr, err)
		}
	})
}

// writersThroughFault runs clients that each commit two-row transactions in a loop,
// applies fault while they run, waits until every client has committed again, and checks
// that each transaction is in the table whole if its COMMIT succeeded and not at all
// otherwise. The only errors allowed are IRIS-loss errors (isIRISLoss).
func writersThroughFault(t *testing.T, p *pgwired, fault func()) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	setup := connectPlain(t, ctx, p)
	mustExec(t, ctx, setup, "CREATE TABLE drop_tx (client int, seq int, part int)")

	const clients = 12
	var (
		stop      atomic.Bool
		committed [clients][]int        // seq numbers whose COMMIT succeeded
		afterDrop [clients]atomic.Int64 // commits that succeeded after the drop
		dropped   atomic.Bool
		lossErrs  atomic.Int64
		mu        sync.Mutex
		failures  []string
		wg        sync.WaitGroup
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := pgx.Connect(ctx, p.plainURL())
			if err != nil {
				fail("client %d connect: %v", c, err)
				return
			}
			defer conn.Close(context.Background())
			for seq := 0; !stop.Load(); seq++ {
				err := twoRowTx(ctx, conn, c, seq)
				switch {
				case err == nil:
					committed[c] = append(committed[c], seq)
					if dropped.Load() {
						afterDrop[c].Add(1)
					}
				case isIRISLoss(err):
					lossErrs.Add(1)
					// The session survives the loss of its IRIS connection: roll back
					// pgwired's view and go on with a fresh IRIS connection.
					if _, rerr := conn.Exec(ctx, "ROLLBACK"); rerr != nil && !isIRISLoss(rerr) {
						fail("client %d: ROLLBACK after IRIS loss: %v", c, rerr)
						return
					}
					time.Sleep(10 * time.Millisecond) // IRIS may be down: do not spin
				default:
					fail("client %d seq %d: unexpected error %v", c, seq, err)
					return
				}
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	fault()
	dropped.Store(true)
	// Every session must recover and commit again. The simulator serializes writers on
	// one SQLite file, so a transaction can take a second under this contention: wait
	// for each client's first commit after the drop rather than a fixed time.
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		recovered := 0
		for c := range clients {
			if afterDrop[c].Load() > 0 {
				recovered++
			}
		}
		if recovered == clients {
			break
		}
	}
	stop.Store(true)
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	if lossErrs.Load() == 0 {
		t.Errorf("no client saw the IRIS connection loss; the drop happened between statements of every client?")
	}

	// The pool heals: a new session works, and the data is whole transactions only.
	check := connectPlain(t, ctx, p)
	rows, err := check.Query(ctx, "SELECT client, seq, count(*) FROM drop_tx GROUP BY client, seq")
	if err != nil {
		t.Fatalf("query after the drop: %v\n%s", err, p.Log())
	}
	present := map[[2]int]int{}
	for rows.Next() {
		var c, s, n int
		if err := rows.Scan(&c, &s, &n); err != nil {
			t.Fatal(err)
		}
		present[[2]int{c, s}] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for k, n := range present {
		if n != 2 {
			t.Errorf("client %d seq %d has %d rows: a transaction was half-applied", k[0], k[1], n)
		}
	}
	total := 0
	for c := range clients {
		for _, s := range committed[c] {
			if present[[2]int{c, s}] != 2 {
				t.Errorf("client %d seq %d committed but missing", c, s)
			}
		}
		total += len(committed[c])
		// Each client committed after the drop too: its session recovered.
		if afterDrop[c].Load() == 0 {
			t.Errorf("client %d committed nothing after the drop", c)
		}
	}
	t.Logf("%d transactions committed, %d IRIS-loss errors", total, lossErrs.Load())
}

func twoRowTx(ctx context.Context, conn *pgx.Conn, client, seq int) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	for part := 1; part <= 2; part++ {
		if _, err := tx.Exec(ctx, "INSERT INTO drop_tx VALUES ($1, $2, $3)", client, seq, part); err != nil {
			tx.Rollback(ctx)
			return err
		}
	}
	return tx.Commit(ctx)
}

// TestIRISUnreachableAtStart starts pgwired with nothing listening on the IRIS port: it
// serves its port, refuses logins with 08006 and reports unhealthy; once IRIS is up,
// logins work and /health recovers, without a restart.
func TestIRISUnreachableAtStart(t *testing.T) {
	irisPort := freePort()
	metrics := "127.0.0.1:" + strconv.Itoa(freePort())
	p := startPgwiredOnIRIS(t, irisPort, "METRICS_ADDR="+metrics)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	_, err := pgx.Connect(ctx, p.plainURL())
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "08006" || !strings.Contains(pe.Message, "IRIS") {
		t.Fatalf("login with IRIS down: %v; want FATAL 08006 naming IRIS", err)
	}
	if code, h := healthJSON(t, "http://"+metrics); code != http.StatusServiceUnavailable || h["status"] != "unhealthy" {
		t.Errorf("/health with IRIS down = %d %v; want 503 unhealthy", code, h)
	}

	sim := newSimulator(t, t.TempDir())
	if _, err := sim.Start("127.0.0.1:" + strconv.Itoa(irisPort)); err != nil {
		t.Fatal(err)
	}
	var conn *pgx.Conn
	for deadline := time.Now().Add(15 * time.Second); ; {
		conn, err = pgx.Connect(ctx, p.plainURL())
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("login after IRIS started: %v\n%s", err, p.Log())
	}
	defer conn.Close(ctx)
	if n := queryInt(t, ctx, conn, "SELECT 41 + 1"); n != 42 {
		t.Errorf("SELECT 41 + 1 = %d", n)
	}
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		code, h := healthJSON(t, "http://"+metrics)
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/health after IRIS started = %d %v; want 200", code, h)
		}
	}
}
