package e2e

import (
	"context"
	"fmt"
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

// TestLoadMixedClients runs many clients at once for a fixed time, each mixing reads,
// committed and rolled-back transactions and COPY FROM STDIN on one shared table. No
// client may see an error, every committed row must be there afterwards, no rolled-back
// row may be, and the server must still serve. 120 clients, not 500: from about 300 on
// (and at 200 on a busy 2-core machine) the simulator's single SQLite writer (no fair
// queue) lets some INSERTs wait past its 10 s lock timeout (55P03), a limit of the test
// double, not of pgwired; 120 keeps the test about one thing.
func TestLoadMixedClients(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	const (
		clients  = 120
		runFor   = 8 * time.Second
		copyRows = 10
	)
	p := startOwnPgwired(t, "MAX_CONNECTIONS=300", "POOL_SIZE=300", "LOG_LEVEL=info")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	setup := connect(t, ctx, p)
	mustExec(t, ctx, setup, "CREATE TABLE load_rows (client int, seq int, part int)")

	var (
		expected [clients]int64 // rows each client committed
		ops      atomic.Int64
		mu       sync.Mutex
		failures []string
		wg       sync.WaitGroup
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	deadline := time.Now().Add(runFor)
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
				if err := loadStep(ctx, conn, c, seq, copyRows, &expected[c]); err != nil {
					fail("client %d step %d: %v", c, seq, err)
					return
				}
				ops.Add(1)
			}
		}()
	}
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	t.Logf("%d clients, %d operations in %v", clients, ops.Load(), runFor)

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
	for c := range clients {
		if got[c] != expected[c] {
			t.Errorf("client %d: %d rows in the table, %d committed", c, got[c], expected[c])
		}
	}
	if n := queryInt(t, ctx, check, "SELECT count(*) FROM load_rows WHERE part < 0"); n != 0 {
		t.Errorf("%d rolled-back rows are visible", n)
	}
	t.Logf("pgwired %s after the load", procStatus(t, p, "VmRSS"))
	assertServerWorks(t, p)
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
func rssKiB(t testing.TB, p *pgwired) int64 {
	f := strings.Fields(procStatus(t, p, "VmRSS"))
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
