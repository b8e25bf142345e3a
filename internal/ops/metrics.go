package ops

import (
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/pgwired/pgwired/internal/wire"
)

// Metric names are contractual (design.md, "Operations surface"): dashboards and alerts
// key on them.
const namespace = "pgwire"

// Error types of pgwire_errors_total, from the SQLSTATE class (see errorType).
var errorTypes = []string{
	"authentication", "protocol", "connection", "syntax_or_access", "data", "constraint",
	"transaction", "canceled", "shutdown", "resources", "not_supported", "internal", "other",
}

// Metrics holds pgwired's Prometheus metrics. It implements wire.Observer; auth, the
// wallet and the OAuth token cache report through ObserveAuth, WalletAccess and
// OAuthTokenCache. The zero value is not usable: call NewMetrics. A nil *Metrics is a
// valid no-op receiver for the hook methods, so callers need no nil checks.
type Metrics struct {
	reg *prometheus.Registry

	logins       [wire.LoginAccepted + 1]prometheus.Counter
	queries      prometheus.Counter
	queryTime    prometheus.Histogram
	errors       map[string]prometheus.Counter // read-only after NewMetrics
	authTime     map[string]prometheus.Observer
	authOther    prometheus.Observer
	walletAccess prometheus.Counter
	oauthHits    prometheus.Counter
	oauthMisses  prometheus.Counter
}

// Options configure NewMetrics.
type Options struct {
	// Version and Commit label pgwire_build_info.
	Version, Commit string
	// AuthMethods are the configured methods (AUTH_METHODS): their
	// pgwire_auth_duration_seconds series exist from the start. Any other method name is
	// recorded as "other", so the label set stays bounded.
	AuthMethods []string
}

// NewMetrics creates every metric and registers it, with the Go runtime and process
// collectors, in a registry of its own (not the global one, so tests can make several).
func NewMetrics(opts Options) *Metrics {
	build := opts
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	buildInfo := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: namespace, Name: "build_info",
		Help:        "Always 1; the labels say which pgwired build is running.",
		ConstLabels: prometheus.Labels{"version": build.Version, "commit": build.Commit, "goversion": runtime.Version()},
	})
	buildInfo.Set(1)

	conns := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "connections_total",
		Help: "Client connections by how their login ended: accepted, auth_failed, rejected (before authentication: too many clients, TLS required, bad startup) or failed (timeout, client gone, session not created).",
	}, []string{"status"})
	for o := wire.LoginRejected; o <= wire.LoginAccepted; o++ {
		m.logins[o] = conns.WithLabelValues(o.String())
	}

	m.queries = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace, Name: "queries_total",
		Help: "Statements run: one per simple-protocol Query message and one per extended-protocol Execute.",
	})
	m.queryTime = prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: namespace, Name: "query_duration_seconds",
		Help:    "Time from receiving a Query or Execute to its last result row, including the IRIS round trips.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	})

	errs := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "errors_total",
		Help: "ErrorResponses sent to clients, by type (from the SQLSTATE class).",
	}, []string{"type"})
	m.errors = make(map[string]prometheus.Counter, len(errorTypes))
	for _, t := range errorTypes {
		m.errors[t] = errs.WithLabelValues(t)
	}

	auth := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace, Name: "auth_duration_seconds",
		Help:    "Time to authenticate a client, by method, successful or not.",
		Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"method"})
	m.authTime = make(map[string]prometheus.Observer, len(opts.AuthMethods))
	for _, name := range opts.AuthMethods {
		m.authTime[name] = auth.WithLabelValues(name)
	}
	m.authOther = auth.WithLabelValues("other")

	m.walletAccess = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace, Name: "wallet_access_total",
		Help: "Secrets read from the IRIS Wallet.",
	})
	oauth := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "oauth_token_cache_total",
		Help: "OAuth token validations answered from the cache (result=hit) or by the token server (result=miss).",
	}, []string{"result"})
	m.oauthHits, m.oauthMisses = oauth.WithLabelValues("hit"), oauth.WithLabelValues("miss")

	m.reg.MustRegister(buildInfo, conns, m.queries, m.queryTime, errs, auth, m.walletAccess, oauth)
	return m
}

// Registry is where the metrics live; /metrics serves it.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// LoginDone is wire.Observer.
func (m *Metrics) LoginDone(o wire.LoginOutcome) {
	if m != nil && int(o) < len(m.logins) {
		m.logins[o].Inc()
	}
}

// StatementDone is wire.Observer.
func (m *Metrics) StatementDone(d time.Duration, failed bool) {
	if m == nil {
		return
	}
	m.queries.Inc()
	m.queryTime.Observe(d.Seconds())
}

// ErrorSent is wire.Observer.
func (m *Metrics) ErrorSent(sqlstate string) {
	if m != nil {
		m.errors[errorType(sqlstate)].Inc()
	}
}

// ObserveAuth records one authentication attempt: the method that decided it (or
// "none" when no method applied), how long it took, and whether it succeeded. Failures
// are also counted by pgwire_connections_total{status="auth_failed"} (through wire), so
// ok only documents the call; the histogram covers both.
func (m *Metrics) ObserveAuth(method string, d time.Duration, ok bool) {
	if m == nil {
		return
	}
	o, known := m.authTime[method]
	if !known {
		o = m.authOther
	}
	o.Observe(d.Seconds())
}

// WalletAccess counts one secret read from the IRIS Wallet.
func (m *Metrics) WalletAccess() {
	if m != nil {
		m.walletAccess.Inc()
	}
}

// OAuthTokenCache counts one token validation, answered by the cache (hit) or not.
func (m *Metrics) OAuthTokenCache(hit bool) {
	if m == nil {
		return
	}
	if hit {
		m.oauthHits.Inc()
	} else {
		m.oauthMisses.Inc()
	}
}

// errorType maps a SQLSTATE to a pgwire_errors_total type by its class, the way
// PostgreSQL's documentation groups them. It returns one of errorTypes.
func errorType(sqlstate string) string {
	if len(sqlstate) != 5 {
		return "other"
	}
	switch sqlstate[:2] {
	case "28":
		return "authentication"
	case "08":
		if sqlstate == "08P01" {
			return "protocol"
		}
		return "connection"
	case "42":
		return "syntax_or_access"
	case "22":
		return "data"
	case "23":
		return "constraint"
	case "25", "40", "2D":
		return "transaction"
	case "57":
		if sqlstate == "57014" {
			return "canceled"
		}
		return "shutdown"
	case "53", "54":
		return "resources"
	case "0A":
		return "not_supported"
	case "XX":
		return "internal"
	}
	return "other"
}

var _ wire.Observer = (*Metrics)(nil)
