package ops

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/pgwired/pgwired/internal/iris"
)

// State reads what other packages own, at scrape time. Nil fields are left out.
type State struct {
	ActiveConnections func() int
	Pool              func() iris.PoolStats
	// TranslationCache returns the translation plan cache's lifetime lookups: exact
	// hits, texts filled into the template of their shape, and full translations.
	TranslationCache func() (hits, shapes, misses uint64)
}

// RegisterState adds the gauges and counters that mirror s. Call it once.
func (m *Metrics) RegisterState(s State) {
	if s.ActiveConnections != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: namespace, Name: "active_connections",
			Help: "Client connections open now (those holding a MAX_CONNECTIONS slot).",
		}, func() float64 { return float64(s.ActiveConnections()) }))
	}
	if s.Pool != nil {
		m.reg.MustRegister(&poolCollector{stats: s.Pool})
	}
	if s.TranslationCache != nil {
		m.reg.MustRegister(&cacheCollector{stats: s.TranslationCache})
	}
}

var (
	poolSizeDesc    = prometheus.NewDesc(namespace+"_iris_pool_connections", "IRIS connections held by the pool, by state (idle or in_use).", []string{"state"}, nil)
	poolWaitingDesc = prometheus.NewDesc(namespace+"_iris_pool_waiting", "Sessions waiting now for an IRIS connection.", nil, nil)
	poolWaitsDesc   = prometheus.NewDesc(namespace+"_iris_pool_waits_total", "Acquires that had to wait for an IRIS connection.", nil, nil)
	poolTimeoutDesc = prometheus.NewDesc(namespace+"_iris_pool_timeouts_total", "Acquires that gave up after POOL_ACQUIRE_TIMEOUT.", nil, nil)
	poolDialsDesc   = prometheus.NewDesc(namespace+"_iris_pool_dials_total", "IRIS connections opened (logins).", nil, nil)
	poolEvictDesc   = prometheus.NewDesc(namespace+"_iris_pool_evictions_total", "Idle IRIS connections closed to make room for another login.", nil, nil)
	cacheDesc       = prometheus.NewDesc(namespace+"_translation_cache_total", "Translation plan cache lookups, by result: hit (same text), shape (same text but for literals, filled into its template) or miss (parsed and translated).", []string{"result"}, nil)
)

// poolCollector takes one Stats snapshot per scrape, so the numbers agree with each other.
type poolCollector struct{ stats func() iris.PoolStats }

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolSizeDesc, poolWaitingDesc, poolWaitsDesc, poolTimeoutDesc, poolDialsDesc, poolEvictDesc} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	ch <- prometheus.MustNewConstMetric(poolSizeDesc, prometheus.GaugeValue, float64(s.Idle), "idle")
	ch <- prometheus.MustNewConstMetric(poolSizeDesc, prometheus.GaugeValue, float64(s.InUse), "in_use")
	ch <- prometheus.MustNewConstMetric(poolWaitingDesc, prometheus.GaugeValue, float64(s.Waiting))
	ch <- prometheus.MustNewConstMetric(poolWaitsDesc, prometheus.CounterValue, float64(s.Waits))
	ch <- prometheus.MustNewConstMetric(poolTimeoutDesc, prometheus.CounterValue, float64(s.Timeouts))
	ch <- prometheus.MustNewConstMetric(poolDialsDesc, prometheus.CounterValue, float64(s.Dials))
	ch <- prometheus.MustNewConstMetric(poolEvictDesc, prometheus.CounterValue, float64(s.Evictions))
}

type cacheCollector struct {
	stats func() (hits, shapes, misses uint64)
}

func (c *cacheCollector) Describe(ch chan<- *prometheus.Desc) { ch <- cacheDesc }

func (c *cacheCollector) Collect(ch chan<- prometheus.Metric) {
	hits, shapes, misses := c.stats()
	ch <- prometheus.MustNewConstMetric(cacheDesc, prometheus.CounterValue, float64(hits), "hit")
	ch <- prometheus.MustNewConstMetric(cacheDesc, prometheus.CounterValue, float64(shapes), "shape")
	ch <- prometheus.MustNewConstMetric(cacheDesc, prometheus.CounterValue, float64(misses), "miss")
}
