package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// Robustness of sessions against the real binary: what a vanished, cancelled or timed-out
// client leaves behind on the pooled IRIS connections, and how the daemon stops.

// TestVanishedClientLeavesNothingOpen kills the TCP connection of a client in the middle
// of a transaction. Another client must not see its row and must be able to write the same
// key at once: no lock and no open transaction may survive on the IRIS connection. With
// POOL_SIZE=1 the second client necessarily gets the very IRIS connection the first one
// used, which proves it was rolled back before being reused.
func TestVanishedClientLeavesNothingOpen(t *testing.T) {
	for _, pool := range []string{"1", "4"} {
		t.Run("pool_size_"+pool, func(t *testing.T) {
			p := startOwnPgwired(t, "POOL_SIZE="+pool, "POOL_ACQUIRE_TIMEOUT=15s")
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			setup := connect(t, ctx, p)
			mustExec(t, ctx, setup, "CREATE TABLE e2e_vanish (k integer PRIMARY KEY, v varchar(20))")
			mustExec(t, ctx, setup, "INSERT INTO e2e_vanish VALUES (0, 'committed')")
			setup.Close(ctx)

			// The client that vanishes.
			pc, err := pgconn.Connect(ctx, p.URL())
			if err != nil {
				t.Fatal(err)
			}
			for _, sql := range []string{"BEGIN", "INSERT INTO e2e_vanish VALUES (1, 'uncommitted')", "UPDATE e2e_vanish SET v = 'touched' WHERE k = 0"} {
				if _, err := pc.Exec(ctx, sql).ReadAll(); err != nil {
					t.Fatalf("%s: %v", sql, err)
				}
			}
			if pc.TxStatus() != 'T' {
				t.Fatalf("tx status %c, want T", pc.TxStatus())
			}
			hc, err := pc.Hijack()
			if err != nil {
				t.Fatal(err)
			}
			resetConnection(hc.Conn) // no Terminate, no FIN: as if the client host died
			waitLog(t, p, "client connection lost", 10*time.Second)

			// A second client, within a bounded time: a leaked lock would make these wait.
			wctx, wcancel := context.WithTimeout(ctx, 20*time.Second)
			defer wcancel()
			other, err := pgx.Connect(wctx, p.URL())
			if err != nil {
				t.Fatalf("second client cannot log in (IRIS connection not given back?): %v", err)
			}
			defer other.Close(ctx)
			if st := other.PgConn().TxStatus(); st != 'I' {
				t.Fatalf("second client starts in tx status %c, want I", st)
			}
			if n := queryInt(t, wctx, other, "SELECT count(*) FROM e2e_vanish WHERE k = 1"); n != 0 {
				t.Fatalf("the vanished client's INSERT is visible (%d rows): it was committed or is still open", n)
			}
			var v string
			if err := other.QueryRow(wctx, "SELECT v FROM e2e_vanish WHERE k = 0").Scan(&v); err != nil || v != "committed" {
				t.Fatalf("row 0 is %q (%v), want its committed value", v, err)
			}
			mustExec(t, wctx, other, "INSERT INTO e2e_vanish VALUES (1, 'second')")
			mustExec(t, wctx, other, "UPDATE e2e_vanish SET v = 'second' WHERE k = 0")
			if n := queryInt(t, wctx, other, "SELECT count(*) FROM e2e_vanish WHERE v = 'second'"); n != 2 {
				t.Fatalf("second client's writes: %d rows, want 2", n)
			}
			if st := other.PgConn().TxStatus(); st != 'I' {
				t.Fatalf("tx status %c after autocommit writes, want I", st)
			}
		})
	}
}

// resetConnection closes a TCP connection with an RST (SO_LINGER 0), the way a crashed
// client or a dropped network looks to the server.
func resetConnection(c net.Conn) {
	type netConner interface{ NetConn() net.Conn }
	if tc, ok := c.(netConner); ok {
		c = tc.NetConn()
	}
	if tcp, ok := c.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	c.Close()
}

