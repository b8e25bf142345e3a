// Package krbtest runs a real MIT Kerberos KDC (Debian's krb5-kdc) on loopback for tests
// and benchmarks: a realm in a directory of its own, with its own krb5.conf and kdc.conf,
// principals added with kadmin.local and keytabs written with ktadd. It needs the
// packages krb5-kdc, krb5-admin-server and krb5-user; nothing is installed here.
package krbtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Binaries are the programs Start and Kinit run.
var Binaries = []string{"/usr/sbin/krb5kdc", "/usr/sbin/kdb5_util", "/usr/sbin/kadmin.local", "/usr/bin/kinit"}

// Missing names the first Kerberos program that is not installed, with the apt command
// that provides it, or returns nil.
func Missing() error {
	for _, bin := range Binaries {
		if _, err := os.Stat(bin); err != nil {
			return fmt.Errorf("%s missing (apt-get install -y krb5-kdc krb5-admin-server krb5-user)", bin)
		}
	}
	return nil
}

// KDC is a running KDC for one realm.
type KDC struct {
	Dir    string   // krb5.conf, kdc.conf, the database, kdc.log; keytabs may go here too
	Port   int      // UDP and TCP on 127.0.0.1
	Realm  string   // EXAMPLE.TEST
	Env    []string // KRB5_CONFIG and KRB5_KDC_PROFILE, for every Kerberos command
	cmd    *exec.Cmd
	exited chan struct{}
	out    strings.Builder // krb5kdc's own output; read only once it has exited
	ccN    atomic.Int64
}

// Start creates realm EXAMPLE.TEST in dir (which must exist) and runs krb5kdc on
// 127.0.0.1:port (pick a port below 32768, outside the ephemeral range). Close stops it.
func Start(dir string, port int) (*KDC, error) {
	if err := Missing(); err != nil {
		return nil, err
	}
	k := &KDC{Dir: dir, Port: port, Realm: "EXAMPLE.TEST"}
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
`, port)
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
`, port, dir)
	for name, body := range map[string]string{"krb5.conf": krb5conf, "kdc.conf": kdcconf, "kadm5.acl": ""} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return nil, err
		}
	}
	k.Env = []string{"KRB5_CONFIG=" + k.ConfigFile(), "KRB5_KDC_PROFILE=" + filepath.Join(dir, "kdc.conf")}
	if _, err := k.Run("", "/usr/sbin/kdb5_util", "create", "-s", "-r", k.Realm, "-P", "masterpw"); err != nil {
		return nil, err
	}
	k.cmd = exec.Command("/usr/sbin/krb5kdc", "-n", "-P", filepath.Join(dir, "kdc.pid"))
	k.cmd.Env = append(os.Environ(), k.Env...)
	k.cmd.Stdout, k.cmd.Stderr = &k.out, &k.out
	if err := k.cmd.Start(); err != nil {
		return nil, fmt.Errorf("krb5kdc: %w", err)
	}
	exited := make(chan struct{})
	go func() { k.cmd.Wait(); close(exited) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(filepath.Join(dir, "kdc.log"))
		if strings.Contains(string(b), "commencing operation") {
			break
		}
		select {
		case <-exited:
			return nil, fmt.Errorf("krb5kdc exited: %s\n%s", k.out.String(), b)
		default:
		}
		if time.Now().After(deadline) {
			k.cmd.Process.Kill()
			<-exited
			return nil, fmt.Errorf("KDC did not start within 10 s: %s\n%s", k.out.String(), b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	k.exited = exited
	return k, nil
}

// ConfigFile is the realm's krb5.conf, for KRB5_CONFIG or gokrb5's config.Load.
func (k *KDC) ConfigFile() string { return filepath.Join(k.Dir, "krb5.conf") }

// Close stops the KDC.
func (k *KDC) Close() {
	if k == nil || k.exited == nil {
		return
	}
	k.cmd.Process.Kill()
	<-k.exited
}

// Run runs a Kerberos command with the realm's configuration and returns its output.
func (k *KDC) Run(stdin string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), k.Env...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %v: %w\n%s", name, args, err, out)
	}
	return string(out), nil
}

// Kadmin runs one kadmin.local query, e.g. "addprinc -pw alicepw alice@EXAMPLE.TEST".
func (k *KDC) Kadmin(query string) error {
	_, err := k.Run("", "/usr/sbin/kadmin.local", "-r", k.Realm, "-q", query)
	return err
}

// AddUser adds principal name@REALM with password.
func (k *KDC) AddUser(name, password string) error {
	return k.Kadmin("addprinc -pw " + password + " " + name + "@" + k.Realm)
}

// AddService adds a service principal with a random key (e.g. "postgres/localhost") and
// writes its key to the keytab file at path. Each call gives the service a new key, so
// an older keytab for it goes stale.
func (k *KDC) AddService(principal, keytab string) error {
	if err := k.Kadmin("addprinc -randkey " + principal + "@" + k.Realm); err != nil {
		return err
	}
	return k.Ktadd(keytab, principal)
}

// Ktadd writes a new key of principal (realm optional) to the keytab at path.
func (k *KDC) Ktadd(keytab, principal string) error {
	if !strings.Contains(principal, "@") {
		principal += "@" + k.Realm
	}
	return k.Kadmin("ktadd -k " + keytab + " " + principal)
}

// Kinit gets a TGT for principal into a new credential cache and returns its KRB5CCNAME.
func (k *KDC) Kinit(principal, password string, extra ...string) (string, error) {
	cc := "FILE:" + filepath.Join(k.Dir, "cc-"+strconv.FormatInt(time.Now().UnixNano(), 36)+"-"+strconv.FormatInt(k.ccN.Add(1), 10))
	cmd := exec.Command("/usr/bin/kinit", append(extra, principal)...)
	cmd.Env = append(append(os.Environ(), k.Env...), "KRB5CCNAME="+cc)
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("kinit %s: %w\n%s", principal, err, out)
	}
	return cc, nil
}
