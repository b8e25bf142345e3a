package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Window frame bits from PostgreSQL's nodes/parsenodes.h.
const frameOptionNonDefault = 0x00001

// plainFuncs are functions whose IRIS spelling and argument order are the same.
var plainFuncs = map[string]string{
	"lower": "LOWER", "upper": "UPPER", "replace": "REPLACE", "lpad": "LPAD", "rpad": "RPAD",
	"abs": "ABS", "ceil": "CEILING", "ceiling": "CEILING", "floor": "FLOOR", "sqrt": "SQRT",
	"power": "POWER", "pow": "POWER", "mod": "MOD", "exp": "EXP", "ln": "LOG", "sign": "SIGN",
	"degrees": "DEGREES", "radians": "RADIANS", "sin": "SIN", "cos": "COS", "tan": "TAN",
	"asin": "ASIN", "acos": "ACOS", "atan": "ATAN", "cot": "COT",
}

// aggregates that IRIS spells the same and that ignore NULL inputs.
var aggregates = map[string]string{
	"count": "COUNT", "sum": "SUM", "avg": "AVG", "min": "MIN", "max": "MAX",
	"stddev": "STDDEV", "stddev_samp": "STDDEV_SAMP", "stddev_pop": "STDDEV_POP",
	"variance": "VARIANCE", "var_samp": "VAR_SAMP", "var_pop": "VAR_POP",
}

// windowFuncs may carry an OVER clause ([?] window functions are "believed
// supported" in IRIS: see doc.go).
var windowFuncs = map[string]string{
	"row_number": "ROW_NUMBER", "rank": "RANK", "dense_rank": "DENSE_RANK",
	"percent_rank": "", "cume_dist": "", "ntile": "NTILE", // percent_rank, cume_dist: windowCall
	"lag": "LAG", "lead": "LEAD", "first_value": "FIRST_VALUE", "last_value": "LAST_VALUE",
	"count": "COUNT", "sum": "SUM", "avg": "AVG", "min": "MIN", "max": "MAX",
}

// sessionFuncs are answered by the session; see local.go. In a query that also
// reads IRIS data they map to IRIS special variables where one exists.
var sessionFuncs = map[string]string{
	"version":          "$ZVERSION",
	"current_database": "$NAMESPACE",
	"current_schema":   "'public'",
	"pg_backend_pid":   "CAST($JOB AS INTEGER)",
}

// arity bounds the argument count of every function handled here (max -1 =
// no limit); a call outside it does not exist in PostgreSQL either.
var arity = map[string][2]int{
	"lower": {1, 1}, "upper": {1, 1}, "replace": {3, 3}, "lpad": {2, 3}, "rpad": {2, 3},
	"abs": {1, 1}, "ceil": {1, 1}, "ceiling": {1, 1}, "floor": {1, 1}, "sqrt": {1, 1},
	"power": {2, 2}, "pow": {2, 2}, "mod": {2, 2}, "exp": {1, 1}, "ln": {1, 1}, "sign": {1, 1},
	"degrees": {1, 1}, "radians": {1, 1}, "sin": {1, 1}, "cos": {1, 1}, "tan": {1, 1},
	"asin": {1, 1}, "acos": {1, 1}, "atan": {1, 1}, "cot": {1, 1},
	"length": {1, 1}, "char_length": {1, 1}, "character_length": {1, 1},
	"substr": {2, 3}, "substring": {2, 3}, "position": {2, 2}, "strpos": {2, 2},
	"btrim": {1, 2}, "ltrim": {1, 2}, "rtrim": {1, 2}, "left": {2, 2}, "right": {2, 2},
	"concat": {1, -1}, "concat_ws": {2, -1}, "round": {1, 2}, "trunc": {1, 2}, "split_part": {3, 3}, "to_char": {2, 2},
	"log": {1, 2}, "log10": {1, 1}, "pi": {0, 0}, "random": {0, 0},
	"now": {0, 0}, "transaction_timestamp": {0, 0}, "statement_timestamp": {0, 0}, "clock_timestamp": {0, 0},
	"date_part": {2, 2}, "extract": {2, 2}, "date_trunc": {2, 3},
	"cosine_distance": {2, 2}, "inner_product": {2, 2}, "negative_inner_product": {2, 2}, "l2_distance": {2, 2},
	"bool_and": {1, 1}, "every": {1, 1}, "bool_or": {1, 1}, "string_agg": {2, 2}, "array_agg": {1, 1},
	"reverse": {1, 1}, "repeat": {2, 2}, "width_bucket": {2, 4}, "translate": {3, 3}, "div": {2, 2}, "chr": {1, 1}, "ascii": {1, 1},
	"make_date": {3, 3}, "to_timestamp": {1, 2},
	"version": {0, 0}, "current_database": {0, 0}, "current_schema": {0, 0}, "pg_backend_pid": {0, 0},
	"row_number": {0, 0}, "rank": {0, 0}, "dense_rank": {0, 0}, "percent_rank": {0, 0}, "cume_dist": {0, 0},
	"ntile": {1, 1}, "lag": {1, 3}, "lead": {1, 3}, "first_value": {1, 1}, "last_value": {1, 1},
	"count": {0, 1}, "sum": {1, 1}, "avg": {1, 1}, "min": {1, 1}, "max": {1, 1},
	"stddev": {1, 1}, "stddev_samp": {1, 1}, "stddev_pop": {1, 1}, "variance": {1, 1}, "var_samp": {1, 1}, "var_pop": {1, 1},
}

