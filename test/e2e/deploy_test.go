package e2e

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestSystemdUnitsVerify runs `systemd-analyze verify` on the shipped units, with
// ExecStart pointing at the freshly built binary (verify checks that it is executable).
// verify exits 0 even for unknown keys and bad values, so any output is a failure.
func TestSystemdUnitsVerify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not installed (Debian package systemd)")
	}
	dir := t.TempDir()
	for _, name := range []string{"pgwired.service", "pgwired.socket"} {
		b, err := os.ReadFile(filepath.Join(repoRoot, "deploy/systemd", name))
		if err != nil {
			t.Fatal(err)
		}
		unit := string(b)
		if name == "pgwired.service" {
			if !strings.Contains(unit, "ExecStart=/usr/bin/pgwired serve") {
				t.Fatalf("%s: ExecStart is not /usr/bin/pgwired serve", name)
			}
			unit = strings.Replace(unit, "/usr/bin/pgwired", pgwiredBinary(t), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(unit), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(analyze, "verify", filepath.Join(dir, "pgwired.service"), filepath.Join(dir, "pgwired.socket"))
	if out, err := cmd.CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	// The hardening keeps the exposure score "OK" (below 2.0 on systemd's 0–10 scale).
	cmd = exec.Command(analyze, "security", "--offline=yes", "--threshold=20", filepath.Join(dir, "pgwired.service"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("systemd-analyze security: %v\n%s", err, out)
	}
}

// TestLogrotateKeepsEveryLine runs the real logrotate with the shipped configuration (paths,
// owner and reload command adapted to the test) twice while clients keep making pgwired
// log, and finds every line in the current, rotated and compressed files.
func TestLogrotateKeepsEveryLine(t *testing.T) {
	logrotate, err := exec.LookPath("logrotate")
	if err != nil {
		t.Skip("logrotate not installed (Debian package logrotate)")
	}
	dir := t.TempDir()
	logPath := filepath.Join(dir, "pgwired.log")
	p := startLoggingToFile(t, logPath)

	conf := shippedLogrotateConfig(t, dir, p.cmd.Process.Pid)
	confPath := filepath.Join(dir, "logrotate.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	rotate := func() {
		t.Helper()
		out, err := exec.Command(logrotate, "-f", "-s", filepath.Join(dir, "state"), confPath).CombinedOutput()
		if err != nil {
			t.Fatalf("logrotate: %v\n%s", err, out)
		}
	}

	// Each failed login logs its (unique) user name.
	var mu sync.Mutex
	var users []string
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			u := fmt.Sprintf("rot%05d", i)
			if err := failLogin(p, u); err != nil {
				done <- err
				return
			}
			mu.Lock()
			users = append(users, u)
			mu.Unlock()
		}
	}()
	waitFor := func(n int) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			mu.Lock()
			got := len(users)
			mu.Unlock()
			if got >= n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("only %d logins in 20s", got)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor(20)
	rotate()
	waitFor(60)
	rotate()
	waitFor(100)
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	p.Stop()

	files := map[string]string{}
	for _, name := range []string{"pgwired.log", "pgwired.log.1", "pgwired.log.2.gz"} {
		files[name] = readMaybeGzip(t, filepath.Join(dir, name))
	}
	all := files["pgwired.log.2.gz"] + files["pgwired.log.1"] + files["pgwired.log"]
	for _, u := range users {
		if !strings.Contains(all, `"`+u+`"`) && !strings.Contains(all, "="+u+" ") {
			t.Errorf("user %s's login failure is in no log file", u)
		}
	}
	for name, text := range files {
		if !strings.HasSuffix(text, "\n") {
			t.Errorf("%s ends in a partial line", name)
		}
		for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
			if !strings.HasPrefix(line, "time=") {
				t.Errorf("%s: broken line %q", name, line)
			}
		}
	}
	// Each reopened file has the reload line of its SIGHUP, and nothing was written to the
	// moved file after it (other sessions may log into the new file just before the reload
	// line, which is written after the reopen).
	for _, pair := range [][2]string{{"pgwired.log.2.gz", "pgwired.log.1"}, {"pgwired.log.1", "pgwired.log"}} {
		moved, reopened := pair[0], pair[1]
		var reload string
		for _, line := range strings.Split(files[reopened], "\n") {
			if strings.Contains(line, "SIGHUP") {
				reload = line
				break
			}
		}
		if reload == "" {
			t.Errorf("%s has no SIGHUP reload line", reopened)
			continue
		}
		at := logTime(t, reload)
		for _, line := range strings.Split(strings.TrimSuffix(files[moved], "\n"), "\n") {
			if logTime(t, line).After(at) {
				t.Errorf("%s got a line after the reload line in %s (%q): %q", moved, reopened, reload, line)
			}
		}
	}
	if !strings.Contains(files["pgwired.log.2.gz"], "PGWire server listening on") {
		t.Error("the oldest (compressed) file lacks the startup line")
	}
}

