package ops

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func getJSON(t *testing.T, h http.HandlerFunc) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	return rec.Code, m
}

func TestHealthStatuses(t *testing.T) {
	irisDown := errors.New("dial tcp 10.0.0.5:1972: connect: connection refused")
	for _, tc := range []struct {
		name   string
		cfg    HealthConfig
		code   int
		status string
		fields map[string]any
	}{
		{"healthy", HealthConfig{}, 200, StatusHealthy,
			map[string]any{"iris_connection": "connected", "oauth_server": "not_configured", "wallet_available": false, "active_connections": 3.0}},
		{"iris down", HealthConfig{IRISProbe: func(context.Context) error { return irisDown }}, 503, StatusUnhealthy,
			map[string]any{"iris_connection": "unreachable", "iris_error": irisDown.Error()}},
		{"oauth down", HealthConfig{OAuthProbe: func(context.Context) error { return irisDown }}, 200, StatusDegraded,
			map[string]any{"oauth_server": "unreachable", "iris_connection": "connected"}},
		{"oauth up", HealthConfig{OAuthProbe: func(context.Context) error { return nil }}, 200, StatusHealthy,
			map[string]any{"oauth_server": "reachable"}},
		{"wallet down", HealthConfig{WalletProbe: func(context.Context) error { return irisDown }}, 200, StatusDegraded,
			map[string]any{"wallet_available": false}},
		{"wallet up", HealthConfig{WalletProbe: func(context.Context) error { return nil }}, 200, StatusHealthy,
			map[string]any{"wallet_available": true}},
		{"full", HealthConfig{MaxConnections: 3}, 200, StatusDegraded, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Version = "9.9.9"
			cfg.Started = time.Now().Add(-90 * time.Second)
			cfg.ActiveConnections = func() int { return 3 }
			if cfg.IRISProbe == nil {
				cfg.IRISProbe = func(context.Context) error { return nil }
			}
			code, m := getJSON(t, NewHealth(cfg).ServeHealth)
			if code != tc.code || m["status"] != tc.status {
				t.Errorf("got %d %v, want %d %s", code, m, tc.code, tc.status)
			}
			if m["version"] != "9.9.9" || m["uptime_seconds"] != 90.0 {
				t.Errorf("version/uptime: %v", m)
			}
			for k, v := range tc.fields {
				if m[k] != v {
					t.Errorf("%s = %v, want %v", k, m[k], v)
				}
			}
		})
	}
}

func TestReadyFollowsLifecycle(t *testing.T) {
	var irisErr atomic.Pointer[error]
	h := NewHealth(HealthConfig{ProbeTTL: time.Nanosecond, IRISProbe: func(context.Context) error {
		if p := irisErr.Load(); p != nil {
			return *p
		}
		return nil
	}})
	check := func(code int, reason string) {
		t.Helper()
		got, m := getJSON(t, h.ServeReady)
		if got != code || (reason != "" && m["reason"] != reason) || (code == 200 && m["ready"] != true) {
			t.Errorf("/ready = %d %v, want %d %q", got, m, code, reason)
		}
	}
	check(503, "starting")
	h.SetReady()
	check(200, "")
	down := errors.New("down")
	irisErr.Store(&down)
	check(503, "iris unreachable")
	irisErr.Store(nil)
	check(200, "")
	h.SetDraining()
	check(503, "draining")
	if code, m := getJSON(t, h.ServeHealth); code != 503 || m["draining"] != true || m["status"] != StatusUnhealthy {
		t.Errorf("/health while draining = %d %v", code, m)
	}
}

func TestProbeIsCachedAndBounded(t *testing.T) {
	var calls atomic.Int32
	now := time.Unix(1000, 0)
	p := &cachedProbe{ttl: 5 * time.Second, timeout: 50 * time.Millisecond, now: func() time.Time { return now },
		check: func(ctx context.Context) error {
			calls.Add(1)
			<-ctx.Done() // a hung IRIS: the timeout must end the probe
			return ctx.Err()
		}}
	start := time.Now()
	if err := p.result(context.Background()); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("probe took %v despite a 50ms timeout", d)
	}
	now = now.Add(4 * time.Second)
	p.result(context.Background())
	if calls.Load() != 1 {
		t.Errorf("probe ran %d times within the TTL", calls.Load())
	}
	now = now.Add(2 * time.Second)
	p.result(context.Background())
	if calls.Load() != 2 {
		t.Errorf("probe ran %d times after the TTL, want 2", calls.Load())
	}
}
