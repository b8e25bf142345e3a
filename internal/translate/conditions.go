package translate

import (
	"strconv"
	"strings"
	"unicode"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// condition writes a node for which isPredicate is true.
func (e *emitter) condition(n *pg_query.Node) {
	switch v := n.Node.(type) {
	case *pg_query.Node_AExpr:
		e.aexprCondition(v.AExpr)
	case *pg_query.Node_NullTest:
		e.operand(v.NullTest.Arg)
		if v.NullTest.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL {
			e.w(" IS NOT NULL")
		} else {
			e.w(" IS NULL")
		}
	case *pg_query.Node_BooleanTest:
		e.booleanTest(v.BooleanTest)
	case *pg_query.Node_SubLink:
		e.subLinkCondition(v.SubLink)
	default:
		e.pred(n)
	}
}

// booleanTest rewrites IS [NOT] TRUE/FALSE/UNKNOWN into comparisons that are
// never NULL, as in PostgreSQL.
func (e *emitter) booleanTest(b *pg_query.BooleanTest) {
	e.wb('(')
	switch b.Booltesttype {
	case pg_query.BoolTestType_IS_TRUE:
		e.operand(b.Arg)
		e.w(" IS NOT NULL AND ")
		e.operand(b.Arg)
		e.w(" = 1")
	case pg_query.BoolTestType_IS_NOT_TRUE:
		e.operand(b.Arg)
		e.w(" IS NULL OR ")
		e.operand(b.Arg)
		e.w(" <> 1")
	case pg_query.BoolTestType_IS_FALSE:
		e.operand(b.Arg)
		e.w(" IS NOT NULL AND ")
		e.operand(b.Arg)
		e.w(" = 0")
	case pg_query.BoolTestType_IS_NOT_FALSE:
		e.operand(b.Arg)
		e.w(" IS NULL OR ")
		e.operand(b.Arg)
		e.w(" <> 0")
	case pg_query.BoolTestType_IS_UNKNOWN:
		e.operand(b.Arg)
		e.w(" IS NULL")
	case pg_query.BoolTestType_IS_NOT_UNKNOWN:
		e.operand(b.Arg)
		e.w(" IS NOT NULL")
	}
	e.wb(')')
}

// aexprCondition writes comparison-like A_Expr kinds: =, <>, IN, LIKE, BETWEEN,
// IS [NOT] DISTINCT FROM, op ANY/ALL (ARRAY[…]).
func (e *emitter) aexprCondition(a *pg_query.A_Expr) {
	op := opName(a)
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		if isRegexOp(op) {
			e.regexMatch(a, op)
			return
		}
		if isLikeOp(op) {
			e.like(a)
			return
		}
		if op == "!=" {
			op = "<>"
		}
		if l, r, ok := rowPair(a.Lexpr, a.Rexpr); ok && isComparison(op) {
			e.rowCompare(op, l, r)
			return
		}
		if l, r, ok := e.differenceVsInterval(op, a.Lexpr, a.Rexpr); ok {
			e.compare(op, l, r)
			return
		}
		e.compare(op, a.Lexpr, a.Rexpr)
	case pg_query.A_Expr_Kind_AEXPR_IN:
		list := listItems(a.Rexpr)
		if _, isRow := a.Lexpr.Node.(*pg_query.Node_RowExpr); isRow {
			e.rowIn(op == "<>", a.Lexpr, list)
			return
		}
		e.exactOperand(a.Lexpr, e.wantExact(a.Lexpr, list...))
		if op == "<>" {
			e.w(" NOT IN (")
		} else {
			e.w(" IN (")
		}
		for i, item := range list {
			if i > 0 {
				e.w(", ")
			}
			at := e.b.Len()
			e.value(item)
			e.noteColumnLiteral(a.Lexpr, item, at)
		}
		e.wb(')')
	case pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE:
		e.like(a)
	case pg_query.A_Expr_Kind_AEXPR_SIMILAR:
		e.similarTo(a)
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		e.between(a.Lexpr, listItems(a.Rexpr), a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN)
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		not := a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM
		if not {
			e.w("NOT ")
		}
		e.wb('(')
		bounds := listItems(a.Rexpr)
		e.between(a.Lexpr, bounds, false)
		e.w(" OR ")
		e.between(a.Lexpr, []*pg_query.Node{bounds[1], bounds[0]}, false)
		e.wb(')')
	case pg_query.A_Expr_Kind_AEXPR_DISTINCT, pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		// NULL-safe comparison: the CASE is never NULL.
		e.w("CASE WHEN ")
		e.compare("=", a.Lexpr, a.Rexpr)
		e.w(" OR (")
		e.operand(a.Lexpr)
		e.w(" IS NULL AND ")
		e.operand(a.Rexpr)
		e.w(" IS NULL) THEN 0 ELSE 1 END = ")
		if a.Kind == pg_query.A_Expr_Kind_AEXPR_DISTINCT {
			e.wb('1')
		} else {
			e.wb('0')
		}
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		arr, ok := a.Rexpr.Node.(*pg_query.Node_AArrayExpr)
		anyEq := a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ANY && op == "="
		allNe := a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL && (op == "<>" || op == "!=")
		if !ok || !(anyEq || allNe) || len(arr.AArrayExpr.Elements) == 0 {
			e.unsupported(a.Location, "comparison with ANY/ALL over an array")
		}
		elems := arr.AArrayExpr.Elements
		e.exactOperand(a.Lexpr, e.wantExact(a.Lexpr, elems...))
		if anyEq {
			e.w(" IN (")
		} else {
			e.w(" NOT IN (")
		}
		for i, item := range elems {
			if i > 0 {
				e.w(", ")
			}
			at := e.b.Len()
			e.value(item)
			e.noteColumnLiteral(a.Lexpr, item, at)
		}
		e.wb(')')
	default:
		e.unsupported(a.Location, "operator "+op)
	}
}

