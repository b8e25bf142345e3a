package wire

import (
	"crypto/tls"
	"encoding/binary"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

func startupMsg(version uint32, params map[string]string) *pgproto3.StartupMessage {
	return &pgproto3.StartupMessage{ProtocolVersion: version, Parameters: params}
}

func (rc *rawClient) readByte() byte {
	rc.t.Helper()
	var b [1]byte
	if _, err := io.ReadFull(rc.conn, b[:]); err != nil {
		rc.t.Fatalf("read: %v", err)
	}
	return b[0]
}

func (rc *rawClient) writeRaw(b []byte) {
	rc.t.Helper()
	if _, err := rc.conn.Write(b); err != nil {
		rc.t.Fatalf("write: %v", err)
	}
}

func TestNegotiateProtocolVersion(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.send(startupMsg(3<<16|2, map[string]string{"user": "alice", "_pq_.compression": "on"}))
	rc.expect(&pgproto3.NegotiateProtocolVersion{NewestMinorProtocol: 3 << 16, UnrecognizedOptions: []string{"_pq_.compression"}},
		&pgproto3.AuthenticationCleartextPassword{})
}

func TestUnsupportedProtocolVersion(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.send(startupMsg(2<<16, map[string]string{"user": "alice"}))
	if e := rc.expectError("FATAL", CodeFeatureNotSupported); e.Message != "unsupported frontend protocol 2.0: server supports 3.0 to 3.0" {
		t.Errorf("message = %q", e.Message)
	}
	rc.expectClosed()
}

func TestMissingUser(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.send(startupMsg(pgproto3.ProtocolVersion30, map[string]string{"database": "x"}))
	rc.expectError("FATAL", CodeInvalidAuthorization)
	rc.expectClosed()
}

func TestGSSENCAndSSLRequestDeclined(t *testing.T) {
	ts := startServer(t, nil) // no TLS configured
	rc := dialRaw(t, ts.addr)
	rc.send(&pgproto3.GSSEncRequest{})
	if b := rc.readByte(); b != 'N' {
		t.Fatalf("GSSENCRequest answer %q, want N", b)
	}
	rc.send(&pgproto3.SSLRequest{})
	if b := rc.readByte(); b != 'N' {
		t.Fatalf("SSLRequest answer %q, want N", b)
	}
	rc.login("alice")
}

func TestWrongPassword(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.send(startupMsg(pgproto3.ProtocolVersion30, map[string]string{"user": "alice"}))
	rc.expect(&pgproto3.AuthenticationCleartextPassword{})
	rc.send(&pgproto3.PasswordMessage{Password: "wrong"})
	if e := rc.expectError("FATAL", CodeInvalidPassword); e.Message != `password authentication failed for user "alice"` {
		t.Errorf("message = %q", e.Message)
	}
	rc.expectClosed()
	if got := ts.be.closedUsers(); len(got) != 0 {
		t.Errorf("sessions closed = %v, want none created", got)
	}
}

func TestNoAuthenticatorFailsClosed(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Authenticate = nil })
	rc := dialRaw(t, ts.addr)
	rc.send(startupMsg(pgproto3.ProtocolVersion30, map[string]string{"user": "alice"}))
	rc.expectError("FATAL", CodeInvalidAuthorization)
	rc.expectClosed()
}

func TestNewSessionErrorAfterAuthenticationOk(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.send(startupMsg(pgproto3.ProtocolVersion30, map[string]string{"user": "alice", "database": "nosuchdb"}))
	rc.expect(&pgproto3.AuthenticationCleartextPassword{})
	rc.send(&pgproto3.PasswordMessage{Password: "secret"})
	rc.expect(&pgproto3.AuthenticationOk{})
	if e := rc.expectError("FATAL", "3D000"); e.Message != `database "nosuchdb" does not exist` {
		t.Errorf("message = %q", e.Message)
	}
	rc.expectClosed()
}

