package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgproto3"
)

// TestLoadMixedClients runs 500 clients at once for a fixed time, each mixing reads,
// committed and rolled-back transactions and COPY FROM STDIN on one shared table. No
// client may see an error, every committed row must be there afterwards, no rolled-back
// row may be, pgwired's memory stays bounded and, once the clients are gone, its open
// files and goroutines come back to where they were. The simulator queues writers in
// arrival order in front of SQLite's single writer (irissim's writeQueue); before that,
// SQLite's unfair busy handler let some INSERTs wait past the 10 s lock timeout (55P03)
// from about 300 clients on, which real IRIS (row locks) does not do.
func TestLoadMixedClients(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	const (
		clients  = 500
		runFor   = 10 * time.Second
		copyRows = 10
	)
	metricsAddr := "127.0.0.1:" + strconv.Itoa(freePort())
	p := startOwnPgwired(t, "MAX_CONNECTIONS=600", "POOL_SIZE=600", "POOL_ACQUIRE_TIMEOUT=30s",
		"LOG_LEVEL=info", "METRICS_ADDR="+metricsAddr)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	setup := connect(t, ctx, p)
	mustExec(t, ctx, setup, "CREATE TABLE load_rows (client int, seq int, part int)")
	mustExec(t, ctx, setup, "CREATE INDEX load_rows_client ON load_rows (client)")
	setup.Close(ctx)

	// Idle IRIS connections stay in the pool (there is no idle timeout), each with its
	// sockets, SQLite files and goroutines. So the baseline is taken after a warm-up that
	// holds 500 sessions at once and leaves the pool at the size the load will use; what
	// the load adds on top of that and keeps is a leak.
	warmUp(t, ctx, p, clients)
	base := settle(t, p, metricsAddr, nil)
	t.Logf("baseline after warm-up: %d open fds, %d goroutines, %s", base.fds, base.goroutines, procStatus(t, p, "VmRSS"))

	var (
		expected [clients]int64 // rows each client committed
		ops      atomic.Int64
		slowest  atomic.Int64 // longest operation, ns: how close writers come to the 10 s lock timeout
		mu       sync.Mutex
		failures []string
		wg       sync.WaitGroup
		peak     resources
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	start := time.Now()
	deadline := start.Add(runFor)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := pgx.Connect(ctx, p.URL())
			if err != nil {
				fail("client %d connect: %v", c, err)
				return
			}
			defer conn.Close(context.Background())
			for seq := 0; time.Now().Before(deadline); seq++ {
				opStart := time.Now()
				if err := loadStep(ctx, conn, c, seq, copyRows, &expected[c]); err != nil {
					fail("client %d step %d: %v", c, seq, err)
					return
				}
				ops.Add(1)
				if d := int64(time.Since(opStart)); d > slowest.Load() {
					slowest.Store(d) // racy max, good enough for the log
				}
			}
		}()
	}
	// Sample the server while the clients run, for the log: how big it gets under load.
	sampling := make(chan struct{})
	go func() {
		defer close(sampling)
		for time.Now().Before(deadline) {
			time.Sleep(time.Second)
			if r, err := sample(p, metricsAddr); err == nil {
				peak.fds, peak.goroutines = max(peak.fds, r.fds), max(peak.goroutines, r.goroutines)
			}
		}
	}()
	wg.Wait()
	<-sampling
	for i, f := range failures {
		if i == 20 {
			t.Errorf("... and %d more failures", len(failures)-i)
			break
		}
		t.Error(f)
	}
	t.Logf("%d clients, %d operations in %v (all done after %v, slowest %v); peak under load: %d fds, %d goroutines",
		clients, ops.Load(), runFor, time.Since(start).Round(time.Millisecond),
		time.Duration(slowest.Load()).Round(time.Millisecond), peak.fds, peak.goroutines)

	// Back to the baseline within a few seconds of the last client leaving. The slack
	// covers what is not per-session: the runtime's and net/http's background goroutines,
	// a timer or two, and the /metrics request itself.
	const fdSlack, goroutineSlack = 10, 20
	after := settle(t, p, metricsAddr, &resources{base.fds + fdSlack, base.goroutines + goroutineSlack})
	if after.fds > base.fds+fdSlack {
		t.Errorf("open fds: %d after the load, %d before: leaked", after.fds, base.fds)
	}
	if after.goroutines > base.goroutines+goroutineSlack {
		t.Errorf("goroutines: %d after the load, %d before: leaked", after.goroutines, base.goroutines)
	}
	// VmHWM is the peak RSS of the process's life. Measured here: about 300 MiB with the
	// in-process simulator's 500 SQLite connections; the bound catches buffering of
	// results or per-operation growth, not a few MiB of noise.
	hwm := statusKiB(t, p, "VmHWM")
	t.Logf("after: %d open fds, %d goroutines; peak RSS (VmHWM) %d MiB", after.fds, after.goroutines, hwm/1024)
	if hwm > 1024*1024 {
		t.Errorf("pgwired peak RSS %d MiB, want under 1 GiB", hwm/1024)
	}

	check := connect(t, ctx, p)
	got := map[int]int64{}
	rows, err := check.Query(ctx, "SELECT client, count(*) FROM load_rows GROUP BY client")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c int
		var n int64
		if err := rows.Scan(&c, &n); err != nil {
			t.Fatal(err)
		}
		got[c] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var total int64
	for c := range clients {
		total += expected[c]
		if got[c] != expected[c] {
			t.Errorf("client %d: %d rows in the table, %d committed", c, got[c], expected[c])
		}
	}
	if n := queryInt(t, ctx, check, "SELECT count(*) FROM load_rows"); n != total {
		t.Errorf("%d rows in the table, %d committed", n, total)
	}
	if n := queryInt(t, ctx, check, "SELECT count(*) FROM load_rows WHERE part < 0"); n != 0 {
		t.Errorf("%d rolled-back rows are visible", n)
	}
	assertServerWorks(t, p)
}