// compare writes "l op r", applying the ExactCollation rule to column operands. The
// operands of an order comparison are ranks (enumorder.go).
func (e *emitter) compare(op string, l, r *pg_query.Node) {
	order := isOrderComparison(op)
	at := e.b.Len()
	e.exactOperand(l, e.wantExact(l, r))
	e.noteColumnLiteral(r, l, at)
	var left EnumRank
	if order {
		left = e.rankOperand(l, at)
	}
	e.wb(' ')
	e.w(op)
	e.wb(' ')
	at = e.b.Len()
	e.exactOperand(r, e.wantExact(r, l))
	e.noteColumnLiteral(l, r, at)
	if order {
		e.noteRankGroup(left, e.rankOperand(r, at))
	}
}

// wantExact: with ExactCollation, a column compared with a string literal that
// could not be a number, date or time (it has a letter or white space) is
// compared with %EXACT, so IRIS's default SQLUPPER collation does not make the
// comparison case-insensitive. Numbers, dates, parameters and column-to-column
// comparisons are left alone (see doc.go).
func (e *emitter) wantExact(col *pg_query.Node, others ...*pg_query.Node) bool {
	if !e.opt.ExactCollation || !isPlainColumn(col) {
		return false
	}
	for _, o := range others {
		if e.isTextLiteral(o) {
			return true
		}
	}
	return false
}

// exactOperand writes n, inside %EXACT(…) when exact is set.
func (e *emitter) exactOperand(n *pg_query.Node, exact bool) {
	if exact {
		e.w("%EXACT(")
		e.value(n)
		e.wb(')')
		return
	}
	e.operand(n)
}

// isPlainColumn: a column reference that is not t.* or *.
func isPlainColumn(n *pg_query.Node) bool {
	c, ok := n.Node.(*pg_query.Node_ColumnRef)
	if !ok {
		return false
	}
	for _, f := range c.ColumnRef.Fields {
		if _, star := f.Node.(*pg_query.Node_AStar); star {
			return false
		}
	}
	return true
}

// isTextLiteral: a string literal (or its cast to a string type) that contains a
// letter or white space, so it cannot be the text of a number, date or time.
func (t *translator) isTextLiteral(n *pg_query.Node) bool {
	switch v := n.Node.(type) {
	case *pg_query.Node_AConst:
		if _, ok := v.AConst.Val.(*pg_query.A_Const_Sval); !ok {
			return false
		}
		return t.constHas(v.AConst, hasLetterOrSpace)
	case *pg_query.Node_TypeCast:
		return t.isTextLiteral(v.TypeCast.Arg) && isStringTypeName(v.TypeCast.TypeName)
	}
	return false
}

