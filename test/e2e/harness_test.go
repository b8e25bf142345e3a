// Package e2e drives the real pgwired binary with real PostgreSQL clients (psql, psycopg,
// pgx) on the built-in IRIS simulator, and compares what a user sees with a real
// PostgreSQL 15 server started by the tests (the oracle).
package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	pgBin    = "/usr/lib/postgresql/15/bin"
	psqlPath = pgBin + "/psql"
	python   = "/usr/bin/python3"
)

var (
	buildOnce   sync.Once
	binPath     string
	buildErr    error
	repoRoot    string
	workDir     string // removed by TestMain
	sharedOnce  sync.Once
	shared      *pgwired
	sharedErr   error
	oracleOnce  sync.Once
	oracle      *postgres
	oracleErr   error
	cleanupList []func()
)

func TestMain(m *testing.M) {
	_, file, _, _ := runtime.Caller(0)
	repoRoot = filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
	var err error
	workDir, err = os.MkdirTemp("", "pgwired-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	for i := len(cleanupList) - 1; i >= 0; i-- {
		cleanupList[i]()
	}
	os.RemoveAll(workDir)
	os.Exit(code)
}

// freePort finds a loopback TCP port below the ephemeral range (testbed.md, gotcha 1).
func freePort() int {
	for {
		p := 20000 + rand.IntN(12000)
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err == nil {
			l.Close()
			return p
		}
	}
}

func pgwiredBinary(t testing.TB) string {
	buildOnce.Do(func() {
		binPath = filepath.Join(workDir, "pgwired")
		args := []string{"build", "-o", binPath}
		if os.Getenv("PGWIRED_E2E_RACE") != "" {
			// With GORACE=log_path=…, races in the daemon land in files to inspect.
			args = append(args, "-race")
		}
		cmd := exec.Command("go", append(args, "./cmd/pgwired")...)
		cmd.Dir = repoRoot
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// pgwired is one running pgwired process on the simulator backend.
type pgwired struct {
	Port    int
	DataDir string
	cmd     *exec.Cmd
	logMu   sync.Mutex
	log     strings.Builder
	exited  chan struct{}
}

// startPgwired runs the binary with BACKEND_TYPE=sim and the extra environment given, and
// waits for the checklist's startup log line.
func startPgwired(t testing.TB, extraEnv ...string) *pgwired {
	t.Helper()
	bin := pgwiredBinary(t)
	p := &pgwired{Port: freePort(), exited: make(chan struct{})}
	dir, err := os.MkdirTemp(workDir, "data-")
	if err != nil {
		t.Fatal(err)
	}
	p.DataDir = dir
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(),
		"BACKEND_TYPE=sim",
		"PGWIRE_HOST=127.0.0.1",
		"PGWIRE_PORT="+strconv.Itoa(p.Port),
		"PGWIRE_DATA_DIR="+dir,
		"LOG_LEVEL=debug",
		// Instances run side by side: the default 127.0.0.1:9187 would collide. Tests of
		// the HTTP endpoints pass their own METRICS_ADDR (the last value wins).
		"METRICS_ADDR=",
	)
	cmd.Env = append(cmd.Env, extraEnv...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p.cmd = cmd
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		signalled := false
		for sc.Scan() {
			line := sc.Text()
			p.logMu.Lock()
			p.log.WriteString(line + "\n")
			p.logMu.Unlock()
			if !signalled && strings.Contains(line, "PGWire server listening on") {
				signalled = true
				close(ready)
			}
		}
		cmd.Wait()
		close(p.exited)
	}()
	select {
	case <-ready:
	case <-p.exited:
		t.Fatalf("pgwired exited before listening:\n%s", p.Log())
	case <-time.After(60 * time.Second):
		p.Stop()
		t.Fatalf("pgwired did not log its listening line:\n%s", p.Log())
	}
	return p
}

// Log returns everything the process logged so far.
func (p *pgwired) Log() string {
	p.logMu.Lock()
	defer p.logMu.Unlock()
	return p.log.String()
}

// Stop sends SIGTERM and waits for the drain.
func (p *pgwired) Stop() {
	if p.cmd.Process == nil {
		return
	}
	p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.exited:
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
	}
}

// DSN is a libpq connection string for the default simulator login.
func (p *pgwired) DSN() string {
	return fmt.Sprintf("host=127.0.0.1 port=%d user=_SYSTEM password=SYS dbname=USER sslmode=require gssencmode=disable", p.Port)
}

// URL is the same as a URL, for pgx.
func (p *pgwired) URL() string {
	return fmt.Sprintf("postgres://_SYSTEM:SYS@127.0.0.1:%d/USER?sslmode=require", p.Port)
}

// sharedPgwired is one pgwired for the tests that need no special configuration.
func sharedPgwired(t testing.TB) *pgwired {
	sharedOnce.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				sharedErr = fmt.Errorf("%v", r)
			}
		}()
		shared = startPgwiredNoT()
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// startPgwiredNoT starts the shared instance outside any one test's lifetime.
func startPgwiredNoT() *pgwired {
	ft := &fatalT{}
	p := startPgwired(ft)
	cleanupList = append(cleanupList, p.Stop)
	return p
}

