package e2e

import (
	"testing"

	"github.com/pgwired/pgwired/internal/auth/krbtest"
)

// kdc is a real MIT Kerberos KDC (Debian krb5-kdc) for realm EXAMPLE.TEST on loopback
// (internal/auth/krbtest, which make bench uses too), with helpers that fail the test.
type kdc struct {
	*krbtest.KDC
	dir string
	env []string // KRB5_CONFIG and KRB5_KDC_PROFILE for every Kerberos command
}

func startKDC(t *testing.T) *kdc {
	t.Helper()
	if err := krbtest.Missing(); err != nil {
		t.Skip(err)
	}
	k, err := krbtest.Start(t.TempDir(), freePort())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(k.Close)
	return &kdc{KDC: k, dir: k.Dir, env: k.Env}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (k *kdc) kadmin(t *testing.T, query string) {
	t.Helper()
	must(t, k.Kadmin(query))
}

// kinit gets a TGT for principal into a new credential cache and returns its KRB5CCNAME.
func (k *kdc) kinit(t *testing.T, principal, password string, extra ...string) string {
	t.Helper()
	cc, err := k.Kinit(principal, password, extra...)
	must(t, err)
	return cc
}
