package main

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
)

// copyResult is the bulk section: COPY FROM STDIN of N rows through pgwired into the
// simulator, the same rows straight into the simulator and into PostgreSQL, then an
// N-row SELECT streamed through pgwired with its memory high-water mark.
type copyResult struct {
	Rows    int    `json:"rows"`
	Columns string `json:"columns"`
	// pgx CopyFrom (binary COPY) through pgwired into the simulator process.
	Pgwired copyRun `json:"pgwired"`
	// The rows pgwired sends, as DU batches of 1,000 parameter sets in one transaction
	// from a Go client (internal/iris): what the simulator alone takes.
	DirectIRIS copyRun `json:"direct_iris"`
	// pgx CopyFrom into PostgreSQL 15, for reference.
	Postgres copyRun   `json:"postgres"`
	Select   selectRun `json:"select"`
}

type copyRun struct {
	Seconds       float64 `json:"seconds"`
	RowsPerSecond float64 `json:"rows_per_second"`
	// CPU time of the pgwired and simulator processes during the run (10 ms ticks).
	PgwiredCPUSeconds float64 `json:"pgwired_cpu_seconds,omitempty"`
	SimCPUSeconds     float64 `json:"sim_cpu_seconds,omitempty"`
}

// selectRun is the streamed SELECT: pgwired's VmHWM (peak RSS) before the COPY, before
// the SELECT and after it.
type selectRun struct {
	Rows          int64   `json:"rows"`
	Seconds       float64 `json:"seconds"`
	RowsPerSecond float64 `json:"rows_per_second"`
	HWMStartKiB   int64   `json:"pgwired_vmhwm_before_copy_kib"`
	HWMBeforeKiB  int64   `json:"pgwired_vmhwm_before_kib"`
	HWMAfterKiB   int64   `json:"pgwired_vmhwm_after_kib"`
	RSSAfterKiB   int64   `json:"pgwired_rss_after_kib"`
}

const (
	copyTable   = "bench_copy"
	copyColumns = "id integer, name varchar(100), amount numeric(12,2), ts timestamp"
)

var copyBase = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// copyRowValues is row i for pgx: an int, a short text, a numeric with two decimals
// and a timestamp.
func copyRowValues(i int) []any {
	return []any{int32(i), "name-" + strconv.Itoa(i), pgtype.Numeric{Int: big.NewInt(int64(i) * 7), Exp: -2, Valid: true},
		copyBase.Add(time.Duration(i) * time.Second)}
}

// copyRowIRIS is row i as pgwired hands it to IRIS (session.decodeBinaryParam).
func copyRowIRIS(i int) []any {
	amount := strconv.Itoa(i * 7)
	for len(amount) < 3 {
		amount = "0" + amount
	}
	return []any{int64(i), "name-" + strconv.Itoa(i), iris.Decimal(amount[:len(amount)-2] + "." + amount[len(amount)-2:]),
		copyBase.Add(time.Duration(i) * time.Second).Format("2006-01-02 15:04:05.999999")}
}

func copyDSN(t target) string {
	return fmt.Sprintf("host=127.0.0.1 port=%d user=%s password=%s dbname=%s sslmode=disable", t.port, t.user, t.password, t.dbname)
}

// measureCopy runs the bulk section with n rows.
func measureCopy(env *environment, n int) (copyResult, error) {
	r := copyResult{Rows: n, Columns: copyColumns}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	pw, err := pgx.Connect(ctx, copyDSN(env.pgwiredT))
	if err != nil {
		return r, err
	}
	defer pw.Close(context.Background())
	hwmStart, err := copyStatusKiB(env.pgwired.pid(), "VmHWM")
	if err != nil {
		return r, err
	}
	if r.Pgwired, err = env.copyInto(ctx, pw, copyTable, n); err != nil {
		return r, fmt.Errorf("COPY through pgwired: %w", err)
	}
	if r.DirectIRIS, err = env.copyDirect(ctx, pw, n); err != nil {
		return r, fmt.Errorf("DU batches straight to the simulator: %w", err)
	}
	pg, err := pgx.Connect(ctx, copyDSN(env.postgresT))
	if err != nil {
		return r, err
	}
	defer pg.Close(context.Background())
	if r.Postgres, err = env.copyInto(ctx, pg, copyTable, n); err != nil {
		return r, fmt.Errorf("COPY into PostgreSQL: %w", err)
	}
	if r.Select, err = env.streamSelect(ctx, pw, n); err != nil {
		return r, fmt.Errorf("SELECT through pgwired: %w", err)
	}
	r.Select.HWMStartKiB = hwmStart
	return r, nil
}