func TestMalformedFrames(t *testing.T) {
	cases := []struct {
		name  string
		frame []byte
		code  string
	}{
		{"unknown type", []byte{'Z', 0, 0, 0, 4}, CodeProtocolViolation},
		{"length below 4", []byte{'Q', 0, 0, 0, 3}, CodeProtocolViolation},
		{"negative length", []byte{'Q', 0xff, 0xff, 0xff, 0xf0}, CodeProtocolViolation},
		{"huge Sync", []byte{'S', 0, 1, 0, 0}, CodeProtocolViolation},
		{"password outside auth", []byte{'p', 0, 0, 0, 5, 0}, CodeProtocolViolation},
		// The body of an oversized message is never sent: the server must
		// answer from the header alone.
		{"over MaxMessageSize", []byte{'Q', 0, 0x10, 0, 0}, CodeProgramLimitExceeded},
	}
	ts := startServer(t, func(c *Config) { c.MaxMessageSize = 64 << 10 })
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rc := dialRaw(t, ts.addr)
			rc.login("alice")
			rc.writeRaw(tc.frame)
			rc.expectError("FATAL", tc.code)
			rc.expectClosed()
		})
	}
}

func TestMaxMessageSizeAllowsLimit(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxMessageSize = 100 })
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	q := "insert" + strings.Repeat(" ", 93)
	rc.send(&pgproto3.Query{String: q}) // body: 99 bytes + NUL = the limit
	rc.expect(tag("INSERT 0 1"), rfqIdle)
	rc.send(&pgproto3.Query{String: q + " "})
	rc.expectError("FATAL", CodeProgramLimitExceeded)
	rc.expectClosed()
}

func TestInvalidMessageBody(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	// A Describe without NUL terminator: an ERROR, framing stays intact.
	rc.writeRaw([]byte{'D', 0, 0, 0, 6, 'S', 'x'})
	rc.send(&pgproto3.Sync{})
	rc.expectError("ERROR", CodeProtocolViolation)
	rc.expect(rfqIdle)
}

func TestLoginTimeout(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.LoginTimeout = 200 * time.Millisecond })
	for _, stage := range []string{"silent", "after SSLRequest", "at password"} {
		t.Run(stage, func(t *testing.T) {
			rc := dialRaw(t, ts.addr)
			start := time.Now()
			switch stage {
			case "after SSLRequest":
				rc.send(&pgproto3.SSLRequest{})
				if rc.readByte() != 'N' {
					t.Fatal("want N")
				}
			case "at password":
				rc.send(startupMsg(pgproto3.ProtocolVersion30, map[string]string{"user": "alice"}))
				rc.expect(&pgproto3.AuthenticationCleartextPassword{})
			}
			rc.expectError("FATAL", CodeQueryCanceled)
			rc.expectClosed()
			if d := time.Since(start); d < 150*time.Millisecond || d > 2*time.Second {
				t.Errorf("closed after %v, want about 200ms", d)
			}
		})
	}
}

func TestMaxConnections(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxConnections = 1 })
	first := dialRaw(t, ts.addr)
	first.login("alice")
	if n := ts.srv.ActiveConnections(); n != 1 {
		t.Fatalf("ActiveConnections = %d, want 1", n)
	}
	second := dialRaw(t, ts.addr)
	second.send(startupMsg(pgproto3.ProtocolVersion30, map[string]string{"user": "bob"}))
	if e := second.expectError("FATAL", CodeTooManyConnections); e.Message != "sorry, too many clients already" {
		t.Errorf("message = %q", e.Message)
	}
	second.expectClosed()

	first.send(&pgproto3.Terminate{})
	first.expectClosed()
	waitFor(t, func() bool { return ts.srv.ActiveConnections() == 0 })
	third := dialRaw(t, ts.addr)
	third.login("carol")
}

