package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pgwired/pgwired/internal/auth/audit"
	"github.com/pgwired/pgwired/internal/wire"
)

// listener runs a real wire.Server whose authenticator is ch, so that tests drive the
// methods with pgx's own SCRAM and cleartext implementations. Sessions are empty: a test
// only checks that the login got through.
type listener struct {
	addr string
	cert tls.Certificate
	mu   sync.Mutex
	ids  []wire.Identity
}

func startListener(t testing.TB, ch *Chain, tune ...func(*tls.Config)) *listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ls := &listener{addr: l.Addr().String(), cert: selfSigned(t)}
	tc := &tls.Config{Certificates: []tls.Certificate{ls.cert}, MinVersion: tls.VersionTLS12}
	for _, f := range tune {
		f(tc)
	}
	srv := wire.NewServer(wire.Config{
		TLSConfig:    func() *tls.Config { return tc },
		LoginTimeout: 10 * time.Second,
		Authenticate: ch,
		NewSession: func(_ context.Context, c *wire.ConnInfo) (wire.Session, error) {
			ls.mu.Lock()
			ls.ids = append(ls.ids, c.Identity)
			ls.mu.Unlock()
			return nopSession{}, nil
		},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	go srv.Serve(l)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return ls
}

// connect logs in with pgconn; params are libpq-style key=value pairs.
func (ls *listener) connect(t testing.TB, params string) error {
	t.Helper()
	host, port, _ := net.SplitHostPort(ls.addr)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgconn.Connect(ctx, "host="+host+" port="+port+" dbname=db "+params)
	if err == nil {
		c.Close(ctx)
	}
	return err
}

func (ls *listener) lastIdentity() wire.Identity {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if len(ls.ids) == 0 {
		return wire.Identity{}
	}
	return ls.ids[len(ls.ids)-1]
}

func (ls *listener) leaf() [][]byte { return [][]byte{ls.cert.Certificate[0]} }

func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

type nopSession struct{}

func (nopSession) SimpleQuery(context.Context, string, wire.ResultWriter) error { return nil }
func (nopSession) Prepare(context.Context, string, string, []uint32) (wire.PreparedStatement, error) {
	return nil, wire.Fatalf("0A000", "not in this test")
}
func (nopSession) TxStatus() byte              { return 'I' }
func (nopSession) Close(context.Context) error { return nil }

func selfSigned(t testing.TB) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// memAudit keeps events in memory.
type memAudit struct {
	mu     sync.Mutex
	events []audit.Event
}

func (m *memAudit) Record(e audit.Event) {
	m.mu.Lock()
	m.events = append(m.events, e)
	m.mu.Unlock()
}

func (m *memAudit) all() []audit.Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]audit.Event(nil), m.events...)
}

// memScram is a ScramSecrets over a map.
type memScram map[string]ScramVerifier

func (m memScram) ScramVerifier(_ context.Context, user string) (ScramVerifier, error) {
	v, ok := m[user]
	if !ok {
		return ScramVerifier{}, ErrNoVerifier
	}
	return v, nil
}

// backendRecorder is a BackendLogin that records who it logged in.
type backendRecorder struct {
	mu    sync.Mutex
	users []string
	err   error
}

func (b *backendRecorder) login(ctx context.Context, user, database string) (any, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.users = append(b.users, user+"@"+database)
	audit.NoteFrom(ctx).LoggedInAs("IRIS_" + user)
	if b.err != nil {
		return nil, b.err
	}
	return "session-of-" + user, nil
}
