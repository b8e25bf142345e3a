package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// kdc is a real MIT Kerberos KDC (Debian krb5-kdc) for realm EXAMPLE.TEST on loopback,
// with its own krb5.conf and kdc.conf in a temporary directory.
type kdc struct {
	dir   string
	port  int
	env   []string // KRB5_CONFIG and KRB5_KDC_PROFILE for every Kerberos command
	cmd   *exec.Cmd
	realm string
}

func startKDC(t *testing.T) *kdc {
	t.Helper()
	for _, bin := range []string{"/usr/sbin/krb5kdc", "/usr/sbin/kdb5_util", "/usr/sbin/kadmin.local", "/usr/bin/kinit"} {
		if _, err := os.Stat(bin); err != nil {
			t.Skipf("%s missing (apt-get install krb5-kdc krb5-admin-server krb5-user)", bin)
		}
	}
	k := &kdc{dir: t.TempDir(), port: freePort(), realm: "EXAMPLE.TEST"}
	krb5conf := fmt.Sprintf(`[libdefaults]
 default_realm = EXAMPLE.TEST
 dns_lookup_kdc = false
 dns_lookup_realm = false
 rdns = false
 dns_canonicalize_hostname = false
 ticket_lifetime = 10h
[realms]
 EXAMPLE.TEST = {
  kdc = 127.0.0.1:%d
 }
[domain_realm]
 localhost = EXAMPLE.TEST
`, k.port)
	kdcconf := fmt.Sprintf(`[kdcdefaults]
 kdc_listen = 127.0.0.1:%[1]d
 kdc_tcp_listen = 127.0.0.1:%[1]d
[realms]
 EXAMPLE.TEST = {
  database_name = %[2]s/principal
  key_stash_file = %[2]s/stash
  acl_file = %[2]s/kadm5.acl
  max_life = 10h
  supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
 }
[logging]
 kdc = FILE:%[2]s/kdc.log
`, k.port, k.dir)
	must(t, os.WriteFile(filepath.Join(k.dir, "krb5.conf"), []byte(krb5conf), 0o644))
	must(t, os.WriteFile(filepath.Join(k.dir, "kdc.conf"), []byte(kdcconf), 0o644))
	must(t, os.WriteFile(filepath.Join(k.dir, "kadm5.acl"), nil, 0o644))
	k.env = []string{"KRB5_CONFIG=" + filepath.Join(k.dir, "krb5.conf"), "KRB5_KDC_PROFILE=" + filepath.Join(k.dir, "kdc.conf")}
	k.run(t, "", "/usr/sbin/kdb5_util", "create", "-s", "-r", k.realm, "-P", "masterpw")
	k.cmd = exec.Command("/usr/sbin/krb5kdc", "-n", "-P", filepath.Join(k.dir, "kdc.pid"))
	k.cmd.Env = append(os.Environ(), k.env...)
	out := &strings.Builder{}
	k.cmd.Stdout, k.cmd.Stderr = out, out
	must(t, k.cmd.Start())
	t.Cleanup(func() { k.cmd.Process.Kill(); k.cmd.Wait() })
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(filepath.Join(k.dir, "kdc.log"))
		if strings.Contains(string(b), "commencing operation") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("KDC did not start: %s\n%s", out, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return k
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// run runs a Kerberos command with the realm's configuration.
func (k *kdc) run(t *testing.T, stdin string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), k.env...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func (k *kdc) kadmin(t *testing.T, query string) {
	t.Helper()
	k.run(t, "", "/usr/sbin/kadmin.local", "-r", k.realm, "-q", query)
}

// kinit gets a TGT for principal into a new credential cache and returns its KRB5CCNAME.
func (k *kdc) kinit(t *testing.T, principal, password string, extra ...string) string {
	t.Helper()
	cc := "FILE:" + filepath.Join(k.dir, "cc-"+strconv.FormatInt(time.Now().UnixNano(), 36))
	cmd := exec.Command("/usr/bin/kinit", append(extra, principal)...)
	cmd.Env = append(append(os.Environ(), k.env...), "KRB5CCNAME="+cc)
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kinit %s: %v\n%s", principal, err, out)
	}
	return cc
}
