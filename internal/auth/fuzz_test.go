package auth

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgwired/pgwired/internal/wire"
)

// FuzzScramMessages feeds arbitrary client SCRAM messages to the parsers that see them
// before any proof is checked: they must refuse or accept, never panic.
func FuzzScramMessages(f *testing.F) {
	for _, s := range []string{
		"n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
		"p=tls-server-end-point,,n=,r=abc",
		"y,,n=,r=abc",
		"n,a=someone,n=,r=x,ext=1",
		"c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
		"c=,r=,p=",
		"", ",", "n", "n,,", "p=,,", "c=biws",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if cf, err := parseClientFirst(s); err == nil && cf.nonce == "" {
			t.Fatalf("client-first %q accepted without a nonce", s)
		}
		parseClientFinal(s)
	})
}

// FuzzScramVerifier parses stored verifiers (userlist lines, Wallet values).
func FuzzScramVerifier(f *testing.F) {
	v, err := NewScramVerifier("secret", []byte("0123456789abcdef"), 4096)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(v.String())
	f.Add("SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy")
	f.Add("SCRAM-SHA-256$0:$:")
	f.Add("md5abcdef")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseScramVerifier(s)
		if err != nil {
			return
		}
		// What parses must print back to something that parses to the same verifier.
		again, err := ParseScramVerifier(v.String())
		if err != nil || again.String() != v.String() {
			t.Fatalf("%q → %q does not round-trip: %v", s, v.String(), err)
		}
	})
}

// FuzzConfigFiles reads arbitrary HBA and userlist files: a clear error or a result,
// never a panic, and a parsed HBA can always be matched against.
func FuzzConfigFiles(f *testing.F) {
	f.Add("hostssl all all 10.0.0.0/8 scram-sha-256\nhost all alice 127.0.0.1/32 password\nhost all all all reject\n")
	f.Add("host USER,postgres +admins ::1/128 trust # comment\n")
	f.Add("local all all trust\n")
	f.Add(`"alice" "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy"` + "\n\"bob\" \"x\"\n")
	f.Add("host all all 300.1.1.1/40 password\n")
	f.Fuzz(func(t *testing.T, content string) {
		dir := t.TempDir()
		path := filepath.Join(dir, "f")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if h, err := ReadHBA(path, []string{"password", "scram-sha-256", "trust"}); err == nil {
			for _, user := range []string{"alice", "bob", strings.Repeat("x", 70)} {
				h.Match(&wire.ConnInfo{
					RemoteAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5000},
					Parameters: map[string]string{"user": user, "database": "USER"},
				})
			}
		}
		readUserlist(path)
	})
}
