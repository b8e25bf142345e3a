package krbtest

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jcmturner/gokrb5/v8/keytab"
)

// TestKDC: a realm comes up, kinit gets a TGT for a user with the right password and not
// with a wrong one, and AddService writes a keytab that holds the service's key.
func TestKDC(t *testing.T) {
	if err := Missing(); err != nil {
		t.Skip(err)
	}
	k, err := Start(t.TempDir(), freePort())
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if err := k.AddUser("alice", "alicepw"); err != nil {
		t.Fatal(err)
	}
	cc, err := k.Kinit("alice@EXAMPLE.TEST", "alicepw")
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(strings.TrimPrefix(cc, "FILE:")); err != nil || fi.Size() == 0 {
		t.Fatalf("credential cache %s: %v", cc, err)
	}
	if _, err := k.Kinit("alice@EXAMPLE.TEST", "wrong"); err == nil {
		t.Fatal("kinit with a wrong password succeeded")
	}
	kt := filepath.Join(k.Dir, "svc.keytab")
	if err := k.AddService("postgres/localhost", kt); err != nil {
		t.Fatal(err)
	}
	ktab, err := keytab.Load(kt)
	if err != nil {
		t.Fatal(err)
	}
	if len(ktab.Entries) == 0 || ktab.Entries[0].Principal.Realm != "EXAMPLE.TEST" {
		t.Fatalf("keytab entries %+v", ktab.Entries)
	}
	k.Close()
	k.Close() // twice is harmless
}

// freePort is a loopback port below the ephemeral range that is free for TCP and UDP.
func freePort() int {
	for p := 24000 + os.Getpid()%4000; ; p++ {
		addr := "127.0.0.1:" + strconv.Itoa(p)
		l, err := net.Listen("tcp", addr)
		if err != nil {
			continue
		}
		u, err := net.ListenPacket("udp", addr)
		l.Close()
		if err == nil {
			u.Close()
			return p
		}
	}
}
