package translate

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

// testdata/cases.txt is the translation table: one block per input, blocks
// separated by blank lines, '#' lines are comments. Inside a block:
//
//	> PostgreSQL input (several '>' lines are joined with newlines)
//	= IRIS SQL of the plan (integer splices shown as {$n})
//	kind: / tag: / params: / nparams: / cols: / local: / set: / copy: / name:
//	- one line per step (renderSteps)
//	& starts the next plan of a multi-statement input
//	! SQLSTATE @position message   (the translation error)
//
// Every line of a block is checked: the rendering of the actual result must
// equal the block. simulator_test.go runs the IRIS SQL of every case on the IRIS
// simulator.
//
// go test -run TestCases -update rewrites the expectations from the current
// output (review the diff before committing).
var update = flag.Bool("update", false, "rewrite testdata/cases.txt expectations")

const casesFile = "testdata/cases.txt"

type tcase struct {
	comments []string
	input    string
	expected []string
	line     int
}

func readCases(t testing.TB) []tcase {
	f, err := os.Open(casesFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []tcase
	var cur *tcase
	var pendingComments []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "":
			cur = nil
		case strings.HasPrefix(line, "#"):
			pendingComments = append(pendingComments, line)
		case strings.HasPrefix(line, "> ") || line == ">":
			text := strings.TrimPrefix(strings.TrimPrefix(line, ">"), " ")
			if cur == nil {
				cases = append(cases, tcase{comments: pendingComments, input: text, line: n})
				pendingComments = nil
				cur = &cases[len(cases)-1]
			} else {
				cur.input += "\n" + text
			}
		default:
			if cur == nil {
				t.Fatalf("%s:%d: expectation outside a case: %q", casesFile, n, line)
			}
			cur.expected = append(cur.expected, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// renderResult renders a translation the way cases.txt spells it.
func renderResult(plans []*Plan, err error) []string {
	var out []string
	for i, p := range plans {
		if i > 0 {
			out = append(out, "&")
		}
		if p.SQL != "" || len(p.IntSplices) > 0 {
			out = append(out, "= "+renderSQL(p))
		}
		out = append(out, "kind: "+p.Kind.String())
		if p.Tag != "" {
			out = append(out, "tag: "+p.Tag)
		}
		if len(p.Params) > 0 {
			out = append(out, "params: "+strings.Trim(renderParams(p.Params), "[]"))
		}
		if p.NumParams > 0 {
			out = append(out, fmt.Sprintf("nparams: %d", p.NumParams))
		}
		if len(p.Columns) > 0 {
			out = append(out, "cols: "+renderColumns(p.Columns))
		}
		for _, l := range renderSteps(p.Steps, "", "") {
			out = append(out, "- "+l)
		}
		if w := p.Write; w != nil && len(w.NewRows) == 2 {
			out = append(out, "new rows: "+w.NewRows[0].SQL+" {other columns}"+w.NewRows[1].SQL+" "+renderParams(append(append([]int(nil), w.NewRows[0].Params...), w.NewRows[1].Params...)))
		}
		if p.Local != nil {
			out = append(out, "local: "+renderLocal(p.Local))
		}
		if p.Set != nil {
			out = append(out, "set: "+renderSet(p.Set))
		}
		if p.Copy != nil {
			out = append(out, "copy: "+renderCopy(p.Copy))
		}
		if p.Name != "" {
			out = append(out, "name: "+p.Name)
		}
		if p.Savepoint != "" {
			out = append(out, "savepoint: "+p.Savepoint)
		}
		if p.Sequence != nil {
			out = append(out, "sequence: "+renderSequence(p.Sequence))
		}
		if p.Enum != nil {
			out = append(out, "enum: "+renderEnum(p.Enum))
		}
		for _, r := range p.TypeRefs {
			out = append(out, "type: "+renderTypeRef(r))
		}
		if p.Setval != nil {
			out = append(out, fmt.Sprintf("setval: %s.%s is_called=%t", p.Setval.Seq.Schema, p.Setval.Seq.Name, p.Setval.IsCalled))
		}
	}
	if err != nil {
		var te *Error
		if errors.As(err, &te) {
			out = append(out, fmt.Sprintf("! %s @%d %s", te.SQLState, te.Position, te.Message))
		} else {
			out = append(out, "! (not *Error) "+err.Error())
		}
	}
	return out
}

func TestCases(t *testing.T) {
	cases := readCases(t)
	if len(cases) < 300 {
		t.Errorf("only %d cases in %s, want at least 300", len(cases), casesFile)
	}
	var rewritten strings.Builder
	for _, c := range cases {
		plans, err := Translate(c.input, DefaultOptions())
		got := renderResult(plans, err)
		if *update {
			for _, cm := range c.comments {
				rewritten.WriteString(cm + "\n")
			}
			for _, l := range strings.Split(c.input, "\n") {
				rewritten.WriteString("> " + l + "\n")
			}
			for _, l := range got {
				rewritten.WriteString(l + "\n")
			}
			rewritten.WriteString("\n")
			continue
		}
		if strings.Join(got, "\n") != strings.Join(c.expected, "\n") {
			t.Errorf("%s:%d: %s\n--- want\n%s\n--- got\n%s", casesFile, c.line, c.input,
				strings.Join(c.expected, "\n"), strings.Join(got, "\n"))
		}
		checkInvariants(t, c.input, plans)
	}
	if *update {
		if err := os.WriteFile(casesFile, []byte(rewritten.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkInvariants holds for every plan of every case: one parameter index per
// "?", no statement terminator, no PostgreSQL-only syntax left in the output.
func checkInvariants(t *testing.T, input string, plans []*Plan) {
	t.Helper()
	check := func(sql string, params []int, what string) {
		if sql == "" {
			return
		}
		if n := countMarkers(sql); n != len(params) {
			t.Errorf("%q: %s has %d '?' but %d params: %s", input, what, n, len(params), sql)
		}
		if err := irisSyntaxCheck(sql); err != nil {
			t.Errorf("%q: %s: %v: %s", input, what, err, sql)
		}
	}
	var walkSteps func([]Step)
	walkSteps = func(steps []Step) {
		for _, s := range steps {
			check(s.SQL, s.Params, "step")
			walkSteps(s.Then)
			walkSteps(s.Else)
		}
	}
	for _, p := range plans {
		check(p.SQL, p.Params, "plan")
		walkSteps(p.Steps)
		for _, sp := range p.IntSplices {
			if sp.Param >= p.NumParams {
				t.Errorf("%q: splice parameter %d beyond NumParams %d", input, sp.Param, p.NumParams)
			}
		}
		for _, prm := range p.Params {
			if prm < 0 || prm >= p.NumParams {
				t.Errorf("%q: parameter index %d outside [0,%d)", input, prm, p.NumParams)
			}
		}
	}
}
