package translate

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Ordered-set aggregates (percentile_cont, percentile_disc, mode … WITHIN GROUP (ORDER
// BY x)) have no IRIS counterpart: IRIS has no percentile or mode aggregate, and no
// aggregate orders its input (see orderedAgg). As a whole item of the outer select list
// such a call is written as array_agg(x) is, JSON_ARRAYAGG([CASE WHEN c THEN] x [END]),
// which holds the group's non-NULL values (the only ones an ordered-set aggregate reads),
// with hidden COUNT(x) (to check the array is whole) and MIN(x) (the type of x) columns,
// and for a parameter fraction CAST(? AS DOUBLE). The session (session/withingroup.go)
// sorts the values as PostgreSQL sorts them and computes the result as orderedsetaggs.c
// does: percentile_cont interpolates float8 values, percentile_disc and mode pick one
// value, typed as x. The fraction's range is checked there, per group, as PostgreSQL
// checks it in the final function (no group, no error).
//
// Elsewhere (inside an expression, HAVING, ORDER BY, a window), hypothetical-set
// aggregates (rank(…) WITHIN GROUP …) and WITHIN GROUP on other functions are 0A000.

// orderedSetAggs are the ordered-set aggregates the session computes, with how many
// direct arguments each takes.
var orderedSetAggs = map[string]int{"percentile_cont": 1, "percentile_disc": 1, "mode": 0}

// hypotheticalSetAggs take WITHIN GROUP in PostgreSQL too; pgwired does not compute them.
var hypotheticalSetAggs = map[string]bool{"rank": true, "dense_rank": true, "percent_rank": true, "cume_dist": true}

// withinGroup writes an ordered-set aggregate that is a whole item of the outer select
// list as JSON_ARRAYAGG of its argument; it refuses every other WITHIN GROUP.
func (e *emitter) withinGroup(name string, f *pg_query.FuncCall) {
	direct, ok := orderedSetAggs[name]
	switch {
	case hypotheticalSetAggs[name]:
		e.unsupported(f.Location, "hypothetical-set aggregate "+name+"() WITHIN GROUP")
	case !ok:
		e.unsupported(f.Location, "WITHIN GROUP on "+name+"()")
	case f.Over != nil:
		e.fail(stateUnsupported, f.Location, "OVER is not supported for ordered-set aggregate %s", name)
	case len(f.Args) != direct || len(f.AggOrder) != 1:
		e.fail("42883", f.Location, "function %s() with %d direct and %d ordering arguments does not exist", name, len(f.Args), len(f.AggOrder))
	case e.arrayAggItem != f:
		e.unsupported(f.Location, name+"() WITHIN GROUP other than as a whole item of the outer select list")
	}
	e.arrayAggItem = nil // written once
	sb := f.AggOrder[0].Node.(*pg_query.Node_SortBy).SortBy
	if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING {
		e.unsupported(sb.Location, "ORDER BY … USING in WITHIN GROUP")
	}
	x := sb.Node
	if what := arrayAggArgRefused(x); what != "" {
		e.unsupported(f.Location, name+"() of "+what)
	}
	if name == "percentile_cont" && inferType(x) == oidInterval {
		e.unsupported(f.Location, "percentile_cont() of an interval")
	}
	if direct > 0 {
		e.fractions(name, f.Args[0]) // refuses what the session cannot have
	}
	e.w(jsonArrayAggOpen)
	e.filteredValue(f.AggFilter, x)
	e.w(jsonArrayAggClose)
}

// withinColumn describes ordered-set aggregate f, whose hidden columns start at IRIS
// result position at, and gives the writers of those columns: COUNT(x), MIN(x) and, for
// a parameter fraction, the parameter as a double.
func (e *emitter) withinColumn(f *pg_query.FuncCall, at int) (*ArrayAgg, []func()) {
	x := f.AggOrder[0].Node.(*pg_query.Node_SortBy).SortBy.Node
	w := &WithinGroup{Func: strings.ToLower(lastName(f.Funcname))}
	hidden := []func(){
		func() {
			e.w("COUNT(")
			e.filteredValue(f.AggFilter, x)
			e.wb(')')
		},
		func() {
			e.w("MIN(")
			e.filteredValue(f.AggFilter, x)
			e.wb(')')
		},
	}
	if len(f.Args) == 1 {
		var param *pg_query.Node
		w.Fractions, w.Multi, param, w.DirectType = e.fractions(w.Func, f.Args[0])
		if param != nil {
			w.Param = at + len(hidden)
			hidden = append(hidden, func() {
				e.w("CAST(")
				e.value(param)
				e.w(" AS DOUBLE)")
			})
		}
	}
	a := &ArrayAgg{Rows: -1, NonNull: at, Elem: at + 1, ElemOID: inferType(x), Order: aggSortKeys(f), Within: w}
	return a, hidden
}

// filteredValue writes x, or CASE WHEN c THEN x END under FILTER (WHERE c).
func (e *emitter) filteredValue(filter, x *pg_query.Node) {
	if filter == nil {
		e.value(x)
		return
	}
	e.w("CASE WHEN ")
	e.pred(filter)
	e.w(" THEN ")
	e.value(x)
	e.w(" END")
}

// fractions reads the direct argument of percentile_cont or percentile_disc, which
// PostgreSQL takes as float8 or float8[]: a number literal (negative too), a string
// literal holding one, NULL, any of these cast to a number type, an ARRAY of these
// (multi), or a parameter (param, typed float8). typ is PostgreSQL's type of the
// argument as written, for error messages. Anything else is 0A000: its value is not
// known before IRIS runs the query.
func (e *emitter) fractions(name string, n *pg_query.Node) (fs []Fraction, multi bool, param *pg_query.Node, typ string) {
	switch v := n.Node.(type) {
	case *pg_query.Node_ParamRef:
		if e.paramTypes == nil {
			e.paramTypes = map[int]uint32{}
		}
		if _, seen := e.paramTypes[int(v.ParamRef.Number)-1]; !seen {
			e.paramTypes[int(v.ParamRef.Number)-1] = oidFloat8
		}
		return nil, false, n, "double precision"
	case *pg_query.Node_AArrayExpr:
		if len(v.AArrayExpr.Elements) == 0 {
			e.fail("42P18", v.AArrayExpr.Location, "cannot determine type of empty array")
		}
		if allNullConsts(v.AArrayExpr.Elements) {
			e.fail("42883", v.AArrayExpr.Location, "function %s(text[], …) does not exist", name) // ARRAY[NULL] is text[]
		}
		return e.fractionArray(v.AArrayExpr, false), true, nil, "numeric[]"
	case *pg_query.Node_TypeCast:
		if a, ok := v.TypeCast.Arg.Node.(*pg_query.Node_AArrayExpr); ok && len(v.TypeCast.TypeName.ArrayBounds) == 1 {
			float4 := e.fractionCast(v.TypeCast.TypeName, v.TypeCast.Location)
			return e.fractionArray(a.AArrayExpr, float4), true, nil, regtypeNames[castOID(v.TypeCast.TypeName)] + "[]"
		}
	}
	f, typ := e.fraction(n)
	return []Fraction{f}, false, nil, typ
}

// fractionArray reads the elements of ARRAY[…] as fractions (float4: of a real[] cast).
func (e *emitter) fractionArray(a *pg_query.A_ArrayExpr, float4 bool) []Fraction {
	fs := make([]Fraction, len(a.Elements))
	for i, el := range a.Elements {
		if _, nested := el.Node.(*pg_query.Node_AArrayExpr); nested {
			e.unsupported(a.Location, "a multidimensional array of percentiles")
		}
		fs[i], _ = e.fraction(el)
		if float4 && !fs[i].Null {
			fs[i].Value = float64(float32(fs[i].Value))
		}
	}
	return fs
}

// fraction reads one fraction: a number literal or NULL, possibly cast to a number type.
func (e *emitter) fraction(n *pg_query.Node) (Fraction, string) {
	float4, typ := false, ""
	if c, ok := n.Node.(*pg_query.Node_TypeCast); ok && len(c.TypeCast.TypeName.ArrayBounds) == 0 {
		float4 = e.fractionCast(c.TypeCast.TypeName, c.TypeCast.Location)
		typ = regtypeNames[castOID(c.TypeCast.TypeName)]
		n = c.TypeCast.Arg
	}
	k, ok := n.Node.(*pg_query.Node_AConst)
	if !ok {
		e.unsupported(nodeLocation(n), "a percentile other than a number, NULL, an ARRAY of these or a parameter")
	}
	var f Fraction
	switch v := k.AConst.Val.(type) {
	case nil:
		if !k.AConst.Isnull {
			e.unsupported(k.AConst.Location, "this percentile")
		}
		f.Null = true
		if typ == "" {
			typ = "unknown"
		}
		return f, typ
	case *pg_query.A_Const_Ival:
		e.readConst(k.AConst)
		f.Value = float64(v.Ival.Ival)
		if typ == "" {
			typ = "integer"
		}
	case *pg_query.A_Const_Fval:
		e.readConst(k.AConst)
		x, err := strconv.ParseFloat(v.Fval.Fval, 64)
		if err != nil || outOfFloat8(v.Fval.Fval, x) {
			e.fail("22003", k.AConst.Location, "\"%s\" is out of range for type double precision", v.Fval.Fval)
		}
		f.Value = x
		if typ == "" {
			typ = "numeric"
		}
	case *pg_query.A_Const_Sval:
		// An unknown literal, which PostgreSQL reads with float8in (pgx's simple protocol
		// sends parameters so).
		e.readConst(k.AConst)
		x, ok := parseFloat8(v.Sval.Sval)
		if !ok {
			e.unsupported(k.AConst.Location, "a percentile written as this string")
		}
		if outOfFloat8(v.Sval.Sval, x) {
			e.fail("22003", k.AConst.Location, "\"%s\" is out of range for type double precision", strings.TrimSpace(v.Sval.Sval))
		}
		f.Value = x
		if typ == "" {
			typ = "unknown"
		}
	default:
		e.unsupported(k.AConst.Location, "a percentile other than a number, NULL, an ARRAY of these or a parameter")
	}
	if float4 {
		f.Value = float64(float32(f.Value))
	}
	return f, typ
}

// fractionCast checks a cast of a fraction: to a number type without modifiers, whose
// value PostgreSQL then takes as float8 unchanged, but for real (float4), rounded to
// float4 first. A cast that would round the value otherwise is refused.
func (e *emitter) fractionCast(tn *pg_query.TypeName, loc int32) (float4 bool) {
	oid := castOID(tn)
	if len(tn.Typmods) > 0 || (oid != oidFloat4 && oid != oidFloat8 && oid != oidNumeric) {
		e.unsupported(loc, "a percentile cast to "+strings.ToLower(lastName(tn.Names)))
	}
	return oid == oidFloat4
}

func allNullConsts(ns []*pg_query.Node) bool {
	for _, n := range ns {
		if k, ok := n.Node.(*pg_query.Node_AConst); !ok || !k.AConst.Isnull {
			return false
		}
	}
	return true
}

// decimalText is float8in's decimal form; parseFloat8 also takes its special words.
var decimalText = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// parseFloat8 reads s as PostgreSQL's float8in does, for the forms whose reading this
// function is sure of: a decimal number, NaN, Infinity and inf with a sign, white space
// around. ok is false for anything else (hexadecimal forms among them).
func parseFloat8(s string) (float64, bool) {
	s = strings.Trim(s, " \t\n\r\v\f")
	if strings.EqualFold(s, "nan") {
		return math.NaN(), true
	}
	word, sign := s, 1
	if len(word) > 0 && (word[0] == '+' || word[0] == '-') {
		if word[0] == '-' {
			sign = -1
		}
		word = word[1:]
	}
	if strings.EqualFold(word, "infinity") || strings.EqualFold(word, "inf") {
		return math.Inf(sign), true
	}
	if !decimalText.MatchString(s) {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil || math.IsInf(x, 0) // overflow: outOfFloat8
}

// outOfFloat8 reports a decimal text that float8in refuses (22003): beyond the largest
// double, or so small it reads as zero though it is not.
func outOfFloat8(text string, x float64) bool {
	text = strings.TrimSpace(text)
	if !decimalText.MatchString(text) {
		return false // NaN, Infinity
	}
	mantissa, _, _ := strings.Cut(strings.ToLower(text), "e")
	return math.IsInf(x, 0) || (x == 0 && strings.ContainsAny(mantissa, "123456789"))
}
