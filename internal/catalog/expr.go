package catalog

import (
	"math"
	"regexp"
	"strings"
	"sync"
)

// expr is a compiled expression. typ is its static PostgreSQL type.
type expr interface {
	eval(f *frame) (any, error)
	typ() uint32
}

type typed struct{ t uint32 }

func (x typed) typ() uint32 { return x.t }

// frame holds the current row of every FROM item of one query level.
type frame struct {
	parent *frame
	rows   [][]any // by slot; a nil row is the NULL side of an outer join
	aggs   []any
	rt     *runtime
}

type constExpr struct {
	typed
	v any
}

func (x *constExpr) eval(*frame) (any, error) { return x.v, nil }

type colExpr struct {
	typed
	depth, slot, col int
	shape            *recordShape
}

// recordExpr is the whole row of a FROM item as one record value.
type recordExpr struct {
	typed
	slot, offset int
	shape        *recordShape
}

func (x *recordExpr) eval(f *frame) (any, error) {
	row := f.rows[x.slot]
	if row == nil {
		return nil, nil
	}
	return append([]any(nil), row[x.offset:x.offset+len(x.shape.cols)]...), nil
}

// fieldExpr is (record).field.
type fieldExpr struct {
	typed
	arg expr
	idx int
}

func (x *fieldExpr) eval(f *frame) (any, error) {
	v, err := x.arg.eval(f)
	if err != nil || v == nil {
		return nil, err
	}
	rec, ok := v.([]any)
	if !ok || x.idx >= len(rec) {
		return nil, errorf("42809", "value is not a record")
	}
	return rec[x.idx], nil
}

// shapeOf gives the fields of a record-valued expression (nil otherwise).
func shapeOf(e expr) *recordShape {
	switch x := e.(type) {
	case *colExpr:
		return x.shape
	case *recordExpr:
		return x.shape
	}
	return nil
}

func (x *colExpr) eval(f *frame) (any, error) {
	for i := 0; i < x.depth; i++ {
		f = f.parent
	}
	row := f.rows[x.slot]
	if row == nil {
		return nil, nil
	}
	return row[x.col], nil
}

type paramExpr struct {
	typed
	idx int
}

func (x *paramExpr) eval(f *frame) (any, error) {
	p := f.rt.env.Params
	if x.idx >= len(p) {
		return nil, errorf("08P01", "there is no parameter $%d", x.idx+1)
	}
	return normalize(p[x.idx]), nil
}

type castExpr struct {
	typed
	arg expr
}

func (x *castExpr) eval(f *frame) (any, error) {
	v, err := x.arg.eval(f)
	if err != nil {
		return nil, err
	}
	return castValue(f.rt, v, x.arg.typ(), x.t)
}

type boolExpr struct {
	typed
	op   string // and, or, not
	args []expr
}

func (x *boolExpr) eval(f *frame) (any, error) {
	switch x.op {
	case "not":
		v, err := x.args[0].eval(f)
		if err != nil || v == nil {
			return nil, err
		}
		return !truth(v), nil
	case "and":
		return x.connective(f, false)
	}
	return x.connective(f, true)
}

