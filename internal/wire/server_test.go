package wire

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// manualServer is a server whose Shutdown the test drives itself.
func manualServer(t *testing.T) (*Server, *fakeBackend, string, <-chan error) {
	t.Helper()
	be := newFakeBackend()
	srv := NewServer(Config{
		Authenticate: AuthenticatorFunc(be.authenticate),
		NewSession:   be.newSession,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	return srv, be, l.Addr().String(), served
}

func TestShutdownWaitsForSessions(t *testing.T) {
	srv, be, addr, served := manualServer(t)
	rc := dialRaw(t, addr)
	rc.login("alice")

	shutdown := make(chan error, 1)
	go func() { shutdown <- srv.Shutdown(context.Background()) }()
	if err := <-served; !errors.Is(err, ErrServerClosed) {
		t.Fatalf("Serve = %v, want ErrServerClosed", err)
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("listener still accepts after Shutdown")
	}
	// The session keeps working until the client leaves.
	rc.send(&pgproto3.Query{String: "insert"})
	rc.expect(tag("INSERT 0 1"), rfqIdle)
	select {
	case err := <-shutdown:
		t.Fatalf("Shutdown returned %v with a session open", err)
	case <-time.After(50 * time.Millisecond):
	}
	rc.send(&pgproto3.Terminate{})
	if err := <-shutdown; err != nil {
		t.Fatalf("Shutdown = %v", err)
	}
	if got := be.closedUsers(); len(got) != 1 || got[0] != "alice" {
		t.Errorf("closed sessions = %v", got)
	}
	if err := srv.Serve(&net.TCPListener{}); !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve after Shutdown = %v", err)
	}
}

func TestShutdownTerminatesAfterDeadline(t *testing.T) {
	srv, be, addr, served := manualServer(t)
	idle := dialRaw(t, addr)
	idle.login("idle")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	busy, err := pgx.Connect(ctx, fmt.Sprintf("postgres://busy:secret@%s/db?sslmode=disable", addr))
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close(context.Background())
	running := make(chan error, 1)
	go func() {
		_, err := busy.Exec(ctx, "sleep")
		running <- err
	}()
	waitFor(t, func() bool { return srv.ActiveConnections() == 2 })

	sctx, scancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer scancel()
	if err := srv.Shutdown(sctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown = %v, want DeadlineExceeded", err)
	}
	<-served
	if e := idle.expectError("FATAL", CodeAdminShutdown); e.Message != "terminating connection due to administrator command" {
		t.Errorf("message = %q", e.Message)
	}
	idle.expectClosed()
	var pgErr *pgconn.PgError
	if err := <-running; !errors.As(err, &pgErr) || pgErr.Code != CodeAdminShutdown {
		t.Errorf("running query: %v, want 57P01", err)
	}
	if n := srv.ActiveConnections(); n != 0 {
		t.Errorf("ActiveConnections = %d after Shutdown", n)
	}
	if got := be.closedUsers(); len(got) != 2 {
		t.Errorf("closed sessions = %v, want both", got)
	}
}

func TestClientVanishingClosesSession(t *testing.T) {
	ts := startServer(t, nil)
	steps := map[string][]pgproto3.FrontendMessage{
		"in transaction": {&pgproto3.Query{String: "begin"}},
		"mid pipeline":   {&pgproto3.Parse{Name: "s", Query: "series 3"}, &pgproto3.Bind{PreparedStatement: "s", DestinationPortal: "p"}},
		"mid COPY IN":    {&pgproto3.Query{String: "copy in"}, &pgproto3.CopyData{Data: []byte("half")}},
	}
	for name, msgs := range steps {
		t.Run(name, func(t *testing.T) {
			before := len(ts.be.closedUsers())
			rc := dialRaw(t, ts.addr)
			rc.login(name)
			rc.send(msgs...)
			time.Sleep(10 * time.Millisecond)
			rc.conn.(*net.TCPConn).SetLinger(0) // reset, not FIN
			rc.conn.Close()
			waitFor(t, func() bool { return len(ts.be.closedUsers()) == before+1 })
			if got := ts.be.closedUsers()[before]; got != name {
				t.Errorf("closed %q, want %q", got, name)
			}
		})
	}
	waitFor(t, func() bool { return ts.srv.ActiveConnections() == 0 })
}

// TestIdleConnectionMemory measures what an idle, logged-in connection
// costs: Go heap plus goroutine stacks, averaged over many connections.
// Counted: the server's goroutine, conn state and socket objects, and
// the test client's socket objects (and TLS state); not counted: kernel
// socket buffers.
func TestIdleConnectionMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("memory measurement")
	}
	cert := newTestCert(t)
	for _, useTLS := range []bool{false, true} {
		name := map[bool]string{false: "plaintext", true: "TLS"}[useTLS]
		t.Run(name, func(t *testing.T) {
			ts := startServer(t, func(c *Config) { c.TLSConfig = func() *tls.Config { return cert.tls } })
			dial := func() *rawClient {
				rc := dialRaw(t, ts.addr)
				if useTLS {
					rc.send(&pgproto3.SSLRequest{})
					if b := rc.readByte(); b != 'S' {
						t.Fatalf("SSLRequest answer %q", b)
					}
					tc := tls.Client(rc.conn, &tls.Config{RootCAs: cert.pool, ServerName: "localhost"})
					rc.conn, rc.fe = tc, pgproto3.NewFrontend(tc, tc)
				}
				rc.login("idle")
				return rc
			}
			dial() // warm up pools and one-time allocations
			perConn := idleCost(t, func() net.Conn {
				rc := dial()
				rc.send(&pgproto3.Query{String: "series 100"}) // use the buffers once
				for {
					if _, ok := rc.receive().(*pgproto3.ReadyForQuery); ok {
						return rc.conn // the Frontend and its 8 KiB buffer are dropped
					}
				}
			})
			t.Logf("%s idle connection: %d bytes of Go heap and stack", name, perConn)
			limit := int64(12 << 10)
			if useTLS {
				limit = 40 << 10 // crypto/tls state on both ends
			}
			if perConn > limit {
				t.Errorf("idle connection costs %d bytes, want < %d", perConn, limit)
			}
		})
	}
}

