package ops

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/wire"
)

func TestObserverCountsByLabel(t *testing.T) {
	m := NewMetrics(Options{Version: "1.2.3", Commit: "abc", AuthMethods: []string{"password"}})
	m.LoginDone(wire.LoginAccepted)
	m.LoginDone(wire.LoginAccepted)
	m.LoginDone(wire.LoginAuthFailed)
	m.LoginDone(wire.LoginRejected)
	m.StatementDone(3*time.Millisecond, false)
	m.StatementDone(2*time.Second, true)
	m.ErrorSent("28P01")
	m.ErrorSent("42P01")
	m.ErrorSent("57014")
	m.ErrorSent("bogus")
	m.ObserveAuth("password", 20*time.Millisecond, true)
	m.ObserveAuth("kerberos-v4", time.Millisecond, false) // not configured: "other"
	m.WalletAccess()
	m.OAuthTokenCache(true)
	m.OAuthTokenCache(false)
	m.OAuthTokenCache(false)

	want := `
# HELP pgwire_connections_total Client connections by how their login ended: accepted, auth_failed, rejected (before authentication: too many clients, TLS required, bad startup) or failed (timeout, client gone, session not created).
# TYPE pgwire_connections_total counter
pgwire_connections_total{status="accepted"} 2
pgwire_connections_total{status="auth_failed"} 1
pgwire_connections_total{status="failed"} 0
pgwire_connections_total{status="rejected"} 1
# HELP pgwire_queries_total Statements run: one per simple-protocol Query message and one per extended-protocol Execute.
# TYPE pgwire_queries_total counter
pgwire_queries_total 2
# HELP pgwire_wallet_access_total Secrets read from the IRIS Wallet.
# TYPE pgwire_wallet_access_total counter
pgwire_wallet_access_total 1
# HELP pgwire_oauth_token_cache_total OAuth token validations answered from the cache (result=hit) or by the token server (result=miss).
# TYPE pgwire_oauth_token_cache_total counter
pgwire_oauth_token_cache_total{result="hit"} 1
pgwire_oauth_token_cache_total{result="miss"} 2
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want),
		"pgwire_connections_total", "pgwire_queries_total", "pgwire_wallet_access_total", "pgwire_oauth_token_cache_total"); err != nil {
		t.Error(err)
	}
	errs := map[string]float64{}
	hist := map[string]uint64{}
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		for _, mt := range mf.GetMetric() {
			switch mf.GetName() {
			case "pgwire_errors_total":
				errs[mt.GetLabel()[0].GetValue()] = mt.GetCounter().GetValue()
			case "pgwire_auth_duration_seconds":
				hist[mt.GetLabel()[0].GetValue()] = mt.GetHistogram().GetSampleCount()
			case "pgwire_query_duration_seconds":
				h := mt.GetHistogram()
				if h.GetSampleCount() != 2 || h.GetSampleSum() < 2.003 || h.GetSampleSum() > 2.0031 {
					t.Errorf("query histogram: count %d sum %v", h.GetSampleCount(), h.GetSampleSum())
				}
			case "pgwire_build_info":
				labels := map[string]string{}
				for _, l := range mt.GetLabel() {
					labels[l.GetName()] = l.GetValue()
				}
				if labels["version"] != "1.2.3" || labels["commit"] != "abc" || mt.GetGauge().GetValue() != 1 {
					t.Errorf("build info: %v %v", labels, mt.GetGauge().GetValue())
				}
			}
		}
	}
	for typ, n := range map[string]float64{"authentication": 1, "syntax_or_access": 1, "canceled": 1, "other": 1, "internal": 0} {
		if errs[typ] != n {
			t.Errorf("pgwire_errors_total{type=%q} = %v, want %v (all: %v)", typ, errs[typ], n, errs)
		}
	}
	if hist["password"] != 1 || hist["other"] != 1 || len(hist) != 2 {
		t.Errorf("auth histogram series: %v, want password and other with one each", hist)
	}
}

func TestErrorType(t *testing.T) {
	for code, want := range map[string]string{
		"28000": "authentication", "28P01": "authentication", "08P01": "protocol", "08006": "connection",
		"42601": "syntax_or_access", "42501": "syntax_or_access", "22P02": "data", "23505": "constraint",
		"25P02": "transaction", "40001": "transaction", "57014": "canceled", "57P01": "shutdown",
		"53300": "resources", "54000": "resources", "0A000": "not_supported", "XX000": "internal",
		"P0001": "other", "": "other", "4260": "other",
	} {
		if got := errorType(code); got != want {
			t.Errorf("errorType(%q) = %q, want %q", code, got, want)
		}
	}
	for _, typ := range []string{"authentication", "protocol", "internal", "other"} {
		found := false
		for _, known := range errorTypes {
			found = found || known == typ
		}
		if !found {
			t.Errorf("%q is not pre-created", typ)
		}
	}
}

// TestHooksDoNotAllocate guards the per-statement path: wire calls these for every query.
func TestHooksDoNotAllocate(t *testing.T) {
	m := NewMetrics(Options{AuthMethods: []string{"password"}})
	allocs := testing.AllocsPerRun(1000, func() {
		m.StatementDone(time.Millisecond, false)
		m.ErrorSent("42P01")
		m.LoginDone(wire.LoginAccepted)
		m.ObserveAuth("password", time.Millisecond, true)
		m.WalletAccess()
	})
	if allocs != 0 {
		t.Errorf("hooks allocate %v times per call", allocs)
	}
}

func TestNilMetricsIsNoop(t *testing.T) {
	var m *Metrics
	m.LoginDone(wire.LoginAccepted)
	m.StatementDone(time.Second, true)
	m.ErrorSent("XX000")
	m.ObserveAuth("password", time.Second, false)
	m.WalletAccess()
	m.OAuthTokenCache(true)
}

func TestStateCollectors(t *testing.T) {
	m := NewMetrics(Options{})
	m.RegisterState(State{
		ActiveConnections: func() int { return 7 },
		Pool: func() iris.PoolStats {
			return iris.PoolStats{Total: 5, Idle: 2, InUse: 3, Waiting: 1, Waits: 11, Timeouts: 4, Evictions: 6, Dials: 9}
		},
		TranslationCache: func() (uint64, uint64, uint64) { return 40, 5, 2 },
	})
	want := `
# HELP pgwire_active_connections Client connections open now (those holding a MAX_CONNECTIONS slot).
# TYPE pgwire_active_connections gauge
pgwire_active_connections 7
# HELP pgwire_iris_pool_connections IRIS connections held by the pool, by state (idle or in_use).
# TYPE pgwire_iris_pool_connections gauge
pgwire_iris_pool_connections{state="idle"} 2
pgwire_iris_pool_connections{state="in_use"} 3
# HELP pgwire_iris_pool_waiting Sessions waiting now for an IRIS connection.
# TYPE pgwire_iris_pool_waiting gauge
pgwire_iris_pool_waiting 1
# HELP pgwire_iris_pool_waits_total Acquires that had to wait for an IRIS connection.
# TYPE pgwire_iris_pool_waits_total counter
pgwire_iris_pool_waits_total 11
# HELP pgwire_iris_pool_timeouts_total Acquires that gave up after POOL_ACQUIRE_TIMEOUT.
# TYPE pgwire_iris_pool_timeouts_total counter
pgwire_iris_pool_timeouts_total 4
# HELP pgwire_iris_pool_dials_total IRIS connections opened (logins).
# TYPE pgwire_iris_pool_dials_total counter
pgwire_iris_pool_dials_total 9
# HELP pgwire_iris_pool_evictions_total Idle IRIS connections closed to make room for another login.
# TYPE pgwire_iris_pool_evictions_total counter
pgwire_iris_pool_evictions_total 6
# HELP pgwire_translation_cache_total Translation plan cache lookups, by result: hit (same text), shape (same text but for literals, filled into its template) or miss (parsed and translated).
# TYPE pgwire_translation_cache_total counter
pgwire_translation_cache_total{result="hit"} 40
pgwire_translation_cache_total{result="miss"} 2
pgwire_translation_cache_total{result="shape"} 5
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want),
		"pgwire_active_connections", "pgwire_iris_pool_connections", "pgwire_iris_pool_waiting",
		"pgwire_iris_pool_waits_total", "pgwire_iris_pool_timeouts_total", "pgwire_iris_pool_dials_total",
		"pgwire_iris_pool_evictions_total", "pgwire_translation_cache_total"); err != nil {
		t.Error(err)
	}
	if problems, err := testutil.GatherAndLint(m.Registry()); err != nil || len(problems) > 0 {
		t.Errorf("lint: %v %v", err, problems)
	}
}