// shippedLogrotateConfig is deploy/logrotate/pgwired with the test's directory, owner and
// a kill -HUP for `systemctl reload pgwire`; every other directive is as shipped.
func shippedLogrotateConfig(t *testing.T, dir string, pid int) string {
	b, err := os.ReadFile(filepath.Join(repoRoot, "deploy/logrotate/pgwired"))
	if err != nil {
		t.Fatal(err)
	}
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	g, err := user.LookupGroupId(u.Gid)
	if err != nil {
		t.Fatal(err)
	}
	conf := string(b)
	for _, r := range [][2]string{
		{"/var/log/pgwire/*.log", dir + "/*.log"},
		{"create 0640 pgwire pgwire", "create 0640 " + u.Username + " " + g.Name},
		{"systemctl reload pgwire >/dev/null 2>&1 || true", "kill -HUP " + strconv.Itoa(pid)},
	} {
		if !strings.Contains(conf, r[0]) {
			t.Fatalf("deploy/logrotate/pgwired lacks %q", r[0])
		}
		conf = strings.Replace(conf, r[0], r[1], 1)
	}
	for _, directive := range []string{"daily", "rotate 30", "compress", "delaycompress"} {
		if !strings.Contains(conf, "\t"+directive+"\n") {
			t.Fatalf("deploy/logrotate/pgwired lacks %q", directive)
		}
	}
	return conf
}

func readMaybeGzip(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(b)
}

// failLogin logs in as user with a wrong password and expects 28P01.
func failLogin(p *pgwired, user string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, fmt.Sprintf("postgres://%s:wrong@127.0.0.1:%d/USER?sslmode=require", user, p.Port))
	if err == nil {
		c.Close(ctx)
		return fmt.Errorf("login as %s with a wrong password succeeded", user)
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "28P01" {
		return fmt.Errorf("login as %s: %v, want 28P01", user, err)
	}
	return nil
}

// startLoggingToFile runs pgwired with LOG_FILE (nothing on stderr) and waits for the
// listening line in the file.
func startLoggingToFile(t *testing.T, logPath string) *pgwired {
	t.Helper()
	p := &pgwired{Port: freePort(), DataDir: t.TempDir(), exited: make(chan struct{})}
	cmd := exec.Command(pgwiredBinary(t), "serve")
	cmd.Env = append(os.Environ(), "BACKEND_TYPE=sim", "PGWIRE_HOST=127.0.0.1", "PGWIRE_PORT="+strconv.Itoa(p.Port),
		"PGWIRE_DATA_DIR="+p.DataDir, "LOG_LEVEL=info", "LOG_FILE="+logPath, "METRICS_ADDR=",
		// The test's failed logins all come from 127.0.0.1: no guessing slowdown.
		"AUTH_THROTTLE_BASE=0s", "AUTH_THROTTLE_MAX=0s")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p.cmd = cmd
	go func() { cmd.Wait(); close(p.exited) }()
	t.Cleanup(p.Stop)
	deadline := time.Now().Add(60 * time.Second)
	for {
		b, _ := os.ReadFile(logPath)
		if bytes.Contains(b, []byte("PGWire server listening on")) {
			return p
		}
		select {
		case <-p.exited:
			t.Fatalf("pgwired exited: %s\n%s", stderr.String(), b)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no listening line in %s:\n%s", logPath, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSocketActivation starts pgwired the way pgwired.socket does, through
// systemd-socket-activate: the port is bound before pgwired runs, pgwired starts on the
// first connection, serves the passed socket and ignores PGWIRE_PORT.
func TestSocketActivation(t *testing.T) {
	activate, err := exec.LookPath("systemd-socket-activate")
	if err != nil {
		t.Skip("systemd-socket-activate not installed (Debian package systemd)")
	}
	port := freePort()
	dataDir := t.TempDir()
	args := []string{"-l", "127.0.0.1:" + strconv.Itoa(port)}
	for _, kv := range []string{"BACKEND_TYPE=sim", "PGWIRE_HOST=127.0.0.1", "PGWIRE_PORT=1", // a port pgwired must not use
		"PGWIRE_DATA_DIR=" + dataDir, "METRICS_ADDR=", "LOG_LEVEL=info", "HOME=" + dataDir} {
		args = append(args, "-E", kv)
	}
	args = append(args, pgwiredBinary(t), "serve")
	cmd := exec.Command(activate, args...)
	var logMu sync.Mutex
	var log strings.Builder
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logMu.Lock()
			log.WriteString(sc.Text() + "\n")
			logMu.Unlock()
		}
		cmd.Wait()
		close(exited)
	}()
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
		}
	}()
	logText := func() string { logMu.Lock(); defer logMu.Unlock(); return log.String() }

	// The first connection waits in the socket's backlog while pgwired starts.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var conn *pgx.Conn
	for {
		conn, err = pgx.Connect(ctx, fmt.Sprintf("postgres://_SYSTEM:SYS@127.0.0.1:%d/USER?sslmode=require", port))
		if err == nil || ctx.Err() != nil {
			break
		}
		time.Sleep(100 * time.Millisecond) // systemd-socket-activate not listening yet
	}
	if err != nil {
		t.Fatalf("connect through the activated socket: %v\n%s", err, logText())
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT 41 + 1").Scan(&n); err != nil || n != 42 {
		t.Fatalf("SELECT: %v %d", err, n)
	}
	text := logText()
	if !strings.Contains(text, "socket activation: serving the sockets systemd passed") ||
		!strings.Contains(text, "PGWire server listening on 127.0.0.1:"+strconv.Itoa(port)) {
		t.Errorf("log:\n%s", text)
	}
}

