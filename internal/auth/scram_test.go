package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pgwired/pgwired/internal/auth/audit"
	"github.com/pgwired/pgwired/internal/wire"
)

// TestScramVerifierRFC7677 checks the derivation and the proof check against the worked
// example of RFC 7677 section 3 (user "user", password "pencil").
func TestScramVerifierRFC7677(t *testing.T) {
	salt, _ := base64.StdEncoding.DecodeString("W22ZaJ0SNY7soEsUEjb6gQ==")
	v, err := NewScramVerifier("pencil", salt, 4096)
	if err != nil {
		t.Fatal(err)
	}
	const authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO," +
		"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096," +
		"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
	proof, _ := base64.StdEncoding.DecodeString("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
	if !proofMatches(v, authMessage, proof) {
		t.Fatal("RFC 7677 client proof refused")
	}
	proof[0] ^= 1
	if proofMatches(v, authMessage, proof) {
		t.Fatal("altered proof accepted")
	}
	if got := base64.StdEncoding.EncodeToString(hmacSHA256(v.ServerKey, []byte(authMessage))); got != "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=" {
		t.Fatalf("server signature %s", got)
	}
	back, err := ParseScramVerifier(v.String())
	if err != nil || back.String() != v.String() || back.Iterations != 4096 {
		t.Fatalf("round trip: %v %v", back, err)
	}
}

func TestParseScramVerifierRefusesOtherFormats(t *testing.T) {
	good, _ := NewScramVerifier("pw", []byte("0123456789abcdef"), 4096)
	for _, s := range []string{
		"md5" + strings.Repeat("a", 32), "plain-password", "SCRAM-SHA-256$x:c2FsdA==$a:b",
		"SCRAM-SHA-256$4096:c2FsdA==", "SCRAM-SHA-256$0:c2FsdA==$" + strings.SplitN(good.String(), "$", 3)[2],
		strings.Replace(good.String(), "$4096:", "$4096:!!", 1),
	} {
		if _, err := ParseScramVerifier(s); err == nil {
			t.Errorf("accepted %q", s)
		}
	}
}

type scramBed struct {
	ls      *listener
	audit   *memAudit
	backend *backendRecorder
	obs     *obsRecorder
	scram   *Scram
}

type obsRecorder struct {
	mu  sync.Mutex
	got []string
}

func (o *obsRecorder) ObserveAuth(method string, d time.Duration, ok bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if d <= 0 {
		ok = false // a duration must be measured
	}
	s := method + ":fail"
	if ok {
		s = method + ":ok"
	}
	o.got = append(o.got, s)
}

func newScramBed(t *testing.T, requireBinding bool) *scramBed {
	t.Helper()
	alice, err := NewScramVerifier("alice-pw", []byte("alice-salt-12345"), 4096)
	if err != nil {
		t.Fatal(err)
	}
	b := &scramBed{audit: &memAudit{}, backend: &backendRecorder{}, obs: &obsRecorder{}}
	b.scram = &Scram{Verifiers: memScram{"alice": alice}, Login: b.backend.login, RequireChannelBinding: requireBinding}
	ch := &Chain{Methods: []Method{b.scram}, Audit: b.audit, Observer: b.obs}
	b.ls = startListener(t, ch)
	b.scram.ServerCertificates = b.ls.leaf
	return b
}

func TestScramWithPgx(t *testing.T) {
	b := newScramBed(t, false)
	for _, tc := range []struct {
		name, params, code, method string
	}{
		{"channel binding", "user=alice password=alice-pw sslmode=require channel_binding=require", "", "scram-sha-256-plus"},
		{"TLS without binding", "user=alice password=alice-pw sslmode=require channel_binding=disable", "", "scram-sha-256"},
		{"no TLS", "user=alice password=alice-pw sslmode=disable", "", "scram-sha-256"},
		{"wrong password", "user=alice password=nope sslmode=require", "28P01", ""},
		{"unknown user", "user=mallory password=alice-pw sslmode=require", "28P01", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(b.backend.users)
			err := b.ls.connect(t, tc.params)
			if tc.code != "" {
				if sqlState(err) != tc.code {
					t.Fatalf("got %v, want SQLSTATE %s", err, tc.code)
				}
				if len(b.backend.users) != n {
					t.Fatal("IRIS login attempted for a client that failed the proof")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			id := b.ls.lastIdentity()
			if id.User != "alice" || id.Method != tc.method || id.Extra != "session-of-alice" {
				t.Fatalf("identity %+v", id)
			}
			if got := b.backend.users[len(b.backend.users)-1]; got != "alice@db" {
				t.Fatalf("backend login %q", got)
			}
		})
	}

	events := b.audit.all()
	if len(events) != 5 {
		t.Fatalf("%d audit events for 5 attempts", len(events))
	}
	ok, bad := events[0], events[3]
	if ok.Event != audit.AuthSuccess || ok.Method != "scram-sha-256-plus" || ok.Username != "alice" ||
		ok.IRISUsername != "IRIS_alice" || ok.SourceIP != "127.0.0.1" || ok.ConnectionID == 0 || ok.FailureReason != "" {
		t.Errorf("success event %+v", ok)
	}
	if bad.Event != audit.AuthFailure || bad.Method != "scram-sha-256" || !strings.HasPrefix(bad.FailureReason, "28P01: ") || bad.IRISUsername != "" {
		t.Errorf("failure event %+v", bad)
	}
	want := "[scram-sha-256-plus:ok scram-sha-256:ok scram-sha-256:ok scram-sha-256:fail scram-sha-256:fail]"
	if got := strings.Join(b.obs.got, " "); "["+got+"]" != want {
		t.Errorf("observer saw %s, want %s", got, want)
	}
}

func TestScramPlusRequired(t *testing.T) {
	b := newScramBed(t, true)
	if err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require channel_binding=require"); err != nil {
		t.Fatal(err)
	}
	if err := b.ls.connect(t, "user=alice password=alice-pw sslmode=disable"); sqlState(err) != "28000" {
		t.Fatalf("plaintext: %v", err)
	}
	if err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require channel_binding=disable"); sqlState(err) != "28000" {
		t.Fatalf("no binding: %v", err)
	}
	if len(b.backend.users) != 1 {
		t.Fatalf("backend logins %v", b.backend.users)
	}
}

