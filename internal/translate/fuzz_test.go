package translate

import (
	"errors"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// FuzzTranslate feeds arbitrary text to Translate. It must never panic, must
// fail only with *Error, and every IRIS statement it emits must pass
// irisSyntaxCheck after its "?" markers are replaced by a literal. IRIS SQL is
// not PostgreSQL SQL, so "re-parses" means that lexical check (closed literals,
// balanced parentheses, no ';', '--', '::', '$n' or '~'), plus one marker per
// Params entry.
func FuzzTranslate(f *testing.F) {
	for _, c := range readCases(f) {
		f.Add(c.input)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		plans, err := Translate(sql, DefaultOptions())
		if err != nil {
			var te *Error
			if !errors.As(err, &te) || te.SQLState == "" || te.Message == "" {
				t.Fatalf("%q: error %v (%T) is not a complete *Error", sql, err, err)
			}
		}
		for _, p := range plans {
			checkEmitted(t, sql, p.SQL, p.Params)
			var steps func([]Step)
			steps = func(ss []Step) {
				for _, s := range ss {
					checkEmitted(t, sql, s.SQL, s.Params)
					steps(s.Then)
					steps(s.Else)
				}
			}
			steps(p.Steps)
		}
		// The text guard in front of the catalog walk must never hide a catalog statement.
		if !mayReferenceCatalog(sql) {
			if tree, err := pg_query.Parse(sql); err == nil {
				for _, st := range tree.Stmts {
					if st.Stmt != nil && referencesCatalog(st.Stmt) {
						t.Fatalf("%q: references the catalogs but mayReferenceCatalog says no", sql)
					}
				}
			}
		}
	})
}

func checkEmitted(t *testing.T, input, sql string, params []int) {
	if sql == "" {
		return
	}
	if n := countMarkers(sql); n != len(params) {
		t.Fatalf("%q: %d markers, %d params: %s", input, n, len(params), sql)
	}
	bound := strings.ReplaceAll(sql, "?", "1")
	if err := irisSyntaxCheck(bound); err != nil {
		t.Fatalf("%q → %s: %v", input, sql, err)
	}
}