// TestMakeInstall installs into a staging root (DESTDIR) with another PREFIX and checks
// that every file lands where a distribution looks, with ExecStart following PREFIX, and
// that a second install keeps the operator's /etc/pgwire/environment.
func TestMakeInstall(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make not installed")
	}
	root := t.TempDir()
	install := func() {
		t.Helper()
		// -o build: use the binary the tests built instead of rebuilding.
		cmd := exec.Command("make", "-o", "build", "install", "DESTDIR="+root, "PREFIX=/usr/local", "BIN="+pgwiredBinary(t))
		cmd.Dir = repoRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("make install: %v\n%s", err, out)
		}
	}
	install()
	for path, mode := range map[string]os.FileMode{
		"usr/local/bin/pgwired":                           0o755,
		"usr/lib/systemd/system/pgwired.service":          0o644,
		"usr/lib/systemd/system/pgwired.socket":           0o644,
		"usr/lib/sysusers.d/pgwired.conf":                 0o644,
		"etc/logrotate.d/pgwired":                         0o644,
		"etc/pgwire/environment":                          0o640,
		"usr/local/share/doc/pgwired/environment.example": 0o644,
		"usr/local/share/doc/pgwired/operations.md":       0o644,
	} {
		fi, err := os.Stat(filepath.Join(root, path))
		if err != nil {
			t.Errorf("not installed: %v", err)
			continue
		}
		if fi.Mode().Perm() != mode {
			t.Errorf("%s: mode %o, want %o", path, fi.Mode().Perm(), mode)
		}
	}
	unit := readMaybeGzip(t, filepath.Join(root, "usr/lib/systemd/system/pgwired.service"))
	if !strings.Contains(unit, "\nExecStart=/usr/local/bin/pgwired serve\n") {
		t.Errorf("ExecStart does not follow PREFIX:\n%s", unit)
	}
	env := filepath.Join(root, "etc/pgwire/environment")
	if err := os.WriteFile(env, []byte("IRIS_HOST=iris.example\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	install()
	if got := readMaybeGzip(t, env); got != "IRIS_HOST=iris.example\n" {
		t.Errorf("a second install replaced /etc/pgwire/environment:\n%s", got)
	}
}

// logTime is the time= field of a text log line.
func logTime(t *testing.T, line string) time.Time {
	t.Helper()
	v, _, _ := strings.Cut(strings.TrimPrefix(line, "time="), " ")
	at, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		t.Fatalf("log line without a time: %q", line)
	}
	return at
}
