package e2e

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
)

// haproxyRig is the shipped deploy/haproxy/haproxy.cfg (addresses adapted) in front of two
// pgwired instances configured as the checklist says for scale-out: PROXY protocol from
// HAProxy, peer ids and the peer list. HAProxy connects from 127.0.0.3 and clients from
// 127.0.0.2, so the two are told apart in logs although both are on loopback.
type haproxyRig struct {
	inst    [2]*pgwired
	metrics [2]string // METRICS_ADDR
	audit   [2]string // AUDIT_LOG_FILE
	front   int
	log     *syncBuffer // HAProxy's output
}

const (
	haproxySource = "127.0.0.3"
	clientSource  = "127.0.0.2"
)

func startHAProxyRig(t *testing.T, ctx context.Context) *haproxyRig {
	t.Helper()
	haproxy, err := exec.LookPath("haproxy")
	if err != nil {
		t.Skip("haproxy not installed (Debian package haproxy)")
	}
	rig := &haproxyRig{log: &syncBuffer{}}
	// Ports are chosen before starting so that each instance can list the other as a peer.
	ports := [2]int{freePort(), freePort()}
	peers := fmt.Sprintf("PGWIRE_PEERS=1=127.0.0.1:%d,2=127.0.0.1:%d", ports[0], ports[1])
	dir := t.TempDir()
	for i := range rig.inst {
		rig.audit[i] = filepath.Join(dir, fmt.Sprintf("audit%d.log", i+1))
		p, base := startWithMetrics(t, "SHUTDOWN_TIMEOUT=60s",
			"PGWIRE_PORT="+strconv.Itoa(ports[i]), // overrides the harness's own pick
			"PROXY_PROTOCOL_TRUSTED="+haproxySource, "PGWIRE_PEER_ID="+strconv.Itoa(i+1), peers,
			"AUDIT_LOG_ENABLED=true", "AUDIT_LOG_FILE="+rig.audit[i])
		p.Port = ports[i]
		rig.inst[i], rig.metrics[i] = p, strings.TrimPrefix(base, "http://")
		// Each instance has its own simulator database; a marker row says which one answered.
		c := connect(t, ctx, p)
		mustExec(t, ctx, c, "CREATE TABLE whoami (n INT)")
		mustExec(t, ctx, c, fmt.Sprintf("INSERT INTO whoami VALUES (%d)", i+1))
		c.Close(ctx)
	}

	rig.front = freePort()
	cfg := shippedHAProxyConfig(t, rig.front, [2][2]string{
		{"127.0.0.1:" + strconv.Itoa(ports[0]), portOf(rig.metrics[0])},
		{"127.0.0.1:" + strconv.Itoa(ports[1]), portOf(rig.metrics[1])},
	})
	cfgPath := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(haproxy, "-c", "-f", cfgPath).CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s", err, out)
	}
	hp := exec.Command(haproxy, "-db", "-f", cfgPath)
	hp.Stdout, hp.Stderr = rig.log, rig.log
	if err := hp.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hp.Process.Signal(syscall.SIGTERM); hp.Wait() })
	waitTCP(t, "127.0.0.1:"+strconv.Itoa(rig.front))
	return rig
}

// connect opens a session through HAProxy from clientSource; cancelling its context sends
// a CancelRequest, through HAProxy too, as psql's Ctrl-C would.
func (rig *haproxyRig) connect(t *testing.T, ctx context.Context) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(fmt.Sprintf("postgres://_SYSTEM:SYS@127.0.0.1:%d/USER?sslmode=require", rig.front))
	if err != nil {
		t.Fatal(err)
	}
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(clientSource)}}
	cfg.DialFunc = d.DialContext
	cfg.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: pc, CancelRequestDelay: 0, DeadlineDelay: 10 * time.Second}
	}
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connect through haproxy: %v\nhaproxy log:\n%s", err, rig.log.String())
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func (rig *haproxyRig) whoami(t *testing.T, ctx context.Context, c *pgx.Conn) int {
	t.Helper()
	var n int
	if err := c.QueryRow(ctx, "SELECT n FROM whoami").Scan(&n); err != nil {
		t.Fatalf("through haproxy: %v\nhaproxy log:\n%s", err, rig.log.String())
	}
	return n
}

