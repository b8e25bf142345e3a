package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testCA issues client certificates.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

func newTestCA(t testing.TB) *testCA {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test client CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

// issue writes a client certificate and key for cn (and emails) into dir; it returns
// pgconn parameters that present them.
func (ca *testCA) issue(t testing.TB, dir, cn string, emails ...string) string {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		EmailAddresses: emails, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile := filepath.Join(dir, cn+".crt"), filepath.Join(dir, cn+".key")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return "sslcert=" + certFile + " sslkey=" + keyFile
}

func TestCertMethod(t *testing.T) {
	ca := newTestCA(t)
	dir := t.TempDir()
	backend := &backendRecorder{}
	mem := &memAudit{}
	ls := startListener(t, &Chain{Methods: []Method{Cert{Login: backend.login}, &Password{Verify: nil}}, Audit: mem},
		func(tc *tls.Config) { tc.ClientCAs, tc.ClientAuth = ca.pool, tls.VerifyClientCertIfGiven })
	alice := ca.issue(t, dir, "alice", "alice.smith@example.com")

	for _, user := range []string{"alice", "ALICE", "alice.smith", "alice.smith@example.com"} {
		if err := ls.connect(t, "user="+user+" sslmode=require "+alice); err != nil {
			t.Fatalf("%s: %v", user, err)
		}
		if id := ls.lastIdentity(); id.Method != "cert" || id.User != user {
			t.Fatalf("identity %+v", id)
		}
	}
	err := ls.connect(t, "user=bob sslmode=require "+alice)
	if sqlState(err) != "28000" || !strings.Contains(err.Error(), "certificate authentication failed") {
		t.Fatalf("alice's certificate as bob: %v", err)
	}
	if len(backend.users) != 4 {
		t.Fatalf("backend logins %v", backend.users)
	}
	// No certificate: the next method (password) asks for a password.
	if err := ls.connect(t, "user=alice sslmode=disable"); sqlState(err) != "28000" || !strings.Contains(err.Error(), "encrypted connection") {
		t.Fatalf("no certificate: %v", err)
	}
	// A certificate from another CA fails the TLS handshake itself.
	other := newTestCA(t).issue(t, t.TempDir(), "alice")
	if err := ls.connect(t, "user=alice sslmode=require "+other); err == nil {
		t.Fatal("certificate of an unknown CA accepted")
	}
}
