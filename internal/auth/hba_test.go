package auth

import (
	"context"
	"crypto/tls"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgwired/pgwired/internal/wire"
)

func writeHBA(t *testing.T, body string) string {
	path := filepath.Join(t.TempDir(), "pg_hba.conf")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestHBAMatch(t *testing.T) {
	path := writeHBA(t, `# rules
hostssl  all   all        10.0.0.0/8     scram-sha-256
host     USER  alice,bob  192.168.1.7    password   # inline comment
hostnossl all  all        ::1/128        trust
host     all   mallory    all            reject
host     all   all        192.168.0.0/16 password
`)
	h, err := ReadHBA(path, []string{"scram-sha-256", "password", "trust"})
	if err != nil {
		t.Fatal(err)
	}
	conn := func(ip string, tlsOn bool, user, db string) *wire.ConnInfo {
		c := &wire.ConnInfo{RemoteAddr: &net.TCPAddr{IP: net.ParseIP(ip), Port: 5000},
			Parameters: map[string]string{"user": user, "database": db}}
		if tlsOn {
			c.TLS = &tls.ConnectionState{}
		}
		return c
	}
	for _, tc := range []struct {
		c    *wire.ConnInfo
		want string
	}{
		{conn("10.1.2.3", true, "alice", "USER"), "scram-sha-256"},
		{conn("10.1.2.3", false, "alice", "USER"), "no entry"}, // hostssl needs TLS
		{conn("192.168.1.7", false, "Alice", "user"), "password"},
		{conn("192.168.1.7", false, "carol", "USER"), "password"}, // falls to the /16 line
		{conn("::1", false, "x", "y"), "trust"},
		{conn("::1", true, "x", "y"), "no entry"},
		{conn("192.168.1.7", true, "mallory", "USER"), "rejects"},
		{conn("::ffff:10.0.0.1", true, "x", "y"), "scram-sha-256"}, // v4-mapped
		{conn("172.16.0.1", true, "x", "y"), "no entry"},
	} {
		got, err := h.Match(tc.c)
		if err != nil {
			got = err.Error()
			var we *wire.Error
			if !asWire(err, &we) || we.Code != "28000" {
				t.Errorf("%v: error %v is not 28000", tc.c.RemoteAddr, err)
			}
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%v %s: got %q, want %q", tc.c.RemoteAddr, tc.c.User(), got, tc.want)
		}
	}
}

func TestReadHBARefuses(t *testing.T) {
	for body, why := range map[string]string{
		"host all all all gss\n":                   "not in AUTH_METHODS",
		"local all all trust\n":                    "TCP only",
		"host all all 10.0.0.0/33 password\n":      "10.0.0.0/33",
		"host all all db.example.com password\n":   "host names",
		"host all all all password clientcert=1\n": "options",
		"host all all\n":                           "want TYPE",
		"hostgssenc all all all password\n":        "connection type",
	} {
		_, err := ReadHBA(writeHBA(t, body), []string{"password", "trust"})
		if err == nil || !strings.Contains(err.Error(), why) || !strings.Contains(err.Error(), "pg_hba.conf:1") {
			t.Errorf("%q: %v", body, err)
		}
	}
}

// TestChainWithHBA: the rules pick one method; a client they reject never sees a method.
func TestChainWithHBA(t *testing.T) {
	verify := func(context.Context, string, string, string) (any, error) { return nil, nil }
	mem := &memAudit{}
	ch := &Chain{Methods: []Method{&Password{Verify: verify}, Trust{}}, Audit: mem}
	h, err := ReadHBA(writeHBA(t, "hostssl all alice 127.0.0.1 password\nhost all bob all trust\n"), []string{"password", "trust"})
	if err != nil {
		t.Fatal(err)
	}
	ch.SetRules(h)
	ls := startListener(t, ch)
	if err := ls.connect(t, "user=alice password=x sslmode=require"); err != nil || ls.lastIdentity().Method != "password" {
		t.Fatalf("alice: %v %+v", err, ls.lastIdentity())
	}
	if err := ls.connect(t, "user=bob sslmode=disable"); err != nil || ls.lastIdentity().Method != "trust" {
		t.Fatalf("bob: %v", err)
	}
	err = ls.connect(t, "user=carol sslmode=require")
	if sqlState(err) != "28000" || !strings.Contains(err.Error(), "has no entry for") {
		t.Fatalf("carol: %v", err)
	}
	ev := mem.all()
	if last := ev[len(ev)-1]; last.Method != "hba" || last.Event != "authentication_failure" {
		t.Fatalf("audit %+v", last)
	}
}
