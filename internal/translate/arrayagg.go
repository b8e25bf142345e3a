package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
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
// default, formatting included, which pgwired raises with a CAST to IRIS's longest string
// (jsonArrayAggOpen); a group's array longer still would come back cut off: the session
// then fails the statement (XX000) rather than show a shorter array.
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

// sessionAggCall is the call n is when the session builds the aggregate's value as a
// whole item of the outer select list: array_agg(x [ORDER BY …]), string_agg(x, sep
// ORDER BY …) (string_agg without ORDER BY is IRIS's own: funcs.go stringAgg), or an
// ordered-set aggregate (withingroup.go).
func sessionAggCall(n *pg_query.Node) *pg_query.FuncCall {
	f, ok := n.Node.(*pg_query.Node_FuncCall)
	if !ok || f.FuncCall.Over != nil {
		return nil
	}
	if len(f.FuncCall.Funcname) > 1 && strVal(f.FuncCall.Funcname[0]) != "pg_catalog" {
		return nil
	}
	switch strings.ToLower(lastName(f.FuncCall.Funcname)) {
	case "array_agg":
		if len(f.FuncCall.Args) == 1 {
			return f.FuncCall
		}
	case "string_agg":
		if len(f.FuncCall.Args) == 2 && len(f.FuncCall.AggOrder) > 0 {
			return f.FuncCall
		}
	case "percentile_cont", "percentile_disc", "mode": // withingroup.go
		if f.FuncCall.AggWithinGroup {
			return f.FuncCall
		}
	}
	return nil
}

// arrayAgg writes JSON_ARRAYAGG([DISTINCT %EXACT(] [CASE WHEN c THEN] x [END] [)]), or
// the ordered form (orderedAgg).
func (e *emitter) arrayAgg(f *pg_query.FuncCall) {
	if e.arrayAggItem != f {
		what := "array_agg()"
		if len(f.AggOrder) > 0 {
			what = "array_agg() with ORDER BY"
		}
		e.unsupported(f.Location, what+" other than as a whole item of the outer select list")
	}
	e.arrayAggItem = nil // written once
	x := f.Args[0]
	if what := arrayAggArgRefused(x); what != "" {
		e.unsupported(f.Location, "array_agg() of "+what)
	}
	if len(f.AggOrder) > 0 {
		e.orderedAgg(f)
		return
	}
	e.w(jsonArrayAggOpen)
	e.arrayAggArg(f, true)
	e.w(jsonArrayAggClose)
}

// JSON_ARRAYAGG's default return type is VARCHAR(8192), formatting included; "if the
// returned value is expected to be larger than 8192, you can use the CAST function to
// specify a larger return value", as CAST(JSON_ARRAYAGG(val) AS VARCHAR(12000)) (the
// RSQL_jsonarrayagg page, Maximum JSON Array Size). pgwired asks for IRIS's longest string.
const (
	jsonArrayAggOpen  = "CAST(JSON_ARRAYAGG("
	jsonArrayAggClose = ") AS VARCHAR(3641144))"
)

