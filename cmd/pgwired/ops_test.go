package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/pgwired/pgwired/internal/config"
	"github.com/pgwired/pgwired/internal/irissim"
)

// startSim runs the IRIS simulator on a loopback port; stop closes it.
func startSim(t *testing.T) (addr string, stop func()) {
	t.Helper()
	sim, err := irissim.New(irissim.Config{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go sim.Serve(l)
	var stopped bool
	stop = func() {
		if !stopped {
			stopped = true
			sim.Close()
		}
	}
	t.Cleanup(stop)
	return l.Addr().String(), stop
}

func probeConfig(password string) *config.Config {
	return &config.Config{IRISUsername: "_SYSTEM", IRISPassword: password, IRISNamespace: "USER"}
}

func TestIRISProbeLogsInAndPings(t *testing.T) {
	addr, stop := startSim(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	p := newIRISProbe(probeConfig("SYS"), testBackend(addr))
	defer p.close()
	if err := p.check(ctx); err != nil {
		t.Fatalf("probe: %v", err)
	}
	first := p.conn
	if err := p.check(ctx); err != nil || p.conn != first {
		t.Fatalf("second probe: %v (conn reused: %v)", err, p.conn == first)
	}
	stop()
	if err := p.check(ctx); err == nil {
		t.Fatal("probe succeeded with IRIS stopped")
	}
	if p.conn != nil {
		t.Error("a failed probe kept its connection")
	}
}

func TestIRISProbeRefusedLogin(t *testing.T) {
	addr, _ := startSim(t)
	p := newIRISProbe(probeConfig("not-the-password"), testBackend(addr))
	defer p.close()
	err := p.check(context.Background())
	if err == nil {
		t.Fatal("probe with a wrong IRIS_PASSWORD succeeded")
	}
	if strings.Contains(err.Error(), "not-the-password") {
		t.Errorf("the probe error shows the password: %v", err)
	}
}

// Without IRIS_PASSWORD the probe can only see whether the port accepts connections.
func TestIRISProbeWithoutPasswordChecksThePort(t *testing.T) {
	addr, stop := startSim(t)
	p := newIRISProbe(probeConfig(""), testBackend(addr))
	if err := p.check(context.Background()); err != nil {
		t.Fatalf("probe: %v", err)
	}
	stop()
	if err := p.check(context.Background()); err == nil {
		t.Fatal("probe succeeded with the port closed")
	}
}

// testBackend is a backend of one IRIS member at addr.
func testBackend(addr string) *backend {
	return &backend{addr: addr, members: newIRISMembers([]string{addr}, slog.New(slog.NewTextHandler(io.Discard, nil)))}
}
