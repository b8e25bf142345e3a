package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgproto3"
)

// Client helpers shared by the robustness, psql and pgbench tests.

// connect opens a pgx connection to p (TLS, default login) or fails the test.
func connect(t testing.TB, ctx context.Context, p *pgwired) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(ctx, p.URL())
	if err != nil {
		t.Fatalf("connect to pgwired: %v\nlog:\n%s", err, p.Log())
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// connectCancelling opens a pgx connection that answers a cancelled context the way
// libpq-based clients do: with a CancelRequest (pgx's default is to close the socket, which
// would leave the statement running on the server). It gives up on the socket only if the
// cancel has no effect within 10 s.
func connectCancelling(t testing.TB, ctx context.Context, p *pgwired) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(p.URL())
	if err != nil {
		t.Fatal(err)
	}
	cfg.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: pc, CancelRequestDelay: 0, DeadlineDelay: 10 * time.Second}
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connect to pgwired: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// plainURL is p's URL without TLS.
func (p *pgwired) plainURL() string {
	return fmt.Sprintf("postgres://_SYSTEM:SYS@127.0.0.1:%d/USER?sslmode=disable", p.Port)
}

// mustExec runs a statement and fails the test on error.
func mustExec(t testing.TB, ctx context.Context, conn *pgx.Conn, sql string, args ...any) {
	t.Helper()
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// queryInt runs a one-value query and returns the value.
func queryInt(t testing.TB, ctx context.Context, conn *pgx.Conn, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := conn.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// pgErr returns the *pgconn.PgError inside err, or fails the test.
func pgErr(t testing.TB, err error, what string) *pgconn.PgError {
	t.Helper()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		t.Fatalf("%s: want a PostgreSQL error, got %v", what, err)
	}
	return pe
}

// expectSQLState fails the test unless err carries the given SQLSTATE.
func expectSQLState(t testing.TB, err error, code, what string) *pgconn.PgError {
	t.Helper()
	pe := pgErr(t, err, what)
	if pe.Code != code {
		t.Fatalf("%s: SQLSTATE %s (%s: %s), want %s", what, pe.Code, pe.Severity, pe.Message, code)
	}
	return pe
}

// assertServerWorks logs in afresh and runs a query: whatever happened before, the server
// still accepts and serves clients.
func assertServerWorks(t testing.TB, p *pgwired) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, p.URL())
	if err != nil {
		t.Fatalf("fresh login after the incident: %v\nlog:\n%s", err, p.Log())
	}
	defer conn.Close(ctx)
	var n int32
	if err := conn.QueryRow(ctx, "SELECT 42").Scan(&n); err != nil || n != 42 {
		t.Fatalf("query on a fresh login: %d, %v", n, err)
	}
}

// rawSession is a logged-in connection taken over from pgconn, to send bytes no driver
// would send and read the server's answer message by message.
type rawSession struct {
	conn net.Conn
	fe   *pgproto3.Frontend
}

func hijack(t testing.TB, ctx context.Context, p *pgwired) *rawSession {
	t.Helper()
	pc, err := pgconn.Connect(ctx, p.URL())
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	hc, err := pc.Hijack()
	if err != nil {
		t.Fatalf("hijack: %v", err)
	}
	t.Cleanup(func() { hc.Conn.Close() })
	return &rawSession{conn: hc.Conn, fe: hc.Frontend}
}

// receiveUntilClosed reads messages until the server closes the connection (or the
// deadline passes) and returns them; the error is what ended the reading.
func receiveUntilClosed(conn net.Conn, fe *pgproto3.Frontend, deadline time.Duration) ([]pgproto3.BackendMessage, error) {
	conn.SetReadDeadline(time.Now().Add(deadline))
	var msgs []pgproto3.BackendMessage
	for {
		m, err := fe.Receive()
		if err != nil {
			return msgs, err
		}
		msgs = append(msgs, copyMessage(m))
	}
}

// copyMessage keeps what the tests inspect: pgproto3 reuses message structs.
func copyMessage(m pgproto3.BackendMessage) pgproto3.BackendMessage {
	if e, ok := m.(*pgproto3.ErrorResponse); ok {
		c := *e
		return &c
	}
	return m
}

// isClosedByPeer reports whether err means the server closed the socket (not a timeout).
func isClosedByPeer(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		strings.Contains(err.Error(), "EOF") || strings.Contains(err.Error(), "connection reset")
}

// singleFatal checks that msgs is exactly one FATAL ErrorResponse with the given code.
func singleFatal(t testing.TB, msgs []pgproto3.BackendMessage, code string) *pgproto3.ErrorResponse {
	t.Helper()
	if len(msgs) != 1 {
		t.Fatalf("want exactly one ErrorResponse before the close, got %d messages: %#v", len(msgs), msgs)
	}
	e, ok := msgs[0].(*pgproto3.ErrorResponse)
	if !ok {
		t.Fatalf("want an ErrorResponse, got %T %#v", msgs[0], msgs[0])
	}
	if e.Severity != "FATAL" || e.Code != code {
		t.Fatalf("got %s %s %q, want FATAL %s", e.Severity, e.Code, e.Message, code)
	}
	return e
}

// waitLog waits until pgwired's log contains s.
func waitLog(t testing.TB, p *pgwired, s string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !strings.Contains(p.Log(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("pgwired never logged %q within %s; log:\n%s", s, within, p.Log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sendSignal signals the pgwired process.
func (p *pgwired) sendSignal(t testing.TB, sig os.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
}
