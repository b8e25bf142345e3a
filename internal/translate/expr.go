package translate

// IRIS has no boolean expressions in value positions and no boolean values in
// condition positions: every expression is emitted either as a value (value) or as
// a condition (pred), converting between the two where PostgreSQL mixes them.

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// isPredicate reports whether n is a condition in IRIS SQL.
func isPredicate(n *pg_query.Node) bool {
	switch v := n.Node.(type) {
	case *pg_query.Node_BoolExpr, *pg_query.Node_NullTest, *pg_query.Node_BooleanTest:
		return true
	case *pg_query.Node_SubLink:
		switch v.SubLink.SubLinkType {
		case pg_query.SubLinkType_EXISTS_SUBLINK, pg_query.SubLinkType_ANY_SUBLINK, pg_query.SubLinkType_ALL_SUBLINK:
			return true
		}
	case *pg_query.Node_AExpr:
		switch v.AExpr.Kind {
		case pg_query.A_Expr_Kind_AEXPR_OP:
			if v.AExpr.Lexpr == nil {
				return false // prefix operator
			}
			op := opName(v.AExpr)
			return isComparison(op) || isRegexOp(op) || isLikeOp(op)
		case pg_query.A_Expr_Kind_AEXPR_NULLIF:
			return false
		default:
			return true
		}
	}
	return false
}

// neverNull reports conditions that are never NULL, so their value form needs no
// NULL branch.
func neverNull(n *pg_query.Node) bool {
	switch v := n.Node.(type) {
	case *pg_query.Node_NullTest, *pg_query.Node_BooleanTest:
		return true
	case *pg_query.Node_SubLink:
		return v.SubLink.SubLinkType == pg_query.SubLinkType_EXISTS_SUBLINK
	case *pg_query.Node_AExpr:
		k := v.AExpr.Kind
		return k == pg_query.A_Expr_Kind_AEXPR_DISTINCT || k == pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT
	}
	return false
}

func opName(a *pg_query.A_Expr) string { return lastName(a.Name) }

func isComparison(op string) bool {
	switch op {
	case "=", "<>", "!=", "<", ">", "<=", ">=":
		return true
	}
	return false
}

// isLikeOp: LIKE/ILIKE written as operators (~~, ~~*, and negations).
func isLikeOp(op string) bool {
	switch op {
	case "~~", "!~~", "~~*", "!~~*":
		return true
	}
	return false
}

func isRegexOp(op string) bool {
	switch op {
	case "~", "~*", "!~", "!~*":
		return true
	}
	return false
}

// pred writes n as an IRIS condition.
func (e *emitter) pred(n *pg_query.Node) {
	switch v := n.Node.(type) {
	case *pg_query.Node_BoolExpr:
		e.boolExpr(v.BoolExpr)
		return
	case *pg_query.Node_AConst:
		switch {
		case v.AConst.Isnull:
			e.w("NULL = 1")
		case isBoolConst(v.AConst, true):
			e.w("1 = 1")
		case isBoolConst(v.AConst, false):
			e.w("1 = 0")
		default:
			e.operand(n)
			e.w(" = 1")
		}
		return
	}
	if isPredicate(n) {
		e.condition(n)
		return
	}
	// A boolean-valued expression (bit column, function, CASE) used as a condition.
	e.operand(n)
	e.w(" = 1")
}

func isBoolConst(c *pg_query.A_Const, want bool) bool {
	b, ok := c.Val.(*pg_query.A_Const_Boolval)
	return ok && b.Boolval.Boolval == want
}

func (e *emitter) boolExpr(b *pg_query.BoolExpr) {
	switch b.Boolop {
	case pg_query.BoolExprType_NOT_EXPR:
		e.w("NOT (")
		e.pred(b.Args[0])
		e.wb(')')
	case pg_query.BoolExprType_AND_EXPR, pg_query.BoolExprType_OR_EXPR:
		sep := " AND "
		if b.Boolop == pg_query.BoolExprType_OR_EXPR {
			sep = " OR "
		}
		for i, a := range b.Args {
			if i > 0 {
				e.w(sep)
			}
			// OR under AND needs parentheses; AND under OR is parenthesised for the reader.
			if inner, ok := a.Node.(*pg_query.Node_BoolExpr); ok && inner.BoolExpr.Boolop != b.Boolop && inner.BoolExpr.Boolop != pg_query.BoolExprType_NOT_EXPR {
				e.wb('(')
				e.pred(a)
				e.wb(')')
				continue
			}
			e.pred(a)
		}
	default:
		e.unsupported(b.Location, "boolean operator")
	}
}

