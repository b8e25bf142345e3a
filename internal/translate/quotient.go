package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL divides numerics to a result scale of its own (select_div_scale: at least 16
// significant digits, more for small quotients), so avg(int) shows 2.5000000000000000 and
// 10 / 3.0 shows 3.3333333333333333. IRIS rounds its quotients otherwise. For a select
// list item that is such a division at the top (avg(x), a / b) of a query whose rows go
// to the client, the translator writes the operands as hidden result columns after the
// visible ones (sum(x) and count(x) for avg, with the same DISTINCT, FILTER and OVER) and
// the session divides them exactly (session/quotient.go). IRIS still computes the item
// itself, so ORDER BY, errors (division by zero) and NULLs are its own.

// watchDivision prepares to learn whether the item n, a division, is written as IRIS
// "/" (and not as integer division "\" or interval arithmetic); see quotientOperands.
func (e *emitter) watchDivision(n *pg_query.Node, exact bool) *pg_query.A_Expr {
	e.divisionAt, e.plainDivision = nil, false
	if !exact {
		return nil
	}
	a, ok := n.Node.(*pg_query.Node_AExpr)
	if !ok || a.AExpr.Kind != pg_query.A_Expr_Kind_AEXPR_OP || a.AExpr.Lexpr == nil || opName(a.AExpr) != "/" {
		return nil
	}
	e.divisionAt = a.AExpr
	return a.AExpr
}

// quotientOperands gives the dividend and divisor of the item n just written, when it
// is a division the session should compute: avg(x) (its sum and count), or the division
// div written as "/".
func (e *emitter) quotientOperands(n *pg_query.Node, div *pg_query.A_Expr) (dividend, divisor *pg_query.Node, avg, ok bool) {
	if div != nil {
		taken := e.plainDivision
		e.divisionAt, e.plainDivision = nil, false
		return div.Lexpr, div.Rexpr, false, taken
	}
	f, isCall := n.Node.(*pg_query.Node_FuncCall)
	if !isCall || len(f.FuncCall.Args) != 1 || f.FuncCall.AggStar || (len(f.FuncCall.Funcname) > 1 && strVal(f.FuncCall.Funcname[0]) != "pg_catalog") ||
		strings.ToLower(lastName(f.FuncCall.Funcname)) != "avg" {
		return nil, nil, false, false
	}
	return aggregateLike(f.FuncCall, "sum"), aggregateLike(f.FuncCall, "count"), true, true
}

func isParam(n *pg_query.Node) bool {
	_, ok := n.Node.(*pg_query.Node_ParamRef)
	return ok
}

// aggregateLike is the call f of another aggregate: same argument, DISTINCT, FILTER and
// window.
func aggregateLike(f *pg_query.FuncCall, name string) *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_FuncCall{FuncCall: &pg_query.FuncCall{
		Funcname:    []*pg_query.Node{pg_query.MakeStrNode(name)},
		Args:        f.Args,
		AggFilter:   f.AggFilter,
		AggDistinct: f.AggDistinct,
		Over:        f.Over,
		Funcformat:  f.Funcformat,
		Location:    f.Location,
	}}}
}

// fallbackFlag is, for an item coalesce(x, n) with n an integer literal, the hidden
// column CASE WHEN x IS NULL THEN 1 ELSE 0 END that tells the session which rows show n
// (Column.FallbackFlag); nil for other items.
func (e *emitter) fallbackFlag(n *pg_query.Node) *pg_query.Node {
	c, ok := n.Node.(*pg_query.Node_CoalesceExpr)
	if !ok || len(c.CoalesceExpr.Args) != 2 || !isIntConst(c.CoalesceExpr.Args[1]) {
		return nil
	}
	x := c.CoalesceExpr.Args[0]
	return &pg_query.Node{Node: &pg_query.Node_CaseExpr{CaseExpr: &pg_query.CaseExpr{
		Args: []*pg_query.Node{{Node: &pg_query.Node_CaseWhen{CaseWhen: &pg_query.CaseWhen{
			Expr:   &pg_query.Node{Node: &pg_query.Node_NullTest{NullTest: &pg_query.NullTest{Arg: x, Nulltesttype: pg_query.NullTestType_IS_NULL}}},
			Result: pg_query.MakeAConstIntNode(1, -1),
		}}}},
		Defresult: pg_query.MakeAConstIntNode(0, -1),
	}}}
}
