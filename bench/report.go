package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// results is one run of make bench, as written to bench/results/latest.json.
type results struct {
	Started    string       `json:"started"`
	GoVersion  string       `json:"go_version"`
	CPUs       int          `json:"cpus"`
	RunSeconds int          `json:"run_seconds"`
	PgBouncer  bool         `json:"pgbouncer"`
	Rows       []row        `json:"rows"`
	Idle       []idleResult `json:"idle,omitempty"`

	Logins  *loginsResult `json:"logins,omitempty"`  // bench/logins.go
	Pooling []poolingRow  `json:"pooling,omitempty"` // bench/pooling.go
	Copy    *copyResult   `json:"copy,omitempty"`    // bench/copy.go
}

// row is one workload at one client count on every endpoint.
type row struct {
	Workload   string   `json:"workload"`
	Clients    int      `json:"clients"`
	DirectIRIS measure  `json:"direct_iris"`
	Pgwired    measure  `json:"pgwired"`
	Postgres   measure  `json:"postgres"`
	PgBouncer  *measure `json:"pgbouncer,omitempty"`
	GoRelay    *measure `json:"go_relay,omitempty"` // relay.go, in front of PostgreSQL
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func (r *results) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "pgwired vs direct IRIS (simulator), PgBouncer vs direct PostgreSQL 15: %s, %d CPUs, %s, %d s per run, runs interleaved.\n\n",
		r.Started, r.CPUs, r.GoVersion, r.RunSeconds)
	b.WriteString("| workload | clients | IRIS direct TPS | pgwired TPS | pgwired/direct | p50 direct → pgwired µs | p99 direct → pgwired µs | added p50 µs | pgwired CPU µs/query | PG TPS | PgBouncer TPS | PgBouncer/PG | added p50 µs | PgBouncer CPU µs/query | Go relay/PG | added p50 µs | Go relay CPU µs/query |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, x := range r.Rows {
		d, p, pg := x.DirectIRIS, x.Pgwired, x.Postgres
		fmt.Fprintf(&b, "| %s | %d | %.0f | %.0f | %.2f | %.0f → %.0f | %.0f → %.0f | %.0f | %.1f | %.0f |",
			x.Workload, x.Clients, d.TPS, p.TPS, ratio(p.TPS, d.TPS), d.P50us, p.P50us, d.P99us, p.P99us,
			p.P50us-d.P50us, p.CPUPerQueryUs, pg.TPS)
		if bo := x.PgBouncer; bo != nil {
			fmt.Fprintf(&b, " %.0f | %.2f | %.0f | %.1f |", bo.TPS, ratio(bo.TPS, pg.TPS), bo.P50us-pg.P50us, bo.CPUPerQueryUs)
		} else {
			b.WriteString(" – | – | – | – |")
		}
		if gr := x.GoRelay; gr != nil {
			fmt.Fprintf(&b, " %.2f | %.0f | %.1f |\n", ratio(gr.TPS, pg.TPS), gr.P50us-pg.P50us, gr.CPUPerQueryUs)
		} else {
			b.WriteString(" – | – | – |\n")
		}
	}
	b.WriteString(poolingMarkdown(r.Pooling))
	for _, i := range r.Idle {
		held := "each holds its own IRIS connection, included"
		if i.PoolMode == "transaction" {
			held = fmt.Sprintf("they share POOL_SIZE=%d IRIS connections", i.PoolSize)
		}
		fmt.Fprintf(&b, "\n%d idle connections through pgwired, POOL_MODE=%s (password login, 16 at a time): opened in %.2f s (%.0f logins/s, login p50 %.0f µs, p99 %.0f µs); pgwired RSS %d → %d KiB, %.1f KiB per connection (%s); after one SELECT 1 on each, %d KiB, %.1f KiB per connection.\n",
			i.Connections, i.PoolMode, i.OpenSeconds, i.LoginsPerSecond, i.LoginP50us, i.LoginP99us, i.RSSBeforeKiB, i.RSSAfterKiB, i.RSSPerConnKiB, held,
			i.RSSAfterQueryKiB, i.RSSPerConnAfterQueryKiB)
	}
	b.WriteString(`
- IRIS direct: a Go client (internal/iris, one connection per client) sends the statement
  pgwired sends to IRIS; pgwired: pgbench through pgwired to the same simulator process.
  The ratio and the added latency are pgwired's overhead, translation included.
- select-only: aid drawn from 1..1000, so simple-mode texts repeat (translation cache hit).
  never-seen text: random literals make every text new: the exact-text cache misses and the
  literals are filled into the translation of the text's shape (shape cache hit, no parse).
- PgBouncer runs in session mode (pgbench -M prepared needs it); everything is plaintext.
- Go relay: a byte relay in Go in front of PostgreSQL (bench/relay.go: one goroutine per
  direction, net.Conn Read/Write, no parsing), the floor under any Go proxy here: what the
  Go scheduler and netpoller add per round trip before the proxy does any work.
- Latencies are per transaction (one statement); CPU is utime+stime of the proxy process
  (10 ms ticks) over the run, divided by the queries it served. At one client pgwired
  busy-polls its sockets (BUSY_POLL, default 200us), and its CPU includes that polling.
`)
	if r.Logins != nil {
		b.WriteString(r.Logins.markdown())
	}
	if r.Copy != nil {
		b.WriteString(r.Copy.markdown())
	}
	return b.String()
}

func (r *results) write(dir, md string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "latest.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "latest.md"), []byte(md), 0o644)
}