func (e *emitter) between(x *pg_query.Node, bounds []*pg_query.Node, not bool) {
	at := e.b.Len()
	e.exactOperand(x, e.wantExact(x, bounds...))
	ops := []EnumRank{e.rankOperand(x, at)}
	if not {
		e.w(" NOT BETWEEN ")
	} else {
		e.w(" BETWEEN ")
	}
	at = e.b.Len()
	e.operand(bounds[0])
	e.noteColumnLiteral(x, bounds[0], at)
	ops = append(ops, e.rankOperand(bounds[0], at))
	e.w(" AND ")
	at = e.b.Len()
	e.operand(bounds[1])
	e.noteColumnLiteral(x, bounds[1], at)
	e.noteRankGroup(append(ops, e.rankOperand(bounds[1], at))...)
}

// like writes LIKE / ILIKE. PostgreSQL's default LIKE escape is backslash; IRIS
// has none, so a pattern that may contain one gets an explicit ESCAPE '\'.
func (e *emitter) like(a *pg_query.A_Expr) {
	op := opName(a)
	ilike := a.Kind == pg_query.A_Expr_Kind_AEXPR_ILIKE || op == "~~*" || op == "!~~*"
	not := op == "!~~" || op == "!~~*"
	pattern, escape := a.Rexpr, (*pg_query.Node)(nil)
	if f, ok := a.Rexpr.Node.(*pg_query.Node_FuncCall); ok && lastName(f.FuncCall.Funcname) == "like_escape" && len(f.FuncCall.Args) == 2 {
		pattern, escape = f.FuncCall.Args[0], f.FuncCall.Args[1]
	}
	if ilike {
		e.w("UPPER(")
		e.value(a.Lexpr)
		e.wb(')')
	} else {
		// Any left side: a column may have SQLUPPER collation, and an expression
		// must not take one from a column inside it.
		e.exactOperand(a.Lexpr, e.opt.ExactCollation)
	}
	if not {
		e.w(" NOT LIKE ")
	} else {
		e.w(" LIKE ")
	}
	if ilike {
		e.w("UPPER(")
		e.value(pattern)
		e.wb(')')
	} else {
		e.operand(pattern)
	}
	switch {
	case escape != nil:
		e.w(" ESCAPE ")
		e.value(escape)
	case e.mayContainBackslash(pattern):
		e.w(` ESCAPE '\'`)
	}
}

// mayContainBackslash: a literal pattern with a backslash, or any non-literal.
func (t *translator) mayContainBackslash(n *pg_query.Node) bool {
	if c, ok := n.Node.(*pg_query.Node_AConst); ok {
		if _, isStr := c.AConst.Val.(*pg_query.A_Const_Sval); !isStr {
			return false
		}
		return t.constHas(c.AConst, hasBackslash)
	}
	return true
}