// slowQuery is a statement the simulator needs far longer than the tests wait for: a
// three-way cross join of slowTableRows rows (10^9 combinations) that no index can help.
const (
	slowTableRows = 1000
	slowQuery     = "SELECT count(*) FROM e2e_slow a, e2e_slow b, e2e_slow c WHERE a.n + b.n + c.n = -1"
)

func createSlowTable(t *testing.T, ctx context.Context, conn *pgx.Conn) {
	t.Helper()
	mustExec(t, ctx, conn, "DROP TABLE IF EXISTS e2e_slow")
	mustExec(t, ctx, conn, "CREATE TABLE e2e_slow (n integer PRIMARY KEY)")
	var b strings.Builder
	b.WriteString("INSERT INTO e2e_slow (n) VALUES ")
	for i := range slowTableRows {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "(%d)", i)
	}
	if tag, err := conn.Exec(ctx, b.String()); err != nil || tag.RowsAffected() != slowTableRows {
		t.Fatalf("filling e2e_slow: %v %v", tag, err)
	}
}

// TestCancelRequestStopsAStatement cancels a running statement the way pgx does when the
// caller's context ends: a CancelRequest on a second connection. The statement fails with
// 57014 and the session goes on.
func TestCancelRequestStopsAStatement(t *testing.T) {
	p := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn := connectCancelling(t, ctx, p)
	createSlowTable(t, ctx, conn)

	run := func(t *testing.T) {
		t.Helper()
		qctx, qcancel := context.WithTimeout(ctx, 500*time.Millisecond)
		defer qcancel()
		start := time.Now()
		var n int64
		err := conn.QueryRow(qctx, slowQuery).Scan(&n)
		elapsed := time.Since(start)
		pe := expectSQLState(t, err, "57014", "cancelled statement")
		if !strings.Contains(pe.Message, "user request") {
			t.Errorf("message %q, want PostgreSQL's \"canceling statement due to user request\"", pe.Message)
		}
		if elapsed > 5*time.Second {
			t.Errorf("cancel took %s", elapsed)
		}
		if conn.IsClosed() {
			t.Fatal("pgx closed the connection: the CancelRequest did not stop the statement")
		}
	}

	t.Run("autocommit", func(t *testing.T) {
		// Twice: pgx caches the prepared statements, and those prepared before a cancel
		// must still work after it, as in PostgreSQL.
		for range 2 {
			run(t)
			if st := conn.PgConn().TxStatus(); st != 'I' {
				t.Fatalf("tx status %c after a cancelled autocommit statement, want I", st)
			}
			if n := queryInt(t, ctx, conn, "SELECT count(*) FROM e2e_slow WHERE n < $1", 10); n != 10 {
				t.Fatalf("session after cancel: %d, want 10", n)
			}
		}
	})
	t.Run("in a transaction", func(t *testing.T) {
		mustExec(t, ctx, conn, "DROP TABLE IF EXISTS e2e_cancel_tx")
		mustExec(t, ctx, conn, "CREATE TABLE e2e_cancel_tx (k integer PRIMARY KEY)")
		mustExec(t, ctx, conn, "BEGIN")
		mustExec(t, ctx, conn, "INSERT INTO e2e_cancel_tx VALUES (1)")
		run(t)
		// As in PostgreSQL, the cancel aborts the transaction: everything up to ROLLBACK fails.
		if st := conn.PgConn().TxStatus(); st != 'E' {
			t.Fatalf("tx status %c after a cancel inside a transaction, want E", st)
		}
		_, err := conn.Exec(ctx, "SELECT 1")
		expectSQLState(t, err, "25P02", "statement in an aborted transaction")
		mustExec(t, ctx, conn, "ROLLBACK")
		if n := queryInt(t, ctx, conn, "SELECT count(*) FROM e2e_cancel_tx"); n != 0 {
			t.Fatalf("the rolled-back INSERT is visible")
		}
		mustExec(t, ctx, conn, "INSERT INTO e2e_cancel_tx VALUES (1)")
	})
	assertServerWorks(t, p)
}