func (e *emitter) funcCall(f *pg_query.FuncCall) {
	name := strings.ToLower(lastName(f.Funcname))
	if IsSequenceFunc(name) && len(f.Funcname) == 1 && f.Over == nil {
		e.seqCall(name, f)
		return
	}
	if bounds, ok := arity[name]; ok && !f.AggWithinGroup {
		if n := len(f.Args); n < bounds[0] || (bounds[1] >= 0 && n > bounds[1]) || (name == "count" && n == 0 && !f.AggStar) {
			e.fail("42883", f.Location, "function %s() with %d arguments does not exist", name, n)
		}
	}
	if name == "generate_series" || name == "unnest" {
		e.unsupported(f.Location, name+" in a select list with FROM or other items (use it in FROM)")
	}
	if len(f.Funcname) > 1 {
		if schema := strVal(f.Funcname[0]); schema != "pg_catalog" {
			e.unsupported(f.Location, "function "+schema+"."+name+"()")
		}
	}
	if direct, ok := orderedSetAggs[name]; ok && !f.AggWithinGroup {
		if len(f.Args) == direct+1 {
			e.fail("42809", f.Location, "WITHIN GROUP is required for ordered-set aggregate %s", name)
		}
		e.fail("42883", f.Location, "function %s() with %d arguments does not exist", name, len(f.Args))
	}
	switch {
	case f.AggWithinGroup:
		e.withinGroup(name, f)
		return
	case f.FuncVariadic:
		e.unsupported(f.Location, "VARIADIC arguments")
	case len(f.AggOrder) > 0 && name != "string_agg" && name != "array_agg":
		e.unsupported(f.Location, "ORDER BY inside an aggregate")
	}
	if f.Over != nil {
		e.windowCall(name, f)
		return
	}
	if irisName, ok := aggregates[name]; ok {
		at := e.b.Len()
		argAt, argEnd := e.aggregate(irisName, f)
		if name == "min" || name == "max" {
			e.noteEnumAgg(f, at, argAt, argEnd)
		}
		return
	}
	if f.AggFilter != nil && name != "string_agg" && name != "array_agg" {
		e.unsupported(f.Location, "FILTER on "+name+"()")
	}
	if e.scalarFunc(name, f) {
		return
	}
	e.unsupported(f.Location, "function "+name+"()")
}

// aggregate writes an aggregate. FILTER (WHERE c) becomes agg(CASE WHEN c THEN x
// END): aggregates skip NULLs, so the result equals PostgreSQL's, including
// COUNT giving 0 (not NULL) when nothing passes the filter. It returns where its
// argument was written.
func (e *emitter) aggregate(irisName string, f *pg_query.FuncCall) (argAt, argEnd int) {
	e.w(irisName)
	e.wb('(')
	if f.AggDistinct {
		e.w("DISTINCT ")
	}
	argAt = e.b.Len()
	switch {
	case f.AggStar && f.AggFilter != nil:
		e.w("CASE WHEN ")
		e.pred(f.AggFilter)
		e.w(" THEN 1 END")
	case f.AggStar:
		e.wb('*')
	case len(f.Args) != 1:
		e.unsupported(f.Location, irisName+" with "+itoa(len(f.Args))+" arguments")
	case f.AggFilter != nil:
		e.w("CASE WHEN ")
		e.pred(f.AggFilter)
		e.w(" THEN ")
		e.value(f.Args[0])
		e.w(" END")
	default:
		e.value(f.Args[0])
	}
	argEnd = e.b.Len()
	e.wb(')')
	return argAt, argEnd
}

