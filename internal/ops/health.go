package ops

import (
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"time"
)

// Health statuses. Unhealthy answers HTTP 503 so that a load balancer takes the instance
// out; degraded still answers 200, since the instance can serve most clients.
const (
	StatusHealthy   = "healthy"
	StatusDegraded  = "degraded"
	StatusUnhealthy = "unhealthy"
)

// Component states in the health report.
const (
	StateConnected     = "connected"
	StateUnreachable   = "unreachable"
	StateReachable     = "reachable"
	StateNotConfigured = "not_configured"
)

// HealthConfig says what /health and /ready check.
type HealthConfig struct {
	Version string
	Started time.Time
	// ActiveConnections and MaxConnections: an instance at its connection limit is degraded.
	ActiveConnections func() int
	MaxConnections    int
	// IRISProbe checks that IRIS answers (required).
	IRISProbe func(context.Context) error
	// OAuthProbe checks the OAuth token server; nil when OAuth is not configured.
	OAuthProbe func(context.Context) error
	// WalletProbe checks that the IRIS Wallet can be read; nil when no wallet is
	// configured (wallet_available is then false and does not affect the status).
	WalletProbe func(context.Context) error
	// ProbeTTL is how long a probe result is reused (default 5s); ProbeTimeout bounds one
	// probe (default 2s).
	ProbeTTL, ProbeTimeout time.Duration
}

// HealthReport is the /health JSON. Field names are contractual (design.md).
type HealthReport struct {
	Status            string `json:"status"`
	UptimeSeconds     int64  `json:"uptime_seconds"`
	ActiveConnections int    `json:"active_connections"`
	IRISConnection    string `json:"iris_connection"`
	IRISError         string `json:"iris_error,omitempty"`
	OAuthServer       string `json:"oauth_server"`
	WalletAvailable   bool   `json:"wallet_available"`
	Version           string `json:"version"`
	Draining          bool   `json:"draining,omitempty"`
}

// Health computes /health and /ready.
type Health struct {
	cfg      HealthConfig
	iris     *cachedProbe
	oauth    *cachedProbe
	wallet   *cachedProbe
	ready    atomic.Bool
	draining atomic.Bool
}

// NewHealth returns a Health that is not ready until SetReady.
func NewHealth(cfg HealthConfig) *Health {
	if cfg.ProbeTTL <= 0 {
		cfg.ProbeTTL = 5 * time.Second
	}
	if cfg.ProbeTimeout <= 0 {
		cfg.ProbeTimeout = 2 * time.Second
	}
	if cfg.Started.IsZero() {
		cfg.Started = time.Now()
	}
	h := &Health{cfg: cfg}
	probe := func(check func(context.Context) error) *cachedProbe {
		if check == nil {
			return nil
		}
		return &cachedProbe{check: check, ttl: cfg.ProbeTTL, timeout: cfg.ProbeTimeout, now: time.Now}
	}
	h.iris, h.oauth, h.wallet = probe(cfg.IRISProbe), probe(cfg.OAuthProbe), probe(cfg.WalletProbe)
	return h
}

// SetReady marks the instance as accepting clients (after its listener is up).
func (h *Health) SetReady() { h.ready.Store(true) }

// SetDraining marks the instance as shutting down: /health and /ready answer 503 so the
// load balancer stops sending clients while running sessions finish.
func (h *Health) SetDraining() { h.draining.Store(true) }

// Check runs (or reuses) the probes and returns the report.
func (h *Health) Check(ctx context.Context) HealthReport {
	r := HealthReport{
		UptimeSeconds:  int64(time.Since(h.cfg.Started) / time.Second),
		IRISConnection: StateConnected,
		OAuthServer:    StateNotConfigured,
		Version:        h.cfg.Version,
		Draining:       h.draining.Load(),
	}
	if h.cfg.ActiveConnections != nil {
		r.ActiveConnections = h.cfg.ActiveConnections()
	}
	degraded, unhealthy := false, r.Draining
	if h.iris != nil {
		if err := h.iris.result(ctx); err != nil {
			r.IRISConnection, r.IRISError = StateUnreachable, err.Error()
			unhealthy = true
		}
	}
	if h.oauth != nil {
		r.OAuthServer = StateReachable
		if h.oauth.result(ctx) != nil {
			r.OAuthServer = StateUnreachable
			degraded = true // password and other methods still work
		}
	}
	if h.wallet != nil {
		r.WalletAvailable = h.wallet.result(ctx) == nil
		degraded = degraded || !r.WalletAvailable // methods that need no Wallet still work
	}
	if h.cfg.MaxConnections > 0 && r.ActiveConnections >= h.cfg.MaxConnections {
		degraded = true // new clients get 53300
	}
	switch {
	case unhealthy:
		r.Status = StatusUnhealthy
	case degraded:
		r.Status = StatusDegraded
	default:
		r.Status = StatusHealthy
	}
	return r
}

// ServeHealth is the /health handler: the report as JSON, 503 when unhealthy.
func (h *Health) ServeHealth(w http.ResponseWriter, req *http.Request) {
	r := h.Check(req.Context())
	code := http.StatusOK
	if r.Status == StatusUnhealthy {
		code = http.StatusServiceUnavailable
	}
	writeJSON(w, code, r)
}

// ServeReady is the /ready handler: 200 once listening, with IRIS reachable and not
// draining; 503 otherwise. Readiness is stricter than health's "degraded": an instance
// that cannot reach IRIS should get no new clients.
func (h *Health) ServeReady(w http.ResponseWriter, req *http.Request) {
	type readiness struct {
		Ready  bool   `json:"ready"`
		Reason string `json:"reason,omitempty"`
	}
	switch {
	case h.draining.Load():
		writeJSON(w, http.StatusServiceUnavailable, readiness{Reason: "draining"})
	case !h.ready.Load():
		writeJSON(w, http.StatusServiceUnavailable, readiness{Reason: "starting"})
	case h.iris != nil && h.iris.result(req.Context()) != nil:
		writeJSON(w, http.StatusServiceUnavailable, readiness{Reason: "iris unreachable"})
	default:
		writeJSON(w, http.StatusOK, readiness{Ready: true})
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