// TestScramChannelBindingMismatch: a client whose TLS peer is not this server's certificate
// (a TLS-terminating man in the middle) fails even with the right password.
func TestScramChannelBindingMismatch(t *testing.T) {
	b := newScramBed(t, false)
	other := selfSigned(t)
	b.scram.ServerCertificates = func() [][]byte { return [][]byte{other.Certificate[0]} }
	if err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require channel_binding=require"); sqlState(err) != "28000" {
		t.Fatalf("mismatched binding: %v", err)
	}
	// The previous certificate (kept across a reload) still binds.
	b.scram.ServerCertificates = func() [][]byte { return [][]byte{other.Certificate[0], b.ls.cert.Certificate[0]} }
	if err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require channel_binding=require"); err != nil {
		t.Fatal(err)
	}
}

func TestScramBackendLoginErrorEndsLogin(t *testing.T) {
	b := newScramBed(t, false)
	b.backend.err = wire.Fatalf("28000", "no IRIS password for user \"alice\" in the Wallet")
	err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require")
	if sqlState(err) != "28000" || !strings.Contains(err.Error(), "Wallet") {
		t.Fatalf("got %v", err)
	}
	ev := b.audit.all()
	if len(ev) != 1 || ev[0].Event != audit.AuthFailure || !strings.Contains(ev[0].FailureReason, "Wallet") {
		t.Fatalf("audit %+v", ev)
	}
}

func TestParseClientFirst(t *testing.T) {
	cf, err := parseClientFirst("p=tls-server-end-point,,n=,r=abc")
	if err != nil || cf.flag != 'p' || cf.header != "p=tls-server-end-point,," || cf.bare != "n=,r=abc" || cf.nonce != "abc" {
		t.Fatalf("%+v %v", cf, err)
	}
	for in, code := range map[string]string{
		"n,a=admin,n=,r=abc": "0A000", // authzid
		"x,,n=,r=abc":        "08P01",
		"n,,n=,m=ext,r=abc":  "08P01",
		"n,,m=ext,r=abc":     "0A000",
		"n,,n=,r=":           "08P01",
		"n,,n=":              "08P01",
		"n,,n=,r=a\x01b":     "08P01",
	} {
		_, err := parseClientFirst(in)
		var we *wire.Error
		if !asWire(err, &we) || we.Code != code {
			t.Errorf("%q: got %v, want %s", in, err, code)
		}
	}
	// 'y' on a connection where the server offered PLUS means a downgrade.
	s := &Scram{}
	cf, _ = parseClientFirst("y,,n=,r=abc")
	if err := s.checkBindingFlag(cf, mechSCRAM, true); err == nil {
		t.Error("y flag with TLS accepted")
	}
	if err := s.checkBindingFlag(cf, mechSCRAM, false); err != nil {
		t.Errorf("y flag without TLS: %v", err)
	}
}

func asWire(err error, we **wire.Error) bool {
	e, ok := err.(*wire.Error)
	*we = e
	return ok
}

func TestTLSServerEndPointHash(t *testing.T) {
	c := selfSigned(t) // ECDSA with SHA-256
	got, err := tlsServerEndPoint(c.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(c.Certificate[0])
	if !bytes.Equal(got, sum[:]) {
		t.Fatal("tls-server-end-point of an ECDSA-SHA256 certificate is not its SHA-256")
	}
}