func (e *emitter) windowCall(name string, f *pg_query.FuncCall) {
	irisName, ok := windowFuncs[name]
	w := e.resolveWindow(f.Over)
	switch {
	case !ok:
		e.unsupported(f.Location, "window function "+name+"()")
	case f.AggFilter != nil:
		e.unsupported(f.Location, "FILTER on a window function")
	case w.FrameOptions&frameOptionNonDefault != 0:
		plain, last, same, unique := defaultFrameEquivalent(name, w)
		if !same && e.movingFrame(name, f, w) {
			return
		}
		if !same || unique && !e.noteUniqueOrder(w) {
			e.unsupported(w.Location, "window frame clauses other than the default frame, the whole partition, or a moving ROWS frame of sum, count or avg")
		}
		w = plain
		if last {
			irisName = windowFuncs["first_value"]
		}
	}
	switch name {
	case "percent_rank":
		// IRIS's window functions beyond the common set are not established: (rank - 1)
		// / (rows of the partition - 1), 0 for a partition of one row, as PostgreSQL
		// computes it.
		e.w("CASE WHEN COUNT(*)")
		e.overClause(w, false)
		e.w(" = 1 THEN CAST(0 AS DOUBLE) ELSE CAST(RANK()")
		e.overClause(w, true)
		e.w(" - 1 AS DOUBLE) / (COUNT(*)")
		e.overClause(w, false)
		e.w(" - 1) END")
		return
	case "cume_dist":
		// The rows up to the current one's last peer (the default frame) over the rows.
		e.w("CAST(COUNT(*)")
		e.overClause(w, true)
		e.w(" AS DOUBLE) / COUNT(*)")
		e.overClause(w, false)
		return
	}
	if _, agg := aggregates[name]; agg {
		at := e.b.Len()
		argAt, argEnd := e.aggregate(irisName, f)
		e.overClause(w, true)
		if name == "min" || name == "max" {
			e.noteEnumAgg(f, at, argAt, argEnd)
		}
		return
	}
	e.call(irisName, f.Args)
	e.overClause(w, true)
}

// overClause writes " OVER (PARTITION BY … ORDER BY …)" of w, without its ORDER BY
// when ordered is false.
func (e *emitter) overClause(w *pg_query.WindowDef, ordered bool) {
	e.w(" OVER (")
	if len(w.PartitionClause) > 0 {
		e.w("PARTITION BY ")
		e.list(w.PartitionClause)
	}
	if ordered && len(w.OrderClause) > 0 {
		if len(w.PartitionClause) > 0 {
			e.wb(' ')
		}
		e.w("ORDER BY ")
		for i, s := range w.OrderClause {
			if i > 0 {
				e.w(", ")
			}
			// As in a query's ORDER BY: NULLs placed as PostgreSQL places them
			// (rank and row_number depend on it); constants order nothing.
			sb := s.Node.(*pg_query.Node_SortBy).SortBy
			switch sb.Node.Node.(type) {
			case *pg_query.Node_AConst, *pg_query.Node_ParamRef:
				e.value(sb.Node)
			default:
				e.sortKey(sb, nil, false)
			}
		}
	}
	e.wb(')')
}

