package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPsqlScriptsMatchPostgres runs every script in testdata/psql through psql twice, once
// against pgwired on the simulator and once against a real PostgreSQL 15, and requires the
// same output: rows, column headers and alignment (which depend on type OIDs), command tags
// and SQLSTATEs (VERBOSITY sqlstate, so message wording is not compared; a script that
// starts with "-- verbosity: default" compares messages, DETAIL, HINT and positions too).
func TestPsqlScriptsMatchPostgres(t *testing.T) {
	requirePsql(t)
	comparePsqlScripts(t, startOracle(t), sharedPgwired(t))
}

// TestPsqlScriptsMatchPostgresTransactionPooling runs the same scripts with POOL_MODE=
// transaction and a single pooled IRIS connection: every statement outside a transaction
// block takes the connection from the pool and gives it back, and what psql prints must
// not change.
func TestPsqlScriptsMatchPostgresTransactionPooling(t *testing.T) {
	requirePsql(t)
	if testing.Short() {
		t.Skip("second pass over the psql scripts")
	}
	comparePsqlScripts(t, startOracle(t), startOwnPgwired(t, "POOL_MODE=transaction", "POOL_SIZE=1", "LOG_LEVEL=info"))
}

func comparePsqlScripts(t *testing.T, pg *postgres, pw *pgwired) {
	files, err := filepath.Glob("testdata/psql/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".sql"), func(t *testing.T) {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			script := "\\set VERBOSITY sqlstate\n\\set ECHO all\n" + string(body)
			if strings.HasPrefix(string(body), "-- verbosity: default") {
				// Messages, DETAIL, HINT and the LINE/caret of errors compared too.
				script = "\\set ECHO all\n" + string(body)
			}
			want := runPsql(t, pg.freshDB(t), script)
			got := runPsql(t, pw.DSN(), script)
			if got != want {
				t.Errorf("psql output differs from PostgreSQL 15\n%s", lineDiff(want, got))
			}
		})
	}
}

// lineDiff is a unified-style diff of two outputs ("-" PostgreSQL, "+" pgwired), with a
// little context around each change.
func lineDiff(want, got string) string {
	a := strings.Split(want, "\n")
	b := strings.Split(got, "\n")
	// Longest common subsequence table, from the end.
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
	}
	var lines []line
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			lines = append(lines, line{' ', a[i]})
			i++
			j++
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			lines = append(lines, line{'+', b[j]})
			j++
		default:
			lines = append(lines, line{'-', a[i]})
			i++
		}
	}
	const context = 3
	var out strings.Builder
	shown := -1
	for k, l := range lines {
		if l.op == ' ' {
			continue
		}
		from := max(k-context, shown+1)
		if from > shown+1 && shown >= 0 {
			out.WriteString("  ...\n")
		}
		to := min(k+context, len(lines)-1)
		for m := from; m <= to; m++ {
			if m <= shown {
				continue
			}
			out.WriteString(string(lines[m].op) + " " + lines[m].text + "\n")
			shown = m
		}
	}
	return out.String()
}