// warmUp holds n sessions open at the same time, each having run a query, then closes
// them all.
func warmUp(t *testing.T, ctx context.Context, p *pgwired, n int) {
	t.Helper()
	var (
		wg, opened sync.WaitGroup
		errs       = make(chan error, n)
	)
	opened.Add(n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := pgx.Connect(ctx, p.URL())
			if err != nil {
				opened.Done()
				errs <- err
				return
			}
			defer conn.Close(context.Background())
			var one int
			err = conn.QueryRow(ctx, "SELECT 1").Scan(&one)
			opened.Done()
			if err != nil {
				errs <- err
				return
			}
			opened.Wait() // all n at once: the pool grows to n IRIS connections
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("warm-up: %v", err)
	}
}

// resources is what pgwired holds: open file descriptors (from /proc) and goroutines
// (go_goroutines on /metrics).
type resources struct{ fds, goroutines int }

func sample(p *pgwired, metricsAddr string) (resources, error) {
	ents, err := os.ReadDir("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/fd")
	if err != nil {
		return resources{}, err
	}
	// A fresh connection per scrape: a kept-alive one would itself hold an fd and two
	// goroutines in pgwired.
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		return resources{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resources{}, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "go_goroutines "); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return resources{}, err
			}
			return resources{fds: len(ents), goroutines: int(n)}, nil
		}
	}
	return resources{}, fmt.Errorf("no go_goroutines on /metrics")
}

// settle samples pgwired until two samples a quarter second apart agree (sessions end
// asynchronously after their clients leave) or, given a limit, until it is within it;
// at most 10 s.
func settle(t *testing.T, p *pgwired, metricsAddr string, limit *resources) resources {
	t.Helper()
	var prev resources
	end := time.Now().Add(10 * time.Second)
	for i := 0; ; i++ {
		r, err := sample(p, metricsAddr)
		if err != nil {
			t.Fatal(err)
		}
		if limit != nil && r.fds <= limit.fds && r.goroutines <= limit.goroutines {
			return r
		}
		if limit == nil && i > 0 && r == prev {
			return r
		}
		if time.Now().After(end) {
			return r
		}
		prev = r
		time.Sleep(250 * time.Millisecond)
	}
}