// scalarFunc writes the IRIS form of a known scalar function; false if unknown.
func (e *emitter) scalarFunc(name string, f *pg_query.FuncCall) bool {
	args := f.Args
	n := len(args)
	switch name {
	case "sqrt":
		e.mathFuncs |= MathSqrt
	case "power", "pow":
		e.mathFuncs |= MathPower
	case "ln", "log", "log10":
		e.mathFuncs |= MathLog
	}
	if irisName, ok := plainFuncs[name]; ok {
		e.call(irisName, args)
		return true
	}
	switch name {
	case "pg_typeof":
		if n != 1 {
			return false
		}
		e.pgTypeof(f)
	case "length", "char_length", "character_length":
		// IRIS LENGTH ignores trailing blanks; CHAR_LENGTH counts them like PostgreSQL.
		e.call("CHAR_LENGTH", args)
	case "substr", "substring":
		if n == 2 {
			if _, isText := e.stringConst(args[1]); isText {
				e.unsupported(f.Location, "substring(… from pattern) (regular expressions)")
			}
		}
		if n < 2 || n > 3 {
			return false
		}
		e.call("SUBSTRING", args)
	case "position", "strpos":
		// position(sub IN s) is parsed as position(s, sub): both are INSTR(s, sub),
		// 1-based, 0 when absent, as in PostgreSQL.
		if n != 2 {
			return false
		}
		e.call("INSTR", args)
	case "btrim", "ltrim", "rtrim":
		e.trim(name, f)
	case "left", "right":
		if n != 2 {
			return false
		}
		if c, ok := args[1].Node.(*pg_query.Node_AConst); ok && isIntConst(args[1]) && e.constInt(c.AConst) < 0 {
			e.leftRightAllBut(name, args[0], -e.constInt(c.AConst))
			return true
		}
		e.w("{fn " + strings.ToUpper(name) + "(")
		e.list(args)
		e.w(")}")
	case "concat":
		// concat() skips NULL arguments.
		e.wb('(')
		for i, a := range args {
			if i > 0 {
				e.w(" || ")
			}
			e.w("COALESCE(")
			e.value(a)
			e.w(", '')")
		}
		e.wb(')')
	case "concat_ws":
		e.concatWS(f)
	case "split_part":
		e.splitPart(f)
	case "round", "trunc":
		e.roundCall(name, args)
	case "log", "log10":
		if n == 2 {
			e.w("(LOG(")
			e.value(args[1])
			e.w(") / LOG(")
			e.value(args[0])
			e.w("))")
			return true
		}
		e.call("LOG10", args)
	case "pi":
		e.w("PI()")
	case "random":
		e.w("RAND()")
	case "now", "transaction_timestamp", "statement_timestamp", "clock_timestamp":
		e.w("CURRENT_TIMESTAMP")
	case "date_part", "extract":
		e.extract(f)
	case "date_trunc":
		e.dateTrunc(f)
	case "timezone":
		e.atTimeZone(f)
	case "to_char":
		e.toChar(f)
	case "cosine_distance":
		e.w("(1 - ")
		e.vectorCall("VECTOR_COSINE", args[0], args[1])
		e.wb(')')
	case "inner_product":
		e.vectorCall("VECTOR_DOT_PRODUCT", args[0], args[1])
	case "negative_inner_product":
		e.w("(-")
		e.vectorCall("VECTOR_DOT_PRODUCT", args[0], args[1])
		e.wb(')')
	case "l2_distance":
		e.l2Distance(args[0], args[1])
	case "bool_and", "every", "bool_or":
		if n != 1 {
			return false
		}
		if name == "bool_or" {
			e.w("MAX(")
		} else {
			e.w("MIN(")
		}
		e.value(args[0])
		e.wb(')')
	case "string_agg":
		e.stringAgg(f)
	case "array_agg":
		e.arrayAgg(f)
	case "age":
		e.age(f)
	case "div":
		// PostgreSQL's div is the quotient truncated toward zero, of numerics too.
		e.w("{fn TRUNCATE(")
		e.operand(args[0])
		e.w(" / ")
		e.operand(args[1])
		e.w(", 0)}")
	case "width_bucket":
		e.widthBucket(f)
	case "reverse":
		e.call("REVERSE", args)
	case "repeat":
		e.repeat(f)
	case "translate":
		e.translateChars(f)
	case "chr":
		e.chr(f)
	case "ascii":
		e.ascii(f)
	case "make_date":
		e.makeDate(f)
	case "to_timestamp":
		e.toTimestamp(f)
	default:
		irisExpr, ok := sessionFuncs[name]
		if !ok || n != 0 {
			return false
		}
		if name == "version" {
			// The session's own answer to version() (session/local.go), so that a test of
			// it (version() LIKE 'PostgreSQL%') reads the same text.
			e.wb('(')
			writeStringLit(&e.b, "PostgreSQL "+e.opt.ServerVersion+" on InterSystems IRIS: ")
			e.w(" || " + irisExpr + ")")
			return true
		}
		e.w(irisExpr)
	}
	return true
}

// stringAgg writes string_agg(x, sep). IRIS has no STRING_AGG and its string
// aggregates take no separator and no ORDER BY (LIST, %DLIST, XMLAGG and
// JSON_ARRAYAGG have none in their synopses; the %DLIST page: "the values listed
// within a given aggregate result value cannot be explicitly ordered"). LIST(x) joins
// with a comma, as string_agg(x, ',') does (an empty string keeps its place, NULLs are
// skipped). Any other separator:
// XMLAGG(sep || x) concatenates the non-NULL values each preceded by the separator
// (sep || NULL is NULL and skipped; sep joined to an empty string is the separator
// alone, so an empty string keeps its place), and SUBSTRING cuts the leading
// separator off, counted by IRIS itself. A parameter separator may be NULL, which
// PostgreSQL reads as none: COALESCE of it and an empty string; a NULL literal is
// none. No rows or only NULLs give NULL, as in PostgreSQL. FILTER (WHERE c) feeds
// CASE WHEN c THEN … END, NULL otherwise; DISTINCT is the aggregate's DISTINCT over
// %EXACT values (the separator is the same for all, so sep || x is distinct when x is).
func (e *emitter) stringAgg(f *pg_query.FuncCall) {
	x, sep := f.Args[0], f.Args[1]
	c, isLit := stringConstNode(sep)
	_, isParam := sep.Node.(*pg_query.Node_ParamRef)
	isNull := false
	if k, ok := sep.Node.(*pg_query.Node_AConst); ok && k.AConst.Isnull {
		isNull = true
	}
	switch {
	case !isLit && !isParam && !isNull:
		e.unsupported(f.Location, "string_agg() with a separator other than a string literal or a parameter")
	case len(f.AggOrder) > 0 && isParam:
		e.unsupported(f.Location, "string_agg() with ORDER BY and a parameter as the separator")
	case len(f.AggOrder) > 0 && e.arrayAggItem != f:
		e.unsupported(f.Location, "string_agg() with ORDER BY other than as a whole item of the outer select list")
	case len(f.AggOrder) > 0:
		e.orderedAgg(f)
		return
	}
	filtered := func(v func()) {
		if f.AggDistinct {
			// Distinct by the exact value, as PostgreSQL compares, not by the
			// column's collation.
			e.w("DISTINCT ")
			inner := v
			v = func() {
				e.w("%EXACT(")
				inner()
				e.wb(')')
			}
		}
		if f.AggFilter == nil {
			v()
			return
		}
		e.w("CASE WHEN ")
		e.pred(f.AggFilter)
		e.w(" THEN ")
		v()
		e.w(" END")
	}
	switch {
	case isLit && e.constHas(c, isComma):
		e.w("LIST(")
		filtered(func() { e.value(x) })
		e.wb(')')
		return
	case isNull:
		e.w("XMLAGG(")
		filtered(func() { e.value(x) })
		e.wb(')')
		return
	}
	delim := func() {
		if isParam {
			e.w("COALESCE(")
			e.value(sep)
			e.w(", '')")
			return
		}
		e.value(sep)
	}
	e.w("SUBSTRING(XMLAGG(")
	filtered(func() {
		delim()
		e.w(" || ")
		e.operand(x)
	})
	e.w("), CHAR_LENGTH(")
	delim()
	e.w(") + 1)")
}