func idleCost(t *testing.T, open func() net.Conn) int64 {
	const n = 200
	measure := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc + ms.StackInuse
	}
	conns := make([]net.Conn, 0, n)
	before := measure()
	for range n {
		conns = append(conns, open())
	}
	after := measure()
	runtime.KeepAlive(conns)
	return int64(after-before) / n
}

func TestIdleTimeouts(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.IdleInTransactionTimeout = 100 * time.Millisecond })
	idle := dialRaw(t, ts.addr)
	idle.login("idle")
	inTx := dialRaw(t, ts.addr)
	inTx.login("intx")
	inTx.send(&pgproto3.Query{String: "begin"})
	inTx.expect(tag("BEGIN"), &pgproto3.ReadyForQuery{TxStatus: 'T'})
	start := time.Now()
	if e := inTx.expectError("FATAL", "25P03"); e.Message != "terminating connection due to idle-in-transaction timeout" {
		t.Errorf("message = %q", e.Message)
	}
	inTx.expectClosed()
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Errorf("closed after %v, want ≥ 100ms", d)
	}
	// Outside a transaction the connection may idle.
	idle.send(&pgproto3.Query{String: "insert"})
	idle.expect(tag("INSERT 0 1"), rfqIdle)
	// A pause inside an extended-protocol batch is not idleness.
	idle.send(&pgproto3.Query{String: "begin"})
	idle.expect(tag("BEGIN"), &pgproto3.ReadyForQuery{TxStatus: 'T'})
	idle.send(&pgproto3.Parse{Query: "insert"})
	time.Sleep(50 * time.Millisecond)
	idle.send(&pgproto3.Bind{})
	time.Sleep(80 * time.Millisecond)
	idle.send(&pgproto3.Execute{}, &pgproto3.Sync{})
	idle.expect(&pgproto3.ParseComplete{}, &pgproto3.BindComplete{}, tag("INSERT 0 1"), &pgproto3.ReadyForQuery{TxStatus: 'T'})
	idle.send(&pgproto3.Query{String: "commit"})
	idle.expect(tag("COMMIT"), rfqIdle)

	ts2 := startServer(t, func(c *Config) { c.IdleSessionTimeout = 100 * time.Millisecond })
	rc := dialRaw(t, ts2.addr)
	rc.login("idle")
	rc.expectError("FATAL", "57P05")
	rc.expectClosed()
}

// Solo (the busy-poll gate) holds while one connection issues every command, however many
// others sit idle, and not for soloWindow after another one issued one.
func TestSoloWhileOneClientIssuesCommands(t *testing.T) {
	ts := startServer(t, nil)
	query := func(rc *rawClient) {
		t.Helper()
		rc.send(&pgproto3.Query{String: "insert"})
		rc.expect(&pgproto3.CommandComplete{CommandTag: []byte("INSERT 0 1")}, &pgproto3.ReadyForQuery{TxStatus: 'I'})
	}
	a, idle := dialRaw(t, ts.addr), dialRaw(t, ts.addr)
	a.login("a")
	idle.login("idle")
	query(a)
	if !ts.srv.Solo() {
		t.Fatal("one client issuing commands, one idle: not solo")
	}
	b := dialRaw(t, ts.addr)
	b.login("b")
	query(b)
	query(a)
	if ts.srv.Solo() {
		t.Fatal("two clients issuing commands: solo")
	}
	time.Sleep(soloWindow + time.Millisecond)
	query(a)
	if !ts.srv.Solo() {
		t.Fatal("only a issued commands for soloWindow: not solo")
	}
}
