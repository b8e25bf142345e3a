package e2e

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// psql used the way people use it from a shell: -c, -f, ON_ERROR_STOP, --single-transaction
// and \copy to and from files. Each run goes to PostgreSQL 15 and to pgwired; stdout,
// stderr (with VERBOSITY sqlstate, so IRIS's message wording is not compared), the exit
// status and the files written must be the same.

// psqlResult is what a shell user sees from one psql run.
type psqlResult struct {
	stdout, stderr string
	exit           int
}

func (r psqlResult) String() string {
	return "exit " + strconv.Itoa(r.exit) + "\n--- stdout\n" + r.stdout + "--- stderr\n" + r.stderr
}

// psqlCLI runs psql with arguments (no script on stdin) in dir.
func psqlCLI(t *testing.T, dir, dsn string, args ...string) psqlResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, psqlPath, append([]string{"-X", "-d", dsn}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10", "PAGER=", "PGGSSENCMODE=disable")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := psqlResult{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.exit = ee.ExitCode()
	default:
		t.Fatalf("psql: %v", err)
	}
	if ctx.Err() != nil {
		t.Fatalf("psql %v did not finish in time", args)
	}
	return res
}

// cliTarget is one server with its own working directory for files.
type cliTarget struct {
	name, dsn, dir string
}

// cliTargets returns a fresh PostgreSQL database and the shared pgwired, from which the
// given tables are dropped first so that both start from the same state (the shared
// pgwired outlives one test, e.g. under -count=2).
func cliTargets(t *testing.T, tables ...string) (pg, pw cliTarget) {
	requirePsql(t)
	oracle := startOracle(t)
	shared := sharedPgwired(t)
	pg = cliTarget{"postgres", oracle.freshDB(t), t.TempDir()}
	pw = cliTarget{"pgwired", shared.DSN(), t.TempDir()}
	for _, table := range tables {
		if out := runPsql(t, pw.dsn, "DROP TABLE IF EXISTS "+table+";", "-q"); strings.Contains(out, "ERROR") {
			t.Fatalf("dropping %s: %s", table, out)
		}
	}
	return pg, pw
}

// sameRun runs the same psql command line against both servers and requires the same result.
func sameRun(t *testing.T, pg, pw cliTarget, args ...string) psqlResult {
	t.Helper()
	want := psqlCLI(t, pg.dir, pg.dsn, args...)
	got := psqlCLI(t, pw.dir, pw.dsn, args...)
	if got != want {
		t.Errorf("psql %s: pgwired differs from PostgreSQL 15\n%s", strings.Join(args, " "), lineDiff(want.String(), got.String()))
	}
	return got
}

