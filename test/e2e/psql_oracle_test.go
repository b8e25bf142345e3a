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
// and SQLSTATEs (VERBOSITY sqlstate, so message wording is not compared).
func TestPsqlScriptsMatchPostgres(t *testing.T) {
	requirePsql(t)
	pg := startOracle(t)
	pw := sharedPgwired(t)
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
			want := runPsql(t, pg.freshDB(t), script)
			got := runPsql(t, pw.DSN(), script)
			if got != want {
				t.Errorf("psql output differs from PostgreSQL 15\n%s", lineDiff(want, got))
			}
		})
	}
}

// lineDiff shows the two outputs side by side from the first differing line on.
func lineDiff(want, got string) string {
	w := strings.Split(want, "\n")
	g := strings.Split(got, "\n")
	var b strings.Builder
	first := -1
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl && first < 0 {
			first = i
		}
		if first >= 0 && i < first+25 {
			mark := " "
			if wl != gl {
				mark = "!"
			}
			b.WriteString(mark + " postgres: " + wl + "\n" + mark + " pgwired:  " + gl + "\n")
		}
	}
	return b.String()
}