// value writes n as an IRIS value expression.
func (e *emitter) value(n *pg_query.Node) {
	if isPredicate(n) {
		// PostgreSQL boolean value → IRIS 1/0, keeping NULL for unknown.
		e.w("CASE WHEN ")
		e.pred(n)
		if neverNull(n) {
			e.w(" THEN 1 ELSE 0 END")
			return
		}
		e.w(" THEN 1 WHEN NOT (")
		e.pred(n)
		e.w(") THEN 0 END")
		return
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		e.columnRef(v.ColumnRef)
	case *pg_query.Node_ParamRef:
		e.param(v.ParamRef)
	case *pg_query.Node_AConst:
		e.constant(v.AConst)
	case *pg_query.Node_TypeCast:
		e.cast(v.TypeCast)
	case *pg_query.Node_AExpr:
		e.arith(v.AExpr)
	case *pg_query.Node_FuncCall:
		e.funcCall(v.FuncCall)
	case *pg_query.Node_SubLink:
		if v.SubLink.SubLinkType != pg_query.SubLinkType_EXPR_SUBLINK {
			e.unsupported(v.SubLink.Location, "ARRAY(subquery)")
		}
		e.subquery(v.SubLink.Subselect)
	case *pg_query.Node_CaseExpr:
		e.caseExpr(v.CaseExpr)
	case *pg_query.Node_CoalesceExpr:
		e.coalesce(v.CoalesceExpr.Args)
	case *pg_query.Node_MinMaxExpr:
		name := "GREATEST"
		if v.MinMaxExpr.Op == pg_query.MinMaxOp_IS_LEAST {
			name = "LEAST"
		}
		for _, a := range v.MinMaxExpr.Args {
			if c := e.resultSource(a); c != nil {
				e.noteEnumRefusal(*c, strings.ToLower(name)+"() of a value")
			}
		}
		e.call(name, nullSkipping(v.MinMaxExpr.Args))
	case *pg_query.Node_SqlvalueFunction:
		e.sqlValueFunction(v.SqlvalueFunction)
	case *pg_query.Node_CollateClause:
		// COLLATE "C" / "POSIX" is byte order: IRIS EXACT collation.
		switch strings.ToLower(lastName(v.CollateClause.Collname)) {
		case "c", "posix", "ucs_basic":
			e.w("%EXACT(")
			e.value(v.CollateClause.Arg)
			e.wb(')')
		default:
			e.unsupported(v.CollateClause.Location, "COLLATE "+lastName(v.CollateClause.Collname))
		}
	case *pg_query.Node_AIndirection:
		e.unsupported(nodeLocation(v.AIndirection.Arg), "array subscripts and field selection")
	case *pg_query.Node_AArrayExpr:
		e.unsupported(v.AArrayExpr.Location, "array constructors (ARRAY[…])")
	case *pg_query.Node_RowExpr:
		e.unsupported(v.RowExpr.Location, "row constructors")
	case *pg_query.Node_GroupingFunc:
		e.unsupported(v.GroupingFunc.Location, "GROUPING()")
	case *pg_query.Node_SetToDefault:
		e.unsupported(v.SetToDefault.Location, "DEFAULT in this position")
	case *pg_query.Node_CurrentOfExpr:
		e.unsupported(-1, "WHERE CURRENT OF")
	default:
		e.unsupported(nodeLocation(n), "expression "+nodeTypeName(n))
	}
}

// operand writes a value that is used as an operand: compound expressions are
// parenthesised so IRIS groups them as PostgreSQL did.
func (e *emitter) operand(n *pg_query.Node) {
	if a, ok := n.Node.(*pg_query.Node_AExpr); ok && !isPredicate(n) && a.AExpr.Kind == pg_query.A_Expr_Kind_AEXPR_OP && !e.emitsAtomic(a.AExpr) {
		e.wb('(')
		e.value(n)
		e.wb(')')
		return
	}
	e.value(n)
}

// emitsAtomic: operators whose IRIS form is already a function call or is
// parenthesised by arith itself.
func (t *translator) emitsAtomic(a *pg_query.A_Expr) bool {
	switch opName(a) {
	case "%", "^", "<=>", "<#>", "<->":
		return true
	case "+", "-":
		if a.Lexpr == nil {
			return false
		}
		_, l, _ := t.intervalValue(a.Lexpr)
		_, r, _ := t.intervalValue(a.Rexpr)
		return l || r // DATEADD(…)
	}
	return false
}

func (e *emitter) columnRef(c *pg_query.ColumnRef) {
	fields := c.Fields
	if e.subst != nil && len(fields) == 2 {
		if e.subst.rewrite(e, strVal(fields[0]), fields[1]) {
			return
		}
	}
	switch len(fields) {
	case 1, 2:
	case 3:
		e.schemaName(strVal(fields[0]))
		e.wb('.')
		fields = fields[1:]
	default:
		e.unsupported(c.Location, "a database-qualified column reference")
	}
	for i, f := range fields {
		if i > 0 {
			e.wb('.')
		}
		if _, star := f.Node.(*pg_query.Node_AStar); star {
			e.wb('*')
			continue
		}
		e.ident(strVal(f))
	}
}