// connective is AND (decisive false) and OR (decisive true) in SQL's three-valued logic:
// the first decisive argument wins, else NULL if any argument was NULL, else !decisive.
func (x *boolExpr) connective(f *frame, decisive bool) (any, error) {
	sawNull := false
	for _, a := range x.args {
		v, err := a.eval(f)
		if err != nil {
			return nil, err
		}
		if v == nil {
			sawNull = true
		} else if truth(v) == decisive {
			return decisive, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return !decisive, nil
}

type nullTest struct {
	typed
	arg expr
	not bool
}

func (x *nullTest) eval(f *frame) (any, error) {
	v, err := x.arg.eval(f)
	if err != nil {
		return nil, err
	}
	return (v == nil) != x.not, nil
}

type boolTest struct {
	typed
	arg    expr
	want   any // true, false or nil (unknown)
	negate bool
}

func (x *boolTest) eval(f *frame) (any, error) {
	v, err := x.arg.eval(f)
	if err != nil {
		return nil, err
	}
	var match bool
	if x.want == nil {
		match = v == nil
	} else {
		match = v != nil && truth(v) == x.want.(bool)
	}
	return match != x.negate, nil
}

type caseExpr struct {
	typed
	arg          expr
	whens, thens []expr
	els          expr
}

func (x *caseExpr) eval(f *frame) (any, error) {
	var subject any
	if x.arg != nil {
		v, err := x.arg.eval(f)
		if err != nil {
			return nil, err
		}
		subject = v
	}
	for i, w := range x.whens {
		v, err := w.eval(f)
		if err != nil {
			return nil, err
		}
		hit := false
		if x.arg != nil {
			if subject != nil && v != nil {
				c, ok := compareValues(subject, v)
				hit = ok && c == 0
			}
		} else {
			hit = truth(v)
		}
		if hit {
			return castResult(f, x.thens[i], x.t)
		}
	}
	if x.els == nil {
		return nil, nil
	}
	return castResult(f, x.els, x.t)
}

// castResult evaluates e and converts it to t when e's own type differs (CASE and
// COALESCE branches take the common type).
func castResult(f *frame, e expr, t uint32) (any, error) {
	v, err := e.eval(f)
	if err != nil || v == nil || e.typ() == t || e.typ() == oidUnknown && isTextual(t) {
		return v, err
	}
	return castValue(f.rt, v, e.typ(), t)
}

func isTextual(t uint32) bool {
	switch t {
	case oidText, oidVarchar, oidName, oidBpchar, oidChar, oidUnknown:
		return true
	}
	return false
}

type coalesceExpr struct {
	typed
	args []expr
}

func (x *coalesceExpr) eval(f *frame) (any, error) {
	for _, a := range x.args {
		v, err := castResult(f, a, x.t)
		if err != nil || v != nil {
			return v, err
		}
	}
	return nil, nil
}

type minMaxExpr struct {
	typed
	greatest bool
	args     []expr
}

func (x *minMaxExpr) eval(f *frame) (any, error) {
	var best any
	for _, a := range x.args {
		v, err := a.eval(f)
		if err != nil {
			return nil, err
		}
		if v == nil {
			continue
		}
		if best == nil {
			best = v
			continue
		}
		if c, ok := compareValues(v, best); ok && (c > 0) == x.greatest && c != 0 {
			best = v
		}
	}
	return best, nil
}

type arrayExpr struct {
	typed
	elems []expr
}

func (x *arrayExpr) eval(f *frame) (any, error) {
	out := make([]any, len(x.elems))
	for i, e := range x.elems {
		v, err := e.eval(f)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

type subscriptExpr struct {
	typed
	arg, idx expr
	lower    int
}

func (x *subscriptExpr) eval(f *frame) (any, error) {
	v, err := x.arg.eval(f)
	if err != nil || v == nil {
		return nil, err
	}
	iv, err := x.idx.eval(f)
	if err != nil || iv == nil {
		return nil, err
	}
	arr, ok := v.([]any)
	if !ok {
		if s, isStr := v.(string); isStr {
			if arr, err = parseArray(s, x.arg.typ()); err != nil {
				return nil, err
			}
		}
	}
	n, _ := toInt(iv)
	i := int(n) - x.lower
	if i < 0 || i >= len(arr) {
		return nil, nil
	}
	return arr[i], nil
}

// opExpr is a binary (or, with l nil, prefix) operator.
type opExpr struct {
	typed
	op   string
	l, r expr
}

func (x *opExpr) eval(f *frame) (any, error) {
	var lv any
	if x.l != nil {
		v, err := x.l.eval(f)
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, nil
		}
		lv = v
	}
	rv, err := x.r.eval(f)
	if err != nil || rv == nil {
		return nil, err
	}
	if x.l == nil {
		return applyPrefix(x.op, rv)
	}
	return applyOp(f.rt, x.op, lv, rv, x.l.typ(), x.r.typ())
}

func applyPrefix(op string, v any) (any, error) {
	switch op {
	case "-":
		switch n := v.(type) {
		case int64:
			return -n, nil
		case float64:
			return -n, nil
		}
		if f, ok := toFloat(v); ok {
			return -f, nil
		}
	case "+":
		return v, nil
	}
	return nil, errorf("42883", "operator does not exist: %s %v", op, v)
}

// applyOp applies a binary operator to two non-NULL values.
func applyOp(rt *runtime, op string, l, r any, lt, rtyp uint32) (any, error) {
	switch op {
	case "=", "<>", "!=", "<", ">", "<=", ">=":
		if isTextual(lt) && !isTextual(rtyp) || isTextual(rtyp) && !isTextual(lt) {
			// A reg* value compared with its text: compare names, as PostgreSQL casts the
			// literal to the reg* type first.
			var err error
			if lt == oidUnknown || lt == oidText {
				if l, err = castValue(rt, l, lt, rtyp); err != nil {
					return nil, err
				}
			} else if rtyp == oidUnknown || rtyp == oidText {
				if r, err = castValue(rt, r, rtyp, lt); err != nil {
					return nil, err
				}
			}
		}
		l, r = procOperand(l, lt, r), procOperand(r, rtyp, l)
		c, ok := compareValues(l, r)
		if !ok {
			return nil, errorf("42883", "operator does not exist: %s %s %s", typeName(lt, -1), op, typeName(rtyp, -1))
		}
		switch op {
		case "=":
			return c == 0, nil
		case "<>", "!=":
			return c != 0, nil
		case "<":
			return c < 0, nil
		case ">":
			return c > 0, nil
		case "<=":
			return c <= 0, nil
		}
		return c >= 0, nil
	case "~", "!~", "~*", "!~*":
		re, err := compileRegex(rt.format(r, rtyp), op == "~*" || op == "!~*")
		if err != nil {
			return nil, err
		}
		m := re.MatchString(rt.format(l, lt))
		return m == (op[0] != '!'), nil
	case "~~", "!~~", "~~*", "!~~*":
		re, err := compileLike(rt.format(r, rtyp), strings.HasSuffix(op, "*"))
		if err != nil {
			return nil, err
		}
		m := re.MatchString(rt.format(l, lt))
		return m == (op[0] != '!'), nil
	case "||":
		la, lArr := l.([]any)
		ra, rArr := r.([]any)
		if lArr && rArr {
			return append(append([]any{}, la...), ra...), nil
		}
		return rt.format(l, lt) + rt.format(r, rtyp), nil
	case "+", "-", "*", "/", "%":
		return arith(op, l, r)
	case "&", "|":
		a, ok1 := toInt(l)
		b, ok2 := toInt(r)
		if !ok1 || !ok2 {
			break
		}
		if op == "&" {
			return a & b, nil
		}
		return a | b, nil
	case "@>", "<@", "&&":
		la, lok := l.([]any)
		ra, rok := r.([]any)
		if !lok || !rok {
			break
		}
		switch op {
		case "@>":
			return containsAll(la, ra), nil
		case "<@":
			return containsAll(ra, la), nil
		}
		for _, v := range ra {
			if containsAll(la, []any{v}) {
				return true, nil
			}
		}
		return false, nil
	}
	return nil, errorf("42883", "operator does not exist: %s %s %s", typeName(lt, -1), op, typeName(rtyp, -1))
}

// procOperand makes a regproc held as a name comparable with an OID (Npgsql joins
// pg_proc.oid = pg_type.typreceive): "-" is 0, a listed function its OID, any other
// name an OID no row has.
func procOperand(v any, t uint32, other any) any {
	s, ok := v.(string)
	if _, num := other.(int64); !ok || !num || t != oidRegproc && t != oidRegprocedure {
		return v
	}
	if s == "-" {
		return int64(0)
	}
	for _, p := range builtinProcs {
		if p.name == s {
			return p.oid
		}
	}
	return int64(-1)
}

func containsAll(set, items []any) bool {
	for _, it := range items {
		found := false
		for _, s := range set {
			if s != nil && it != nil {
				if c, ok := compareValues(s, it); ok && c == 0 {
					found = true
					break
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func arith(op string, l, r any) (any, error) {
	li, lInt := l.(int64)
	ri, rInt := r.(int64)
	if lInt && rInt {
		switch op {
		case "+":
			return li + ri, nil
		case "-":
			return li - ri, nil
		case "*":
			return li * ri, nil
		case "/", "%":
			if ri == 0 {
				return nil, errorf("22012", "division by zero")
			}
			if op == "/" {
				return li / ri, nil
			}
			return li % ri, nil
		}
	}
	lf, ok1 := toFloat(l)
	rf, ok2 := toFloat(r)
	if !ok1 || !ok2 {
		return nil, errorf("22P02", "invalid input syntax for type numeric")
	}
	switch op {
	case "+":
		return lf + rf, nil
	case "-":
		return lf - rf, nil
	case "*":
		return lf * rf, nil
	}
	if rf == 0 {
		return nil, errorf("22012", "division by zero")
	}
	if op == "/" {
		return lf / rf, nil
	}
	// Numeric modulo keeps the fraction (7.5 % 2 = 1.5) and takes the dividend's sign, as
	// math.Mod does; truncating to int64 first divided by zero for |r| < 1 (found by fuzzing).
	return math.Mod(lf, rf), nil
}

// regexCache keeps compiled patterns: psql sends the same few again and again.
var regexCache sync.Map

// compileRegex compiles a PostgreSQL ARE. Go's RE2 syntax covers the subset clients send
// (anchors, classes, alternation, quantifiers); back-references are refused.
func compileRegex(pattern string, fold bool) (*regexp.Regexp, error) {
	key := pattern
	if fold {
		key = "(?i)" + pattern
	}
	if re, ok := regexCache.Load(key); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(key)
	if err != nil {
		return nil, errorf("2201B", "invalid regular expression: %v", err)
	}
	regexCache.Store(key, re)
	return re, nil
}

// compileLike turns a LIKE pattern (% _ and \ escape) into an anchored regexp.
func compileLike(pattern string, fold bool) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("(?s)^")
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch c {
		case '%':
			b.WriteString(".*")
		case '_':
			b.WriteString(".")
		case '\\':
			if i+1 < len(pattern) {
				i++
				b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
			}
		default:
			b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
		}
	}
	b.WriteString("$")
	return compileRegex(b.String(), fold)
}

// anyExpr is "l op ANY (array)" / "l op ALL (array)".
type anyExpr struct {
	typed
	op  string
	l   expr
	arr expr
	all bool
}

func (x *anyExpr) eval(f *frame) (any, error) {
	lv, err := x.l.eval(f)
	if err != nil {
		return nil, err
	}
	av, err := x.arr.eval(f)
	if err != nil || av == nil || lv == nil {
		return nil, err
	}
	arr, ok := av.([]any)
	if !ok {
		s, _ := av.(string)
		if arr, err = parseArray(s, x.arr.typ()); err != nil {
			return nil, err
		}
	}
	return quantified(f.rt, x.op, lv, arr, x.l.typ(), elemType(x.arr.typ()), x.all)
}

func quantified(rt *runtime, op string, lv any, items []any, lt, et uint32, all bool) (any, error) {
	sawNull := false
	for _, it := range items {
		if it == nil {
			sawNull = true
			continue
		}
		v, err := applyOp(rt, op, lv, it, lt, et)
		if err != nil {
			return nil, err
		}
		if truth(v) != all {
			return !all, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return all, nil
}

// inExpr is "l IN (a, b, …)".
type inExpr struct {
	typed
	l    expr
	list []expr
	not  bool
}

func (x *inExpr) eval(f *frame) (any, error) {
	lv, err := x.l.eval(f)
	if err != nil || lv == nil {
		return nil, err
	}
	sawNull := false
	for _, e := range x.list {
		v, err := e.eval(f)
		if err != nil {
			return nil, err
		}
		if v == nil {
			sawNull = true
			continue
		}
		eq, err := applyOp(f.rt, "=", lv, v, x.l.typ(), e.typ())
		if err != nil {
			return nil, err
		}
		if truth(eq) {
			return !x.not, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return x.not, nil
}

// distinctExpr is IS [NOT] DISTINCT FROM.
type distinctExpr struct {
	typed
	l, r expr
	not  bool
}

func (x *distinctExpr) eval(f *frame) (any, error) {
	lv, err := x.l.eval(f)
	if err != nil {
		return nil, err
	}
	rv, err := x.r.eval(f)
	if err != nil {
		return nil, err
	}
	var distinct bool
	switch {
	case lv == nil && rv == nil:
	case lv == nil || rv == nil:
		distinct = true
	default:
		eq, err := applyOp(f.rt, "=", lv, rv, x.l.typ(), x.r.typ())
		if err != nil {
			return nil, err
		}
		distinct = !truth(eq)
	}
	return distinct != x.not, nil
}

type nullIfExpr struct {
	typed
	l, r expr
}

func (x *nullIfExpr) eval(f *frame) (any, error) {
	lv, err := x.l.eval(f)
	if err != nil || lv == nil {
		return nil, err
	}
	rv, err := x.r.eval(f)
	if err != nil || rv == nil {
		return lv, err
	}
	eq, err := applyOp(f.rt, "=", lv, rv, x.l.typ(), x.r.typ())
	if err != nil || truth(eq) {
		return nil, err
	}
	return lv, nil
}

// sublinkExpr is a sub-select used as a value: EXISTS, scalar, ARRAY(…), IN/ANY/ALL.
type sublinkExpr struct {
	typed
	kind string // exists, expr, array, any, all
	plan *selectPlan
	l    expr // ANY/ALL left side
	op   string
}

func (x *sublinkExpr) eval(f *frame) (any, error) {
	limit := -1
	if x.kind == "exists" {
		limit = 1
	}
	rows, err := x.plan.run(f, limit)
	if err != nil {
		return nil, err
	}
	switch x.kind {
	case "exists":
		return len(rows) > 0, nil
	case "expr":
		if len(rows) == 0 {
			return nil, nil
		}
		if len(rows) > 1 {
			return nil, errorf("21000", "more than one row returned by a subquery used as an expression")
		}
		return rows[0][0], nil
	case "array":
		out := make([]any, len(rows))
		for i, r := range rows {
			out[i] = r[0]
		}
		return out, nil
	}
	lv, err := x.l.eval(f)
	if err != nil {
		return nil, err
	}
	items := make([]any, len(rows))
	for i, r := range rows {
		items[i] = r[0]
	}
	if lv == nil {
		if len(items) == 0 {
			return x.kind == "all", nil
		}
		return nil, nil
	}
	return quantified(f.rt, x.op, lv, items, x.l.typ(), x.plan.cols[0].TypeOID, x.kind == "all")
}

// funcExpr calls a scalar function.
type funcExpr struct {
	typed
	fn   *funcDef
	args []expr
}

func (x *funcExpr) eval(f *frame) (any, error) {
	vals := make([]any, len(x.args))
	for i, a := range x.args {
		v, err := a.eval(f)
		if err != nil {
			return nil, err
		}
		if v == nil && x.fn.strict {
			return nil, nil
		}
		vals[i] = v
	}
	return x.fn.call(&call{rt: f.rt, args: vals, types: argTypes(x.args)})
}

func argTypes(args []expr) []uint32 {
	out := make([]uint32, len(args))
	for i, a := range args {
		out[i] = a.typ()
	}
	return out
}

// aggRef reads the value of an aggregate computed for the current group.
type aggRef struct {
	typed
	idx   int
	depth int
}

func (x *aggRef) eval(f *frame) (any, error) {
	for i := 0; i < x.depth; i++ {
		f = f.parent
	}
	if f.aggs == nil {
		return nil, errorf("42803", "aggregate functions are not allowed here")
	}
	return f.aggs[x.idx], nil
}
