package e2e

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgproto3"
)

// Robustness of the frontend against the real binary: broken frames, limits, timeouts
// and refused logins each end one connection with the right SQLSTATE, and the server
// goes on serving everybody else.

// startOwnPgwired starts a private pgwired with extra settings, stopped with the test.
// Whatever the test did to it, its log must show no internal error and no panic.
func startOwnPgwired(t *testing.T, env ...string) *pgwired {
	t.Helper()
	p := startPgwired(t, env...)
	t.Cleanup(func() {
		p.Stop()
		for _, line := range strings.Split(p.Log(), "\n") {
			if strings.Contains(line, "level=ERROR") || strings.Contains(line, "panic") {
				t.Errorf("pgwired logged: %s", line)
			}
		}
	})
	return p
}

func TestMalformedFrameIsFatalProtocolViolation(t *testing.T) {
	p := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name  string
		frame []byte
	}{
		// A length smaller than the length field itself cannot be a message.
		{"length below 4", []byte{'Q', 0, 0, 0, 2}},
		// A negative length (high bit set).
		{"negative length", []byte{'Q', 0x80, 0, 0, 0}},
		// Sync carries no data: PostgreSQL caps such messages at 10000 bytes.
		{"control message too long", []byte{'S', 0, 0, 0x40, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := hijack(t, ctx, p)
			if _, err := raw.conn.Write(tc.frame); err != nil {
				t.Fatal(err)
			}
			msgs, err := receiveUntilClosed(raw.conn, raw.fe, 10*time.Second)
			if !isClosedByPeer(err) {
				t.Fatalf("server did not close the connection: %v (messages %#v)", err, msgs)
			}
			singleFatal(t, msgs, "08P01")
		})
	}
	assertServerWorks(t, p)
}

func TestOversizedMessageIsRefusedWith54000(t *testing.T) {
	p := startOwnPgwired(t, "MAX_MESSAGE_SIZE=4096")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	conn := connect(t, ctx, p)
	// Just under the limit works: the limit is on the message, not on some smaller buffer.
	fits := "SELECT '" + strings.Repeat("x", 3900) + "' AS v"
	var v string
	if err := conn.QueryRow(ctx, fits).Scan(&v); err != nil || len(v) != 3900 {
		t.Fatalf("a %d-byte query under MAX_MESSAGE_SIZE: len %d, %v", len(fits), len(v), err)
	}
	big := "SELECT '" + strings.Repeat("x", 10000) + "' AS v"
	_, err := conn.Exec(ctx, big)
	pe := expectSQLState(t, err, "54000", "oversized query")
	if pe.Severity != "FATAL" {
		t.Errorf("severity %s, want FATAL (the rest of the message is never read)", pe.Severity)
	}
	if !conn.IsClosed() {
		// pgx closes its side once it has read a FATAL; check the server side too.
		if err := conn.Ping(ctx); err == nil {
			t.Errorf("connection still usable after an oversized message")
		}
	}
	assertServerWorks(t, p)
}

func TestUnfinishedStartupIsClosedAfterLoginTimeout(t *testing.T) {
	// Failed-login backoff must stay below LOGIN_TIMEOUT (configuration refuses it otherwise).
	p := startOwnPgwired(t, "LOGIN_TIMEOUT=1s", "AUTH_THROTTLE_BASE=0s", "AUTH_THROTTLE_MAX=0s")
	for _, tc := range []struct {
		name string
		send []byte
	}{
		{"silent client", nil},
		// The length of a startup packet and then nothing.
		{"half a startup packet", binary.BigEndian.AppendUint32(nil, 40)},
		// TLS and a StartupMessage, then no answer to the password request (a client
		// stuck at a password prompt).
		{"no password", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var nc net.Conn
			nc, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(p.Port))
			if err != nil {
				t.Fatal(err)
			}
			defer nc.Close()
			start := time.Now()
			if len(tc.send) > 0 {
				if _, err := nc.Write(tc.send); err != nil {
					t.Fatal(err)
				}
			}
			if tc.name == "no password" {
				nc = startupUntilPasswordRequest(t, nc)
			}
			msgs, err := receiveUntilClosed(nc, pgproto3.NewFrontend(nc, nc), 10*time.Second)
			elapsed := time.Since(start)
			if !isClosedByPeer(err) {
				t.Fatalf("connection not closed by the server within 10s: %v", err)
			}
			if elapsed < 900*time.Millisecond || elapsed > 5*time.Second {
				t.Errorf("closed after %s, want about LOGIN_TIMEOUT=1s", elapsed)
			}
			// PostgreSQL says why (authentication_timeout): FATAL 57014.
			singleFatal(t, msgs, "57014")
		})
	}
	assertServerWorks(t, p)
}

