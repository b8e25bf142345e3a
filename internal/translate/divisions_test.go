package translate

import (
	"fmt"
	"strings"
	"testing"
)

// renderDivisions shows a plan's divisions as "col@table|table, …" per division, and
// checks that each points at a '/' of the SQL.
func renderDivisions(t *testing.T, p *Plan) string {
	var out []string
	for _, d := range p.Divisions {
		if d.At >= len(p.SQL) || p.SQL[d.At] != '/' {
			t.Fatalf("division at %d is not a '/' in %q", d.At, p.SQL)
		}
		var cols []string
		for _, c := range d.Columns {
			var tables []string
			for _, tr := range c.Tables {
				tables = append(tables, strings.TrimPrefix(tr.Schema+"."+tr.Name, "."))
			}
			cols = append(cols, c.Column+"@"+strings.Join(tables, "|"))
		}
		out = append(out, strings.Join(cols, " "))
	}
	return strings.Join(out, "; ")
}

func TestDivisionsNeedingColumnTypes(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		{"SELECT a / b FROM t", "a@t b@t"},
		{"SELECT a / 2 FROM s.t", "a@s.t"},
		{"SELECT x.a / u.b FROM t x JOIN u ON u.id = x.id", "a@t b@u"},
		{"SELECT a / b FROM t, u", "a@t|u b@t|u"},
		{"SELECT t.a / s.t.b FROM t, s.t", "a@t b@s.t"},
		{"SELECT (a + 1) / (b * 2), -a / 3 FROM t", "a@t b@t; a@t"},
		{"SELECT a / b / c FROM t", "a@t b@t; a@t b@t c@t"},
		// ORDER BY writes its key twice (NULLs last).
		{"SELECT a / b FROM t WHERE c / 2 > 1 ORDER BY a / 3", "a@t b@t; c@t; a@t; a@t"},
		{"SELECT sum(a) / count(*), max(a) / min(b), abs(a) / 2 FROM t", "a@t; a@t b@t; a@t"},
		{"SELECT (SELECT t.a / u.b FROM u) FROM t", "a@t b@u"},
		{"UPDATE t SET a = b / 2 WHERE c / 3 > 0", "b@t; c@t"},
		{"DELETE FROM t AS x WHERE x.a / 2 = 1", "a@t"},
		// Known integers need no catalog: IRIS's "\" is written at once.
		{"SELECT count(*) / 2, 7 / 2, length(s) / 2 FROM t", ""},
		// Not integers, or not known: left to IRIS's "/".
		{"SELECT a / 2.5, a / b::numeric, avg(a) / 2, a / upper(b) FROM t", ""},
		{"SELECT a / 2 FROM (SELECT a FROM t) s", ""},
		{"SELECT s.a / 2 FROM (SELECT a FROM t) s", ""},
		{"WITH t AS (SELECT 1 AS a) SELECT a / 2 FROM t", ""},
		{"SELECT nope.a / 2 FROM t", ""},
		{"SELECT a / 2", ""},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		if got := renderDivisions(t, plans[0]); got != c.want {
			t.Errorf("%s\n got %q\nwant %q\nSQL %s", c.sql, got, c.want, plans[0].SQL)
		}
	}
}

func TestWithIntegerDivisions(t *testing.T) {
	plans, err := Translate("SELECT a / b, a / c FROM t WHERE a / b > 1", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	p := plans[0]
	intCols := map[string]bool{"a": true, "b": true}
	q := p.WithIntegerDivisions(func(c DivisionColumn) bool { return intCols[c.Column] })
	want := strings.NewReplacer("a / b", `a \ b`).Replace(p.SQL)
	if q.SQL != want || q == p || len(q.Divisions) != 0 {
		t.Errorf("got %q, want %q", q.SQL, want)
	}
	if p.SQL == q.SQL || strings.Contains(p.SQL, `\`) {
		t.Errorf("the shared plan changed: %q", p.SQL)
	}
	if r := p.WithIntegerDivisions(func(DivisionColumn) bool { return false }); r != p {
		t.Error("no integer division: want the plan itself")
	}
}

// TestShapeTemplatesMoveDivisions: a literal before a division changes its offset.
func TestShapeTemplatesMoveDivisions(t *testing.T) {
	c := NewCache(16, DefaultOptions())
	for _, n := range []int{1, 22, 333333} {
		sql := fmt.Sprintf("SELECT 'x%d', a / b FROM t WHERE id = %d", n, n)
		got, err := c.Translate(sql)
		if err != nil {
			t.Fatal(err)
		}
		if want := renderDivisions(t, got[0]); want != "a@t b@t" {
			t.Errorf("%s: divisions %q", sql, want)
		}
	}
	if _, shapes, _ := c.Stats(); shapes != 1 {
		t.Errorf("%d shape hits, want 1", shapes)
	}
}