// TestStatementTimeout checks both the server-wide STATEMENT_TIMEOUT and the session's
// SET statement_timeout.
func TestStatementTimeout(t *testing.T) {
	check := func(t *testing.T, conn *pgx.Conn, ctx context.Context, want time.Duration) {
		t.Helper()
		start := time.Now()
		var n int64
		err := conn.QueryRow(ctx, slowQuery).Scan(&n)
		elapsed := time.Since(start)
		pe := expectSQLState(t, err, "57014", "statement over statement_timeout")
		if !strings.Contains(pe.Message, "statement timeout") {
			t.Errorf("message %q, want PostgreSQL's \"canceling statement due to statement timeout\"", pe.Message)
		}
		if elapsed < want-50*time.Millisecond || elapsed > want+3*time.Second {
			t.Errorf("statement stopped after %s, want about %s", elapsed, want)
		}
		if conn.IsClosed() {
			t.Fatal("connection closed after a statement timeout")
		}
		if queryInt(t, ctx, conn, "SELECT count(*) FROM e2e_slow") != slowTableRows {
			t.Fatal("session unusable after the timeout")
		}
	}

	t.Run("STATEMENT_TIMEOUT", func(t *testing.T) {
		p := startOwnPgwired(t, "STATEMENT_TIMEOUT=500ms")
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		conn := connect(t, ctx, p)
		createSlowTable(t, ctx, conn) // fast statements are not affected
		var shown string
		if err := conn.QueryRow(ctx, "SHOW statement_timeout").Scan(&shown); err != nil || shown != "500ms" {
			t.Errorf("SHOW statement_timeout = %q (%v), want 500ms as PostgreSQL shows it", shown, err)
		}
		check(t, conn, ctx, 500*time.Millisecond)
		// RESET returns to the server's setting, not to PostgreSQL's built-in 0.
		mustExec(t, ctx, conn, "SET statement_timeout = 0")
		mustExec(t, ctx, conn, "RESET statement_timeout")
		if err := conn.QueryRow(ctx, "SHOW statement_timeout").Scan(&shown); err != nil || shown != "500ms" {
			t.Errorf("SHOW statement_timeout after RESET = %q (%v), want 500ms", shown, err)
		}
		check(t, conn, ctx, 500*time.Millisecond)
	})
	t.Run("SET statement_timeout", func(t *testing.T) {
		p := sharedPgwired(t)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		conn := connectCancelling(t, ctx, p)
		createSlowTable(t, ctx, conn)
		mustExec(t, ctx, conn, "SET statement_timeout = '300ms'")
		check(t, conn, ctx, 300*time.Millisecond)
		mustExec(t, ctx, conn, "SET statement_timeout = 0")
		// Now nothing stops it but the client: prove the setting was lifted by cancelling.
		qctx, qcancel := context.WithTimeout(ctx, 1500*time.Millisecond)
		defer qcancel()
		var n int64
		start := time.Now()
		err := conn.QueryRow(qctx, slowQuery).Scan(&n)
		if time.Since(start) < 1400*time.Millisecond {
			t.Fatalf("statement ended after %s with %v although statement_timeout = 0", time.Since(start), err)
		}
		if pe := expectSQLState(t, err, "57014", "cancelled statement"); !strings.Contains(pe.Message, "user request") {
			t.Fatalf("statement ended with %q, want the client's cancel", pe.Message)
		}
	})
}

// TestSIGTERMDrains stops the daemon with SIGTERM while a client sits idle: the listener
// closes at once, the idle client is told 57P01 once SHUTDOWN_TIMEOUT passes, the process
// exits 0 and says so in its log.
func TestSIGTERMDrains(t *testing.T) {
	p := startOwnPgwired(t, "SHUTDOWN_TIMEOUT=2s")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	idle := hijack(t, ctx, p)

	start := time.Now()
	p.sendSignal(t, syscall.SIGTERM)
	waitLog(t, p, "draining", 5*time.Second)
	// No new clients once draining.
	deadline := time.Now().Add(3 * time.Second)
	for {
		c, err := pgx.Connect(ctx, p.URL())
		if err != nil {
			break
		}
		c.Close(ctx)
		if time.Now().After(deadline) {
			t.Fatal("pgwired still accepts logins after SIGTERM")
		}
		time.Sleep(20 * time.Millisecond)
	}

	msgs, err := receiveUntilClosed(idle.conn, idle.fe, 15*time.Second)
	if !isClosedByPeer(err) {
		t.Fatalf("idle client not disconnected: %v", err)
	}
	e := singleFatal(t, msgs, "57P01")
	if waited := time.Since(start); waited < 1500*time.Millisecond || waited > 10*time.Second {
		t.Errorf("idle client closed after %s, want about SHUTDOWN_TIMEOUT=2s", waited)
	}
	t.Logf("idle client was told: %s", e.Message)

	select {
	case <-p.exited:
	case <-time.After(15 * time.Second):
		t.Fatal("pgwired did not exit after draining")
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	if !strings.Contains(p.Log(), "pgwired stopped") {
		t.Errorf("the log does not say pgwired stopped:\n%s", p.Log())
	}
	if _, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(p.Port), time.Second); err == nil {
		t.Error("port still open after exit")
	}
}

