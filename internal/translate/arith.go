package translate

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// arith writes a non-condition A_Expr: arithmetic, concatenation, vector
// distances, NULLIF.
func (e *emitter) arith(a *pg_query.A_Expr) {
	if a.Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF {
		e.call("NULLIF", []*pg_query.Node{a.Lexpr, a.Rexpr})
		return
	}
	if a.Kind != pg_query.A_Expr_Kind_AEXPR_OP {
		e.unsupported(a.Location, "this operator")
	}
	op := opName(a)
	if a.Lexpr == nil {
		e.prefixOp(op, a)
		return
	}
	if e.intervalArith(op, a) || e.dateArith(op, a) {
		return
	}
	switch op {
	case "+", "-", "*", "||":
		operand := e.operand
		if op == "||" {
			operand = e.textOperand
		}
		at := e.b.Len()
		operand(a.Lexpr)
		leftEnd := e.b.Len()
		e.wb(' ')
		opAt := e.b.Len()
		e.w(op)
		e.wb(' ')
		rightAt := e.b.Len()
		operand(a.Rexpr)
		switch op {
		case "+", "-":
			e.noteDateArith(a, at, opAt)
		case "||":
			// A numeric column becomes text with its scale in PostgreSQL ('x' || 1.50).
			e.noteNumericText(a.Lexpr, at, leftEnd, at, leftEnd)
			e.noteNumericText(a.Rexpr, rightAt, e.b.Len(), rightAt, e.b.Len())
		}
	case "/":
		e.operand(a.Lexpr)
		// PostgreSQL divides integers to an integer; IRIS "/" never truncates, its
		// integer division is "\". Only operands whose text makes them integers
		// (literals, casts, count(*), length(…)) are known to be integers.
		if e.isIntOperand(a.Lexpr) && e.isIntOperand(a.Rexpr) {
			e.w(` \ `)
		} else {
			e.noteDivision(a)
			e.plainDivision = e.plainDivision || a == e.divisionAt
			e.w(" / ")
		}
		e.operand(a.Rexpr)
	case "%":
		e.call("MOD", []*pg_query.Node{a.Lexpr, a.Rexpr})
	case "^":
		e.mathFuncs |= MathPower
		e.call("POWER", []*pg_query.Node{a.Lexpr, a.Rexpr})
	case "<=>":
		e.w("(1 - ")
		e.vectorCall("VECTOR_COSINE", a.Lexpr, a.Rexpr)
		e.wb(')')
	case "<#>":
		e.w("(-")
		e.vectorCall("VECTOR_DOT_PRODUCT", a.Lexpr, a.Rexpr)
		e.wb(')')
	case "<->":
		e.l2Distance(a.Lexpr, a.Rexpr)
	case "->", "->>", "#>", "#>>":
		e.unsupported(a.Location, "operator "+op+" other than as a whole select-list item over a json or jsonb column with literal keys (IRIS SQL cannot read JSON members)")
	default:
		e.unsupported(a.Location, "operator "+op)
	}
}

func (e *emitter) prefixOp(op string, a *pg_query.A_Expr) {
	switch op {
	case "-":
		// Never emit "--": IRIS reads it as a comment.
		if c, ok := a.Rexpr.Node.(*pg_query.Node_AConst); ok {
			e.readConst(c.AConst)
			if iv, isInt := c.AConst.Val.(*pg_query.A_Const_Ival); isInt && iv.Ival.Ival >= 0 {
				e.wb('-')
				e.constant(c.AConst)
				return
			}
		}
		e.w("-(")
		e.value(a.Rexpr)
		e.wb(')')
	case "+":
		e.operand(a.Rexpr)
	case "@":
		e.call("ABS", []*pg_query.Node{a.Rexpr})
	case "|/":
		e.call("SQRT", []*pg_query.Node{a.Rexpr})
	default:
		e.unsupported(a.Location, "prefix operator "+op)
	}
}

// isIntExpr: an expression PostgreSQL types as an integer whatever the
// columns' types are: integer literals, integer casts, integer-valued
// functions, and + - * % of those.
func isIntExpr(n *pg_query.Node) bool {
	switch inferType(n) {
	case oidInt2, oidInt4, oidInt8:
		return true
	}
	a, ok := n.Node.(*pg_query.Node_AExpr)
	if !ok || a.AExpr.Kind != pg_query.A_Expr_Kind_AEXPR_OP || a.AExpr.Lexpr == nil {
		return false
	}
	switch opName(a.AExpr) {
	case "+", "-", "*", "%", "/":
		return isIntExpr(a.AExpr.Lexpr) && isIntExpr(a.AExpr.Rexpr)
	}
	return false
}