// loadStep runs one operation, chosen by seq, and adds the rows it committed to *committed.
func loadStep(ctx context.Context, conn *pgx.Conn, client, seq, copyRows int, committed *int64) error {
	switch seq % 4 {
	case 0: // read back what this client committed so far
		var n int64
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM load_rows WHERE client = $1", client).Scan(&n); err != nil {
			return err
		}
		if n != *committed {
			return fmt.Errorf("client sees %d of its rows, committed %d", n, *committed)
		}
	case 1: // a committed two-row transaction
		tx, err := conn.Begin(ctx)
		if err != nil {
			return err
		}
		for part := 1; part <= 2; part++ {
			if _, err := tx.Exec(ctx, "INSERT INTO load_rows VALUES ($1, $2, $3)", client, seq, part); err != nil {
				tx.Rollback(ctx)
				return err
			}
		}
		if err := tx.Commit(ctx); err != nil {
			return err
		}
		*committed += 2
	case 2: // a rolled-back transaction, in the simple protocol
		if _, err := conn.Exec(ctx, fmt.Sprintf("BEGIN; INSERT INTO load_rows VALUES (%d, %d, -1)", client, seq), pgx.QueryExecModeSimpleProtocol); err != nil {
			return err
		}
		if _, err := conn.Exec(ctx, "ROLLBACK"); err != nil {
			return err
		}
	case 3: // COPY FROM STDIN, text format
		var b strings.Builder
		for i := range copyRows {
			fmt.Fprintf(&b, "%d\t%d\t%d\n", client, seq, 10+i)
		}
		tag, err := conn.PgConn().CopyFrom(ctx, strings.NewReader(b.String()), "COPY load_rows (client, seq, part) FROM STDIN")
		if err != nil {
			return err
		}
		if tag.RowsAffected() != int64(copyRows) {
			return fmt.Errorf("COPY tag %q", tag.String())
		}
		*committed += int64(copyRows)
	}
	return nil
}

// procStatus is one "Key: value" line of pgwired's /proc/<pid>/status.
func procStatus(t testing.TB, p *pgwired, key string) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, key+":") {
			return line
		}
	}
	t.Fatalf("no %s in /proc status", key)
	return ""
}

// rssKiB is pgwired's resident set size.
func rssKiB(t testing.TB, p *pgwired) int64 { return statusKiB(t, p, "VmRSS") }

// statusKiB is a "Key: n kB" line of pgwired's /proc/<pid>/status, in KiB.
func statusKiB(t testing.TB, p *pgwired, key string) int64 {
	f := strings.Fields(procStatus(t, p, key))
	n, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSlowClientDoesNotStallOthers: a client that asks for a big result and never reads
// it leaves pgwired blocked writing to that one socket; other sessions go on at their usual
// pace and pgwired's memory stays bounded (results stream, they are not buffered).
func TestSlowClientDoesNotStallOthers(t *testing.T) {
	p := startOwnPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	setup := connect(t, ctx, p)
	mustExec(t, ctx, setup, "CREATE TABLE slow_big (k int, pad varchar(200))")
	var b strings.Builder
	pad := strings.Repeat("x", 150)
	for i := range 2000 {
		fmt.Fprintf(&b, "%d\t%s\n", i, pad)
	}
	if _, err := setup.PgConn().CopyFrom(ctx, strings.NewReader(b.String()), "COPY slow_big FROM STDIN"); err != nil {
		t.Fatal(err)
	}
	rssBefore := rssKiB(t, p)

	// 4,000,000 rows of ~160 bytes: far more than socket buffers and any sane memory use.
	slow := hijack(t, ctx, p)
	slow.fe.Send(&pgproto3.Query{String: "SELECT a.k, b.k, a.pad FROM slow_big a CROSS JOIN slow_big b"})
	if err := slow.fe.Flush(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // let pgwired fill the socket buffers and block

	var (
		wg      sync.WaitGroup
		worst   atomic.Int64
		queries atomic.Int64
		errs    = make(chan error, 8)
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := pgx.Connect(ctx, p.URL())
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close(context.Background())
			for end := time.Now().Add(2 * time.Second); time.Now().Before(end); {
				start := time.Now()
				var n int64
				if err := conn.QueryRow(ctx, "SELECT count(*) FROM slow_big WHERE k < $1", 100).Scan(&n); err != nil || n != 100 {
					errs <- fmt.Errorf("count = %d, %v", n, err)
					return
				}
				queries.Add(1)
				if d := int64(time.Since(start)); d > worst.Load() {
					worst.Store(d)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// A stalled server would hold every query for the whole 2 s; the bound leaves room for
	// a loaded CI machine.
	if w := time.Duration(worst.Load()); w > time.Second {
		t.Errorf("slowest query of the other sessions took %v while one client did not read", w)
	}
	if queries.Load() < 10 {
		t.Errorf("only %d queries in 2 s beside the slow client", queries.Load())
	}
	if grew := rssKiB(t, p) - rssBefore; grew > 100*1024 {
		t.Errorf("pgwired RSS grew by %d KiB while a client did not read its result", grew)
	}
	// The slow client vanishes: its session ends and the server keeps serving.
	resetConnection(slow.conn)
	assertServerWorks(t, p)
}