// TestServerSurvivesClientChurn lets many clients come and go in every way a client can
// leave — Terminate, RST mid-transaction, RST mid-login, RST during a running statement —
// with as many connection slots and pooled IRIS connections as the test later needs at
// once. If any of them leaked a slot or an IRIS connection, the final logins would fail.
func TestServerSurvivesClientChurn(t *testing.T) {
	const slots = 3
	// A server notices that a client vanished only when it next reads from or writes to it:
	// like PostgreSQL (client_connection_check_interval = 0), a statement still running for
	// a vanished client runs to its end. STATEMENT_TIMEOUT bounds that end here.
	p := startOwnPgwired(t, fmt.Sprintf("MAX_CONNECTIONS=%d", slots), fmt.Sprintf("POOL_SIZE=%d", slots),
		"POOL_ACQUIRE_TIMEOUT=5s", "LOGIN_TIMEOUT=2s", "STATEMENT_TIMEOUT=1s",
		// Failed-login backoff must stay below LOGIN_TIMEOUT (configuration refuses it otherwise).
		"AUTH_THROTTLE_BASE=0s", "AUTH_THROTTLE_MAX=0s")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	setup := connect(t, ctx, p)
	createSlowTable(t, ctx, setup)
	mustExec(t, ctx, setup, "CREATE TABLE e2e_churn (k integer PRIMARY KEY)")
	setup.Close(ctx)

	leave := []struct {
		name string
		fn   func(t *testing.T, i int)
	}{
		{"terminate", func(t *testing.T, i int) {
			pc := connectWhenSlotFree(t, ctx, p)
			if _, err := pc.Exec(ctx, "SELECT 1").ReadAll(); err != nil {
				t.Fatal(err)
			}
			pc.Close(ctx)
		}},
		{"reset in transaction", func(t *testing.T, i int) {
			pc := connectWhenSlotFree(t, ctx, p)
			if _, err := pc.Exec(ctx, fmt.Sprintf("BEGIN; INSERT INTO e2e_churn VALUES (%d)", i)).ReadAll(); err != nil {
				t.Fatal(err)
			}
			hc, _ := pc.Hijack()
			resetConnection(hc.Conn)
		}},
		{"reset during login", func(t *testing.T, i int) {
			nc, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(p.Port))
			if err != nil {
				t.Fatal(err)
			}
			nc.Write([]byte{0, 0, 0, 8, 4, 0xd2, 0x16, 0x2f}) // SSLRequest, then gone
			resetConnection(nc)
		}},
		{"reset while a statement runs", func(t *testing.T, i int) {
			pc := connectWhenSlotFree(t, ctx, p)
			hc, _ := pc.Hijack()
			hc.Frontend.Send(&pgproto3.Query{String: slowQuery})
			if err := hc.Frontend.Flush(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
			resetConnection(hc.Conn)
		}},
	}
	for round := 0; round < 5; round++ {
		for _, l := range leave {
			l.fn(t, round)
		}
	}
	// Every slot and every IRIS connection must be free again (sessions end asynchronously,
	// so allow the server a moment), and nothing the vanished clients wrote was committed.
	var conns []*pgx.Conn
	deadline := time.Now().Add(15 * time.Second)
	for len(conns) < slots {
		c, err := pgx.Connect(ctx, p.URL())
		if err != nil {
			if time.Now().After(deadline) {
				t.Fatalf("only %d of %d logins succeed after the churn: %v\nlog:\n%s", len(conns), slots, err, p.Log())
			}
			time.Sleep(100 * time.Millisecond)
			continue
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		if n := queryInt(t, ctx, c, "SELECT count(*) FROM e2e_churn"); n != 0 {
			t.Errorf("client %d sees %d rows written by clients that vanished mid-transaction", i, n)
		}
	}
	// The keys the vanished clients inserted are free: no lock was left behind.
	for i, c := range conns {
		mustExec(t, ctx, c, fmt.Sprintf("INSERT INTO e2e_churn VALUES (%d)", i))
		c.Close(ctx)
	}
}

// connectWhenSlotFree logs in, waiting while the server is at MAX_CONNECTIONS: sessions of
// clients that just vanished end a moment later, when the server notices.
func connectWhenSlotFree(t *testing.T, ctx context.Context, p *pgwired) *pgconn.PgConn {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		pc, err := pgconn.Connect(ctx, p.URL())
		if err == nil {
			return pc
		}
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "53300" || time.Now().After(deadline) {
			t.Fatalf("login during the churn: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestVanishedClientDuringCopyIn drops the connection in the middle of a COPY FROM STDIN
// that has already sent several batches' worth of rows: COPY is one statement, so none of
// them may stay, and the table must be free for the next client.
func TestVanishedClientDuringCopyIn(t *testing.T) {
	p := startOwnPgwired(t, "POOL_SIZE=1", "POOL_ACQUIRE_TIMEOUT=15s")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	setup := connect(t, ctx, p)
	mustExec(t, ctx, setup, "CREATE TABLE e2e_copy_vanish (k integer PRIMARY KEY, v varchar(20))")
	setup.Close(ctx)

	raw := hijack(t, ctx, p)
	raw.fe.Send(&pgproto3.Query{String: "COPY e2e_copy_vanish (k, v) FROM STDIN"})
	if err := raw.fe.Flush(); err != nil {
		t.Fatal(err)
	}
	raw.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	m, err := raw.fe.Receive()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.(*pgproto3.CopyInResponse); !ok {
		t.Fatalf("want CopyInResponse, got %T %+v", m, m)
	}
	var b strings.Builder
	for k := 0; k < 3500; k++ { // several of the server's insert batches
		fmt.Fprintf(&b, "%d\trow %d\n", k, k)
	}
	raw.fe.Send(&pgproto3.CopyData{Data: []byte(b.String())})
	if err := raw.fe.Flush(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // let the server insert what it received
	resetConnection(raw.conn)
	waitLog(t, p, "client connection lost", 10*time.Second)

	other := connect(t, ctx, p)
	if n := queryInt(t, ctx, other, "SELECT count(*) FROM e2e_copy_vanish"); n != 0 {
		t.Fatalf("%d rows of an unfinished COPY were kept", n)
	}
	mustExec(t, ctx, other, "INSERT INTO e2e_copy_vanish VALUES (1, 'next client')")
}

// TestPoolExhaustedIs53300: with every IRIS connection held by a session, a new client
// waits POOL_ACQUIRE_TIMEOUT and is then refused with 53300; once a session ends, its IRIS
// connection serves the next client.
func TestPoolExhaustedIs53300(t *testing.T) {
	p := startOwnPgwired(t, "POOL_SIZE=1", "POOL_ACQUIRE_TIMEOUT=1s")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	holder := connect(t, ctx, p)
	start := time.Now()
	_, err := pgx.Connect(ctx, p.URL())
	waited := time.Since(start)
	pe := expectSQLState(t, err, "53300", "login with the pool exhausted")
	if pe.Severity != "FATAL" {
		t.Errorf("severity %s, want FATAL", pe.Severity)
	}
	if waited < 900*time.Millisecond || waited > 5*time.Second {
		t.Errorf("refused after %s, want about POOL_ACQUIRE_TIMEOUT=1s", waited)
	}
	if queryInt(t, ctx, holder, "SELECT 5") != 5 {
		t.Fatal("the session holding the connection was disturbed")
	}
	holder.Close(ctx)
	assertServerWorks(t, p)
}