func (e *emitter) constant(c *pg_query.A_Const) {
	if c.Isnull {
		e.w("NULL")
		return
	}
	if e.rec != nil && e.rec.writeHole(e, c) {
		return
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		e.w(itoa(int(v.Ival.Ival)))
	case *pg_query.A_Const_Fval:
		if significantDigits(v.Fval.Fval) > irisDigits {
			// PostgreSQL's numeric keeps every digit; IRIS would round the literal.
			e.unsupported(c.Location, "a numeric literal of more than 19 significant digits (IRIS numbers hold 19)")
		}
		e.w(v.Fval.Fval)
	case *pg_query.A_Const_Boolval:
		if v.Boolval.Boolval {
			e.wb('1')
		} else {
			e.wb('0')
		}
	case *pg_query.A_Const_Sval:
		writeStringLit(&e.b, v.Sval.Sval)
	case *pg_query.A_Const_Bsval:
		e.unsupported(c.Location, "bit-string literals")
	}
}

func (e *emitter) caseExpr(c *pg_query.CaseExpr) {
	e.w("CASE")
	if c.Arg != nil {
		e.wb(' ')
		e.value(c.Arg)
	}
	for _, w := range c.Args {
		cw := w.Node.(*pg_query.Node_CaseWhen).CaseWhen
		e.w(" WHEN ")
		if c.Arg != nil {
			e.value(cw.Expr)
		} else {
			e.pred(cw.Expr)
		}
		e.w(" THEN ")
		e.value(cw.Result)
	}
	if c.Defresult != nil {
		e.w(" ELSE ")
		e.value(c.Defresult)
	}
	e.w(" END")
}

// call writes NAME(arg, …) with value arguments.
func (e *emitter) call(name string, args []*pg_query.Node) {
	e.w(name)
	e.wb('(')
	e.list(args)
	e.wb(')')
}

func (e *emitter) list(items []*pg_query.Node) {
	for i, a := range items {
		if i > 0 {
			e.w(", ")
		}
		e.value(a)
	}
}

func listItems(n *pg_query.Node) []*pg_query.Node {
	if n == nil {
		return nil
	}
	if l, ok := n.Node.(*pg_query.Node_List); ok {
		return l.List.Items
	}
	return []*pg_query.Node{n}
}

func (e *emitter) sqlValueFunction(f *pg_query.SQLValueFunction) {
	switch f.Op {
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		e.w("CURRENT_DATE")
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME:
		e.w("CURRENT_TIME")
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
		e.w("CURRENT_TIME(" + itoa(int(f.Typmod)) + ")")
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:
		e.w("CURRENT_TIMESTAMP")
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		e.w("CURRENT_TIMESTAMP(" + itoa(int(f.Typmod)) + ")")
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER, pg_query.SQLValueFunctionOp_SVFOP_USER,
		pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:
		e.w("$USERNAME")
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		e.w("$NAMESPACE")
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		e.w("'public'")
	default:
		e.unsupported(f.Location, sqlValueFunctionName(f.Op))
	}
}

// coalesce writes COALESCE so that IRIS gives it the type PostgreSQL does. IRIS counts a
// literal argument as VARCHAR (RSQL_coalesce): only in a two-argument COALESCE whose
// first argument is not a literal does a literal keep the first argument's type. So the
// arguments after the first non-NULL constant, which are never reached, are dropped,
// and a constant after two or more arguments closes a nested two-argument COALESCE:
// coalesce(a, b, 0, c) → COALESCE(COALESCE(a, b), 0).
func (e *emitter) coalesce(args []*pg_query.Node) {
	isConst := func(n *pg_query.Node) bool {
		c, ok := n.Node.(*pg_query.Node_AConst)
		return ok && !c.AConst.Isnull
	}
	for i, a := range args {
		if i > 0 && isConst(a) {
			args = args[:i+1]
			break
		}
	}
	if n := len(args); n > 2 && isConst(args[n-1]) {
		e.w("COALESCE(")
		e.call("COALESCE", args[:n-1])
		e.w(", ")
		e.value(args[n-1])
		e.wb(')')
		return
	}
	e.call("COALESCE", args)
}

// nullSkipping makes GREATEST/LEAST arguments ignore NULLs as PostgreSQL's do (NULL only
// when all are), whatever IRIS does with a NULL argument: each argument becomes
// COALESCE(itself, the others). A constant other than NULL is never NULL and stays as
// it is: IRIS types a COALESCE whose first argument is a literal as VARCHAR
// (RSQL_coalesce), which would make the whole GREATEST a string.
func nullSkipping(args []*pg_query.Node) []*pg_query.Node {
	if len(args) < 2 {
		return args
	}
	out := make([]*pg_query.Node, len(args))
	for i, a := range args {
		if c, ok := a.Node.(*pg_query.Node_AConst); ok && !c.AConst.Isnull {
			out[i] = a
			continue
		}
		list := make([]*pg_query.Node, 0, len(args))
		list = append(list, a)
		list = append(list, args[:i]...)
		list = append(list, args[i+1:]...)
		out[i] = &pg_query.Node{Node: &pg_query.Node_CoalesceExpr{CoalesceExpr: &pg_query.CoalesceExpr{Args: list}}}
	}
	return out
}