func isComma(v string) bool { return v == "," }

// translateChars writes translate(s, from, to) as IRIS $TRANSLATE(s, from[, to]),
// which replaces each character of from by the character at the same place in to
// and deletes those that have none, as PostgreSQL does. from and to must be
// literals; a from that repeats a character (PostgreSQL takes its first place) or is
// empty is refused, and an empty to becomes the two-argument form (IRIS keeps an
// empty string as $CHAR(0) inside).
func (e *emitter) translateChars(f *pg_query.FuncCall) {
	s, from, to := f.Args[0], f.Args[1], f.Args[2]
	fc, okFrom := stringConstNode(from)
	tc, okTo := stringConstNode(to)
	if !okFrom || !okTo || e.constHas(fc, isEmptyOrRepeating) {
		e.unsupported(f.Location, "translate() other than with literal from and to (from not empty, no character twice)")
	}
	e.w("$TRANSLATE(")
	e.value(s)
	e.w(", ")
	e.value(from)
	if !e.constHas(tc, isEmpty) {
		e.w(", ")
		e.value(to)
	}
	e.wb(')')
}

func isEmpty(v string) bool { return v == "" }

func isEmptyOrRepeating(v string) bool {
	if v == "" {
		return true
	}
	seen := map[rune]bool{}
	for _, r := range v {
		if seen[r] {
			return true
		}
		seen[r] = true
	}
	return false
}

// repeat writes repeat(s, n) as IRIS REPEAT, which returns NULL for a negative
// count where PostgreSQL returns an empty string: a negative count becomes 0.
// IRIS truncates a fractional count; PostgreSQL has no repeat(text, numeric).
func (e *emitter) repeat(f *pg_query.FuncCall) {
	s, n := f.Args[0], f.Args[1]
	if c, ok := n.Node.(*pg_query.Node_AConst); ok {
		if _, isNum := c.AConst.Val.(*pg_query.A_Const_Fval); isNum {
			e.fail("42883", f.Location, "function repeat(text, numeric) does not exist")
		}
	}
	if c, ok := n.Node.(*pg_query.Node_AConst); ok && isIntConst(n) {
		e.w("REPEAT(")
		e.value(s)
		if e.constInt(c.AConst) < 0 {
			e.w(", 0)")
			return
		}
		e.w(", ")
		e.value(n)
		e.wb(')')
		return
	}
	e.w("REPEAT(")
	e.value(s)
	e.w(", CASE WHEN ")
	e.operand(n)
	e.w(" < 0 THEN 0 ELSE ")
	e.value(n)
	e.w(" END)")
}

func (e *emitter) trim(name string, f *pg_query.FuncCall) {
	args := f.Args
	if len(args) == 1 {
		e.call(map[string]string{"btrim": "TRIM", "ltrim": "LTRIM", "rtrim": "RTRIM"}[name], args)
		return
	}
	e.w("TRIM(")
	e.w(map[string]string{"btrim": "BOTH ", "ltrim": "LEADING ", "rtrim": "TRAILING "}[name])
	e.value(args[1])
	e.w(" FROM ")
	e.value(args[0])
	e.wb(')')
}

// concatWS: concat_ws(sep, a, b) skips NULLs. Each non-NULL argument contributes
// sep||arg; the leading separator is then cut off.
func (e *emitter) concatWS(f *pg_query.FuncCall) {
	if len(f.Args) < 2 {
		e.unsupported(f.Location, "concat_ws() without values")
	}
	sep := f.Args[0]
	e.w("SUBSTRING(")
	for i, a := range f.Args[1:] {
		if i > 0 {
			e.w(" || ")
		}
		e.w("COALESCE(")
		e.operand(sep)
		e.w(" || ")
		e.operand(a)
		e.w(", '')")
	}
	e.w(", CHAR_LENGTH(")
	e.value(sep)
	e.w(") + 1)")
}

