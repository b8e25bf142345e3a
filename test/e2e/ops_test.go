package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// startWithMetrics runs pgwired with /health and /metrics on a free loopback port, and a
// health-check login into the simulator (IRIS_PASSWORD) so iris_connection is a real
// login + ping rather than a TCP probe.
func startWithMetrics(t *testing.T, extraEnv ...string) (*pgwired, string) {
	t.Helper()
	addr := "127.0.0.1:" + strconv.Itoa(freePort())
	env := append([]string{"METRICS_ADDR=" + addr, "IRIS_USERNAME=_SYSTEM", "IRIS_PASSWORD=SYS"}, extraEnv...)
	p := startPgwired(t, env...)
	t.Cleanup(p.Stop)
	return p, "http://" + addr
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// healthJSON fetches /health and decodes it into a map, so the test sees the exact
// field names the deployment checklist contracts.
func healthJSON(t *testing.T, base string) (int, map[string]any) {
	t.Helper()
	code, body := httpGet(t, base+"/health")
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("/health is not JSON: %v\n%s", err, body)
	}
	return code, m
}

// scrape returns /metrics as series → value, the series written as exposed
// (`name{label="v"}`), after checking the content type.
func scrape(t *testing.T, base string) (map[string]float64, string) {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("/metrics Content-Type = %q", ct)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("/metrics line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out, string(b)
}

func TestOpsHealthAndMetrics(t *testing.T) {
	p, base := startWithMetrics(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	code, h := healthJSON(t, base)
	if code != http.StatusOK {
		t.Fatalf("/health answered %d: %v", code, h)
	}
	for _, f := range []string{"status", "uptime_seconds", "active_connections", "iris_connection", "oauth_server", "wallet_available", "version"} {
		if _, ok := h[f]; !ok {
			t.Errorf("/health lacks %q: %v", f, h)
		}
	}
	if h["status"] != "healthy" || h["iris_connection"] != "connected" || h["oauth_server"] != "not_configured" ||
		h["wallet_available"] != true || h["active_connections"] != 0.0 || h["version"] == "" {
		// wallet_available: the simulator's %IRIS.Wallet answers IsEnabled() with 1 for the
		// service account this instance is given.
		t.Errorf("/health = %v", h)
	}
	if code, body := httpGet(t, base+"/ready"); code != http.StatusOK || !strings.Contains(body, `"ready":true`) {
		t.Errorf("/ready = %d %s", code, body)
	}

	before, _ := scrape(t, base)

	conn := connect(t, ctx, p)
	mustExec(t, ctx, conn, "CREATE TABLE ops_probe (id INT PRIMARY KEY, name VARCHAR(20))")
	mustExec(t, ctx, conn, "INSERT INTO ops_probe VALUES ($1, $2)", 1, "one") // extended protocol
	if n := queryInt(t, ctx, conn, "SELECT COUNT(*) FROM ops_probe"); n != 1 {
		t.Fatalf("count = %d", n)
	}
	if _, err := conn.Exec(ctx, "SELECT * FROM no_such_table_ops"); err == nil {
		t.Fatal("query of a missing table succeeded")
	}
	const wrongPassword = "wrong-pw-7f3a9c"
	_, err := pgx.Connect(ctx, "postgres://_SYSTEM:"+wrongPassword+"@127.0.0.1:"+strconv.Itoa(p.Port)+"/USER?sslmode=require")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "28P01" {
		t.Fatalf("wrong password: err = %v, want 28P01", err)
	}

	// The refused client's connection ends just after it read its FATAL: wait for it.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		_, h := healthJSON(t, base)
		if h["active_connections"] == 1.0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/health active_connections = %v with one client connected", h["active_connections"])
		}
	}
	after, text := scrape(t, base)
	delta := func(series string) float64 {
		t.Helper()
		v, ok := after[series]
		if !ok {
			t.Errorf("/metrics lacks %s", series)
		}
		return v - before[series]
	}
	for series, min := range map[string]float64{
		`pgwire_connections_total{status="accepted"}`:                      1,
		`pgwire_connections_total{status="auth_failed"}`:                   1,
		`pgwire_queries_total`:                                             4,
		`pgwire_query_duration_seconds_count`:                              4,
		`pgwire_errors_total{type="authentication"}`:                       1,
		`pgwire_errors_total{type="syntax_or_access"}`:                     1,
		`pgwire_auth_duration_seconds_count{method="password"}`:            2,
		`pgwire_translation_cache_total{result="miss"}`:                    1,
		`pgwire_iris_pool_dials_total`:                                     1,
		`pgwire_query_duration_seconds_bucket{le="+Inf"}`:                  4,
		`pgwire_auth_duration_seconds_bucket{method="password",le="+Inf"}`: 2,
	} {
		if d := delta(series); d < min {
			t.Errorf("%s moved by %v, want at least %v", series, d, min)
		}
	}
	if d := delta(`pgwire_connections_total{status="auth_failed"}`); d != 1 {
		t.Errorf("auth_failed moved by %v, want exactly 1", d)
	}
	if after["pgwire_active_connections"] != 1 {
		t.Errorf("pgwire_active_connections = %v, want 1", after["pgwire_active_connections"])
	}
	if after[`pgwire_iris_pool_connections{state="in_use"}`]+after[`pgwire_iris_pool_connections{state="idle"}`] < 1 {
		t.Errorf("pool gauges show no IRIS connection:\n%s", text)
	}
	for _, name := range []string{"pgwire_wallet_access_total", "pgwire_iris_pool_waits_total", `pgwire_oauth_token_cache_total{result="hit"}`} {
		if _, ok := after[name]; !ok {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	if !strings.Contains(text, `pgwire_build_info{commit="`) {
		t.Errorf("/metrics lacks pgwire_build_info")
	}
	promtoolCheck(t, text)

	// Secrets never reach the log, even a wrong password.
	if strings.Contains(p.Log(), wrongPassword) {
		t.Errorf("the log contains the password a client sent:\n%s", p.Log())
	}
}

// promtoolCheck runs `promtool check metrics` (Debian package prometheus) when installed.
func promtoolCheck(t *testing.T, exposition string) {
	t.Helper()
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Log("promtool not installed (apt-get install prometheus): exposition not linted")
		return
	}
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(exposition)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

// TestOpsDrainAnswers503 is the load balancer's view of `systemctl stop`: while sessions
// drain, /health and /ready answer 503 so no new client is sent here.
func TestOpsDrainAnswers503(t *testing.T) {
	p, base := startWithMetrics(t, "SHUTDOWN_TIMEOUT=20s")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn := connect(t, ctx, p)
	mustExec(t, ctx, conn, "SELECT 1")

	p.sendSignal(t, syscall.SIGTERM)
	waitLog(t, p, "draining: no new connections", 10*time.Second)
	code, h := healthJSON(t, base)
	if code != http.StatusServiceUnavailable || h["status"] != "unhealthy" || h["draining"] != true {
		t.Errorf("/health while draining = %d %v", code, h)
	}
	if code, body := httpGet(t, base+"/ready"); code != http.StatusServiceUnavailable || !strings.Contains(body, "draining") {
		t.Errorf("/ready while draining = %d %s", code, body)
	}
	conn.Close(ctx)
	select {
	case <-p.exited:
	case <-time.After(15 * time.Second):
		t.Fatalf("pgwired did not exit after the last session ended:\n%s", p.Log())
	}
}

// TestOpsUnhealthyWithoutIRIS: a health-check login IRIS refuses reads as IRIS
// unreachable, HTTP 503, while the PostgreSQL port stays up.
func TestOpsUnhealthyWithoutIRIS(t *testing.T) {
	p, base := startWithMetrics(t, "IRIS_PASSWORD=not-the-password")
	code, h := healthJSON(t, base)
	if code != http.StatusServiceUnavailable || h["status"] != "unhealthy" || h["iris_connection"] != "unreachable" {
		t.Errorf("/health = %d %v", code, h)
	}
	if s, _ := h["iris_error"].(string); s == "" || strings.Contains(s, "not-the-password") {
		t.Errorf("iris_error = %q: want the cause, without the password", s)
	}
	if strings.Contains(p.Log(), "not-the-password") {
		t.Errorf("the log shows IRIS_PASSWORD:\n%s", p.Log())
	}
}

// TestSystemdNotify plays systemd's part of Type=notify: READY=1 once listening,
// WATCHDOG=1 pings at half WATCHDOG_USEC, STOPPING=1 on SIGTERM.
func TestSystemdNotify(t *testing.T) {
	dir, err := os.MkdirTemp("", "sdn") // short: unix socket paths are limited to 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "notify")
	pc, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	msgs := make(chan string, 64)
	go func() {
		buf := make([]byte, 4096)
		for {
			n, _, err := pc.ReadFromUnix(buf)
			if err != nil {
				close(msgs)
				return
			}
			msgs <- string(buf[:n])
		}
	}()
	next := func(want string) string {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case m, ok := <-msgs:
				if !ok {
					t.Fatalf("notify socket closed before %q", want)
				}
				if strings.HasPrefix(m, want) {
					return m
				}
			case <-deadline:
				t.Fatalf("no %q on NOTIFY_SOCKET within 10s", want)
			}
		}
	}
	p := startPgwired(t, "NOTIFY_SOCKET="+sock, "WATCHDOG_USEC=300000")
	defer p.Stop()
	if m := next("READY=1"); !strings.Contains(m, "STATUS=") {
		t.Errorf("READY message %q has no STATUS", m)
	}
	next("WATCHDOG=1")
	next("WATCHDOG=1") // keeps pinging
	p.sendSignal(t, syscall.SIGTERM)
	next("STOPPING=1")
}