// TestHAProxyBalancesAndSkipsDrainingInstance: sessions spread over both instances, and
// once one instance drains, new sessions all go to the other while the drained instance's
// open sessions keep working until they end.
func TestHAProxyBalancesAndSkipsDrainingInstance(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	rig := startHAProxyRig(t, ctx)

	var held []*pgx.Conn
	landed := map[int]int{}
	for range 6 {
		c := rig.connect(t, ctx)
		held = append(held, c)
		landed[rig.whoami(t, ctx, c)]++
	}
	if landed[1] == 0 || landed[2] == 0 {
		t.Fatalf("leastconn put sessions on one instance only: %v", landed)
	}

	// Drain instance 1: its sessions stay, new ones go to instance 2 only.
	rig.inst[0].sendSignal(t, syscall.SIGTERM)
	waitLog(t, rig.inst[0], "draining: no new connections", 10*time.Second)
	time.Sleep(5 * time.Second) // fall 2 × inter 2s: HAProxy marks it down
	for range 4 {
		c := rig.connect(t, ctx)
		if n := rig.whoami(t, ctx, c); n != 2 {
			t.Errorf("a new session landed on the draining instance %d", n)
		}
		c.Close(ctx)
	}
	for _, c := range held {
		rig.whoami(t, ctx, c) // sessions on the draining instance still answer
	}
	if !strings.Contains(rig.log.String(), "pgwired1 is DOWN") {
		t.Errorf("haproxy did not mark the draining instance down:\n%s", rig.log.String())
	}
}

// TestHAProxyClientAddressAndCrossInstanceCancel: with send-proxy-v2 the audit log and the
// connection log name the client (127.0.0.2 and its port), not HAProxy (127.0.0.3); and a
// CancelRequest that HAProxy hands to the other instance is forwarded to the session's
// instance, which stops the statement with 57014.
func TestHAProxyClientAddressAndCrossInstanceCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	rig := startHAProxyRig(t, ctx)

	conn := rig.connect(t, ctx)
	owner := rig.whoami(t, ctx, conn) - 1
	other := 1 - owner
	clientAddr := conn.PgConn().Conn().LocalAddr().String()
	if !strings.HasPrefix(clientAddr, clientSource+":") {
		t.Fatalf("client socket %s, want it bound to %s", clientAddr, clientSource)
	}
	audit, err := os.ReadFile(rig.audit[owner])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(audit), `"source_ip":"`+clientSource+`"`) || strings.Contains(string(audit), haproxySource) {
		t.Errorf("audit log of instance %d does not name the client %s (HAProxy is %s):\n%s", owner+1, clientSource, haproxySource, audit)
	}
	if log := rig.inst[owner].Log(); !strings.Contains(log, "remote="+clientAddr) {
		t.Errorf("log of instance %d never names the client's address and port %s:\n%s", owner+1, clientAddr, log)
	}

	// With this one session open, leastconn gives the cancel connection to the other instance.
	createSlowTable(t, ctx, conn)
	qctx, qcancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer qcancel()
	var n int64
	start := time.Now()
	err = conn.QueryRow(qctx, slowQuery).Scan(&n)
	pe := expectSQLState(t, err, "57014", "statement cancelled through the other instance")
	if !strings.Contains(pe.Message, "user request") || time.Since(start) > 5*time.Second {
		t.Errorf("statement ended after %s with %q, want a prompt \"canceling statement due to user request\"", time.Since(start), pe.Message)
	}
	wantRelay := fmt.Sprintf("instance=%d forwarded=false", owner+1)
	if log := rig.inst[other].Log(); !strings.Contains(log, wantRelay) {
		t.Errorf("instance %d did not receive and relay the CancelRequest (%q):\n%s", other+1, wantRelay, log)
	}
	if log := rig.inst[owner].Log(); !strings.Contains(log, fmt.Sprintf("instance=%d forwarded=true", owner+1)) {
		t.Errorf("instance %d did not receive the relayed CancelRequest:\n%s", owner+1, log)
	}
	if conn.IsClosed() {
		t.Fatal("pgx gave up on the connection: the cancel did not reach the statement")
	}
	if got := rig.whoami(t, ctx, conn); got != owner+1 {
		t.Fatalf("session moved to instance %d", got)
	}
}

// syncBuffer collects a child process's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// shippedHAProxyConfig is deploy/haproxy/haproxy.cfg with the test's ports: the frontend
// port, and each server's PostgreSQL address and health-check (METRICS_ADDR) port.
func shippedHAProxyConfig(t *testing.T, front int, servers [2][2]string) string {
	b, err := os.ReadFile(filepath.Join(repoRoot, "deploy/haproxy/haproxy.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(b)
	for _, r := range [][2]string{
		{"log /dev/log local0", "log stderr format short local0"},
		{"bind :5432", "bind 127.0.0.1:" + strconv.Itoa(front)},
		// HAProxy's own source, distinct from the clients' (haproxyRig).
		{"balance leastconn", "balance leastconn\n\tsource " + haproxySource},
		{"server pgwired1 10.0.0.11:5432", "server pgwired1 " + servers[0][0] + " port " + servers[0][1]},
		{"server pgwired2 10.0.0.12:5432", "server pgwired2 " + servers[1][0] + " port " + servers[1][1]},
	} {
		if !strings.Contains(cfg, r[0]) {
			t.Fatalf("deploy/haproxy/haproxy.cfg lacks %q", r[0])
		}
		cfg = strings.Replace(cfg, r[0], r[1], 1)
	}
	return cfg
}

func portOf(hostPort string) string {
	_, p, _ := net.SplitHostPort(hostPort)
	return p
}

func waitTCP(t *testing.T, addr string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never accepted: %v", addr, err)
		}
	}
}
