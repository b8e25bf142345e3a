package wire

import (
	"context"
	"crypto/tls"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

const psqlPath = "/usr/lib/postgresql/15/bin/psql"

// runPsql runs the real psql against ts with libpq environment settings.
func runPsql(t *testing.T, ts *testServer, env map[string]string, stdin string, args ...string) (stdout, stderr string, exitCode int) {
	t.Helper()
	if _, err := os.Stat(psqlPath); err != nil {
		t.Skipf("psql not installed at %s (apt-get install -y postgresql-client-15): %v", psqlPath, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	host, port := ts.hostPort()
	cmd := exec.CommandContext(ctx, psqlPath, append([]string{"-X", "-A", "-t"}, args...)...)
	vars := map[string]string{
		"PGHOST": host, "PGPORT": port, "PGUSER": "alice", "PGPASSWORD": "secret", "PGDATABASE": "db",
		"PGSSLMODE": "disable", "PGGSSENCMODE": "disable", "PGCONNECT_TIMEOUT": "10",
		"HOME": t.TempDir(), "PATH": os.Getenv("PATH"), "LC_ALL": "C.UTF-8",
	}
	for k, v := range env {
		vars[k] = v
	}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		exitCode = exitErr.ExitCode()
	} else if err != nil {
		t.Fatalf("psql: %v", err)
	}
	return out.String(), errOut.String(), exitCode
}

func TestPsqlSimpleQuery(t *testing.T) {
	ts := startServer(t, nil)
	// gssencmode=prefer: libpq sends GSSENCRequest only when it holds a
	// Kerberos ticket; the answer 'N' itself is checked in
	// TestGSSENCAndSSLRequestDeclined.
	out, errOut, code := runPsql(t, ts, map[string]string{"PGGSSENCMODE": "prefer"}, "", "-c", "series 2; select 'x'; insert")
	if code != 0 || out != "1\n2\nx\nINSERT 0 1\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if info := ts.be.lastInfo(); info.Parameters["application_name"] != "psql" || info.User() != "alice" || info.Database() != "db" {
		t.Errorf("ConnInfo = %+v", info)
	}
}

func TestPsqlErrorReport(t *testing.T) {
	ts := startServer(t, nil)
	_, errOut, code := runPsql(t, ts, nil, "", "-c", "insert; fail 42P01 relation \"t\" does not exist")
	if code != 1 || !strings.Contains(errOut, `ERROR:  relation "t" does not exist`) || !strings.Contains(errOut, "DETAIL:  detail of 42P01") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestPsqlPasswordFailure(t *testing.T) {
	ts := startServer(t, nil)
	_, errOut, code := runPsql(t, ts, map[string]string{"PGPASSWORD": "wrong"}, "", "-c", "select 1")
	if code != 2 || !strings.Contains(errOut, `FATAL:  password authentication failed for user "alice"`) {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestPsqlTLS(t *testing.T) {
	cert := newTestCert(t)
	ts := startServer(t, func(c *Config) {
		c.TLSConfig = func() *tls.Config { return cert.tls }
		c.TLSRequired = true
	})
	env := map[string]string{"PGSSLMODE": "verify-full", "PGSSLROOTCERT": cert.pemFile, "PGHOST": "localhost"}
	out, errOut, code := runPsql(t, ts, env, "", "-c", `\conninfo`, "-c", "select 'secure'")
	if code != 0 || !strings.Contains(out, "SSL connection (protocol: TLSv1.3") || !strings.HasSuffix(out, "secure\n") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if info := ts.be.lastInfo(); info.TLS == nil {
		t.Error("session has no TLS state")
	}

	_, errOut, code = runPsql(t, ts, nil, "", "-c", "select 1") // sslmode=disable
	if code != 2 || !strings.Contains(errOut, "FATAL:  TLS is required") {
		t.Fatalf("plaintext: exit %d, stderr %q", code, errOut)
	}
}

func TestPsqlCopy(t *testing.T) {
	ts := startServer(t, nil)
	out, errOut, code := runPsql(t, ts, nil, "1\tone\n2\ttwo\n\\.\n", "-c", "copy in")
	if code != 0 || out != "COPY 2\n" {
		t.Fatalf("copy in: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	ts.be.mu.Lock()
	got := ts.be.copied
	ts.be.mu.Unlock()
	if len(got) != 1 || got[0] != "1\tone\n2\ttwo\n" {
		t.Fatalf("server received %q", got)
	}
	out, errOut, code = runPsql(t, ts, nil, "", "-c", "copy out 2")
	if code != 0 || out != "1\tline\n2\tline\n" {
		t.Fatalf("copy out: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