func isIntConst(n *pg_query.Node) bool {
	c, ok := n.Node.(*pg_query.Node_AConst)
	if !ok {
		return false
	}
	_, isInt := c.AConst.Val.(*pg_query.A_Const_Ival)
	return isInt
}

// vectorCall writes NAME(a, b) with pgvector literals/parameters made vectors.
func (e *emitter) vectorCall(name string, a, b *pg_query.Node) {
	e.w(name)
	e.wb('(')
	e.vectorOperand(a)
	e.w(", ")
	e.vectorOperand(b)
	e.wb(')')
}

// vectorOperand: a string literal or parameter next to a pgvector operator is a
// vector text ('[1,2,3]'), which IRIS needs converted with TO_VECTOR.
func (e *emitter) vectorOperand(n *pg_query.Node) {
	switch v := n.Node.(type) {
	case *pg_query.Node_ParamRef:
		e.w("TO_VECTOR(")
		e.param(v.ParamRef)
		e.w(", DOUBLE)")
		return
	case *pg_query.Node_AConst:
		if _, ok := v.AConst.Val.(*pg_query.A_Const_Sval); ok {
			e.w("TO_VECTOR(")
			e.constant(v.AConst)
			e.w(", DOUBLE)")
			return
		}
	}
	e.value(n)
}

// l2Distance: IRIS has no Euclidean distance; |a-b| = sqrt(a·a + b·b − 2a·b)
// is exact in real arithmetic. ABS absorbs a rounding result just below zero.
func (e *emitter) l2Distance(a, b *pg_query.Node) {
	e.w("SQRT(ABS(")
	e.vectorCall("VECTOR_DOT_PRODUCT", a, a)
	e.w(" + ")
	e.vectorCall("VECTOR_DOT_PRODUCT", b, b)
	e.w(" - 2 * ")
	e.vectorCall("VECTOR_DOT_PRODUCT", a, b)
	e.w("))")
}

// dateArith writes PostgreSQL's date arithmetic where the text shows dates
// (date literals and casts, CURRENT_DATE, integer constants): date - date is
// the number of days, DATEDIFF('dd', b, a) — also for a column minus a date,
// which PostgreSQL only accepts for date and timestamp columns (a timestamp
// column gives an interval there: its day count is what pgwired returns);
// date ± n is a date n days away, CAST(DATEADD('dd', ±n, d) AS DATE). IRIS
// would do plain arithmetic on its internal values.
func (e *emitter) dateArith(op string, a *pg_query.A_Expr) bool {
	if op != "+" && op != "-" {
		return false
	}
	l, r := inferType(a.Lexpr), inferType(a.Rexpr)
	switch {
	case op == "-" && datesDiffer(a.Lexpr, a.Rexpr):
		e.w("DATEDIFF('dd', ")
		e.value(a.Rexpr)
		e.w(", ")
		e.value(a.Lexpr)
		e.wb(')')
	case l == oidDate && isIntConst(a.Rexpr), op == "+" && r == oidDate && isIntConst(a.Lexpr):
		d, n := a.Lexpr, a.Rexpr
		if r == oidDate {
			d, n = n, d
		}
		e.w("CAST(DATEADD('dd', ")
		if op == "-" {
			e.w("-(")
			e.value(n)
			e.wb(')')
		} else {
			e.value(n)
		}
		e.w(", ")
		e.value(d)
		e.w(") AS DATE)")
	case op == "-" && (isTimestampOID(l) || isTimestampOID(r)):
		// timestamp - timestamp (or date) is an interval, which IRIS has not;
		// the time stamps' internal values would subtract to a number.
		e.unsupported(a.Location, "subtracting time stamps (an interval result)")
	default:
		return false
	}
	return true
}

func isTimestampOID(oid uint32) bool { return oid == oidTimestamp || oid == oidTimestamptz }

// datesDiffer: a - b is a date difference: both sides are dates, or one is
// and the other is a column reference.
func datesDiffer(a, b *pg_query.Node) bool {
	l, r := inferType(a), inferType(b)
	return l == oidDate && (r == oidDate || r == 0 && isPlainColumn(b)) ||
		r == oidDate && l == 0 && isPlainColumn(a)
}

// textOperand writes an operand of ||: a boolean (a literal, a comparison, a cast) is
// PostgreSQL's text of it, 'true' or 'false', where IRIS would concatenate 1 or 0.
func (e *emitter) textOperand(n *pg_query.Node) {
	if inferType(n) != oidBool {
		e.operand(n)
		return
	}
	e.w("CASE ")
	e.value(n)
	e.w(" WHEN 1 THEN 'true' WHEN 0 THEN 'false' END")
}
