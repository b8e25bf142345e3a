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
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestHAProxyBalancesAndSkipsDrainingInstance runs the shipped deploy/haproxy/haproxy.cfg
// (addresses adapted) in front of two pgwired instances: sessions spread over both, and
// once one instance drains, new sessions all go to the other while the drained instance's
// open sessions keep working until they end.
func TestHAProxyBalancesAndSkipsDrainingInstance(t *testing.T) {
	haproxy, err := exec.LookPath("haproxy")
	if err != nil {
		t.Skip("haproxy not installed (Debian package haproxy)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	// Each instance has its own simulator database; a marker row says which one answered.
	type instance struct {
		p       *pgwired
		metrics string
	}
	var inst [2]instance
	for i := range inst {
		p, base := startWithMetrics(t, "SHUTDOWN_TIMEOUT=60s")
		inst[i] = instance{p, strings.TrimPrefix(base, "http://")}
		c := connect(t, ctx, p)
		mustExec(t, ctx, c, "CREATE TABLE whoami (n INT)")
		mustExec(t, ctx, c, fmt.Sprintf("INSERT INTO whoami VALUES (%d)", i+1))
		c.Close(ctx)
	}

	front := freePort()
	cfg := shippedHAProxyConfig(t, front, [2][2]string{
		{"127.0.0.1:" + strconv.Itoa(inst[0].p.Port), portOf(inst[0].metrics)},
		{"127.0.0.1:" + strconv.Itoa(inst[1].p.Port), portOf(inst[1].metrics)},
	})
	cfgPath := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(haproxy, "-c", "-f", cfgPath).CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s", err, out)
	}
	hp := exec.Command(haproxy, "-db", "-f", cfgPath)
	var hpLog strings.Builder
	hp.Stdout, hp.Stderr = &hpLog, &hpLog
	if err := hp.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { hp.Process.Signal(syscall.SIGTERM); hp.Wait() }()
	waitTCP(t, "127.0.0.1:"+strconv.Itoa(front))

	url := fmt.Sprintf("postgres://_SYSTEM:SYS@127.0.0.1:%d/USER?sslmode=require", front)
	whoami := func(c *pgx.Conn) int {
		t.Helper()
		var n int
		if err := c.QueryRow(ctx, "SELECT n FROM whoami").Scan(&n); err != nil {
			t.Fatalf("through haproxy: %v\nhaproxy log:\n%s", err, hpLog.String())
		}
		return n
	}
	var held []*pgx.Conn
	landed := map[int]int{}
	for range 6 {
		c, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatalf("connect through haproxy: %v\nhaproxy log:\n%s", err, hpLog.String())
		}
		defer c.Close(context.Background())
		held = append(held, c)
		landed[whoami(c)]++
	}
	if landed[1] == 0 || landed[2] == 0 {
		t.Fatalf("leastconn put sessions on one instance only: %v", landed)
	}

	// Drain instance 1: its sessions stay, new ones go to instance 2 only.
	inst[0].p.sendSignal(t, syscall.SIGTERM)
	waitLog(t, inst[0].p, "draining: no new connections", 10*time.Second)
	time.Sleep(5 * time.Second) // fall 2 × inter 2s: HAProxy marks it down
	for range 4 {
		c, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatalf("connect during the drain: %v\nhaproxy log:\n%s", err, hpLog.String())
		}
		if n := whoami(c); n != 2 {
			t.Errorf("a new session landed on the draining instance %d", n)
		}
		c.Close(ctx)
	}
	for _, c := range held {
		whoami(c) // sessions on the draining instance still answer
	}
	if !strings.Contains(hpLog.String(), "pgwired1 is DOWN") {
		t.Errorf("haproxy did not mark the draining instance down:\n%s", hpLog.String())
	}
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
