package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// target is a PostgreSQL endpoint pgbench talks to.
type target struct {
	name     string
	port     int
	user     string
	password string
	dbname   string
}

func (t target) env() []string {
	// PGSSLMODE explicit: the default (prefer) silently switches to TLS whenever the
	// server offers it (testbed.md, gotcha 3); every column runs in plaintext.
	return []string{"PGPASSWORD=" + t.password, "PGSSLMODE=disable", "PGGSSENCMODE=disable", "PGCONNECT_TIMEOUT=10"}
}

// pgbenchInit creates pgbench's tables at scale 1 (100,000 accounts) without VACUUM,
// which the simulator has no use for.
func pgbenchInit(pgbench string, t target) error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, pgbench, "-h", "127.0.0.1", "-p", strconv.Itoa(t.port), "-U", t.user,
		"-i", "-s", "1", "-I", "dtgp", "-q", t.dbname)
	cmd.Env = append(os.Environ(), t.env()...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("pgbench -i on %s: %v\n%s", t.name, err, out)
	}
	return nil
}

var tpsLine = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)
var failedLine = regexp.MustCompile(`number of failed transactions: (\d+)`)

// runPgbench runs one bounded pgbench workload with per-transaction logging and returns
// its TPS, latencies and query count.
func runPgbench(pgbench string, t target, w workload, clients int, dur time.Duration, dir string) (measure, error) {
	logDir, err := os.MkdirTemp(dir, "pgbench-log-")
	if err != nil {
		return measure{}, err
	}
	defer os.RemoveAll(logDir)
	script := filepath.Join(logDir, "script.sql")
	if err := os.WriteFile(script, []byte(w.script), 0o644); err != nil {
		return measure{}, err
	}
	jobs := min(clients, 2)
	args := []string{"-h", "127.0.0.1", "-p", strconv.Itoa(t.port), "-U", t.user, "-n",
		"-M", w.mode, "-f", script, "-c", strconv.Itoa(clients), "-j", strconv.Itoa(jobs),
		"-T", strconv.Itoa(int(dur / time.Second)), "-l", "--log-prefix", filepath.Join(logDir, "tx"), t.dbname}
	ctx, cancel := context.WithTimeout(context.Background(), dur+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, pgbench, args...)
	cmd.Env = append(os.Environ(), t.env()...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return measure{}, fmt.Errorf("pgbench %s on %s: %v\n%s", w.name, t.name, err, tail(out))
	}
	m := tpsLine.FindSubmatch(out)
	if m == nil {
		return measure{}, fmt.Errorf("no tps in pgbench output:\n%s", out)
	}
	if f := failedLine.FindSubmatch(out); f != nil && string(f[1]) != "0" {
		return measure{}, fmt.Errorf("pgbench %s on %s: %s failed transactions", w.name, t.name, f[1])
	}
	tps, _ := strconv.ParseFloat(string(m[1]), 64)
	lat, err := readTxLogs(logDir)
	if err != nil {
		return measure{}, err
	}
	return newMeasure(tps, lat), nil
}

// readTxLogs collects the latency column (µs, third field) of pgbench's per-transaction
// logs: "client_id transaction_no time script_no time_epoch time_us".
func readTxLogs(dir string) ([]time.Duration, error) {
	files, err := filepath.Glob(filepath.Join(dir, "tx.*"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no pgbench transaction logs in %s", dir)
	}
	var lat []time.Duration
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		lat, err = appendTxLatencies(lat, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return lat, nil
}

func appendTxLatencies(lat []time.Duration, f *os.File) ([]time.Duration, error) {
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 {
			return lat, fmt.Errorf("short log line %q", sc.Text())
		}
		us, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil {
			return lat, fmt.Errorf("bad latency in %q", sc.Text())
		}
		lat = append(lat, time.Duration(us)*time.Microsecond)
	}
	return lat, sc.Err()
}