// extractFields maps extract()/date_part() fields IRIS computes identically.
var extractFields = map[string]string{
	"year": "yy", "quarter": "qq", "month": "mm", "day": "dd", "hour": "hh", "minute": "mi", "doy": "dy",
}

func (e *emitter) extract(f *pg_query.FuncCall) {
	field, ok := e.stringConst(f.Args[0])
	if !ok || len(f.Args) != 2 {
		e.unsupported(f.Location, "extract() with a non-constant field")
	}
	field = strings.ToLower(field)
	switch field {
	case "dow":
		// PostgreSQL: Sunday = 0; IRIS DATEPART(dw): Sunday = 1.
		e.w("(DATEPART('dw', ")
		e.value(f.Args[1])
		e.w(") - 1)")
	case "isodow":
		// ISO: Monday = 1 … Sunday = 7, from IRIS's Sunday = 1.
		e.w("(MOD(DATEPART('dw', ")
		e.value(f.Args[1])
		e.w(") + 5, 7) + 1)")
	case "week", "isoyear":
		// ISO 8601 weeks: a week belongs to the year of its Thursday, and is numbered
		// from that year's first Thursday: the Thursday is x + (4 - isodow) days.
		thursday := func() {
			e.w("DATEADD('dd', 4 - (MOD(DATEPART('dw', ")
			e.value(f.Args[1])
			e.w(") + 5, 7) + 1), ")
			e.value(f.Args[1])
			e.wb(')')
		}
		if field == "isoyear" {
			e.w("DATEPART('yy', ")
			thursday()
			e.wb(')')
			return
		}
		e.w("((DATEPART('dy', ")
		thursday()
		e.w(") - 1) \\ 7 + 1)")
	case "epoch":
		// extract of a time stamp gives numeric with six fraction digits (of a date,
		// none; date_part a double); IRIS counts whole seconds, shown with that scale
		// where the text shows a time stamp.
		numeric := lastName(f.Funcname) == "extract" && isTimestampOID(inferType(f.Args[1]))
		if d := f.Args[1].GetAExpr(); d != nil && d.Kind == pg_query.A_Expr_Kind_AEXPR_OP && d.Lexpr != nil &&
			opName(d) == "-" && isPlainColumn(d.Lexpr) && isPlainColumn(d.Rexpr) {
			// extract(epoch from ends - starts): the seconds between two time stamp
			// columns (the interval's epoch), whole seconds as IRIS counts them.
			if lastName(f.Funcname) == "extract" {
				e.w("CAST(DATEDIFF('s', ")
			} else {
				e.w("(DATEDIFF('s', ")
			}
			e.value(d.Rexpr)
			e.w(", ")
			e.value(d.Lexpr)
			if lastName(f.Funcname) == "extract" {
				e.w(") AS NUMERIC(20,6))")
			} else {
				e.w(") * 1.0E0)") // date_part is double precision
			}
			return
		}
		if numeric {
			// Milliseconds, the finest unit IRIS's DATEDIFF and DATEPART share.
			e.w("CAST(DATEDIFF('ms', '1970-01-01 00:00:00', ")
			e.value(f.Args[1])
			e.w(") / 1000 AS NUMERIC(20,6))")
			return
		}
		at := e.b.Len()
		e.w("DATEDIFF('s', '1970-01-01 00:00:00', ")
		colAt := e.b.Len()
		e.value(f.Args[1])
		colEnd := e.b.Len()
		e.wb(')')
		if ref := f.Args[1].GetColumnRef(); ref != nil && lastName(f.Funcname) == "extract" && isPlainColumn(f.Args[1]) && !e.scratching {
			// A time stamp column's epoch has its fraction: the catalog says which it is.
			if c, ok := e.catalogColumn(ref); ok {
				e.places.EpochTexts = append(e.places.EpochTexts, NumericText{At: at, End: e.b.Len(), ColAt: colAt, ColEnd: colEnd, Column: c})
			}
		}
	case "century", "millennium", "decade":
		// PostgreSQL: the 21st century starts in 2001, the 3rd millennium in 2001; a
		// decade is the year divided by 10 (IRIS dates are AD).
		e.w("((DATEPART('yy', ")
		e.value(f.Args[1])
		e.w(")")
		switch field {
		case "century":
			e.w(" + 99) \\ 100)")
		case "millennium":
			e.w(" + 999) \\ 1000)")
		default:
			e.w(") \\ 10)")
		}
	case "second", "milliseconds", "millisecond", "microseconds", "microsecond":
		// The seconds with their fraction: numeric(…, 6) for second, milliseconds with 3
		// fraction digits, microseconds whole, as PostgreSQL 14+ gives them; IRIS's
		// DATEPART reaches milliseconds.
		if lastName(f.Funcname) != "extract" {
			e.unsupported(f.Location, "date_part('"+field+"', …)")
		}
		e.w("CAST(")
		switch field {
		case "second":
			e.w("DATEPART('ss', ")
			e.value(f.Args[1])
			e.w(") + DATEPART('ms', ")
			e.value(f.Args[1])
			e.w(") / 1000 AS NUMERIC(9,6))")
		case "milliseconds", "millisecond":
			e.w("DATEPART('ss', ")
			e.value(f.Args[1])
			e.w(") * 1000 + DATEPART('ms', ")
			e.value(f.Args[1])
			e.w(") AS NUMERIC(9,3))")
		default:
			e.w("(DATEPART('ss', ")
			e.value(f.Args[1])
			e.w(") * 1000 + DATEPART('ms', ")
			e.value(f.Args[1])
			e.w(")) * 1000 AS NUMERIC(12,0))")
		}
	default:
		code, ok := extractFields[field]
		if !ok {
			e.unsupported(f.Location, "extract("+field+" …)")
		}
		e.w("DATEPART('" + code + "', ")
		e.value(f.Args[1])
		e.wb(')')
	}
}

