package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/pgwired/pgwired/internal/config"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/ops"
	"github.com/pgwired/pgwired/internal/wire"
)

// opsSurface is what operators see besides the PostgreSQL port: metrics, /health and
// /ready over HTTP (METRICS_ADDR), and sd_notify to systemd. serve.go creates it before
// the wire server (whose Observer is the metrics) and drives it through the lifecycle:
// start (bind HTTP), listening (READY=1), draining (STOPPING=1), close.
type opsSurface struct {
	cfg     *config.Config
	logger  *slog.Logger
	metrics *ops.Metrics
	health  *ops.Health
	probe   *irisProbe
	http    *ops.Server // nil when METRICS_ADDR is empty

	stopWatchdog func()
}

func newOpsSurface(cfg *config.Config, logger *slog.Logger, be *backend) *opsSurface {
	return &opsSurface{
		cfg:          cfg,
		logger:       logger,
		metrics:      ops.NewMetrics(ops.Options{Version: version, Commit: commit, AuthMethods: cfg.AuthMethods}),
		probe:        newIRISProbe(cfg, be),
		stopWatchdog: func() {},
	}
}

// start registers the state gauges and binds METRICS_ADDR. A port that is taken fails
// the start: an instance that cannot be health-checked should not look up.
func (o *opsSurface) start(srv *wire.Server, pool *iris.Pool, cacheStats func() (hits, shapes, misses uint64), walletProbe func(context.Context) error) error {
	o.metrics.RegisterState(ops.State{
		ActiveConnections: srv.ActiveConnections,
		Pool:              pool.Stats,
		TranslationCache:  cacheStats,
	})
	o.health = ops.NewHealth(ops.HealthConfig{
		Version:           version,
		Started:           time.Now(),
		ActiveConnections: srv.ActiveConnections,
		MaxConnections:    o.cfg.MaxConnections,
		IRISProbe:         o.probe.check,
		OAuthProbe:        oauthProbe(o.cfg),
		WalletProbe:       walletProbe,
	})
	if o.cfg.MetricsAddr == "" {
		o.logger.Info("METRICS_ADDR is empty: /health, /ready and /metrics are disabled")
		return nil
	}
	s, err := ops.Listen(o.cfg.MetricsAddr, o.metrics, o.health, o.logger)
	if err != nil {
		return fmt.Errorf("METRICS_ADDR=%s: %w (set another address, or METRICS_ADDR= to disable)", o.cfg.MetricsAddr, err)
	}
	o.http = s
	go func() {
		if err := s.Serve(); err != nil {
			o.logger.Error("metrics server stopped", "error", err)
		}
	}()
	o.logger.Info("health and metrics on http://"+s.Addr().String(), "endpoints", "/health /ready /metrics")
	return nil
}

// listening runs once the PostgreSQL listener accepts: readiness, systemd's READY=1, and
// the watchdog pings. IRIS is probed once so the log says at start whether it answers;
// pgwired comes up either way (degraded), since IRIS may start after it.
func (o *opsSurface) listening() {
	o.health.SetReady()
	r := o.health.Check(context.Background())
	if r.IRISConnection != ops.StateConnected {
		o.logger.Warn("IRIS is not reachable yet; serving, and /health reports unhealthy until it is", "iris_error", r.IRISError)
	}
	if sent, err := ops.Notify("READY=1\nSTATUS=accepting PostgreSQL connections"); err != nil {
		o.logger.Warn("sd_notify READY=1 failed", "error", err)
	} else if sent {
		o.logger.Info("notified systemd: READY=1")
	}
	stop, interval, err := ops.StartWatchdog(nil)
	if err != nil {
		o.logger.Warn("systemd watchdog", "error", err)
	} else if interval > 0 {
		o.stopWatchdog = stop
		o.logger.Info("systemd watchdog enabled", "interval", interval.String())
	}
}

// draining tells systemd and load balancers that the instance is going away.
func (o *opsSurface) draining() {
	if o.health != nil {
		o.health.SetDraining()
	}
	if _, err := ops.Notify("STOPPING=1\nSTATUS=draining"); err != nil {
		o.logger.Warn("sd_notify STOPPING=1 failed", "error", err)
	}
}

func (o *opsSurface) close() {
	o.stopWatchdog()
	if o.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_ = o.http.Shutdown(ctx)
		cancel()
	}
	o.probe.close()
}

// irisProbe is /health's view of IRIS. With IRIS_PASSWORD set it keeps one dedicated
// connection logged in as IRIS_USERNAME and pings it, so the check covers credentials and
// the SQL engine, not only the port, and costs one round trip; the pool is not used, so
// a saturated pool does not read as IRIS being down. Without a password it can only check
// that the SuperServer port accepts TCP connections.
type irisProbe struct {
	iris  *irisMembers
	tls   *tls.Config
	creds *iris.Credentials

	mu   sync.Mutex
	conn *iris.Conn
}

func newIRISProbe(cfg *config.Config, be *backend) *irisProbe {
	p := &irisProbe{iris: be.members, tls: be.tls}
	if cfg.IRISPassword != "" {
		p.creds = &iris.Credentials{Namespace: cfg.IRISNamespace, Username: cfg.IRISUsername, Password: cfg.IRISPassword}
	}
	return p
}

func (p *irisProbe) check(ctx context.Context) error {
	if p.creds == nil {
		return p.iris.dialTCP(ctx)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conn != nil {
		if err := p.conn.Ping(ctx); err == nil {
			return nil
		}
		// IRIS may have closed an idle connection: a fresh login decides.
		p.conn.Close()
		p.conn = nil
	}
	dialTimeout := 5 * time.Second
	if d, ok := ctx.Deadline(); ok {
		dialTimeout = time.Until(d)
	}
	c, err := p.iris.connect(ctx, iris.Options{
		Namespace: p.creds.Namespace, Username: p.creds.Username, Password: p.creds.Password,
		TLSConfig: p.tls, DialTimeout: dialTimeout, AppName: "pgwired health check",
	})
	if err != nil {
		return err
	}
	if err := c.Ping(ctx); err != nil {
		c.Close()
		return err
	}
	p.conn = c
	return nil
}

func (p *irisProbe) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conn != nil {
		p.conn.Close()
		p.conn = nil
	}
}

// oauthProbe checks that the token endpoint answers HTTP at all (any status: a token
// endpoint refuses a bare GET, and that still proves it is up). nil when OAuth is not
// configured.
func oauthProbe(cfg *config.Config) func(context.Context) error {
	if cfg.OAuthTokenEndpoint == "" {
		return nil
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.OAuthTokenEndpoint, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
}

// pgListeners returns the PostgreSQL listeners: the sockets systemd passed
// (pgwired.socket) or, without socket activation, PGWIRE_HOST:PGWIRE_PORT.
func pgListeners(cfg *config.Config, logger *slog.Logger) ([]net.Listener, error) {
	activated, err := ops.ActivatedListeners()
	if err != nil {
		return nil, err
	}
	if len(activated) > 0 {
		logger.Info("socket activation: serving the sockets systemd passed; PGWIRE_HOST/PGWIRE_PORT are not used", "sockets", len(activated))
		return activated, nil
	}
	l, err := net.Listen("tcp", cfg.ListenAddr())
	if err != nil {
		return nil, fmt.Errorf("PGWIRE_HOST/PGWIRE_PORT: %w", err)
	}
	return []net.Listener{l}, nil
}
