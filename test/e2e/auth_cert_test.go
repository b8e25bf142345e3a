package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestClientCertificateLogin: psql presents a client certificate (CN=alice) signed by
// TLS_CLIENT_CA_FILE and logs in with no password as alice, whose IRIS password comes from
// the Wallet; the same certificate for another user is 28000; without a certificate the
// next method (password) takes over.
func TestClientCertificateLogin(t *testing.T) {
	requirePsql(t)
	b := newAuthBed(t)
	b.sim.SetWalletSecret("USER", "pgwire-user-alice", "alice-iris-pw")
	caFile, certFile, keyFile := writeClientPKI(t, b.dir, "alice")
	p := b.start(t, "AUTH_METHODS=cert,password", "TLS_CLIENT_CA_FILE="+caFile)

	dsn := func(user, extra string) string {
		return fmt.Sprintf("host=127.0.0.1 port=%d user=%s dbname=USER sslmode=require gssencmode=disable %s", p.Port, user, extra)
	}
	withCert := "sslcert=" + certFile + " sslkey=" + keyFile
	if got := runPsql(t, dsn("alice", withCert), "SELECT CURRENT_USER;\n", "-At", "-w"); strings.TrimSpace(got) != "alice" {
		t.Fatalf("certificate login: %s", got)
	}
	if got := runPsql(t, dsn("bob", withCert), "SELECT 1;\n", "-At", "-w"); !strings.Contains(got, "certificate authentication failed") {
		t.Fatalf("alice's certificate as bob: %s", got)
	}
	if got := runPsql(t, dsn("_SYSTEM", "password=SYS"), "SELECT CURRENT_USER;\n", "-At", "-w"); strings.TrimSpace(got) != "_SYSTEM" {
		t.Fatalf("password fallback without a certificate: %s", got)
	}
	var methods []string
	for _, l := range readAudit(t, b.audit) {
		if l.Event != "wallet_access" {
			methods = append(methods, l.Event+"/"+l.Method+"/"+l.Username)
		}
	}
	want := "authentication_success/cert/alice authentication_failure/cert/bob authentication_success/password/_SYSTEM"
	if strings.Join(methods, " ") != want {
		t.Fatalf("audit %v", methods)
	}
}

// writeClientPKI writes a CA and a client certificate for cn signed by it.
func writeClientPKI(t *testing.T, dir, cn string) (caFile, certFile, keyFile string) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "e2e client CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	must(t, err)
	caCert, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	must(t, err)
	kb, _ := x509.MarshalECPrivateKey(key)
	caFile, certFile, keyFile = filepath.Join(dir, "client-ca.crt"), filepath.Join(dir, cn+".crt"), filepath.Join(dir, cn+".key")
	must(t, os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o644))
	must(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644))
	must(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600))
	return caFile, certFile, keyFile
}