// TestJournalOutput runs pgwired the way systemd does with StandardError=journal: stderr
// is the journal stream named by JOURNAL_STREAM (here a file standing in for the socket).
// Every line carries its syslog priority and no timestamp of its own.
func TestJournalOutput(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "journal")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var st syscall.Stat_t
			if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
				t.Fatal(err)
			}
			port := freePort()
			cmd := exec.Command(pgwiredBinary(t), "serve")
			cmd.Env = append(os.Environ(), "BACKEND_TYPE=sim", "PGWIRE_HOST=127.0.0.1", "PGWIRE_PORT="+strconv.Itoa(port),
				"PGWIRE_DATA_DIR="+t.TempDir(), "METRICS_ADDR=", "LOG_LEVEL=debug", "LOG_FORMAT="+format,
				fmt.Sprintf("JOURNAL_STREAM=%d:%d", st.Dev, st.Ino))
			cmd.Stderr = f
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(30 * time.Second)
			for {
				b, _ := os.ReadFile(path)
				if strings.Contains(string(b), "PGWire server listening on") {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					cmd.Wait()
					t.Fatalf("no listening line:\n%s", b)
				}
				time.Sleep(20 * time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGTERM)
			cmd.Wait()
			b, _ := os.ReadFile(path)
			lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
			prefixOf := map[string]string{}
			for _, line := range lines {
				if len(line) < 3 || line[0] != '<' || line[2] != '>' || !strings.ContainsRune("3467", rune(line[1])) {
					t.Errorf("line without a syslog priority: %q", line)
					continue
				}
				if strings.Contains(line, "time=") || strings.Contains(line, `"time":`) {
					t.Errorf("line repeats the journal's timestamp: %q", line)
				}
				for _, msg := range []string{"BACKEND_TYPE=sim", "PGWire server listening on", "pgwired stopped"} {
					if strings.Contains(line, msg) {
						prefixOf[msg] = line[:3]
					}
				}
			}
			if prefixOf["BACKEND_TYPE=sim"] != "<4>" || prefixOf["PGWire server listening on"] != "<6>" || prefixOf["pgwired stopped"] != "<6>" {
				t.Errorf("priorities %v, want WARN <4> and INFO <6>:\n%s", prefixOf, b)
			}
		})
	}
}