// copyInto recreates table on conn and loads n rows with pgx's CopyFrom, timing it
// and charging pgwired's and the simulator's CPU to it (meaningful when conn goes
// through pgwired).
func (env *environment) copyInto(ctx context.Context, conn *pgx.Conn, table string, n int) (copyRun, error) {
	if err := copyRecreate(ctx, conn, table); err != nil {
		return copyRun{}, err
	}
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		return copyRowValues(i), nil
	})
	var got int64
	run, err := env.copyTimed(func() error {
		var err error
		got, err = conn.CopyFrom(ctx, pgx.Identifier{table}, []string{"id", "name", "amount", "ts"}, src)
		return err
	}, n)
	if err != nil {
		return run, err
	}
	if got != int64(n) {
		return run, fmt.Errorf("COPY reported %d rows, want %d", got, n)
	}
	return run, copyCheckCount(ctx, conn, table, n)
}

// copyDirect loads the same rows into a second table with DU batches of 1,000 sets,
// the statement pgwired sends for the COPY, in one transaction.
func (env *environment) copyDirect(ctx context.Context, pw *pgx.Conn, n int) (copyRun, error) {
	const table, batch = "bench_copy_direct", 1000
	if err := copyRecreate(ctx, pw, table); err != nil {
		return copyRun{}, err
	}
	defer pw.Exec(context.Background(), "DROP TABLE "+table)
	plans, err := translate.Translate("COPY "+table+" (id, name, amount, ts) FROM STDIN", translate.DefaultOptions())
	if err != nil || len(plans) != 1 || plans[0].Copy == nil || plans[0].Copy.InsertSQL == "" {
		return copyRun{}, fmt.Errorf("no INSERT for the COPY (%v)", err)
	}
	insert := plans[0].Copy.InsertSQL
	c, err := iris.Connect(ctx, iris.Options{Addr: env.simAddr, Namespace: "USER", Username: "_SYSTEM", Password: "SYS"})
	if err != nil {
		return copyRun{}, err
	}
	defer c.Close()
	run, err := env.copyTimed(func() error {
		if _, err := c.Exec(ctx, "START TRANSACTION", nil); err != nil {
			return err
		}
		sets := make([][]any, 0, batch)
		for i := 1; i <= n; i++ {
			sets = append(sets, copyRowIRIS(i))
			if len(sets) == batch || i == n {
				if _, err := c.ExecBatch(ctx, insert, sets); err != nil {
					return err
				}
				sets = sets[:0]
			}
		}
		return c.Commit(ctx)
	}, n)
	if err != nil {
		return run, err
	}
	return run, copyCheckCount(ctx, pw, table, n)
}

// streamSelect reads every row of the COPY's table through pgwired and records
// pgwired's peak RSS before and after: a streamed result keeps it flat.
func (env *environment) streamSelect(ctx context.Context, pw *pgx.Conn, n int) (selectRun, error) {
	pid := env.pgwired.pid()
	var r selectRun
	var err error
	if r.HWMBeforeKiB, err = copyStatusKiB(pid, "VmHWM"); err != nil {
		return r, err
	}
	start := time.Now()
	rows, err := pw.Query(ctx, "SELECT id, name, amount, ts FROM "+copyTable)
	if err != nil {
		return r, err
	}
	var bytes int
	for rows.Next() {
		for _, v := range rows.RawValues() {
			bytes += len(v)
		}
		r.Rows++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, err
	}
	r.Seconds = time.Since(start).Seconds()
	r.RowsPerSecond = float64(r.Rows) / r.Seconds
	if r.Rows != int64(n) || bytes == 0 {
		return r, fmt.Errorf("SELECT returned %d rows (%d bytes), want %d", r.Rows, bytes, n)
	}
	if r.HWMAfterKiB, err = copyStatusKiB(pid, "VmHWM"); err != nil {
		return r, err
	}
	r.RSSAfterKiB, err = copyStatusKiB(pid, "VmRSS")
	return r, err
}