// dateTrunc counts whole units since a fixed origin and adds them back:
// DATEADD(u, DATEDIFF(u, origin, x), origin). Weeks count days: PostgreSQL
// weeks start on Monday, IRIS DATEDIFF counts Sunday boundaries.
func (e *emitter) dateTrunc(f *pg_query.FuncCall) {
	unit, ok := e.stringConst(f.Args[0])
	if !ok || len(f.Args) != 2 {
		e.unsupported(f.Location, "date_trunc() with a non-constant unit or a time zone")
	}
	code, ok := map[string]string{"year": "yy", "quarter": "qq", "month": "mm", "week": "wk", "day": "dd",
		"hour": "hh", "minute": "mi", "second": "ss"}[strings.ToLower(unit)]
	if !ok {
		e.unsupported(f.Location, "date_trunc('"+unit+"', …)")
	}
	const origin = "'1900-01-01 00:00:00'" // a Monday
	if code == "wk" {
		// Whole days since the Monday origin, in sevens (FLOOR: before 1900 too).
		e.w("DATEADD('dd', FLOOR(DATEDIFF('dd', " + origin + ", ")
		e.value(f.Args[1])
		e.w(") / 7) * 7, " + origin + ")")
		return
	}
	e.w("DATEADD('" + code + "', DATEDIFF('" + code + "', " + origin + ", ")
	e.value(f.Args[1])
	e.w("), " + origin + ")")
}

// roundCall writes round/trunc. PostgreSQL's round(x, n) and trunc(x, n) are
// numeric with exactly n fraction digits (round(80, 2) is 80.00); IRIS ROUND
// keeps its argument's type, so the result is cast to that scale. With one
// argument the scale is 0. TRUNCATE exists only as an ODBC scalar function.
func (e *emitter) roundCall(name string, args []*pg_query.Node) {
	scale := 0
	if len(args) > 1 {
		scale = -1
		if c, ok := args[1].Node.(*pg_query.Node_AConst); ok && isIntConst(args[1]) {
			scale = max(e.constInt(c.AConst), 0)
		}
	}
	cast := scale >= 0 && scale <= 17 // IRIS's arithmetic scale limit
	if cast {
		e.w("CAST(")
	}
	if name == "round" {
		e.w("ROUND(")
	} else {
		e.w("{fn TRUNCATE(")
	}
	e.value(args[0])
	e.w(", ")
	if len(args) > 1 {
		e.value(args[1])
	} else {
		e.wb('0')
	}
	e.wb(')')
	if name == "trunc" {
		e.wb('}')
	}
	if cast {
		e.w(" AS NUMERIC(36, " + itoa(scale) + "))")
	}
}

// splitPart writes split_part(s, d, n) as IRIS $PIECE(s, d, n). An empty
// piece is ObjectScript's "", which IRIS SQL returns as NULL, while PostgreSQL
// returns an empty string for any non-NULL s: hence the CASE. Only a
// non-empty literal delimiter and a positive constant n (PostgreSQL's count
// from the end for n < 0 has no $PIECE form) are accepted.
func (e *emitter) splitPart(f *pg_query.FuncCall) {
	s, d, n := f.Args[0], f.Args[1], f.Args[2]
	delim, isLit := e.stringConst(d)
	c, isConst := n.Node.(*pg_query.Node_AConst)
	switch {
	case !isLit || delim == "":
		e.unsupported(f.Location, "split_part() with a delimiter other than a non-empty literal")
	case !isConst || !isIntConst(n) || e.constInt(c.AConst) < 0:
		e.unsupported(f.Location, "split_part() with a field position other than a positive constant")
	case e.constInt(c.AConst) == 0:
		e.fail("22023", c.AConst.Location, "field position must not be zero")
	}
	e.w("CASE WHEN ")
	e.operand(s)
	e.w(" IS NULL THEN NULL ELSE COALESCE($PIECE(")
	e.value(s)
	e.w(", ")
	e.value(d)
	e.w(", ")
	e.value(n)
	e.w("), '') END")
}

