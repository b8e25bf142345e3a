package translate

import (
	"cmp"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// generate_series(start, stop [, step]) in FROM. IRIS has no table functions; the
// series is a derived table over a cross join of ten-row digit tables (SELECT 0 UNION
// ALL … SELECT 9), enough of them for the row count, which the translator computes
// from the arguments (so they must be constants): row i is start + i * step, for i
// below the count. One IRIS statement, no work table. The digit tables are joined
// most significant first, so a nested-loop join yields the rows in series order.

// maxSeriesRows bounds a series (10^7: seven digit tables).
const maxSeriesRows = 10_000_000

// seriesArg is one constant argument of generate_series.
type seriesArg struct {
	kind byte     // 'i' integer, 'n' numeric, 'd' date, 't' timestamp, 'z' timestamptz, 'v' interval, 's' untyped string
	num  *big.Rat // 'i', 'n'
	big  bool     // 'i': bigint
	text string   // 'd', 't', 'z', 'v', 's': the string
	loc  int32
}

func (t *translator) seriesArg(n *pg_query.Node) seriesArg {
	typ := ""
	if tc, ok := n.Node.(*pg_query.Node_TypeCast); ok {
		typ = strings.ToLower(lastName(tc.TypeCast.TypeName.Names))
		n = tc.TypeCast.Arg
	}
	c, ok := n.Node.(*pg_query.Node_AConst)
	if !ok || c.AConst.Isnull {
		t.unsupported(nodeLocation(n), "generate_series with arguments other than constants")
	}
	t.readConst(c.AConst)
	a := seriesArg{loc: c.AConst.Location}
	switch v := c.AConst.Val.(type) {
	case *pg_query.A_Const_Ival:
		a.kind, a.num = 'i', big.NewRat(int64(v.Ival.Ival), 1)
	case *pg_query.A_Const_Fval:
		r, ok := new(big.Rat).SetString(v.Fval.Fval)
		if !ok {
			t.unsupported(a.loc, "generate_series with this number")
		}
		a.kind, a.num = 'n', r
		if r.IsInt() && !strings.ContainsAny(v.Fval.Fval, ".eE") {
			a.kind, a.big = 'i', true
		}
	case *pg_query.A_Const_Sval:
		a.kind, a.text = 's', v.Sval.Sval
	default:
		t.unsupported(a.loc, "generate_series with this argument")
	}
	switch typ {
	case "":
	case "int2", "int4", "int", "integer", "smallint":
		if a.kind != 'i' || a.big {
			t.unsupported(a.loc, "generate_series with this cast")
		}
	case "int8", "bigint":
		if a.kind != 'i' {
			t.unsupported(a.loc, "generate_series with this cast")
		}
		a.big = true
	case "numeric", "decimal":
		if a.kind != 'i' && a.kind != 'n' {
			t.unsupported(a.loc, "generate_series with this cast")
		}
		a.kind = 'n'
	case "date", "timestamp", "timestamptz", "interval":
		if a.kind != 's' {
			t.unsupported(a.loc, "generate_series with this cast")
		}
		a.kind = map[string]byte{"date": 'd', "timestamp": 't', "timestamptz": 'z', "interval": 'v'}[typ]
	default:
		t.unsupported(a.loc, "generate_series of type "+typ)
	}
	return a
}

// series writes generate_series(…) of a FROM item as a derived table.
func (e *emitter) series(rf *pg_query.RangeFunction, f *pg_query.FuncCall) {
	if len(f.Args) < 2 || len(f.Args) > 3 || f.AggStar || f.AggDistinct || len(f.AggOrder) > 0 || f.Over != nil {
		e.fail("42883", f.Location, "function generate_series with %d arguments does not exist", len(f.Args))
	}
	args := make([]seriesArg, len(f.Args))
	for i, n := range f.Args {
		args[i] = e.seriesArg(n)
	}
	col := "generate_series"
	if rf.Alias != nil {
		col = rf.Alias.Aliasname
		switch len(rf.Alias.Colnames) {
		case 0:
		case 1:
			col = strVal(rf.Alias.Colnames[0])
		default:
			e.fail("42601", f.Location, "too many column aliases specified for function generate_series")
		}
	}
	var count int64
	var value func(i string)
	switch {
	case isTimeKind(args[0].kind) || (args[0].kind == 's' && isTimeKind(args[1].kind)):
		count, value = e.timeSeries(args)
	case isNumKind(args[0].kind) && isNumKind(args[1].kind) && (len(args) == 2 || isNumKind(args[2].kind)):
		count, value = e.numberSeries(args)
	default:
		e.unsupported(f.Location, "generate_series of these types (integers, numerics, and dates or time stamps with an interval step are)")
	}
	levels := 1
	if count > 1 {
		levels = len(strconv.FormatInt(count-1, 10))
	}
	var idx strings.Builder
	idx.WriteByte('(')
	for l := levels - 1; l >= 0; l-- {
		idx.WriteString("pgw_d" + strconv.Itoa(l) + ".d")
		if l > 0 {
			idx.WriteString(" * 1" + strings.Repeat("0", l) + " + ")
		}
	}
	idx.WriteByte(')')
	e.w("(SELECT ")
	value(idx.String())
	e.w(" AS ")
	writeQuoted(&e.b, col)
	e.w(" FROM ")
	for l := levels - 1; l >= 0; l-- {
		e.w("(SELECT 0 AS d")
		for d := 1; d <= 9; d++ {
			e.w(" UNION ALL SELECT " + strconv.Itoa(d))
		}
		e.w(") AS pgw_d" + strconv.Itoa(l))
		if l > 0 {
			e.w(" CROSS JOIN ")
		}
	}
	e.w(" WHERE " + idx.String() + " < " + strconv.FormatInt(count, 10) + ") AS ")
	if rf.Alias != nil {
		e.ident(rf.Alias.Aliasname)
	} else {
		e.ident("generate_series")
	}
}

func isTimeKind(k byte) bool { return k == 'd' || k == 't' || k == 'z' }
func isNumKind(k byte) bool  { return k == 'i' || k == 'n' }

func (e *emitter) stepZero() {
	e.fail("22023", -1, "step size cannot equal zero")
}

// numberSeries: generate_series of integers (int4, int8) or numerics.
func (e *emitter) numberSeries(args []seriesArg) (int64, func(string)) {
	start, stop, step := args[0], args[1], seriesArg{kind: 'i', num: big.NewRat(1, 1)}
	if len(args) == 3 {
		step = args[2]
	}
	if step.num.Sign() == 0 {
		e.stepZero()
	}
	kind, bigint := byte('i'), false
	for _, a := range args {
		if a.kind == 'n' {
			kind = 'n'
		}
		bigint = bigint || a.big
	}
	if kind == 'i' && !bigint {
		for _, a := range args {
			if !a.num.IsInt() || !a.num.Num().IsInt64() || a.num.Num().Int64() != int64(int32(a.num.Num().Int64())) {
				bigint = true
			}
		}
	}
	// count = floor((stop - start) / step) + 1, or 0 when stop is on the other side.
	q := new(big.Rat).Quo(new(big.Rat).Sub(stop.num, start.num), step.num)
	var count int64
	if q.Sign() >= 0 {
		fl := new(big.Int).Quo(q.Num(), q.Denom())
		if !fl.IsInt64() || fl.Int64() >= maxSeriesRows {
			e.unsupported(start.loc, "generate_series of more than "+strconv.Itoa(maxSeriesRows)+" rows")
		}
		count = fl.Int64() + 1
	}
	scale := max(ratScale(start), ratScale(step))
	typ := "INTEGER"
	switch {
	case kind == 'n':
		typ = "NUMERIC(36," + strconv.Itoa(scale) + ")"
	case bigint:
		typ = "BIGINT"
	}
	return count, func(i string) {
		e.w("CAST(" + start.num.FloatString(scale) + " + " + i + " * " + step.num.FloatString(scale) + " AS " + typ + ")")
	}
}

// ratScale is the number of decimals of a numeric constant as written.
func ratScale(a seriesArg) int {
	if a.kind != 'n' {
		return 0
	}
	s := a.num.FloatString(20)
	s = strings.TrimRight(s, "0")
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// timeSeries: generate_series of dates or time stamps by an interval.
func (e *emitter) timeSeries(args []seriesArg) (int64, func(string)) {
	if len(args) != 3 {
		e.fail("42883", args[0].loc, "function generate_series(timestamp, timestamp) does not exist")
	}
	if args[0].kind == 'z' || args[1].kind == 'z' {
		e.unsupported(args[0].loc, "generate_series of timestamp with time zone")
	}
	start, ok1 := parseSeriesTime(args[0].text)
	stop, ok2 := parseSeriesTime(args[1].text)
	if !ok1 || !ok2 {
		e.unsupported(args[0].loc, "generate_series with a date or time stamp not written YYYY-MM-DD [HH:MM[:SS[.f]]]")
	}
	if args[2].kind != 'v' && args[2].kind != 's' {
		e.unsupported(args[2].loc, "generate_series of time stamps with a step that is not an interval")
	}
	n, unit, ok := parseSeriesInterval(args[2].text)
	if !ok {
		e.unsupported(args[2].loc, "generate_series with an interval other than 'N unit'")
	}
	if n == 0 {
		e.stepZero()
	}
	var count int64
	switch unit {
	case "mm", "yy":
		months := n
		if unit == "yy" {
			months *= 12
		}
		if start.Day() > 28 {
			// PostgreSQL adds the step to the previous value (Jan 31, Feb 29, Mar 29);
			// IRIS's DATEADD to the start (Mar 31).
			e.unsupported(args[0].loc, "generate_series by months from a day after the 28th")
		}
		before := func(k int64) bool {
			v := start.AddDate(0, int(k*months), 0)
			if months > 0 {
				return !v.After(stop)
			}
			return !v.Before(stop)
		}
		diff := int64((stop.Year()-start.Year())*12 + int(stop.Month()) - int(start.Month()))
		k := diff / months
		for k >= 0 && !before(k) {
			k--
		}
		for before(k + 1) {
			k++
		}
		count = k + 1
		if k+1 > maxSeriesRows {
			e.unsupported(args[0].loc, "generate_series of more than "+strconv.Itoa(maxSeriesRows)+" rows")
		}
	default:
		unitDur := map[string]time.Duration{"wk": 7 * 24 * time.Hour, "dd": 24 * time.Hour, "hh": time.Hour, "mi": time.Minute, "ss": time.Second}[unit]
		step := new(big.Int).Mul(big.NewInt(n), big.NewInt(int64(unitDur)))
		span := big.NewInt(int64(stop.Sub(start)))
		if span.Sign() == 0 || span.Sign() == step.Sign() {
			q := new(big.Int).Quo(span, step)
			if q.Int64() >= maxSeriesRows {
				e.unsupported(args[0].loc, "generate_series of more than "+strconv.Itoa(maxSeriesRows)+" rows")
			}
			count = q.Int64() + 1
		}
		if unit == "wk" {
			unit, n = "dd", n*7
		}
	}
	from := start.Format("2006-01-02 15:04:05.999999")
	return count, func(i string) {
		e.w("DATEADD('" + unit + "', " + i + " * " + strconv.FormatInt(n, 10) + ", CAST('" + from + "' AS TIMESTAMP))")
	}
}

func parseSeriesTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseSeriesInterval reads 'N unit' (N a whole number) into N and IRIS's DATEADD unit.
func parseSeriesInterval(s string) (int64, string, bool) {
	f := strings.Fields(strings.ToLower(s))
	if len(f) != 2 {
		return 0, "", false
	}
	n, err := strconv.ParseInt(f[0], 10, 32)
	unit, ok := intervalUnits[f[1]]
	if err != nil || !ok || unit == "" {
		return 0, "", false
	}
	return n, unit, true
}

// seriesTarget turns SELECT generate_series(…) [AS x] (or unnest(…); nothing else, no
// FROM) into SELECT x FROM generate_series(…) AS x(x); it returns what puts the tree back, or
// nil when s is not of that form.
func seriesTarget(s *pg_query.SelectStmt) func() {
	if len(s.FromClause) > 0 || len(s.TargetList) != 1 || s.WhereClause != nil || len(s.GroupClause) > 0 || s.HavingClause != nil {
		return nil
	}
	rt := s.TargetList[0].Node.(*pg_query.Node_ResTarget).ResTarget
	f, ok := rt.Val.Node.(*pg_query.Node_FuncCall)
	if !ok || !isSeriesCall(f.FuncCall) && !isUnnestCall(f.FuncCall) {
		return nil
	}
	name := rt.Name
	if name == "" {
		name = strings.ToLower(lastName(f.FuncCall.Funcname))
	}
	val, origName := rt.Val, rt.Name
	s.FromClause = []*pg_query.Node{{Node: &pg_query.Node_RangeFunction{RangeFunction: &pg_query.RangeFunction{
		Functions: []*pg_query.Node{{Node: &pg_query.Node_List{List: &pg_query.List{Items: []*pg_query.Node{val, nil}}}}},
		Alias:     &pg_query.Alias{Aliasname: name, Colnames: []*pg_query.Node{pg_query.MakeStrNode(name)}},
	}}}}
	rt.Val = pg_query.MakeColumnRefNode([]*pg_query.Node{pg_query.MakeStrNode(name)}, f.FuncCall.Location)
	rt.Name = name
	return func() {
		s.FromClause, rt.Val, rt.Name = nil, val, origName
	}
}

func isSeriesCall(f *pg_query.FuncCall) bool {
	if !strings.EqualFold(lastName(f.Funcname), "generate_series") {
		return false
	}
	return len(f.Funcname) == 1 || strVal(f.Funcname[0]) == "pg_catalog"
}

// seriesFromItem writes a function in FROM: generate_series or unnest, else 0A000.
func (e *emitter) seriesFromItem(rf *pg_query.RangeFunction) {
	switch {
	case rf.Lateral:
		e.unsupported(-1, "LATERAL")
	case rf.IsRowsfrom || len(rf.Functions) != 1 || len(rf.Coldeflist) > 0:
		e.unsupported(-1, "ROWS FROM and column definition lists")
	}
	items := rf.Functions[0].Node.(*pg_query.Node_List).List.Items
	f, ok := items[0].Node.(*pg_query.Node_FuncCall)
	switch {
	case !ok || (len(items) > 1 && items[1] != nil && items[1].Node != nil):
	case isUnnestCall(f.FuncCall):
		e.unnest(rf, f.FuncCall)
		return
	case isSeriesCall(f.FuncCall) && rf.Ordinality:
		e.unsupported(-1, "WITH ORDINALITY")
	case isSeriesCall(f.FuncCall):
		e.series(rf, f.FuncCall)
		return
	}
	e.unsupported(-1, "functions in FROM other than generate_series and unnest")
}

// seriesIntColumn is the column of a generate_series or unnest of integers in FROM
// ("" for other functions): divided by an integer, it divides to an integer.
func (e *emitter) seriesIntColumn(rf *pg_query.RangeFunction) string {
	if len(rf.Functions) != 1 {
		return ""
	}
	items := rf.Functions[0].Node.(*pg_query.Node_List).List.Items
	f, ok := items[0].Node.(*pg_query.Node_FuncCall)
	if ok && isUnnestCall(f.FuncCall) {
		if u := e.unnestArray(f.FuncCall); u.why != "" || u.typ != "int4" && u.typ != "int8" {
			return ""
		}
		switch {
		case rf.Alias == nil:
			return "unnest"
		case len(rf.Alias.Colnames) > 0:
			return strVal(rf.Alias.Colnames[0])
		}
		return rf.Alias.Aliasname
	}
	if !ok || !isSeriesCall(f.FuncCall) || len(f.FuncCall.Args) < 2 || len(f.FuncCall.Args) > 3 {
		return ""
	}
	for _, n := range f.FuncCall.Args {
		if e.seriesArg(n).kind != 'i' {
			return ""
		}
	}
	switch {
	case rf.Alias == nil:
		return "generate_series"
	case len(rf.Alias.Colnames) == 1:
		return strVal(rf.Alias.Colnames[0])
	}
	return rf.Alias.Aliasname
}

// isIntOperand: isIntExpr, or a column known to be an integer (scopeRel.intCols).
func (e *emitter) isIntOperand(n *pg_query.Node) bool {
	if isIntExpr(n) {
		return true
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		if len(e.scopes) == 0 || !isPlainColumn(n) {
			return false
		}
		f := v.ColumnRef.Fields
		name := strVal(f[len(f)-1])
		for _, r := range e.scopes[len(e.scopes)-1] {
			if !slices.Contains(r.intCols, name) {
				continue
			}
			if len(f) == 1 || len(f) == 2 && (strVal(f[0]) == r.alias || r.alias == "" && strVal(f[0]) == cmp.Or(r.table.Name, "generate_series")) {
				return true
			}
		}
	case *pg_query.Node_AExpr:
		a := v.AExpr
		if a.Kind == pg_query.A_Expr_Kind_AEXPR_OP && a.Lexpr != nil {
			switch opName(a) {
			case "+", "-", "*", "%", "/":
				return e.isIntOperand(a.Lexpr) && e.isIntOperand(a.Rexpr)
			}
		}
	}
	return false
}
