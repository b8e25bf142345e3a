package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// environment is every server of one run: the simulator (its own process, so that
// pgwired's CPU time is pgwired's alone), pgwired on it, PostgreSQL, PgBouncer and the
// Go relay (relay.go) in front of PostgreSQL.
type environment struct {
	dir                                      string
	sim, pgwired, postgres, pgbouncer, relay *process
	simAddr, pgwiredBin                      string
	pgwiredT, postgresT, pgbouncerT, relayT  target
}

func startEnvironment(repo string, tl tools, maxSessions int) (env *environment, err error) {
	dir, err := os.MkdirTemp("", "pgwired-bench-")
	if err != nil {
		return nil, err
	}
	env = &environment{dir: dir}
	defer func() {
		if err != nil {
			env.stop()
		}
	}()
	fmt.Println("building pgwired and irissim ...")
	pgwiredBin, simBin, err := buildBinaries(repo, dir)
	if err != nil {
		return env, err
	}
	simPort := freePort()
	env.simAddr = "127.0.0.1:" + strconv.Itoa(simPort)
	if env.sim, err = start("irissim", dir, nil, nil, simBin, "-listen", env.simAddr, "-data", dir); err != nil {
		return env, err
	}
	if err = waitPort(env.simAddr, 30*time.Second); err != nil {
		return env, err
	}
	env.pgwiredBin = pgwiredBin
	// Room for the idle-connection measurement; each session holds one IRIS connection.
	var pwPort int
	env.pgwired, pwPort, err = startPgwired(pgwiredBin, dir, "pgwired", env.simAddr,
		"MAX_CONNECTIONS="+strconv.Itoa(maxSessions), "POOL_SIZE="+strconv.Itoa(maxSessions))
	if err != nil {
		return env, err
	}
	env.pgwiredT = target{name: "pgwired", port: pwPort, user: "_SYSTEM", password: "SYS", dbname: "USER"}
	pgPort := freePort()
	if env.postgres, err = startPostgres(tl, dir, pgPort); err != nil {
		return env, err
	}
	env.postgresT = target{name: "postgres", port: pgPort, user: "postgres", dbname: "postgres"}
	if tl.pgbouncer != "" {
		bPort := freePort()
		if env.pgbouncer, err = startPgbouncer(tl, dir, bPort, pgPort); err != nil {
			return env, fmt.Errorf("%w\n%s", err, readLog(env.pgbouncer))
		}
		env.pgbouncerT = target{name: "pgbouncer", port: bPort, user: "postgres", dbname: "bench"}
	}
	rPort := freePort()
	if env.relay, err = startRelay(dir, rPort, pgPort); err != nil {
		return env, fmt.Errorf("%w\n%s", err, readLog(env.relay))
	}
	env.relayT = target{name: "go relay", port: rPort, user: "postgres", dbname: "postgres"}
	fmt.Println("pgbench -i -s 1 through pgwired and on PostgreSQL ...")
	if err = pgbenchInit(tl.pgbench, env.pgwiredT); err != nil {
		return env, err
	}
	if err = pgbenchInit(tl.pgbench, env.postgresT); err != nil {
		return env, err
	}
	// One unmeasured run per endpoint fills pgwired's translation cache with the 1,000
	// repeated texts and warms PostgreSQL's buffers, so the first measured row is not
	// a warm-up.
	fmt.Println("warming up ...")
	warm := workload{name: "warm-up", mode: "simple", script: hotScript}
	for _, t := range []target{env.pgwiredT, env.postgresT} {
		if _, err = runPgbench(tl.pgbench, t, warm, 4, 2*time.Second, dir); err != nil {
			return env, err
		}
	}
	return env, nil
}

func readLog(p *process) string {
	if p == nil {
		return ""
	}
	b, _ := os.ReadFile(p.log.Name())
	return tail(b)
}

func (env *environment) stop() {
	for _, p := range []*process{env.relay, env.pgbouncer, env.pgwired, env.postgres, env.sim} {
		p.stop()
	}
	os.RemoveAll(env.dir)
}

// measureRow runs one workload at one client count on every endpoint, back to back.
func (env *environment) measureRow(tl tools, w workload, clients int, dur time.Duration) (row, error) {
	r := row{Workload: w.name, Clients: clients}
	var err error
	if r.DirectIRIS, err = runDirect(env.simAddr, w, clients, dur); err != nil {
		return r, fmt.Errorf("direct IRIS %s: %w", w.name, err)
	}
	if r.Pgwired, err = env.proxied(tl, env.pgwired, env.pgwiredT, w, clients, dur); err != nil {
		return r, err
	}
	if r.Postgres, err = runPgbench(tl.pgbench, env.postgresT, w, clients, dur, env.dir); err != nil {
		return r, err
	}
	if env.pgbouncer != nil {
		m, err := env.proxied(tl, env.pgbouncer, env.pgbouncerT, w, clients, dur)
		if err != nil {
			return r, err
		}
		r.PgBouncer = &m
	}
	m, err := env.proxied(tl, env.relay, env.relayT, w, clients, dur)
	if err != nil {
		return r, err
	}
	r.GoRelay = &m
	return r, nil
}

// proxied runs pgbench through a proxy and charges the proxy's CPU time to the queries.
func (env *environment) proxied(tl tools, p *process, t target, w workload, clients int, dur time.Duration) (measure, error) {
	before, err := cpuTime(p.pid())
	if err != nil {
		return measure{}, err
	}
	m, err := runPgbench(tl.pgbench, t, w, clients, dur, env.dir)
	if err != nil {
		return m, err
	}
	after, err := cpuTime(p.pid())
	if err != nil {
		return m, err
	}
	if m.Queries > 0 {
		m.CPUPerQueryUs = micros(after-before) / float64(m.Queries)
	}
	return m, nil
}