// writeBoth writes the same file into both working directories.
func writeBoth(t *testing.T, pg, pw cliTarget, name, body string) {
	t.Helper()
	for _, d := range []string{pg.dir, pw.dir} {
		if err := os.WriteFile(filepath.Join(d, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPsqlCommandLine(t *testing.T) {
	pg, pw := cliTargets(t, "e2e_cli_c", "e2e_cli_f")
	v := []string{"-v", "VERBOSITY=sqlstate"}

	t.Run("-c", func(t *testing.T) {
		r := sameRun(t, pg, pw, append(v,
			"-c", "DROP TABLE IF EXISTS e2e_cli_c",
			"-c", "CREATE TABLE e2e_cli_c (id integer PRIMARY KEY, name varchar(20))",
			"-c", "INSERT INTO e2e_cli_c VALUES (1, 'one'), (2, 'two')",
			"-c", "SELECT * FROM e2e_cli_c ORDER BY id",
			"-c", "INSERT INTO e2e_cli_c VALUES (1, 'again')",
			"-c", "SELECT count(*) FROM e2e_cli_c")...)
		if r.exit != 0 || !strings.Contains(r.stderr, "ERROR:  23505") {
			t.Errorf("want exit 0 with the duplicate key reported:\n%s", r)
		}
		// A failing last -c makes psql exit 1.
		r = sameRun(t, pg, pw, append(v, "-c", "SELECT 1 AS one", "-c", "SELECT * FROM e2e_cli_missing")...)
		if r.exit != 1 {
			t.Errorf("exit %d, want 1", r.exit)
		}
		// -A -t -F: the form shell scripts parse.
		r = sameRun(t, pg, pw, "-A", "-t", "-F", ",", "-c", "SELECT id, name FROM e2e_cli_c ORDER BY id")
		if r.stdout != "1,one\n2,two\n" {
			t.Errorf("unaligned output %q", r.stdout)
		}
	})

	const script = `DROP TABLE IF EXISTS e2e_cli_f;
CREATE TABLE e2e_cli_f (id integer PRIMARY KEY, note varchar(20));
INSERT INTO e2e_cli_f VALUES (1, 'before');
SELECT * FROM e2e_cli_f_missing;
INSERT INTO e2e_cli_f VALUES (2, 'after');
SELECT id, note FROM e2e_cli_f ORDER BY id;
`
	writeBoth(t, pg, pw, "script.sql", script)
	countRows := []string{"-A", "-t", "-c", "SELECT count(*) FROM e2e_cli_f"}

	t.Run("-f with an error", func(t *testing.T) {
		r := sameRun(t, pg, pw, append(v, "-f", "script.sql")...)
		if r.exit != 0 || !strings.Contains(r.stderr, "psql:script.sql:4: ERROR:  42P01") {
			t.Errorf("want exit 0 and the error on line 4:\n%s", r)
		}
		if c := sameRun(t, pg, pw, countRows...); c.stdout != "2\n" {
			t.Errorf("rows after the script: %q, want 2 (psql goes on after an error)", c.stdout)
		}
		// In the default verbosity the user reads which line failed and why.
		got := psqlCLI(t, pw.dir, pw.dsn, "-f", "script.sql")
		line, _, _ := strings.Cut(got.stderr, "\n")
		if !strings.HasPrefix(line, "psql:script.sql:4: ERROR:  ") || !strings.Contains(strings.ToLower(line), "e2e_cli_f_missing") {
			t.Errorf("error line %q should name the script line and the missing table", line)
		}
	})
	t.Run("ON_ERROR_STOP", func(t *testing.T) {
		r := sameRun(t, pg, pw, append(v, "-v", "ON_ERROR_STOP=1", "-f", "script.sql")...)
		if r.exit != 3 || !strings.Contains(r.stderr, "psql:script.sql:4: ERROR:  42P01") {
			t.Errorf("want exit 3 at line 4:\n%s", r)
		}
		if c := sameRun(t, pg, pw, countRows...); c.stdout != "1\n" {
			t.Errorf("rows after the script: %q, want 1 (nothing after the error runs)", c.stdout)
		}
	})
	t.Run("single transaction", func(t *testing.T) {
		// Line 1 (DROP) leaves the table of the previous run; inside --single-transaction
		// the error rolls the drop, the create and the insert back.
		r := sameRun(t, pg, pw, append(v, "-1", "-v", "ON_ERROR_STOP=1", "-f", "script.sql")...)
		if r.exit != 3 {
			t.Errorf("want exit 3:\n%s", r)
		}
		if c := sameRun(t, pg, pw, "-A", "-t", "-c", "SELECT count(*) FROM e2e_cli_f WHERE id = 1 AND note = 'before'"); c.stdout != "1\n" {
			t.Errorf("the table of the previous run should be untouched: %q", c.stdout)
		}
	})
}

func TestPsqlCopyFiles(t *testing.T) {
	pg, pw := cliTargets(t, "e2e_cli_copy", "e2e_cli_copy_in")
	v := []string{"-v", "VERBOSITY=sqlstate", "-v", "ON_ERROR_STOP=1"}
	// Values that need quoting or escaping in one format or the other, NULL next to the
	// empty string, and non-ASCII text.
	sameRun(t, pg, pw, append(v,
		"-c", "DROP TABLE IF EXISTS e2e_cli_copy",
		"-c", "DROP TABLE IF EXISTS e2e_cli_copy_in",
		"-c", "CREATE TABLE e2e_cli_copy (id integer PRIMARY KEY, txt varchar(40), amount numeric(10,2), day date, flag boolean)",
		"-c", "CREATE TABLE e2e_cli_copy_in (id integer PRIMARY KEY, txt varchar(40), amount numeric(10,2), day date, flag boolean)",
		"-c", `INSERT INTO e2e_cli_copy VALUES
  (1, 'plain', 1.50, '2024-01-02', true),
  (2, NULL, NULL, NULL, NULL),
  (3, '', 0, '1999-12-31', false),
  (4, E'tab\tand\nnewline', -2.25, '2000-02-29', true),
  (5, 'back\slash, "quote", comma', 1234567.89, '1970-01-01', false),
  (6, 'Grüße €', 0.01, '2038-01-19', NULL)`)...)

	export := func(t *testing.T, file, options string) {
		t.Helper()
		sameRun(t, pg, pw, append(v, "-c", `\copy (SELECT * FROM e2e_cli_copy ORDER BY id) TO '`+file+`'`+options)...)
		sameRun(t, pg, pw, append(v, "-c", `\copy e2e_cli_copy TO '`+file+`.table'`+options)...)
		for _, f := range []string{file, file + ".table"} {
			want, err1 := os.ReadFile(filepath.Join(pg.dir, f))
			got, err2 := os.ReadFile(filepath.Join(pw.dir, f))
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: %v %v", f, err1, err2)
			}
			if f == file+".table" { // a table has no order: compare sorted lines
				want, got = sortedLines(want), sortedLines(got)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from PostgreSQL's\n%s", f, lineDiff(string(want), string(got)))
			}
		}
	}
	importBack := func(t *testing.T, file, options string) {
		t.Helper()
		r := sameRun(t, pg, pw, append(v,
			"-c", "DELETE FROM e2e_cli_copy_in",
			"-c", `\copy e2e_cli_copy_in FROM '`+file+`'`+options,
			"-c", "SELECT id, txt, amount, day, flag, txt IS NULL AS txt_null FROM e2e_cli_copy_in ORDER BY id")...)
		if r.exit != 0 || !strings.Contains(r.stdout, "COPY 6") {
			t.Errorf("\\copy FROM %s:\n%s", file, r)
		}
		// The round trip is exact: no row of the copy differs from the original.
		d := sameRun(t, pg, pw, "-A", "-t", "-c",
			"SELECT count(*) FROM e2e_cli_copy a JOIN e2e_cli_copy_in b ON a.id = b.id WHERE a.txt IS NOT DISTINCT FROM b.txt AND a.amount IS NOT DISTINCT FROM b.amount AND a.day IS NOT DISTINCT FROM b.day AND a.flag IS NOT DISTINCT FROM b.flag")
		if d.stdout != "6\n" {
			t.Errorf("rows equal after the round trip through %s: %q, want 6", file, d.stdout)
		}
	}

	t.Run("text", func(t *testing.T) {
		export(t, "rows.txt", "")
		importBack(t, "rows.txt", "")
	})
	t.Run("csv", func(t *testing.T) {
		export(t, "rows.csv", " WITH (FORMAT csv, HEADER)")
		importBack(t, "rows.csv", " WITH (FORMAT csv, HEADER)")
	})
	t.Run("bad input is all or nothing", func(t *testing.T) {
		writeBoth(t, pg, pw, "bad.txt", "10\tok\t1\t2024-01-01\tt\n11\tbad\tnot-a-number\t2024-01-01\tt\n")
		r := sameRun(t, pg, pw, append(v,
			"-c", "DELETE FROM e2e_cli_copy_in",
			"-c", `\copy e2e_cli_copy_in FROM 'bad.txt'`)...)
		if r.exit == 0 || !strings.Contains(r.stderr, "ERROR:  22P02") {
			t.Errorf("want 22P02 for a non-numeric amount:\n%s", r)
		}
		if c := sameRun(t, pg, pw, "-A", "-t", "-c", "SELECT count(*) FROM e2e_cli_copy_in"); c.stdout != "0\n" {
			t.Errorf("a failed COPY left rows behind: %q", c.stdout)
		}
	})
}

func sortedLines(b []byte) []byte {
	lines := strings.SplitAfter(string(b), "\n")
	// Keep a CSV header first.
	start := 0
	if len(lines) > 0 && strings.HasPrefix(lines[0], "id,") {
		start = 1
	}
	slices.Sort(lines[start:])
	return []byte(strings.Join(lines, ""))
}

// TestPsqlCtrlC interrupts psql while a statement runs: psql sends a CancelRequest (libpq
// 15 sends it unencrypted on a new connection, even when the session uses TLS), prints
// PostgreSQL's message and exits 1.
func TestPsqlCtrlC(t *testing.T) {
	requirePsql(t)
	p := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn := connect(t, ctx, p)
	createSlowTable(t, ctx, conn)

	cmd := exec.CommandContext(ctx, psqlPath, "-X", "-d", p.DSN(), "-c", slowQuery)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond)
	start := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("psql ended with %v, want exit status 1\nstdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("psql took %s to stop after Ctrl-C", d)
	}
	if !strings.Contains(stderr.String(), "ERROR:  canceling statement due to user request") {
		t.Errorf("stderr %q, want PostgreSQL's cancel message", stderr.String())
	}
}