// copyTimed runs f and measures wall time and the two server processes' CPU time.
func (env *environment) copyTimed(f func() error, n int) (copyRun, error) {
	pw0, err1 := cpuTime(env.pgwired.pid())
	sim0, err2 := cpuTime(env.sim.pid())
	if err1 != nil || err2 != nil {
		return copyRun{}, fmt.Errorf("CPU time: %v %v", err1, err2)
	}
	start := time.Now()
	if err := f(); err != nil {
		return copyRun{}, err
	}
	el := time.Since(start)
	pw1, err1 := cpuTime(env.pgwired.pid())
	sim1, err2 := cpuTime(env.sim.pid())
	if err1 != nil || err2 != nil {
		return copyRun{}, fmt.Errorf("CPU time: %v %v", err1, err2)
	}
	return copyRun{Seconds: el.Seconds(), RowsPerSecond: float64(n) / el.Seconds(),
		PgwiredCPUSeconds: (pw1 - pw0).Seconds(), SimCPUSeconds: (sim1 - sim0).Seconds()}, nil
}

func copyRecreate(ctx context.Context, conn *pgx.Conn, table string) error {
	if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+table); err != nil {
		return err
	}
	_, err := conn.Exec(ctx, "CREATE TABLE "+table+" ("+copyColumns+")")
	return err
}

func copyCheckCount(ctx context.Context, conn *pgx.Conn, table string, n int) error {
	var got int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&got); err != nil {
		return err
	}
	if got != int64(n) {
		return fmt.Errorf("%s holds %d rows after the load, want %d", table, got, n)
	}
	return nil
}

// copyStatusKiB reads a kB field (VmHWM, VmRSS) of /proc/<pid>/status.
func copyStatusKiB(pid int, field string) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				return strconv.ParseInt(f[0], 10, 64)
			}
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

func (c *copyResult) markdown() string {
	var b strings.Builder
	p, d, pg, s := c.Pgwired, c.DirectIRIS, c.Postgres, c.Select
	fmt.Fprintf(&b, "\nCOPY FROM STDIN of %d rows (%s; pgx CopyFrom, binary), one run each:\n\n", c.Rows, c.Columns)
	b.WriteString("| load | seconds | rows/s | pgwired CPU s | simulator CPU s |\n|---|---:|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| COPY through pgwired into the simulator | %.2f | %.0f | %.2f | %.2f |\n", p.Seconds, p.RowsPerSecond, p.PgwiredCPUSeconds, p.SimCPUSeconds)
	fmt.Fprintf(&b, "| the same rows as DU batches of 1,000 straight to the simulator | %.2f | %.0f | – | %.2f |\n", d.Seconds, d.RowsPerSecond, d.SimCPUSeconds)
	fmt.Fprintf(&b, "| COPY into PostgreSQL 15 direct | %.2f | %.0f | – | – |\n", pg.Seconds, pg.RowsPerSecond)
	fmt.Fprintf(&b, "\npgwired/direct simulator: %.2f of the rows/s. ", ratio(p.RowsPerSecond, d.RowsPerSecond))
	fmt.Fprintf(&b, "SELECT of the %d rows streamed through pgwired: %.2f s, %.0f rows/s; pgwired VmHWM %d KiB before the COPY, %d KiB after it, %d KiB after the SELECT (+%d KiB for the SELECT); RSS after %d KiB.\n",
		s.Rows, s.Seconds, s.RowsPerSecond, s.HWMStartKiB, s.HWMBeforeKiB, s.HWMAfterKiB, s.HWMAfterKiB-s.HWMBeforeKiB, s.RSSAfterKiB)
	return b.String()
}