func TestCancelRequestReachesConfigCancel(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	key, _ := rc.login("alice")
	canceler := dialRaw(t, ts.addr)
	canceler.send(&pgproto3.CancelRequest{ProcessID: key.ProcessID, SecretKey: key.SecretKey})
	canceler.expectClosed() // no reply, as PostgreSQL
	select {
	case got := <-ts.be.cancels:
		want := BackendKey{ProcessID: key.ProcessID, Secret: binary.BigEndian.Uint32(key.SecretKey)}
		if got != want {
			t.Fatalf("Cancel(%+v), want %+v", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Config.Cancel not called")
	}
}

func TestBackendKeysDiffer(t *testing.T) {
	ts := startServer(t, nil)
	k1, _ := dialRaw(t, ts.addr).login("a")
	k2, _ := dialRaw(t, ts.addr).login("b")
	if k1.ProcessID == k2.ProcessID || string(k1.SecretKey) == string(k2.SecretKey) {
		t.Fatalf("keys %+v and %+v are not distinct", k1, k2)
	}
}

func TestNonPostgresClientClosedSilently(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.writeRaw([]byte("GET / HTTP/1.1\r\n\r\n"))
	rc.expectClosed()
}

func TestTLSRequiredRefusesPlaintext(t *testing.T) {
	cert := newTestCert(t)
	ts := startServer(t, func(c *Config) {
		c.TLSConfig = func() *tls.Config { return cert.tls }
		c.TLSRequired = true
	})
	rc := dialRaw(t, ts.addr)
	rc.send(startupMsg(pgproto3.ProtocolVersion30, map[string]string{"user": "alice"}))
	e := rc.expectError("FATAL", CodeInvalidAuthorization)
	if e.Message != "TLS is required: this server does not accept unencrypted connections" {
		t.Errorf("message = %q", e.Message)
	}
	rc.expectClosed()
}

func TestUnencryptedDataAfterSSLRequest(t *testing.T) {
	cert := newTestCert(t)
	ts := startServer(t, func(c *Config) { c.TLSConfig = func() *tls.Config { return cert.tls } })
	rc := dialRaw(t, ts.addr)
	// SSLRequest and a plaintext StartupMessage in one write: a buffered
	// injection attempt (CVE-2021-23222).
	buf, _ := (&pgproto3.SSLRequest{}).Encode(nil)
	buf, _ = startupMsg(pgproto3.ProtocolVersion30, map[string]string{"user": "alice"}).Encode(buf)
	rc.writeRaw(buf)
	if b := rc.readByte(); b != 'S' {
		t.Fatalf("SSLRequest answer %q, want S", b)
	}
	rc.expectError("FATAL", CodeProtocolViolation)
	rc.expectClosed()
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestDirectTLS covers PostgreSQL 17's TLS-first connections: the
// ClientHello arrives instead of an SSLRequest, and ALPN "postgresql"
// is mandatory.
func TestDirectTLS(t *testing.T) {
	cert := newTestCert(t)
	ts := startServer(t, func(c *Config) { c.TLSConfig = func() *tls.Config { return cert.tls } })

	dial := func(alpn []string) *rawClient {
		tc, err := tls.Dial("tcp", ts.addr, &tls.Config{RootCAs: cert.pool, ServerName: "localhost", NextProtos: alpn})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { tc.Close() })
		_ = tc.SetDeadline(time.Now().Add(10 * time.Second))
		return &rawClient{t: t, conn: tc, fe: pgproto3.NewFrontend(tc, tc)}
	}

	rc := dial([]string{"postgresql"})
	rc.login("alice")
	if info := ts.be.lastInfo(); info.TLS == nil || info.TLS.NegotiatedProtocol != "postgresql" {
		t.Fatalf("server TLS state %+v", info.TLS)
	}

	rc = dial(nil)
	e := rc.expectError("FATAL", CodeProtocolViolation)
	if e.Message != "received direct SSL connection request without ALPN protocol negotiation extension" {
		t.Errorf("message = %q", e.Message)
	}
	rc.expectClosed()
}

func TestUnsupportedStartupParameters(t *testing.T) {
	ts := startServer(t, nil)
	for _, params := range []map[string]string{
		{"user": "alice", "replication": "database"},
		{"user": "alice", "client_encoding": "LATIN1"},
	} {
		rc := dialRaw(t, ts.addr)
		rc.send(startupMsg(pgproto3.ProtocolVersion30, params))
		rc.expectError("FATAL", CodeFeatureNotSupported)
		rc.expectClosed()
	}
	for _, enc := range []string{"UTF8", "utf-8", "SQL_ASCII"} {
		rc := dialRaw(t, ts.addr)
		rc.send(startupMsg(pgproto3.ProtocolVersion30, map[string]string{"user": "alice", "client_encoding": enc, "replication": "false"}))
		rc.expect(&pgproto3.AuthenticationCleartextPassword{})
	}
}
