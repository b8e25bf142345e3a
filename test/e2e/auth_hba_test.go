package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHBAFileSelectsMethodAndReloads: AUTH_HBA_FILE picks the method per user; a rejected
// user gets 28000; after the file changes, SIGHUP applies the new rules without a restart.
func TestHBAFileSelectsMethodAndReloads(t *testing.T) {
	requirePsql(t)
	b := newAuthBed(t)
	userlist := filepath.Join(b.dir, "userlist.txt")
	writeUserlist(t, userlist, map[string]string{"alice": "alice-client-pw"})
	b.sim.SetWalletSecret("USER", "pgwire-user-alice", "alice-iris-pw")
	hba := filepath.Join(b.dir, "pg_hba.conf")
	must(t, os.WriteFile(hba, []byte("hostssl all _SYSTEM 127.0.0.1/32 password\nhost all all all reject\n"), 0o600))
	p := b.start(t, "AUTH_METHODS=scram-sha-256,password", "AUTH_USERLIST_FILE="+userlist, "AUTH_HBA_FILE="+hba)
	dsn := func(user, pw string) string {
		return fmt.Sprintf("host=127.0.0.1 port=%d user=%s password=%s dbname=USER sslmode=require gssencmode=disable", p.Port, user, pw)
	}
	if got := runPsql(t, dsn("_SYSTEM", "SYS"), "SELECT CURRENT_USER;\n", "-At", "-w"); strings.TrimSpace(got) != "_SYSTEM" {
		t.Fatalf("_SYSTEM by password: %s", got)
	}
	if got := runPsql(t, dsn("alice", "alice-client-pw"), "SELECT 1;\n", "-At", "-w"); !strings.Contains(got, `AUTH_HBA_FILE rejects host "127.0.0.1", user "alice"`) {
		t.Fatalf("alice before the reload: %s", got)
	}
	must(t, os.WriteFile(hba, []byte("hostssl all alice all scram-sha-256\nhostssl all _SYSTEM 127.0.0.1/32 password\n"), 0o600))
	p.sendSignal(t, syscall.SIGHUP)
	waitLog(t, p, "AUTH_HBA_FILE reloaded", 5*time.Second)
	if got := runPsql(t, dsn("alice", "alice-client-pw"), "SELECT CURRENT_USER;\n", "-At", "-w"); strings.TrimSpace(got) != "alice" {
		t.Fatalf("alice after the reload: %s", got)
	}
	// A broken file on reload keeps the rules in force.
	must(t, os.WriteFile(hba, []byte("host all all all kerberos5\n"), 0o600))
	p.sendSignal(t, syscall.SIGHUP)
	waitLog(t, p, "keeping the previous AUTH_HBA_FILE rules", 5*time.Second)
	if got := runPsql(t, dsn("alice", "alice-client-pw"), "SELECT 1;\n", "-At", "-w"); strings.TrimSpace(got) != "1" {
		t.Fatalf("alice after a bad reload: %s", got)
	}
}
