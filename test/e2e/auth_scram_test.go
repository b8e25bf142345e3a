package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pgwired/pgwired/internal/auth"
	"github.com/pgwired/pgwired/internal/irissim"
)

// authBed is pgwired in front of a simulator run by the test itself (BACKEND_TYPE=superserver),
// so that the test can create IRIS users and the `pgwired wallet` command can reach the
// same Wallet the daemon reads.
type authBed struct {
	sim      *irissim.Server
	simAddr  string
	dir      string
	audit    string
	certFile string
	keyFile  string
}

func newAuthBed(t *testing.T) *authBed {
	t.Helper()
	dir := t.TempDir()
	sim, err := irissim.New(irissim.Config{DataDir: filepath.Join(dir, "iris"),
		Users: map[string]string{"_SYSTEM": "SYS", "alice": "alice-iris-pw", "bob": "bob-iris-pw"}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go sim.Serve(l)
	t.Cleanup(func() { sim.Close() })
	b := &authBed{sim: sim, simAddr: l.Addr().String(), dir: dir, audit: filepath.Join(dir, "audit.log"),
		certFile: filepath.Join(dir, "server.crt"), keyFile: filepath.Join(dir, "server.key")}
	writeSelfSigned(t, b.certFile, b.keyFile)
	return b
}

// irisEnv is the environment that points pgwired (daemon or CLI) at the bed's simulator.
func (b *authBed) irisEnv() []string {
	host, port, _ := net.SplitHostPort(b.simAddr)
	return []string{"BACKEND_TYPE=superserver", "IRIS_HOST=" + host, "IRIS_PORT=" + port,
		"IRIS_USERNAME=_SYSTEM", "IRIS_PASSWORD=SYS", "IRIS_NAMESPACE=USER"}
}

func (b *authBed) start(t *testing.T, extra ...string) *pgwired {
	env := append(b.irisEnv(), "TLS_ENABLED=true", "TLS_CERT_FILE="+b.certFile, "TLS_KEY_FILE="+b.keyFile,
		"AUDIT_LOG_ENABLED=true", "AUDIT_LOG_FILE="+b.audit, "LOG_WALLET_ACCESS=true")
	p := startPgwired(t, append(env, extra...)...)
	t.Cleanup(p.Stop)
	return p
}

// walletCLI runs `pgwired wallet args…` against the bed with stdin.
func (b *authBed) walletCLI(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(pgwiredBinary(t), append([]string{"wallet"}, args...)...)
	cmd.Env = append(os.Environ(), b.irisEnv()...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

type auditLine struct {
	Timestamp      string   `json:"timestamp"`
	Event          string   `json:"event"`
	Method         string   `json:"method"`
	Username       string   `json:"username"`
	IRISUsername   string   `json:"iris_username"`
	SourceIP       string   `json:"source_ip"`
	ConnectionID   uint64   `json:"connection_id"`
	WalletAccessed bool     `json:"wallet_accessed"`
	DurationMS     *float64 `json:"duration_ms"`
	FailureReason  string   `json:"failure_reason"`
	WalletKey      string   `json:"wallet_key"`
	raw            string
}

func readAudit(t *testing.T, path string) []auditLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []auditLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l auditLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("audit line is not JSON: %q: %v", sc.Text(), err)
		}
		l.raw = sc.Text()
		ts, err := time.Parse(time.RFC3339Nano, l.Timestamp)
		if err != nil || !strings.HasSuffix(l.Timestamp, "Z") || time.Since(ts) > time.Hour {
			t.Errorf("timestamp %q is not RFC 3339 UTC of now (%v)", l.Timestamp, err)
		}
		// Reads made at start-up (the OAuth client secret) have no client to name.
		forClient := l.Event != "wallet_access" || l.WalletKey != "pgwire-oauth-client"
		if l.DurationMS == nil || *l.DurationMS < 0 || forClient && (l.SourceIP != "127.0.0.1" || l.ConnectionID == 0) {
			t.Errorf("audit line lacks duration_ms/source_ip/connection_id: %s", l.raw)
		}
		out = append(out, l)
	}
	return out
}

func writeUserlist(t *testing.T, path string, users map[string]string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("; pgwired SCRAM verifiers\n")
	for user, pw := range users {
		v, err := auth.NewScramVerifier(pw, []byte("salt-"+user+"-0123456"), 4096)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%q %q\n", user, v.String())
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestSCRAMLogsInWithWalletPassword: psycopg (channel_binding=require), psql and pgx log in
// with SCRAM against verifiers in AUTH_USERLIST_FILE (alice) or in the Wallet (bob); the
// IRIS session then uses the Wallet password, put there with `pgwired wallet`. Wrong
// passwords get 28P01, a user without a Wallet password 28000, and every attempt writes
// one audit line with the contract's fields and no secret.
func TestSCRAMLogsInWithWalletPassword(t *testing.T) {
	requirePsql(t)
	b := newAuthBed(t)
	userlist := filepath.Join(b.dir, "userlist.txt")
	writeUserlist(t, userlist, map[string]string{"alice": "alice-client-pw", "carol": "carol-client-pw"})

	// Operators' path: alice's IRIS password by `wallet set`, bob's by `wallet import`,
	// bob's SCRAM verifier in the Wallet too.
	if out, err := b.walletCLI(t, "alice-iris-pw\n", "set", "pgwire-user-alice"); err != nil || !strings.Contains(out, "stored pgwire-user-alice") {
		t.Fatalf("wallet set: %v %s", err, out)
	}
	importFile := filepath.Join(b.dir, "users.txt")
	os.WriteFile(importFile, []byte("# user:password\nbob:bob-iris-pw\n"), 0o600)
	out, err := b.walletCLI(t, "", "import", importFile)
	if err != nil || !strings.Contains(out, "stored pgwire-user-bob") || !strings.Contains(out, "imported 1 user passwords") {
		t.Fatalf("wallet import: %v %s", err, out)
	}
	if strings.Contains(out, "bob-iris-pw") {
		t.Fatalf("wallet import echoed a password: %s", out)
	}
	bobV, _ := auth.NewScramVerifier("bob-client-pw", []byte("bob-salt-0123456"), 4096)
	if out, err := b.walletCLI(t, bobV.String()+"\n", "set", "pgwire-scram-bob"); err != nil {
		t.Fatalf("wallet set scram: %v %s", err, out)
	}
	if out, err := b.walletCLI(t, "", "get", "pgwire-user-alice"); err != nil || strings.TrimSpace(out) != "alice-iris-pw" {
		t.Fatalf("wallet get: %v %q", err, out)
	}

	p := b.start(t, "AUTH_METHODS=scram-sha-256", "AUTH_USERLIST_FILE="+userlist)
	dsn := func(user, pw, extra string) string {
		return fmt.Sprintf("host=127.0.0.1 port=%d user=%s password=%s dbname=USER sslmode=require gssencmode=disable %s", p.Port, user, pw, extra)
	}

	// psycopg with channel binding required: SCRAM-SHA-256-PLUS.
	if _, err := os.Stat(python); err == nil {
		requirePythonModule(t, "psycopg", "python3-psycopg")
		got := runPython(t, "testdata/python/scram_login.py", dsn("alice", "alice-client-pw", "channel_binding=require"), "")
		if strings.TrimSpace(got) != "alice" {
			t.Fatalf("psycopg SCRAM-PLUS login: %s", got)
		}
		got = runPython(t, "testdata/python/scram_login.py", dsn("alice", "wrong", "channel_binding=require"), "")
		// psycopg 3.1 has no sqlstate on connection errors: the message is what users see.
		if !strings.HasPrefix(got, "ERROR") || !strings.Contains(got, `password authentication failed for user "alice"`) {
			t.Fatalf("psycopg wrong password: %s", got)
		}
	}
	// psql (libpq) over SCRAM without channel binding, then the Wallet-held verifier of bob.
	if got := runPsql(t, dsn("alice", "alice-client-pw", "channel_binding=disable"), "SELECT CURRENT_USER;\n", "-At"); strings.TrimSpace(got) != "alice" {
		t.Fatalf("psql SCRAM login: %s", got)
	}
	if got := runPsql(t, dsn("bob", "bob-client-pw", ""), "SELECT CURRENT_USER;\n", "-At"); strings.TrimSpace(got) != "bob" {
		t.Fatalf("psql SCRAM login with the Wallet's verifier: %s", got)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, tc := range []struct{ user, pw, code, what string }{
		{"alice", "alice-iris-pw", "28P01", "the IRIS password is not the SCRAM password"},
		{"nobody", "x", "28P01", "unknown user looks like a wrong password"},
		{"carol", "carol-client-pw", "28000", "proved, but no IRIS password in the Wallet"},
	} {
		_, err := pgx.Connect(ctx, fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/USER?sslmode=require", tc.user, tc.pw, p.Port))
		pe := expectSQLState(t, err, tc.code, tc.what)
		if tc.user == "carol" && !strings.Contains(pe.Message, "Wallet") {
			t.Errorf("%s: message %q does not say what is missing", tc.what, pe.Message)
		}
	}

	lines := readAudit(t, b.audit)
	var auth, wallet []auditLine
	for _, l := range lines {
		for _, secret := range []string{"alice-client-pw", "alice-iris-pw", "bob-iris-pw", "bob-client-pw", "carol-client-pw"} {
			if strings.Contains(l.raw, secret) {
				t.Fatalf("audit line holds a secret: %s", l.raw)
			}
		}
		if l.Event == "wallet_access" {
			wallet = append(wallet, l)
		} else {
			auth = append(auth, l)
		}
	}
	type outcome struct{ event, method, user, iris string }
	var got []outcome
	for _, l := range auth {
		got = append(got, outcome{l.Event, l.Method, l.Username, l.IRISUsername})
		if l.Event == "authentication_success" && !l.WalletAccessed {
			t.Errorf("success without wallet_accessed: %s", l.raw)
		}
		if l.Event == "authentication_failure" && l.FailureReason == "" {
			t.Errorf("failure without failure_reason: %s", l.raw)
		}
	}
	want := []outcome{
		{"authentication_success", "scram-sha-256-plus", "alice", "alice"},
		{"authentication_failure", "scram-sha-256", "alice", ""},
		{"authentication_success", "scram-sha-256", "alice", "alice"},
		{"authentication_success", "scram-sha-256-plus", "bob", "bob"}, // libpq prefers binding
		{"authentication_failure", "scram-sha-256", "alice", ""},
		{"authentication_failure", "scram-sha-256", "nobody", ""},
		{"authentication_failure", "scram-sha-256", "carol", ""},
	}
	if _, err := os.Stat(python); err != nil {
		want = want[2:]
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("audit outcomes\n got %v\nwant %v", got, want)
	}
	if len(wallet) == 0 || wallet[0].WalletKey != "pgwire-user-alice" || wallet[0].Username != "alice" {
		t.Fatalf("LOG_WALLET_ACCESS: wallet_access events %v", wallet)
	}

	// logrotate: the file is moved away, SIGHUP reopens AUDIT_LOG_FILE.
	if err := os.Rename(b.audit, b.audit+".1"); err != nil {
		t.Fatal(err)
	}
	p.sendSignal(t, syscall.SIGHUP)
	waitLog(t, p, "reload", 5*time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := os.Stat(b.audit); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("SIGHUP did not reopen AUDIT_LOG_FILE")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := runPsql(t, dsn("alice", "alice-client-pw", ""), "SELECT 1;\n", "-At"); strings.TrimSpace(got) != "1" {
		t.Fatalf("login after SIGHUP: %s", got)
	}
	after := readAudit(t, b.audit)
	if len(after) == 0 || after[len(after)-1].Event != "authentication_success" || after[len(after)-1].Method != "scram-sha-256-plus" {
		t.Fatalf("new audit file after SIGHUP: %v", after)
	}
}

// TestSCRAMPlusRefusesPlainConnections: AUTH_METHODS=scram-sha-256-plus needs TLS, and a
// client that cannot bind (channel_binding=disable) is refused.
func TestSCRAMPlusRefusesPlainConnections(t *testing.T) {
	b := newAuthBed(t)
	userlist := filepath.Join(b.dir, "userlist.txt")
	writeUserlist(t, userlist, map[string]string{"alice": "alice-client-pw"})
	b.sim.SetWalletSecret("USER", "pgwire-user-alice", "alice-iris-pw")
	p := b.start(t, "AUTH_METHODS=scram-sha-256-plus", "AUTH_USERLIST_FILE="+userlist)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	url := "postgres://alice:alice-client-pw@127.0.0.1:" + strconv.Itoa(p.Port) + "/USER?"
	c, err := pgx.Connect(ctx, url+"sslmode=require&channel_binding=require")
	if err != nil {
		t.Fatalf("pgx SCRAM-PLUS: %v", err)
	}
	var user string
	if err := c.QueryRow(ctx, "SELECT CURRENT_USER").Scan(&user); err != nil || user != "alice" {
		t.Fatalf("CURRENT_USER %q %v", user, err)
	}
	c.Close(ctx)
	_, err = pgx.Connect(ctx, url+"sslmode=disable")
	expectSQLState(t, err, "28000", "SCRAM-PLUS without TLS")
	_, err = pgx.Connect(ctx, url+"sslmode=require&channel_binding=disable")
	if err == nil {
		t.Fatal("a client that does not bind the channel was accepted by scram-sha-256-plus")
	}
}
