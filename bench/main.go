// Command bench measures pgwired's per-query overhead next to PgBouncer's, in one run:
// pgbench -S-like workloads through pgwired on the IRIS simulator versus the same IRIS
// statements sent straight to the simulator by a Go client (internal/iris), and pgbench
// against PostgreSQL 15 directly versus through PgBouncer. Runs are short and
// interleaved so that machine noise hits every column alike.
//
// Needs pgbench, initdb and pg_ctl from PostgreSQL 15 (apt-get install -y postgresql)
// and, for the PgBouncer column, pgbouncer (apt-get install -y pgbouncer). It installs
// nothing itself. Run from the repository root: go run ./bench (make bench).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	dur := flag.Duration("duration", 5*time.Second, "length of each run (whole seconds)")
	clientList := flag.String("clients", "1,8,64", "comma-separated client counts")
	out := flag.String("out", "bench/results", "directory for latest.json and latest.md")
	idle := flag.Int("idle", 1000, "idle client connections to hold open through pgwired in session pooling (0: skip)")
	idleTx := flag.Int("idle-transaction-pooling", 10000, "idle client connections to hold open through pgwired in transaction pooling (0: skip)")
	logins := flag.Int("logins", 300, "logins per authentication method and run in the logins section")
	copyRows := flag.Int("copy-rows", 1000000, "rows to COPY and then SELECT in the copy section")
	sectionList := flag.String("sections", "pgbench,pooling,idle,copy,logins", "which parts to run, comma-separated")
	relayListen := flag.String("relay-listen", "", "internal: run as the Go relay on this address (see relay.go)")
	relayTo := flag.String("relay-to", "", "internal: the address the Go relay forwards to")
	flag.Parse()
	if *relayListen != "" {
		return serveRelay(*relayListen, *relayTo)
	}
	sections := map[string]bool{}
	for _, s := range strings.Split(*sectionList, ",") {
		switch s = strings.TrimSpace(s); s {
		case "pgbench", "pooling", "idle", "copy", "logins":
			sections[s] = true
		case "":
		default:
			return fmt.Errorf("unknown section %q (pgbench, pooling, idle, copy, logins)", s)
		}
	}
	clients, err := parseInts(*clientList)
	if err != nil {
		return err
	}
	if *dur < time.Second {
		return fmt.Errorf("-duration must be at least 1s (pgbench -T counts whole seconds)")
	}
	repo, err := os.Getwd()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(repo, "go.mod")); err != nil {
		return fmt.Errorf("run from the repository root (go run ./bench): %w", err)
	}
	tl, missing := findTools()
	if len(missing) > 0 {
		return fmt.Errorf("missing: %s", strings.Join(missing, "; "))
	}
	if tl.pgbouncer == "" {
		fmt.Println("pgbouncer not installed (apt-get install -y pgbouncer): the PgBouncer columns are skipped")
	}
	wls, err := workloads()
	if err != nil {
		return err
	}

	env, err := startEnvironment(repo, tl, max(*idle, slices.Max(clients))+16)
	if err != nil {
		return err
	}
	defer env.stop()

	res := results{
		Started: time.Now().UTC().Format(time.RFC3339), GoVersion: runtime.Version(), CPUs: runtime.NumCPU(),
		RunSeconds: int(*dur / time.Second), PgBouncer: tl.pgbouncer != "",
	}
	for _, w := range wls {
		if !sections["pgbench"] {
			break
		}
		for _, c := range clients {
			fmt.Printf("%-24s %3d clients ...\n", w.name, c)
			row, err := env.measureRow(tl, w, c, *dur)
			if err != nil {
				return err
			}
			res.Rows = append(res.Rows, row)
		}
	}
	if sections["pooling"] {
		rows, err := measurePooling(env, tl, wls, 64, 8, *dur)
		if err != nil {
			return err
		}
		res.Pooling = rows
	}
	if *idle > 0 && sections["idle"] {
		fmt.Printf("%d idle connections through pgwired ...\n", *idle)
		r, err := measureIdle(env.pgwired, env.pgwiredT, *idle)
		if err != nil {
			return err
		}
		r.PoolMode, r.PoolSize = "session", max(*idle, slices.Max(clients))+16
		res.Idle = append(res.Idle, r)
	}
	if *idleTx > 0 && sections["idle"] {
		fmt.Printf("%d idle connections through pgwired with POOL_MODE=transaction ...\n", *idleTx)
		r, err := measureIdleTransactionPooling(env, *idleTx)
		if err != nil {
			return err
		}
		res.Idle = append(res.Idle, r)
	}
	if *logins > 0 && sections["logins"] {
		fmt.Printf("logins per authentication method (%d per run) ...\n", *logins)
		r, err := measureLogins(env, *logins)
		if err != nil {
			return err
		}
		res.Logins = &r
	}
	if *copyRows > 0 && sections["copy"] {
		fmt.Printf("COPY FROM STDIN of %d rows, then a %d-row SELECT ...\n", *copyRows, *copyRows)
		r, err := measureCopy(env, *copyRows)
		if err != nil {
			return err
		}
		res.Copy = &r
	}
	md := res.markdown()
	fmt.Println()
	fmt.Print(md)
	if err := res.write(*out, md); err != nil {
		return err
	}
	fmt.Printf("\nwritten to %s/latest.json and %s/latest.md\n", *out, *out)
	return nil
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad client count %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}
