package wire

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

type testServer struct {
	srv  *Server
	addr string
	be   *fakeBackend
	cfg  Config
}

// startServer runs a Server with the fake backend on a loopback port;
// mutate adjusts the Config. Cleanup shuts it down and checks that Serve
// returned ErrServerClosed.
func startServer(t testing.TB, mutate func(*Config)) *testServer {
	t.Helper()
	be := newFakeBackend()
	cfg := Config{
		Authenticate: AuthenticatorFunc(be.authenticate),
		NewSession:   be.newSession,
		Cancel:       be.cancel,
		LoginTimeout: 5 * time.Second,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if testing.Verbose() && os.Getenv("WIRE_TEST_LOG") != "" {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if mutate != nil {
		mutate(&cfg)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(cfg)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-served; !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve returned %v, want ErrServerClosed", err)
		}
	})
	return &testServer{srv: srv, addr: l.Addr().String(), be: be, cfg: cfg}
}

func (ts *testServer) hostPort() (string, string) {
	h, p, _ := net.SplitHostPort(ts.addr)
	return h, p
}

// testCert is a self-signed certificate for localhost / 127.0.0.1; the
// PEM file lets psql verify it.
type testCert struct {
	tls     *tls.Config
	pool    *x509.CertPool
	pemFile string
}

func newTestCert(t *testing.T) *testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "localhost"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	pemFile := filepath.Join(t.TempDir(), "root.crt")
	if err := os.WriteFile(pemFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return &testCert{
		tls:     &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		pool:    pool,
		pemFile: pemFile,
	}
}

// rawClient drives the protocol with pgproto3.Frontend, for exact checks
// of message sequences.
type rawClient struct {
	t    testing.TB
	conn net.Conn
	fe   *pgproto3.Frontend
}

func dialRaw(t testing.TB, addr string) *rawClient {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	_ = nc.SetDeadline(time.Now().Add(10 * time.Second))
	return &rawClient{t: t, conn: nc, fe: pgproto3.NewFrontend(nc, nc)}
}

// login sends a StartupMessage and the password, and reads up to the first
// ReadyForQuery, returning the BackendKeyData and the ParameterStatus set.
func (rc *rawClient) login(user string) (*pgproto3.BackendKeyData, map[string]string) {
	rc.t.Helper()
	rc.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": user, "application_name": "rawtest"}})
	rc.expect(&pgproto3.AuthenticationCleartextPassword{})
	rc.send(&pgproto3.PasswordMessage{Password: "secret"})
	rc.expect(&pgproto3.AuthenticationOk{})
	params := map[string]string{}
	var key *pgproto3.BackendKeyData
	for {
		switch m := rc.receive().(type) {
		case *pgproto3.ParameterStatus:
			params[m.Name] = m.Value
		case *pgproto3.BackendKeyData:
			key = &pgproto3.BackendKeyData{ProcessID: m.ProcessID, SecretKey: append([]byte(nil), m.SecretKey...)}
		case *pgproto3.ReadyForQuery:
			if m.TxStatus != 'I' {
				rc.t.Fatalf("ReadyForQuery %q, want I", m.TxStatus)
			}
			return key, params
		default:
			rc.t.Fatalf("unexpected %T during login", m)
		}
	}
}

func (rc *rawClient) send(msgs ...pgproto3.FrontendMessage) {
	rc.t.Helper()
	for _, m := range msgs {
		rc.fe.Send(m)
	}
	if err := rc.fe.Flush(); err != nil {
		rc.t.Fatalf("send: %v", err)
	}
}

func (rc *rawClient) receive() pgproto3.BackendMessage {
	rc.t.Helper()
	m, err := rc.fe.Receive()
	if err != nil {
		rc.t.Fatalf("receive: %v", err)
	}
	return m
}

// expect reads messages and compares each with want by type and, for the
// fields a test sets, by value (via describe).
func (rc *rawClient) expect(want ...pgproto3.BackendMessage) {
	rc.t.Helper()
	for i, w := range want {
		got := rc.receive()
		if describe(got) != describe(w) {
			rc.t.Fatalf("message %d: got %s, want %s", i, describe(got), describe(w))
		}
	}
}

// expectError reads an ErrorResponse and checks severity and SQLSTATE.
func (rc *rawClient) expectError(severity, code string) *pgproto3.ErrorResponse {
	rc.t.Helper()
	m := rc.receive()
	e, ok := m.(*pgproto3.ErrorResponse)
	if !ok {
		rc.t.Fatalf("got %s, want ErrorResponse %s", describe(m), code)
	}
	if e.Severity != severity || e.SeverityUnlocalized != severity || e.Code != code {
		rc.t.Fatalf("got %s %s %q, want %s %s", e.Severity, e.Code, e.Message, severity, code)
	}
	return &pgproto3.ErrorResponse{Severity: e.Severity, Code: e.Code, Message: e.Message, Detail: e.Detail, Hint: e.Hint}
}

// expectClosed checks that the server closed the connection.
func (rc *rawClient) expectClosed() {
	rc.t.Helper()
	var b [1]byte
	n, err := rc.conn.Read(b[:])
	if err == nil || n != 0 {
		rc.t.Fatalf("connection still open (read %d bytes, err %v)", n, err)
	}
	if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) && !isConnReset(err) {
		rc.t.Fatalf("read after close: %v, want EOF", err)
	}
}

func isConnReset(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && !op.Timeout()
}
