package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// poolingRow is one workload with many clients over few backend connections:
// pgwired with POOL_MODE=transaction against the simulator, PgBouncer with
// pool_mode=transaction against PostgreSQL, each next to its backend served directly
// with one connection per client.
type poolingRow struct {
	Workload   string   `json:"workload"`
	Clients    int      `json:"clients"`
	PoolSize   int      `json:"pool_size"`
	DirectIRIS measure  `json:"direct_iris"`
	Pgwired    measure  `json:"pgwired"`
	Postgres   measure  `json:"postgres"`
	PgBouncer  *measure `json:"pgbouncer,omitempty"`
}

// measurePooling runs the simple and extended select-only workloads with clients clients
// sharing poolSize connections. pgbench -M prepared is left out: PgBouncer 1.18 cannot
// keep prepared statements in transaction mode (pgwired can).
func measurePooling(env *environment, tl tools, wls []workload, clients, poolSize int, dur time.Duration) ([]poolingRow, error) {
	p, port, err := startPgwired(env.pgwiredBin, env.dir, "pgwired-transaction-pool", env.simAddr,
		"POOL_MODE=transaction", "POOL_SIZE="+strconv.Itoa(poolSize), "MAX_CONNECTIONS="+strconv.Itoa(clients+16))
	if err != nil {
		return nil, err
	}
	defer p.stop()
	pwT := env.pgwiredT
	pwT.port = port

	var bouncer *process
	var bT target
	if tl.pgbouncer != "" {
		bPort := freePort()
		if bouncer, err = startPgbouncerMode(tl, env.dir, "pgbouncer-transaction", bPort, env.postgresT.port, "transaction", poolSize); err != nil {
			return nil, fmt.Errorf("%w\n%s", err, readLog(bouncer))
		}
		defer bouncer.stop()
		bT = env.pgbouncerT
		bT.port = bPort
	}

	var rows []poolingRow
	for _, w := range wls {
		if w.mode != "simple" && w.mode != "extended" || w.uniqueText {
			continue
		}
		fmt.Printf("%-24s %3d clients over %d connections ...\n", w.name, clients, poolSize)
		r := poolingRow{Workload: w.name, Clients: clients, PoolSize: poolSize}
		if r.DirectIRIS, err = runDirect(env.simAddr, w, clients, dur); err != nil {
			return nil, err
		}
		if r.Pgwired, err = env.proxied(tl, p, pwT, w, clients, dur); err != nil {
			return nil, err
		}
		if r.Postgres, err = runPgbench(tl.pgbench, env.postgresT, w, clients, dur, env.dir); err != nil {
			return nil, err
		}
		if bouncer != nil {
			m, err := env.proxied(tl, bouncer, bT, w, clients, dur)
			if err != nil {
				return nil, err
			}
			r.PgBouncer = &m
		}
		rows = append(rows, r)
	}
	return rows, nil
}

func poolingMarkdown(rows []poolingRow) string {
	if len(rows) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nTransaction pooling: %d clients over %d backend connections (pgwired POOL_MODE=transaction on the simulator, PgBouncer pool_mode=transaction on PostgreSQL), against the backend served directly with one connection per client:\n\n", rows[0].Clients, rows[0].PoolSize)
	b.WriteString("| workload | IRIS direct TPS | pgwired TPS | pgwired/direct | pgwired CPU µs/query | PG TPS | PgBouncer TPS | PgBouncer/PG | PgBouncer CPU µs/query |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %.0f | %.0f | %.2f | %.1f | %.0f |", r.Workload, r.DirectIRIS.TPS, r.Pgwired.TPS,
			ratio(r.Pgwired.TPS, r.DirectIRIS.TPS), r.Pgwired.CPUPerQueryUs, r.Postgres.TPS)
		if bo := r.PgBouncer; bo != nil {
			fmt.Fprintf(&b, " %.0f | %.2f | %.1f |\n", bo.TPS, ratio(bo.TPS, r.Postgres.TPS), bo.CPUPerQueryUs)
		} else {
			b.WriteString(" – | – | – |\n")
		}
	}
	return b.String()
}