// No IRIS aggregate orders its values (see stringAgg), so an aggregate with ORDER BY is
// written as JSON_ARRAYAGG(JSON_ARRAY(x, key1, …, keyN NULL ON NULL)): one JSON array per
// row fed, holding the value and its sort keys, NULLs kept in place (JSON_ARRAY's NULL ON
// NULL, also its default: iris-sql.md A.9 and the JSON_ARRAY reference page, which says
// numbers come in canonical form and other types as strings). With FILTER the JSON_ARRAY
// is inside CASE WHEN c THEN … END, so rows that fail it are left out of the aggregate.
// The session (session/orderedagg.go) parses the tuples, checks that there are as many as
// the hidden COUNT says (JSON_ARRAYAGG returns at most its return type's length), sorts them by the
// keys (numbers by value, strings by code point, NULLs where PostgreSQL puts them), drops
// repeats for DISTINCT, and writes the array or the joined string. Keys that are the same
// for every row (a literal) order nothing, as in PostgreSQL.
//
// With DISTINCT, PostgreSQL requires every key to be the argument itself (42P10); the
// session then keeps the first of each run of equal values.
func (e *emitter) orderedAgg(f *pg_query.FuncCall) {
	e.arrayAggItem = nil
	x := f.Args[0]
	for _, s := range f.AggOrder {
		sb := s.Node.(*pg_query.Node_SortBy).SortBy
		if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING {
			e.unsupported(sb.Location, "ORDER BY … USING in an aggregate")
		}
		if f.AggDistinct && !proto.Equal(withoutLocations(sb.Node), withoutLocations(x)) {
			e.fail("42P10", nodeLocation(sb.Node), "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list")
		}
	}
	e.w(jsonArrayAggOpen)
	if f.AggFilter != nil {
		e.w("CASE WHEN ")
		e.pred(f.AggFilter)
		e.w(" THEN ")
	}
	e.w("JSON_ARRAY(")
	e.value(x)
	for _, s := range f.AggOrder {
		e.w(", ")
		key, at := s.Node.(*pg_query.Node_SortBy).SortBy.Node, e.b.Len()
		e.value(key)
		if c, ok := e.sortColumn(key); ok && isPlainColumn(key) {
			e.noteRankColumn(c, at) // the session sorts the positions as numbers
		}
	}
	e.w(" NULL ON NULL)")
	if f.AggFilter != nil {
		e.w(" END")
	}
	e.w(jsonArrayAggClose)
}

// aggSortKeys are the directions and NULL places of f's ORDER BY keys: NULLs last
// ascending and first descending unless NULLS FIRST/LAST says otherwise.
func aggSortKeys(f *pg_query.FuncCall) []AggSortKey {
	keys := make([]AggSortKey, 0, len(f.AggOrder))
	for _, s := range f.AggOrder {
		sb := s.Node.(*pg_query.Node_SortBy).SortBy
		desc := sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
		nullsFirst := sb.SortbyNulls == pg_query.SortByNulls_SORTBY_NULLS_FIRST ||
			(desc && sb.SortbyNulls != pg_query.SortByNulls_SORTBY_NULLS_LAST)
		keys = append(keys, AggSortKey{Desc: desc, NullsFirst: nullsFirst})
	}
	return keys
}

// sessionAggColumn describes session aggregate f whose hidden columns start at IRIS
// result position at, and gives the writers of those columns.
func (e *emitter) sessionAggColumn(f *pg_query.FuncCall, at int) (*ArrayAgg, []func()) {
	if f.AggWithinGroup {
		return e.withinColumn(f, at)
	}
	hidden := e.arrayAggHidden(f)
	a := &ArrayAgg{Rows: at, NonNull: at + 1, Elem: at + len(hidden) - 1, ElemOID: inferType(f.Args[0])}
	if len(f.AggOrder) > 0 {
		a.Order, a.Dedupe = aggSortKeys(f), f.AggDistinct
	} else if f.AggDistinct {
		a.Distinct = at + 2
	}
	if strings.ToLower(lastName(f.Funcname)) == "string_agg" {
		a.String, a.NonNull, a.Elem, a.ElemOID = true, -1, -1, 0
		if sep, ok := e.stringConst(f.Args[1]); ok {
			a.Sep = sep // the value is part of the plan: the shape cache keys on it
		}
	}
	return a, hidden
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
	e.filteredValue(f.AggFilter, f.Args[0])
	if distinct {
		e.wb(')')
	}
}

// arrayAggHidden gives the writers of the hidden columns of session aggregate f: the
// values fed, then for array_agg the non-NULL ones, [the distinct non-NULL ones when
// unordered,] MIN(x).
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
	}
	if len(f.Args) == 2 { // string_agg: the tuples alone
		return hidden
	}
	hidden = append(hidden,
		func() {
			e.w("COUNT(")
			e.arrayAggArg(f, false)
			e.wb(')')
		})
	if f.AggDistinct && len(f.AggOrder) == 0 {
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
