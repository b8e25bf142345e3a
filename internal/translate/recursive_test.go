package translate

import (
	"fmt"
	"strings"
	"testing"
)

// render is what the session runs for a piece at iteration iter, work table 0 named W.
func render(t *testing.T, r *Recursive, p *Plan, iter int64) string {
	t.Helper()
	sql, err := p.RenderIntSplices(func(i int) (int64, error) {
		switch i {
		case IterParam:
			return iter, nil
		case PrevParam:
			return iter - 1, nil
		}
		return 7, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return r.Render(sql, []string{"W0", "W1"})
}

func TestRecursivePlan(t *testing.T) {
	plans := mustTranslate(t, `WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < $1) SELECT sum(n) FROM t`, DefaultOptions())
	p := plans[0]
	if p.Kind != KindRecursive || p.NumParams != 1 || len(p.Recursive.Queries) != 1 {
		t.Fatalf("plan %+v", p)
	}
	r := p.Recursive
	q := r.Queries[0]
	checks := []struct{ got, want string }{
		{p.SQL, `SELECT SUM(n) AS "sum" FROM (SELECT 1 AS "n") AS t`},
		{strings.Join(q.Columns, ","), "n"},
		{q.Anchor.SQL, `SELECT 1 AS "n"`},
		{render(t, r, q.Init, 0), `INSERT INTO W0 ("n", PGWITER) SELECT pgw_x."n", 0 FROM (SELECT 1 AS "n") AS pgw_x`},
		{render(t, r, q.Step, 3), `INSERT INTO W0 ("n", PGWITER) SELECT pgw_x."n", 3 FROM (SELECT n + 1 AS "n" FROM (SELECT "n" FROM W0 WHERE PGWITER = 2) AS t WHERE n < ?) AS pgw_x`},
		{q.StepParams.SQL, `SELECT n + 1 AS "n" FROM (SELECT 1 AS "n") AS t WHERE n < ?`},
		{render(t, r, r.Outer, 0), `SELECT SUM(n) AS "sum" FROM (SELECT "n" FROM W0) AS t`},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("%d: got\n%s\nwant\n%s", i, c.got, c.want)
		}
	}
	if len(q.Step.Params) != 1 || q.Step.Params[0] != 0 || q.Union {
		t.Errorf("step params %v, union %v", q.Step.Params, q.Union)
	}
}

// UNION discards rows already in the work table (NULLs equal), and a second recursive
// query reads the first one's finished table.
func TestRecursivePlanUnionAndTwoQueries(t *testing.T) {
	plans := mustTranslate(t, `WITH RECURSIVE a(x) AS (SELECT 1 UNION SELECT x FROM a),
		top AS (SELECT x FROM a),
		b(y) AS (SELECT x FROM top UNION ALL SELECT b.y + a.x FROM b JOIN a ON a.x = b.y WHERE b.y < 3)
		SELECT y FROM b ORDER BY y`, DefaultOptions())
	r := plans[0].Recursive
	if len(r.Queries) != 2 || !r.Queries[0].Union || r.Queries[1].Union {
		t.Fatalf("queries %+v", r.Queries)
	}
	step := render(t, r, r.Queries[0].Step, 1)
	if want := `INSERT INTO W0 ("x", PGWITER) SELECT DISTINCT pgw_x."x", 1 FROM (SELECT x AS "x" FROM (SELECT "x" FROM W0 WHERE PGWITER = 0) AS a) AS pgw_x WHERE NOT EXISTS (SELECT 1 FROM W0 AS pgw_y WHERE (pgw_y."x" = pgw_x."x" OR (pgw_y."x" IS NULL AND pgw_x."x" IS NULL)))`; step != want {
		t.Errorf("step\n%s\nwant\n%s", step, want)
	}
	step = render(t, r, r.Queries[1].Step, 1)
	if want := `INSERT INTO W1 ("y", PGWITER) SELECT pgw_x."y", 1 FROM (SELECT b.y + a.x AS "y" FROM (SELECT "y" FROM W1 WHERE PGWITER = 0) AS b JOIN (SELECT "x" FROM W0) AS a ON a.x = b.y WHERE b.y < 3) AS pgw_x`; step != want {
		t.Errorf("step\n%s\nwant\n%s", step, want)
	}
	init := render(t, r, r.Queries[1].Init, 0)
	if want := `INSERT INTO W1 ("y", PGWITER) SELECT pgw_x."y", 0 FROM (SELECT x AS "y" FROM (SELECT x FROM (SELECT "x" FROM W0) AS a) AS "top") AS pgw_x`; init != want {
		t.Errorf("init\n%s\nwant\n%s", init, want)
	}
	// Describe: each recursive query replaced by its non-recursive term.
	if want := `SELECT y FROM (SELECT x AS "y" FROM (SELECT x FROM (SELECT 1 AS "x") AS a) AS "top") AS b ORDER BY CASE WHEN y IS NULL THEN 1 ELSE 0 END, %EXACT(y)`; plans[0].SQL != want {
		t.Errorf("describe\n%s\nwant\n%s", plans[0].SQL, want)
	}
}

func TestRecursiveRefusals(t *testing.T) {
	for sql, want := range map[string]string{
		`WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n FROM t, t t2) SELECT * FROM t`:                      "42P19",
		`WITH RECURSIVE a(n) AS (SELECT 1 UNION ALL SELECT n FROM b), b(n) AS (SELECT n FROM a) SELECT * FROM a`: "0A000",
		`WITH RECURSIVE t(pgwiter) AS (SELECT 1 UNION ALL SELECT pgwiter FROM t) SELECT * FROM t`:                "0A000",
		"WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n FROM t WHERE 'a\x01' = 'b') SELECT * FROM t":        "0A000",
		`WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n, n FROM t) SELECT * FROM t`:                         "42601",
	} {
		_, err := Translate(sql, DefaultOptions())
		if want == "" {
			if err != nil {
				t.Errorf("%s: %v", sql, err)
			}
			continue
		}
		if e, ok := err.(*Error); !ok || e.SQLState != want {
			t.Errorf("%s: %v, want %s", sql, err, want)
		}
	}
}

// A parameter that is a column of the non-recursive term types the work table's column
// (and the described result) as PostgreSQL types it.
func TestRecursiveParamColumns(t *testing.T) {
	p := mustTranslate(t, `WITH RECURSIVE t(n) AS (SELECT $1 UNION ALL SELECT n + 1 FROM t WHERE n < $2) SELECT n FROM t`, DefaultOptions())[0]
	q := p.WithParamTypes([]uint32{oidInt4, oidInt4})
	r := q.Recursive
	for _, c := range []struct{ got, want string }{
		{q.SQL, `SELECT n FROM (SELECT CAST(? AS INTEGER) AS "n") AS t`},
		{r.Queries[0].Anchor.SQL, `SELECT CAST(? AS INTEGER) AS "n"`},
		{render(t, r, r.Queries[0].Init, 0), `INSERT INTO W0 ("n", PGWITER) SELECT pgw_x."n", 0 FROM (SELECT CAST(? AS INTEGER) AS "n") AS pgw_x`},
		{render(t, r, r.Queries[0].Step, 1), `INSERT INTO W0 ("n", PGWITER) SELECT pgw_x."n", 1 FROM (SELECT n + 1 AS "n" FROM (SELECT "n" FROM W0 WHERE PGWITER = 0) AS t WHERE n < ?) AS pgw_x`},
	} {
		if c.got != c.want {
			t.Errorf("got\n%s\nwant\n%s", c.got, c.want)
		}
	}
	if p.Recursive.Queries[0].Anchor.SQL != `SELECT ? AS "n"` {
		t.Errorf("the plan itself changed: %s", p.Recursive.Queries[0].Anchor.SQL)
	}
}

// A WITH query hides a table of its name: its columns are not looked up in the catalog.
func TestRecursiveNamesAreNotTables(t *testing.T) {
	p := mustTranslate(t, `WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n / 2 FROM t WHERE n > 1) SELECT n / 2 FROM t`, DefaultOptions())[0]
	for _, piece := range []*Plan{p, p.Recursive.Queries[0].Step, p.Recursive.Outer} {
		if piece.NeedsCatalog() {
			t.Errorf("%s: looks up %+v", piece.SQL, piece.CatalogPlaces)
		}
	}
}

// An integer column (by the non-recursive term's text) divides to an integer; a numeric
// literal column is a plain numeric in the work table.
func TestRecursiveColumnTypes(t *testing.T) {
	p := mustTranslate(t, `WITH RECURSIVE t(n, k, x) AS (SELECT 7, 1.5, a FROM u UNION ALL SELECT n / 2, k / 2, x FROM t WHERE n > 0) SELECT n / 2 FROM t`, DefaultOptions())[0]
	q := p.Recursive.Queries[0]
	if got, want := render(t, p.Recursive, q.Step, 1), `INSERT INTO W0 ("n", "k", "x", PGWITER) SELECT pgw_x."n", pgw_x."k", pgw_x."x", 1 FROM (SELECT n \ 2 AS "n", k / 2 AS "k", x AS "x" FROM (SELECT "n", "k", "x" FROM W0 WHERE PGWITER = 0) AS t WHERE n > 0) AS pgw_x`; got != want {
		t.Errorf("step\n%s\nwant\n%s", got, want)
	}
	if got, want := render(t, p.Recursive, p.Recursive.Outer, 0), `SELECT n \ 2 AS "?column?" FROM (SELECT "n", "k", "x" FROM W0) AS t`; got != want {
		t.Errorf("outer\n%s\nwant\n%s", got, want)
	}
	if fmt.Sprint(q.PlainNumeric) != "[false true false]" {
		t.Errorf("PlainNumeric %v", q.PlainNumeric)
	}
}
