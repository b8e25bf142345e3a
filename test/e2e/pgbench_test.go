package e2e

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

const pgbenchPath = pgBin + "/pgbench"

// runPgbench runs PostgreSQL 15's pgbench against p with a time bound and returns its
// combined output and error. PGSSLMODE is explicit: pgbench's default (prefer) would
// switch to TLS silently whenever the server offers it (testbed.md, gotcha 3).
func runPgbench(t *testing.T, p *pgwired, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	all := append([]string{"-h", "127.0.0.1", "-p", strconv.Itoa(p.Port), "-U", "_SYSTEM"}, args...)
	cmd := exec.CommandContext(ctx, pgbenchPath, append(all, "USER")...)
	cmd.Env = append(os.Environ(), "PGPASSWORD=SYS", "PGSSLMODE=require", "PGGSSENCMODE=disable", "PGCONNECT_TIMEOUT=10")
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("pgbench %v did not finish within 3 minutes:\n%s", args, out)
	}
	return string(out), err
}

// TestPgbench initializes pgbench's tables through pgwired and runs the select-only and
// TPC-B-like workloads in the three query modes; every transaction must succeed, and the
// TPC-B balances must add up afterwards.
func TestPgbench(t *testing.T) {
	if _, err := os.Stat(pgbenchPath); err != nil {
		t.Skipf("pgbench not installed (apt-get install postgresql): %v", err)
	}
	requirePsql(t)
	p := startOwnPgwired(t)

	// d: drop, t: create tables, g: client-side generate (COPY), p: primary keys; no vacuum.
	out, err := runPgbench(t, p, "-i", "-s", "1", "-I", "dtgp")
	if err != nil || !strings.Contains(out, "done in") {
		t.Fatalf("pgbench -i -s 1 -I dtgp failed: %v\n%s", err, out)
	}
	counts := runPsql(t, p.DSN(), `SELECT (SELECT count(*) FROM pgbench_branches) AS b, (SELECT count(*) FROM pgbench_tellers) AS t,
  (SELECT count(*) FROM pgbench_accounts) AS a, (SELECT count(*) FROM pgbench_history) AS h,
  (SELECT sum(abalance) FROM pgbench_accounts) AS s;`, "-A", "-t")
	if want := "1|10|100000|0|0\n"; counts != want {
		t.Fatalf("tables after pgbench -i: %q, want %q", counts, want)
	}

	processed := regexp.MustCompile(`number of transactions actually processed: (\d+)/(\d+)`)
	check := func(t *testing.T, mode string, wantTx int, args ...string) {
		t.Helper()
		out, err := runPgbench(t, p, args...)
		if err != nil {
			t.Fatalf("pgbench %v: %v\n%s", args, err, out)
		}
		if !strings.Contains(out, "query mode: "+mode+"\n") {
			t.Errorf("pgbench did not run in %s mode:\n%s", mode, out)
		}
		m := processed.FindStringSubmatch(out)
		if m == nil || m[1] != strconv.Itoa(wantTx) || m[2] != strconv.Itoa(wantTx) {
			t.Errorf("want %d/%d transactions processed:\n%s", wantTx, wantTx, out)
		}
		if !strings.Contains(out, "number of failed transactions: 0 (0.000%)") {
			t.Errorf("some transactions failed:\n%s", out)
		}
	}
	for _, mode := range []string{"simple", "extended", "prepared"} {
		t.Run("select-only/"+mode, func(t *testing.T) {
			check(t, mode, 100, "-S", "-n", "-t", "50", "-c", "2", "-M", mode)
		})
	}
	for _, mode := range []string{"simple", "extended", "prepared"} {
		t.Run("tpcb-like/"+mode, func(t *testing.T) {
			check(t, mode, 40, "-n", "-t", "20", "-c", "2", "-M", mode)
		})
	}
	// TPC-B adds each transaction's delta to one account, teller and branch and logs it in
	// the history: with every transaction committed whole, the four sums agree.
	sums := runPsql(t, p.DSN(), `SELECT (SELECT count(*) FROM pgbench_history), (SELECT sum(delta) FROM pgbench_history),
  (SELECT sum(abalance) FROM pgbench_accounts), (SELECT sum(tbalance) FROM pgbench_tellers), (SELECT sum(bbalance) FROM pgbench_branches);`, "-A", "-t")
	f := strings.Split(strings.TrimSpace(sums), "|")
	if len(f) != 5 || f[0] != "120" || f[1] != f[2] || f[1] != f[3] || f[1] != f[4] {
		t.Errorf("after 120 TPC-B transactions: history count|sum(delta)|accounts|tellers|branches = %q; want 120 and four equal sums", sums)
	}
	assertServerWorks(t, p)
}
