package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// array_agg(x) is IRIS's JSON_ARRAYAGG(x), an aggregate that returns "a JSON format
// array" of the group's values (iris-sql.md A.9;
// https://docs.intersystems.com/irislatest/csp/docbook/DocBook.UI.Page.cls?KEY=RSQL_jsonarrayagg).
// %DLIST, which returns a $LIST, was not used: its page says "%DLIST in ODBC mode
// separates column value lists with commas", and xDBC sessions work in ODBC mode, so a
// real IRIS would likely send comma-joined text that a value holding a comma makes
// ambiguous. A JSON array is unambiguous in any mode. The JSON_ARRAYAGG page states that
// rows whose value is NULL are not included (all NULL gives []), that an empty string is
// "\u0000", and that its synopsis has no ORDER BY; its result is VARCHAR(8192) by
// default, formatting included, so a long group's array is cut off: the session then
// fails the statement (XX000) rather than show a shorter array.
//
// PostgreSQL keeps NULLs, so the translator writes, as hidden result columns after the
// visible ones (as for quotients, quotient.go), the number of values the aggregate was
// fed (COUNT(*), with FILTER: the rows that pass it), the number of them that are not
// NULL (COUNT(x)), for DISTINCT the number of distinct ones, and MIN(x), whose IRIS
// metadata is the element type. The session (session/array.go) parses the JSON array,
// checks that it holds exactly as many values as COUNT says (else fails rather than show
// a different array), adds the NULLs at the end (one for DISTINCT), gives NULL when the
// aggregate was fed no rows, and writes PostgreSQL's array. The order of the values is
// unspecified in PostgreSQL without ORDER BY, and IRIS's may differ: NULLs come last.
//
// Only a whole select-list item of the outer query can be an array_agg: anywhere else
// (inside an expression, a subquery, HAVING, ORDER BY, a window) it is 0A000.

// arrayAggCall is the array_agg call n is, if n is one (not a window call).
func arrayAggCall(n *pg_query.Node) *pg_query.FuncCall {
	f, ok := n.Node.(*pg_query.Node_FuncCall)
	if !ok || f.FuncCall.Over != nil || len(f.FuncCall.Args) != 1 || strings.ToLower(lastName(f.FuncCall.Funcname)) != "array_agg" {
		return nil
	}
	if len(f.FuncCall.Funcname) > 1 && strVal(f.FuncCall.Funcname[0]) != "pg_catalog" {
		return nil
	}
	return f.FuncCall
}

// arrayAgg writes JSON_ARRAYAGG([DISTINCT %EXACT(] [CASE WHEN c THEN] x [END] [)]).
func (e *emitter) arrayAgg(f *pg_query.FuncCall) {
	if e.arrayAggItem != f {
		e.unsupported(f.Location, "array_agg() other than as a whole item of the outer select list")
	}
	e.arrayAggItem = nil // written once
	x := f.Args[0]
	if what := arrayAggArgRefused(x); what != "" {
		e.unsupported(f.Location, "array_agg() of "+what)
	}
	e.w("JSON_ARRAYAGG(")
	e.arrayAggArg(f, true)
	e.wb(')')
}

// arrayAggArg writes the aggregate's argument: FILTER (WHERE c) as CASE WHEN c THEN x
// END, and, when distinct is set and the call is DISTINCT, DISTINCT %EXACT(x) (distinct
// by the exact value, as PostgreSQL compares, not by a column's case-blind collation:
// JSON_ARRAYAGG's DISTINCT compares as IRIS's other DISTINCTs do, so a SQLUPPER column
// would fold 'a' and 'A' into one value). COUNT(DISTINCT %EXACT(x)) counts the same way.
func (e *emitter) arrayAggArg(f *pg_query.FuncCall, distinct bool) {
	distinct = distinct && f.AggDistinct
	if distinct {
		e.w("DISTINCT %EXACT(")
	}
	if f.AggFilter != nil {
		e.w("CASE WHEN ")
		e.pred(f.AggFilter)
		e.w(" THEN ")
		e.value(f.Args[0])
		e.w(" END")
	} else {
		e.value(f.Args[0])
	}
	if distinct {
		e.wb(')')
	}
}

// arrayAggHidden gives the writers of the hidden columns of array_agg call f: the values
// fed, the non-NULL ones, [the distinct non-NULL ones,] MIN(x).
func (e *emitter) arrayAggHidden(f *pg_query.FuncCall) []func() {
	hidden := []func(){
		func() {
			if f.AggFilter == nil {
				e.w("COUNT(*)")
				return
			}
			e.w("COUNT(CASE WHEN ")
			e.pred(f.AggFilter)
			e.w(" THEN 1 END)")
		},
		func() {
			e.w("COUNT(")
			e.arrayAggArg(f, false)
			e.wb(')')
		},
	}
	if f.AggDistinct {
		hidden = append(hidden, func() {
			e.w("COUNT(")
			e.arrayAggArg(f, true)
			e.wb(')')
		})
	}
	return append(hidden, func() {
		e.w("MIN(")
		e.arrayAggArg(f, false)
		e.wb(')')
	})
}

// arrayAggArgRefused names what array_agg's argument is when PostgreSQL would make an
// array of arrays or of rows, which pgwired cannot build from a flat JSON array.
func arrayAggArgRefused(x *pg_query.Node) string {
	switch v := x.Node.(type) {
	case *pg_query.Node_RowExpr:
		return "a row"
	case *pg_query.Node_AArrayExpr, *pg_query.Node_ArrayExpr:
		return "an array"
	case *pg_query.Node_SubLink:
		if v.SubLink.SubLinkType == pg_query.SubLinkType_ARRAY_SUBLINK {
			return "an array"
		}
	case *pg_query.Node_ColumnRef:
		if isStar(x) {
			return "a row"
		}
	case *pg_query.Node_TypeCast:
		if t := v.TypeCast.TypeName; t != nil && len(t.ArrayBounds) > 0 {
			return "an array"
		}
	case *pg_query.Node_FuncCall:
		if name := strings.ToLower(lastName(v.FuncCall.Funcname)); name == "array_agg" || name == "row" {
			return "an array"
		}
	}
	return ""
}
