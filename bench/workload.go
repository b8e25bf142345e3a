package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
)

// workload is one pgbench -S-like statement stream: the pgbench script that drives the
// PostgreSQL endpoints, and how a Go client sends the same statements straight to IRIS.
type workload struct {
	name   string
	mode   string // pgbench -M
	script string
	// direct: the IRIS statement pgwired sends, with aid (and tag) spliced in as literal
	// text (simple modes) or bound as a parameter (extended, prepared).
	irisPrefix, irisMiddle, irisSuffix string
	bind, prepare                      bool
	uniqueText                         bool
}

// Repeated workloads draw aid from 1..1000 so that, in simple mode, every statement text
// has been seen before and pgwired's translation cache hits (its default size is 4096).
// The never-seen workload adds a random tag, as client-side interpolation (psycopg2)
// produces: every text is new, and only its shape repeats (translate's shape cache).
const (
	hotScript = "\\set aid random(1, 1000)\nSELECT abalance FROM pgbench_accounts WHERE aid = :aid;\n"
	newScript = "\\set aid random(1, 100000)\n\\set tag random(1, 2000000000)\n" +
		"SELECT abalance FROM pgbench_accounts WHERE aid = :aid AND abalance > -:tag;\n"
	aidMarker = "424242"
	tagMarker = "737373"
)

func workloads() ([]workload, error) {
	lit, err := irisText("SELECT abalance FROM pgbench_accounts WHERE aid = " + aidMarker)
	if err != nil {
		return nil, err
	}
	par, err := irisText("SELECT abalance FROM pgbench_accounts WHERE aid = $1")
	if err != nil {
		return nil, err
	}
	uniq, err := irisText("SELECT abalance FROM pgbench_accounts WHERE aid = " + aidMarker + " AND abalance > -" + tagMarker)
	if err != nil {
		return nil, err
	}
	pre, suf, ok := strings.Cut(lit, aidMarker)
	if !ok {
		return nil, fmt.Errorf("translated text %q lost the literal", lit)
	}
	upre, urest, ok1 := strings.Cut(uniq, aidMarker)
	umid, usuf, ok2 := strings.Cut(urest, tagMarker)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("translated text %q lost a literal", uniq)
	}
	return []workload{
		{name: "select-only simple", mode: "simple", script: hotScript, irisPrefix: pre, irisSuffix: suf},
		{name: "select-only extended", mode: "extended", script: hotScript, irisPrefix: par, bind: true},
		{name: "select-only prepared", mode: "prepared", script: hotScript, irisPrefix: par, bind: true, prepare: true},
		{name: "never-seen text simple", mode: "simple", script: newScript, irisPrefix: upre, irisMiddle: umid, irisSuffix: usuf, uniqueText: true},
	}, nil
}

// irisText is the IRIS statement pgwired sends for one PostgreSQL statement.
func irisText(pg string) (string, error) {
	plans, err := translate.Translate(pg, translate.DefaultOptions())
	if err != nil {
		return "", err
	}
	if len(plans) != 1 || plans[0].SQL == "" {
		return "", fmt.Errorf("translation of %q is not one IRIS statement", pg)
	}
	return plans[0].SQL, nil
}

// runDirect drives the simulator straight with internal/iris: one connection per client,
// each sending the workload's statements back to back for dur.
func runDirect(addr string, w workload, clients int, dur time.Duration) (measure, error) {
	ctx := context.Background()
	conns := make([]*iris.Conn, clients)
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
	}()
	for i := range conns {
		c, err := iris.Connect(ctx, iris.Options{Addr: addr, Namespace: "USER", Username: "_SYSTEM", Password: "SYS"})
		if err != nil {
			return measure{}, err
		}
		conns[i] = c
	}
	lats := make([][]time.Duration, clients)
	errs := make([]error, clients)
	var wg sync.WaitGroup
	begin := time.Now()
	deadline := begin.Add(dur)
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lats[i], errs[i] = directClient(ctx, c, w, deadline)
		}()
	}
	wg.Wait()
	elapsed := time.Since(begin)
	var all []time.Duration
	for i := range lats {
		if errs[i] != nil {
			return measure{}, errs[i]
		}
		all = append(all, lats[i]...)
	}
	return newMeasure(float64(len(all))/elapsed.Seconds(), all), nil
}

func directClient(ctx context.Context, c *iris.Conn, w workload, deadline time.Time) ([]time.Duration, error) {
	var stmt *iris.Stmt
	if w.prepare {
		s, err := c.Prepare(ctx, w.irisPrefix)
		if err != nil {
			return nil, err
		}
		defer s.Close()
		stmt = s
	}
	lat := make([]time.Duration, 0, 1<<14)
	var text []byte
	args := make([]any, 1)
	for {
		start := time.Now()
		if start.After(deadline) {
			return lat, nil
		}
		aid := 1 + rand.IntN(1000)
		var rows *iris.Rows
		var err error
		switch {
		case stmt != nil:
			args[0] = int64(aid)
			rows, err = stmt.Query(ctx, args)
		case w.bind:
			args[0] = int64(aid)
			rows, err = c.Query(ctx, w.irisPrefix, args)
		default:
			if w.uniqueText {
				aid = 1 + rand.IntN(100000)
			}
			text = append(text[:0], w.irisPrefix...)
			text = strconv.AppendInt(text, int64(aid), 10)
			if w.uniqueText {
				text = append(text, w.irisMiddle...)
				text = strconv.AppendInt(text, int64(1+rand.IntN(2000000000)), 10)
			}
			text = append(text, w.irisSuffix...)
			rows, err = c.Query(ctx, string(text), nil)
		}
		if err != nil {
			return nil, err
		}
		n := 0
		for rows.Next() {
			n++
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if n != 1 {
			return nil, fmt.Errorf("aid %d: %d rows, want 1", aid, n)
		}
		lat = append(lat, time.Since(start))
	}
}

// measure is one cell: throughput and the latency distribution of one run.
type measure struct {
	TPS     float64 `json:"tps"`
	Queries int     `json:"queries"`
	P50us   float64 `json:"p50_us"`
	P99us   float64 `json:"p99_us"`
	// CPUPerQueryUs is the proxy process's CPU time divided by the queries (proxies only).
	CPUPerQueryUs float64 `json:"cpu_per_query_us,omitempty"`
}

func newMeasure(tps float64, lat []time.Duration) measure {
	slices.Sort(lat)
	return measure{TPS: tps, Queries: len(lat), P50us: micros(percentile(lat, 0.50)), P99us: micros(percentile(lat, 0.99))}
}

// percentile is the nearest-rank percentile of sorted samples.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
