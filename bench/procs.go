package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const pgBin = "/usr/lib/postgresql/15/bin"

// tools lists the external programs a full run needs; a missing optional one drops its
// column, a missing required one stops the run with the apt command that provides it.
type tools struct {
	pgbench, initdb, pgctl string
	pgbouncer              string // empty: PgBouncer column skipped
	postgresUser           *user.User
}

func findTools() (tools, []string) {
	var t tools
	var missing []string
	for _, p := range []struct {
		dst  *string
		path string
	}{{&t.pgbench, pgBin + "/pgbench"}, {&t.initdb, pgBin + "/initdb"}, {&t.pgctl, pgBin + "/pg_ctl"}} {
		if _, err := os.Stat(p.path); err != nil {
			missing = append(missing, p.path+" (apt-get install -y postgresql)")
			continue
		}
		*p.dst = p.path
	}
	if u, err := user.Lookup("postgres"); err == nil {
		t.postgresUser = u
	} else {
		missing = append(missing, "user postgres (apt-get install -y postgresql)")
	}
	if p, err := exec.LookPath("pgbouncer"); err == nil {
		t.pgbouncer = p
	} else if _, err := os.Stat("/usr/sbin/pgbouncer"); err == nil {
		t.pgbouncer = "/usr/sbin/pgbouncer"
	}
	return t, missing
}

// process is one server started by the benchmark; pid is the server's own process,
// whose /proc/<pid>/stat gives its CPU time.
type process struct {
	name string
	cmd  *exec.Cmd
	log  *os.File
}

func (p *process) pid() int { return p.cmd.Process.Pid }

func (p *process) stop() {
	if p == nil || p.cmd.Process == nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
	p.log.Close()
}

// start runs name with args and env, logging to dir/<label>.log, optionally as the
// postgres user (PostgreSQL and PgBouncer refuse to run as root).
func start(label, dir string, as *user.User, env []string, name string, args ...string) (*process, error) {
	logf, err := os.Create(filepath.Join(dir, label+".log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if as != nil && os.Geteuid() == 0 {
		uid, _ := strconv.Atoi(as.Uid)
		gid, _ := strconv.Atoi(as.Gid)
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start %s: %w", label, err)
	}
	return &process{name: label, cmd: cmd, log: logf}, nil
}

// startPgwired runs the pgwired binary bin against the simulator at simAddr on a plaintext
// listener of its own (the password goes in clear, as in the PostgreSQL columns), with
// extra settings; dir holds its log and data. It returns once pgwired accepts connections.
func startPgwired(bin, dir, label, simAddr string, extra ...string) (*process, int, error) {
	host, simPort, err := net.SplitHostPort(simAddr)
	if err != nil {
		return nil, 0, err
	}
	port := freePort()
	env := append([]string{
		"BACKEND_TYPE=superserver", "IRIS_HOST=" + host, "IRIS_PORT=" + simPort,
		"IRIS_NAMESPACE=USER", "IRIS_USERNAME=_SYSTEM", "IRIS_PASSWORD=SYS",
		"PGWIRE_HOST=127.0.0.1", "PGWIRE_PORT=" + strconv.Itoa(port), "PGWIRE_DATA_DIR=" + dir,
		"AUTH_ALLOW_CLEARTEXT_WITHOUT_TLS=true", "LOG_LEVEL=warn", "METRICS_ADDR=",
	}, extra...)
	p, err := start(label, dir, nil, env, bin, "serve")
	if err != nil {
		return nil, 0, err
	}
	if err := waitPort("127.0.0.1:"+strconv.Itoa(port), 60*time.Second); err != nil {
		p.stop()
		return nil, 0, fmt.Errorf("%w\n%s", err, readLog(p))
	}
	return p, port, nil
}

// waitPort waits until addr accepts TCP connections.
func waitPort(addr string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not accepting connections after %v: %w", addr, within, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// freePort returns a loopback port below the ephemeral range (testbed.md, gotcha 1).
func freePort() int {
	for p := 21000 + os.Getpid()%5000; ; p++ {
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err == nil {
			l.Close()
			return p
		}
	}
}

// cpuTime is user+system CPU time of pid so far, from /proc/<pid>/stat.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may contain spaces: fields are counted after its ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, errors.New("unexpected /proc stat format")
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, errors.New("bad /proc stat times")
	}
	const clkTck = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / clkTck, nil
}

// buildBinaries compiles pgwired and the simulator into dir.
func buildBinaries(repo, dir string) (pgwired, irissim string, err error) {
	pgwired, irissim = filepath.Join(dir, "pgwired"), filepath.Join(dir, "irissim")
	for pkg, out := range map[string]string{"./cmd/pgwired": pgwired, "./cmd/irissim": irissim} {
		cmd := exec.Command("go", "build", "-o", out, pkg)
		cmd.Dir = repo
		if b, err := cmd.CombinedOutput(); err != nil {
			return "", "", fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
		}
	}
	return pgwired, irissim, nil
}

// startPostgres initdbs and starts PostgreSQL 15 in dir on port.
func startPostgres(t tools, dir string, port int) (*process, error) {
	data := filepath.Join(dir, "pgdata")
	os.Chmod(dir, 0o777)
	initdb := exec.Command(t.initdb, "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C")
	uid, _ := strconv.Atoi(t.postgresUser.Uid)
	gid, _ := strconv.Atoi(t.postgresUser.Gid)
	if os.Geteuid() == 0 {
		initdb.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	p, err := start("postgres", dir, t.postgresUser, nil, pgBin+"/postgres", "-D", data, "-p", strconv.Itoa(port),
		"-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200")
	if err != nil {
		return nil, err
	}
	return p, waitPort("127.0.0.1:"+strconv.Itoa(port), 30*time.Second)
}

// startPgbouncer runs PgBouncer in session mode (pgbench -M prepared needs it) in front
// of PostgreSQL on pgPort.
func startPgbouncer(t tools, dir string, port, pgPort int) (*process, error) {
	return startPgbouncerMode(t, dir, "pgbouncer", port, pgPort, "session", 100)
}

// startPgbouncerMode runs a PgBouncer with the given pool_mode and default_pool_size;
// label names its config and log files.
func startPgbouncerMode(t tools, dir, label string, port, pgPort int, mode string, poolSize int) (*process, error) {
	cfg := filepath.Join(dir, label+".ini")
	ini := fmt.Sprintf(`[databases]
bench = host=127.0.0.1 port=%d dbname=postgres user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = trust
auth_file = %s
pool_mode = %s
max_client_conn = 500
default_pool_size = %d
logfile =
pidfile =
`, pgPort, port, filepath.Join(dir, "userlist.txt"), mode, poolSize)
	if err := os.WriteFile(cfg, []byte(ini), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "userlist.txt"), []byte(`"postgres" ""`+"\n"), 0o644); err != nil {
		return nil, err
	}
	p, err := start(label, dir, t.postgresUser, nil, t.pgbouncer, cfg)
	if err != nil {
		return nil, err
	}
	return p, waitPort("127.0.0.1:"+strconv.Itoa(port), 10*time.Second)
}

func tail(b []byte) string {
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}