// startupUntilPasswordRequest negotiates TLS, sends a StartupMessage and reads up to the
// server's AuthenticationCleartextPassword.
func startupUntilPasswordRequest(t *testing.T, nc net.Conn) net.Conn {
	t.Helper()
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := nc.Write([]byte{0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f}); err != nil { // SSLRequest
		t.Fatal(err)
	}
	answer := make([]byte, 1)
	if _, err := io.ReadFull(nc, answer); err != nil || answer[0] != 'S' {
		t.Fatalf("SSLRequest answered %q, %v", answer, err)
	}
	tc := tls.Client(nc, &tls.Config{InsecureSkipVerify: true})
	fe := pgproto3.NewFrontend(tc, tc)
	fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30,
		Parameters: map[string]string{"user": "_SYSTEM", "database": "USER"}})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	m, err := fe.Receive()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.(*pgproto3.AuthenticationCleartextPassword); !ok {
		t.Fatalf("want a password request, got %T", m)
	}
	nc.SetDeadline(time.Time{})
	return tc
}

func TestMaxConnectionsRefusesWith53300(t *testing.T) {
	p := startOwnPgwired(t, "MAX_CONNECTIONS=2")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	first := connect(t, ctx, p)
	second := connect(t, ctx, p)
	_, err := pgx.Connect(ctx, p.URL())
	pe := expectSQLState(t, err, "53300", "third connection")
	if pe.Severity != "FATAL" {
		t.Errorf("severity %s, want FATAL", pe.Severity)
	}
	// The refused client took no slot: the two sessions still work...
	for _, c := range []*pgx.Conn{first, second} {
		if queryInt(t, ctx, c, "SELECT 7") != 7 {
			t.Fatal("wrong answer")
		}
	}
	// ...and once one leaves, a new client gets its place.
	first.Close(ctx)
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := pgx.Connect(ctx, p.URL())
		if err == nil {
			c.Close(ctx)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("slot not freed after a client left: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestTLSRequiredRefusesPlaintextWith28000(t *testing.T) {
	// Cleartext passwords are allowed without TLS here, so that 28000 can only come from
	// TLS_REQUIRED and not from the password method's own refusal.
	p := startOwnPgwired(t, "TLS_REQUIRED=true", "AUTH_ALLOW_CLEARTEXT_WITHOUT_TLS=true")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := pgx.Connect(ctx, p.plainURL())
	pe := expectSQLState(t, err, "28000", "plaintext login")
	if !strings.Contains(pe.Message, "TLS is required") {
		t.Errorf("message %q does not say TLS is required", pe.Message)
	}
	assertServerWorks(t, p) // the same login over TLS is accepted

	// Control: without TLS_REQUIRED the same plaintext client gets in.
	open := startOwnPgwired(t, "AUTH_ALLOW_CLEARTEXT_WITHOUT_TLS=true")
	c, err := pgx.Connect(ctx, open.plainURL())
	if err != nil {
		t.Fatalf("plaintext login without TLS_REQUIRED: %v", err)
	}
	c.Close(ctx)
}

func TestWrongPasswordIs28P01(t *testing.T) {
	p := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	url := strings.Replace(p.URL(), ":SYS@", ":not-the-password@", 1)
	_, err := pgx.Connect(ctx, url)
	pe := expectSQLState(t, err, "28P01", "wrong password")
	if pe.Severity != "FATAL" {
		t.Errorf("severity %s, want FATAL", pe.Severity)
	}
	// LOG_AUTH_ATTEMPTS defaults to true: the failure is in the log, the password is not.
	waitLog(t, p, "authentication failed", 5*time.Second)
	if strings.Contains(p.Log(), "not-the-password") {
		t.Errorf("the log contains the password")
	}
	assertServerWorks(t, p)
}