func hasBackslash(s string) bool { return strings.Contains(s, `\`) }

func hasLetterOrSpace(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsSpace(r) }) >= 0
}

// subLinkCondition writes EXISTS, x IN / NOT IN (subquery) for = ANY / <> ALL,
// and x op ANY|ALL (subquery) for other comparisons.
func (e *emitter) subLinkCondition(s *pg_query.SubLink) {
	switch s.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		e.w("EXISTS ")
		e.subquery(s.Subselect)
		return
	}
	if _, row := s.Testexpr.Node.(*pg_query.Node_RowExpr); row {
		e.unsupported(s.Location, "row-valued subquery comparison")
	}
	op := lastName(s.OperName)
	if op == "" {
		op = "="
	}
	e.operand(s.Testexpr)
	switch {
	case s.SubLinkType == pg_query.SubLinkType_ANY_SUBLINK && op == "=":
		e.w(" IN ")
	case s.SubLinkType == pg_query.SubLinkType_ALL_SUBLINK && (op == "<>" || op == "!="):
		e.w(" NOT IN ")
	case isComparison(op):
		if op == "!=" {
			op = "<>"
		}
		e.wb(' ')
		e.w(op)
		if s.SubLinkType == pg_query.SubLinkType_ANY_SUBLINK {
			e.w(" ANY ")
		} else {
			e.w(" ALL ")
		}
	default:
		e.unsupported(s.Location, "operator "+op+" with a subquery")
	}
	e.subquery(s.Subselect)
}

// rowPair returns the fields of two row constructors of the same length.
func rowPair(a, b *pg_query.Node) (l, r []*pg_query.Node, ok bool) {
	ra, okA := a.Node.(*pg_query.Node_RowExpr)
	rb, okB := b.Node.(*pg_query.Node_RowExpr)
	if !okA || !okB || len(ra.RowExpr.Args) != len(rb.RowExpr.Args) || len(ra.RowExpr.Args) == 0 {
		return nil, nil, false
	}
	return ra.RowExpr.Args, rb.RowExpr.Args, true
}

// rowCompare expands a row comparison field by field, with PostgreSQL's
// NULL semantics: (a, b) = (c, d) is a = c AND b = d; <> is the OR of <>;
// (a, b) < (c, d) is a < c OR (a = c AND b < d), which (as PostgreSQL's
// left-to-right rule) is NULL when the first unequal pair has a NULL.
func (e *emitter) rowCompare(op string, l, r []*pg_query.Node) {
	e.wb('(')
	switch op {
	case "=", "<>":
		join := " AND "
		if op == "<>" {
			join = " OR "
		}
		for i := range l {
			if i > 0 {
				e.w(join)
			}
			e.compare(op, l[i], r[i])
		}
	default:
		strict := op[:1] // < or >
		for i := range l {
			if i > 0 {
				e.w(" OR ")
			}
			e.wb('(')
			for j := 0; j < i; j++ {
				e.compare("=", l[j], r[j])
				e.w(" AND ")
			}
			if i == len(l)-1 {
				e.compare(op, l[i], r[i])
			} else {
				e.compare(strict, l[i], r[i])
			}
			e.wb(')')
		}
	}
	e.wb(')')
}

// rowIn writes (a, b) [NOT] IN ((1, 2), (3, 4)) as ORed row equalities.
func (e *emitter) rowIn(not bool, row *pg_query.Node, list []*pg_query.Node) {
	if not {
		e.w("NOT ")
	}
	e.wb('(')
	for i, item := range list {
		l, r, ok := rowPair(row, item)
		if !ok {
			e.unsupported(nodeLocation(item), "IN with rows of different lengths or a non-row item")
		}
		if i > 0 {
			e.w(" OR ")
		}
		e.rowCompare("=", l, r)
	}
	e.wb(')')
}

// differenceVsInterval rewrites a - b op interval '…' (now() - created > interval '1
// day', the interval on either side) as a op b + interval: IRIS has no interval values,
// but adds an interval literal to a time stamp (intervalArith). PostgreSQL compares
// intervals by their length with a month as 30 days (interval_cmp_value), and a
// difference of time stamps has no months, so the interval is first made days and
// time: the two forms are then the same comparison.
func (e *emitter) differenceVsInterval(op string, l, r *pg_query.Node) (*pg_query.Node, *pg_query.Node, bool) {
	if !isComparison(op) {
		return nil, nil, false
	}
	diff, iv, swapped := l, r, false
	if d := diff.GetAExpr(); d == nil || opName(d) != "-" || d.Lexpr == nil {
		diff, iv, swapped = r, l, true
	}
	d := diff.GetAExpr()
	if d == nil || d.Kind != pg_query.A_Expr_Kind_AEXPR_OP || opName(d) != "-" || d.Lexpr == nil {
		return nil, nil, false
	}
	lit, isLit := e.intervalLiteral(iv)
	if !isLit {
		return nil, nil, false
	}
	v, ok := parseInterval(lit)
	if !ok {
		return nil, nil, false
	}
	if v.usecs%usecsPerSec != 0 {
		return nil, nil, false // DATEADD counts whole seconds
	}
	days := v.days + v.months*daysPerMonth + v.usecs/usecsPerDay
	fixed := strconv.FormatInt(days, 10) + " days " + strconv.FormatInt(v.usecs%usecsPerDay/usecsPerSec, 10) + " seconds"
	ivNode := &pg_query.Node{Node: &pg_query.Node_TypeCast{TypeCast: &pg_query.TypeCast{
		Arg:      &pg_query.Node{Node: &pg_query.Node_AConst{AConst: &pg_query.A_Const{Val: &pg_query.A_Const_Sval{Sval: &pg_query.String{Sval: fixed}}, Location: -1}}},
		TypeName: &pg_query.TypeName{Names: []*pg_query.Node{{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: "interval"}}}}, Location: -1},
	}}}
	plus := []*pg_query.Node{{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: "+"}}}}
	shifted := &pg_query.Node{Node: &pg_query.Node_AExpr{AExpr: &pg_query.A_Expr{Kind: pg_query.A_Expr_Kind_AEXPR_OP,
		Name: plus, Lexpr: d.Rexpr, Rexpr: ivNode, Location: d.Location}}}
	if swapped {
		return shifted, d.Lexpr, true // interval op a - b ⇔ b + interval op a
	}
	return d.Lexpr, shifted, true
}
