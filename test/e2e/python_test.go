package e2e

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func runPython(t *testing.T, script, dsn, table string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, python, script, dsn, table).CombinedOutput()
	if err != nil {
		return string(out) + "\nexit: " + err.Error()
	}
	return string(out)
}

func requirePythonModule(t *testing.T, module, pkg string) {
	t.Helper()
	if err := exec.Command(python, "-c", "import "+module).Run(); err != nil {
		t.Skipf("%s not importable by %s (apt-get install %s): %v", module, python, pkg, err)
	}
}

// TestPsycopgMatchesPostgres runs the same psycopg 3 and psycopg2 programs against
// PostgreSQL 15 and pgwired and requires the same output.
func TestPsycopgMatchesPostgres(t *testing.T) {
	if _, err := os.Stat(python); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	comparePsycopg(t, startOracle(t), sharedPgwired(t))
}

// TestPsycopgMatchesPostgresTransactionPooling repeats them with POOL_MODE=transaction and
// one pooled IRIS connection (server-side binding, prepared statements, pipeline, COPY).
func TestPsycopgMatchesPostgresTransactionPooling(t *testing.T) {
	if _, err := os.Stat(python); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	if testing.Short() {
		t.Skip("starts its own pgwired")
	}
	comparePsycopg(t, startOracle(t), startOwnPgwired(t, "POOL_MODE=transaction", "POOL_SIZE=1", "LOG_LEVEL=info"))
}

func comparePsycopg(t *testing.T, pg *postgres, pw *pgwired) {
	for _, c := range []struct{ name, module, pkg, script string }{
		{"psycopg3", "psycopg", "python3-psycopg", "testdata/python/psycopg3_scenario.py"},
		{"psycopg2", "psycopg2", "python3-psycopg2", "testdata/python/psycopg2_scenario.py"},
		{"sqlalchemy", "sqlalchemy", "python3-sqlalchemy", "testdata/python/sqlalchemy_scenario.py"},
	} {
		t.Run(c.name, func(t *testing.T) {
			requirePythonModule(t, c.module, c.pkg)
			table := "e2e_" + c.name
			want := runPython(t, c.script, pg.freshDB(t), table)
			got := runPython(t, c.script, pw.DSN(), table)
			if strings.Contains(want, "exit:") {
				t.Fatalf("scenario fails against PostgreSQL itself:\n%s", want)
			}
			if got != want {
				t.Errorf("%s sees something else through pgwired\n%s", c.name, lineDiff(want, got))
			}
		})
	}
}
