package translate

import (
	"errors"
	"strings"
	"testing"
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
