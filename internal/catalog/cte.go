package catalog

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// cteDef is a WITH query. It runs once per statement (materialised); a recursive one is
// "base UNION [ALL] step", where step reads the rows the previous round added.
type cteDef struct {
	name     string
	cols     []Column
	plan     *selectPlan // non-recursive
	base     *selectPlan // recursive
	step     *selectPlan
	unionAll bool
}

// maxRecursion stops a WITH RECURSIVE that never converges.
const maxRecursion = 10000

func (c *compiler) compileCTE(cte *pg_query.CommonTableExpr, recursive bool, sc *scope) (*cteDef, error) {
	sel := cte.Ctequery.GetSelectStmt()
	if sel == nil {
		return nil, unsupported("a data-modifying WITH")
	}
	d := &cteDef{name: cte.Ctename}
	rename := func(cols []Column) []Column {
		out := append([]Column(nil), cols...)
		for i, a := range cte.Aliascolnames {
			if i < len(out) {
				out[i].Name = a.GetString_().GetSval()
			}
		}
		return out
	}
	if recursive && sel.Op == pg_query.SetOperation_SETOP_UNION && selfReferencing(sel.Rarg, cte.Ctename) {
		base, err := c.compileSelect(sel.Larg, sc)
		if err != nil {
			return nil, err
		}
		d.base, d.unionAll, d.cols = base, sel.All, rename(base.cols)
		sc.ctes[d.name] = d // the step sees the CTE itself
		step, err := c.compileSelect(sel.Rarg, sc)
		if err != nil {
			return nil, err
		}
		if len(step.cols) != len(base.cols) {
			return nil, errorf("42601", "each UNION query must have the same number of columns")
		}
		d.step = step
		return d, nil
	}
	p, err := c.compileSelect(sel, sc)
	if err != nil {
		return nil, err
	}
	d.plan, d.cols = p, rename(p.cols)
	return d, nil
}

// selfReferencing reports whether a query names relation name (a recursive reference).
func selfReferencing(n *pg_query.SelectStmt, name string) bool {
	found := false
	var walk func(n *pg_query.Node)
	walk = func(n *pg_query.Node) {
		if n == nil || found {
			return
		}
		switch x := n.Node.(type) {
		case *pg_query.Node_RangeVar:
			found = x.RangeVar.Schemaname == "" && x.RangeVar.Relname == name
		case *pg_query.Node_JoinExpr:
			walk(x.JoinExpr.Larg)
			walk(x.JoinExpr.Rarg)
		case *pg_query.Node_RangeSubselect:
			walk(x.RangeSubselect.Subquery)
		case *pg_query.Node_SelectStmt:
			for _, f := range x.SelectStmt.FromClause {
				walk(f)
			}
			if x.SelectStmt.Larg != nil {
				walk(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: x.SelectStmt.Larg}})
				walk(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: x.SelectStmt.Rarg}})
			}
		}
	}
	walk(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: n}})
	return found
}

// cteItem reads a WITH query in FROM.
type cteItem struct {
	slot int
	def  *cteDef
}

func (c *cteItem) span() (int, int) { return c.slot, 1 }

func (c *cteItem) bindings(f *frame) ([][][]any, error) {
	rows, err := f.rt.cteRows(c.def, f)
	if err != nil {
		return nil, err
	}
	out := make([][][]any, len(rows))
	for i, r := range rows {
		out[i] = [][]any{r}
	}
	return out, nil
}

// cteRows materialises a WITH query once per statement. Inside its own recursive step it
// returns the working rows of the current round.
func (rt *runtime) cteRows(d *cteDef, f *frame) ([][]any, error) {
	if w, ok := rt.cteWorking[d]; ok {
		return w, nil
	}
	if rows, ok := rt.cteDone[d]; ok {
		return rows, nil
	}
	if rt.cteDone == nil {
		rt.cteDone = map[*cteDef][][]any{}
		rt.cteWorking = map[*cteDef][][]any{}
	}
	if d.plan != nil {
		rows, err := d.plan.run(f, -1)
		if err != nil {
			return nil, err
		}
		rt.cteDone[d] = rows
		return rows, nil
	}
	rows, err := d.base.run(f, -1)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	key := func(r []any) string {
		var b strings.Builder
		for i, v := range r {
			b.WriteString(rt.keyOf(v, d.cols[i].TypeOID))
			b.WriteByte(0)
		}
		return b.String()
	}
	fresh := func(in [][]any) [][]any {
		if d.unionAll {
			return in
		}
		var out [][]any
		for _, r := range in {
			if k := key(r); !seen[k] {
				seen[k] = true
				out = append(out, r)
			}
		}
		return out
	}
	rows = fresh(rows)
	working := rows
	for round := 0; len(working) > 0; round++ {
		if round == maxRecursion {
			delete(rt.cteWorking, d)
			return nil, errorf("54001", "WITH RECURSIVE query %q did not finish after %d rounds", d.name, maxRecursion)
		}
		rt.cteWorking[d] = working
		next, err := d.step.run(f, -1)
		if err != nil {
			delete(rt.cteWorking, d)
			return nil, err
		}
		working = fresh(next)
		rows = append(rows, working...)
	}
	delete(rt.cteWorking, d)
	rt.cteDone[d] = rows
	return rows, nil
}