// leftRightAllBut writes left(s, -k) / right(s, -k): in PostgreSQL all but the
// last / first k characters (empty when s is shorter); IRIS's LEFT and RIGHT take
// a count only.
func (e *emitter) leftRightAllBut(name string, s *pg_query.Node, k int) {
	e.w("CASE WHEN CHAR_LENGTH(")
	e.value(s)
	e.w(") > " + itoa(k) + " THEN {fn " + strings.ToUpper(name) + "(")
	e.value(s)
	e.w(", CHAR_LENGTH(")
	e.value(s)
	e.w(") - " + itoa(k) + ")} WHEN ")
	e.operand(s)
	e.w(" IS NOT NULL THEN '' END")
}

// atTimeZone: x AT TIME ZONE 'UTC' (timezone('UTC', x)), what Django writes with
// USE_TZ for __date lookups, Trunc and Extract of a DateTimeField. pgwired keeps a
// timestamptz as its UTC time in an IRIS TIMESTAMP, so the UTC wall time PostgreSQL
// gives for a timestamptz x is x itself, as a timestamp: CAST(x AS TIMESTAMP). For a
// timestamp x PostgreSQL gives the timestamptz of that UTC time, which pgwired shows as
// the same time without "+00" (as it shows timestamptz columns). Other zones → 0A000:
// the offset of a named zone depends on the date.
func (e *emitter) atTimeZone(f *pg_query.FuncCall) {
	if len(f.Args) != 2 {
		e.fail("42883", f.Location, "function timezone() with %d arguments does not exist", len(f.Args))
	}
	zone, ok := f.Args[0].Node.(*pg_query.Node_AConst)
	if !ok || !e.constHas(zone.AConst, isUTCName) {
		e.unsupported(f.Location, "AT TIME ZONE other than 'UTC'")
	}
	e.w("CAST(")
	e.value(f.Args[1])
	e.w(" AS TIMESTAMP)")
}

// isUTCName: the zone names PostgreSQL reads as UTC itself.
func isUTCName(v string) bool {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "UTC", "ETC/UTC", "GMT", "ETC/GMT", "Z", "ZULU", "UCT", "UNIVERSAL":
		return true
	}
	return false
}

// widthBucket writes width_bucket(x, low, high, count) with number literals for the
// bounds and count, as PostgreSQL's width_bucket_numeric/float8 compute it: 0 below the
// first bucket, count + 1 at or past the last, else the equal-width bucket x falls in;
// bounds may be given high to low (the buckets then count down). The array form
// (width_bucket(x, thresholds)) is 0A000.
func (e *emitter) widthBucket(f *pg_query.FuncCall) {
	if len(f.Args) != 4 {
		e.unsupported(f.Location, "width_bucket() with an array of thresholds")
	}
	low, okLow := e.numberConst(f.Args[1])
	high, okHigh := e.numberConst(f.Args[2])
	count, okCount := e.numberConst(f.Args[3])
	if !okLow || !okHigh || !okCount || count != float64(int64(count)) {
		e.unsupported(f.Location, "width_bucket() with bounds or a count that are not number literals")
	}
	switch {
	case count <= 0:
		e.fail("2201G", -1, "count must be greater than zero")
	case low == high:
		e.fail("2201G", -1, "lower bound cannot equal upper bound")
	}
	x, lo, hi := f.Args[0], f.Args[1], f.Args[2]
	below, above, from := "<", ">=", lo
	if low > high {
		below, above = ">", "<="
	}
	e.w("CASE WHEN ")
	e.operand(x)
	e.w(" " + below + " ")
	e.operand(lo)
	e.w(" THEN 0 WHEN ")
	e.operand(x)
	e.w(" " + above + " ")
	e.operand(hi)
	e.w(" THEN ")
	e.value(f.Args[3])
	e.w(" + 1 WHEN ")
	e.operand(x)
	e.w(" IS NOT NULL THEN CAST(FLOOR(ABS(")
	e.operand(x)
	e.w(" - ")
	e.operand(from)
	e.w(") * ")
	e.operand(f.Args[3])
	e.w(" / ABS(")
	e.operand(hi)
	e.w(" - ")
	e.operand(lo)
	e.w(")) + 1 AS INTEGER) END")
}