// fatalT lets helpers written for testing.TB run from sync.Once blocks.
type fatalT struct{ testing.TB }

func (f *fatalT) Helper()                   {}
func (f *fatalT) Fatal(args ...any)         { panic(fmt.Sprint(args...)) }
func (f *fatalT) Fatalf(s string, a ...any) { panic(fmt.Sprintf(s, a...)) }

// postgres is a real PostgreSQL 15 server in a temporary directory: the oracle.
type postgres struct {
	Port    int
	dir     string
	stopCmd func()
}

func startOracle(t testing.TB) *postgres {
	oracleOnce.Do(func() {
		oracle, oracleErr = launchPostgres()
		if oracle != nil {
			cleanupList = append(cleanupList, oracle.stop)
		}
	})
	if oracleErr != nil {
		t.Skipf("PostgreSQL 15 oracle unavailable: %v", oracleErr)
	}
	return oracle
}

func launchPostgres() (*postgres, error) {
	if _, err := os.Stat(pgBin + "/initdb"); err != nil {
		return nil, fmt.Errorf("%s/initdb missing (apt-get install postgresql): %w", pgBin, err)
	}
	dir, err := os.MkdirTemp("", "pgwired-oracle-")
	if err != nil {
		return nil, err
	}
	os.Chmod(dir, 0o777)
	pg := &postgres{Port: freePort(), dir: dir}
	asPostgres := func(name string, args ...string) *exec.Cmd {
		if os.Geteuid() == 0 { // initdb and postgres refuse to run as root
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
		}
		return exec.Command(name, args...)
	}
	data := filepath.Join(dir, "data")
	if out, err := asPostgres(pgBin+"/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c timezone=UTC", pg.Port, dir)
	if out, err := asPostgres(pgBin+"/pg_ctl", "-D", data, "-o", opts, "-w", "-l", filepath.Join(dir, "log"), "start").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pg_ctl start: %v\n%s", err, out)
	}
	pg.stopCmd = func() {
		asPostgres(pgBin+"/pg_ctl", "-D", data, "-m", "immediate", "stop").Run()
		os.RemoveAll(dir)
	}
	return pg, nil
}

func (pg *postgres) stop() {
	if pg.stopCmd != nil {
		pg.stopCmd()
	}
}

// freshDB returns a libpq DSN of a new database, so that tests do not see each other's tables.
func (pg *postgres) freshDB(t testing.TB) string {
	t.Helper()
	return fmt.Sprintf("host=127.0.0.1 port=%d user=postgres dbname=%s sslmode=disable", pg.Port, pg.freshDBName(t))
}

// freshDBName creates a new database and returns its name.
func (pg *postgres) freshDBName(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("t%d", rand.IntN(1<<30))
	out, err := exec.Command(psqlPath, "-X", "-q", "-h", "127.0.0.1", "-p", strconv.Itoa(pg.Port), "-U", "postgres",
		"-d", "postgres", "-c", "CREATE DATABASE "+name).CombinedOutput()
	if err != nil {
		t.Fatalf("create database: %v %s", err, out)
	}
	return name
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// runPsql runs psql with a script on stdin and returns stdout+stderr as the user sees them.
func runPsql(t testing.TB, dsn string, script string, extraArgs ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := append([]string{"-X", "-d", dsn}, extraArgs...)
	cmd := exec.CommandContext(ctx, psqlPath, args...)
	cmd.Stdin = strings.NewReader(script)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10", "PAGER=")
	out, _ := cmd.CombinedOutput()
	return string(out)
}

func requirePsql(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(psqlPath); err != nil {
		t.Skipf("psql not installed (apt-get install postgresql-client): %v", err)
	}
}
