package irissim

import "strconv"

// Query forms IRIS has and SQLite lacks: a parenthesised SELECT as a statement
// or set-operation operand, and comparisons quantified with ANY/SOME/ALL.

// parenthesisedLeg reports whether the '(' at toks[i] opens a query that is a
// whole statement or an operand of UNION/EXCEPT/INTERSECT. SQLite accepts
// neither, so the rewriter turns "( query )" into the equivalent derived table
// "SELECT * FROM ( query )".
func (r *rewriter) parenthesisedLeg(i int) bool {
	if next := r.toks[i+1]; !next.is("SELECT") && !next.op("(") {
		return false
	}
	if i == 0 {
		return true
	}
	prev := r.toks[i-1]
	if (prev.is("ALL") || prev.is("DISTINCT")) && i >= 2 {
		prev = r.toks[i-2]
	}
	if isSetOperator(prev) {
		return true
	}
	// A left operand where a query starts: "( ( query ) UNION … )". Elsewhere
	// (SELECT (SELECT 1) UNION …) the parenthesised query is a scalar subquery.
	if !prev.op("(") {
		return false
	}
	m := r.matchParen(i)
	return m > 0 && isSetOperator(r.toks[m+1])
}

// scalarSubquery reports whether the '(' at toks[i] opens a query used as a value:
// not a derived table or a statement or set-operation leg (the caller checks those),
// not the operand of IN, EXISTS or a quantified comparison, not a WITH query's body.
func (r *rewriter) scalarSubquery(i int) bool {
	if !r.toks[i+1].is("SELECT") || i == 0 {
		return false
	}
	switch prev := r.toks[i-1]; {
	case prev.is("IN"), prev.is("EXISTS"), prev.is("ANY"), prev.is("SOME"), prev.is("ALL"), prev.is("AS"):
		return false
	}
	return true
}

func isSetOperator(t token) bool { return t.is("UNION") || t.is("EXCEPT") || t.is("INTERSECT") }

var comparisonOps = map[string]bool{"=": true, "<>": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true}

// quantifiedComparison rewrites "operand op ANY|SOME|ALL (subquery)" starting at
// toks[i], for an operand that is a column reference, parameter or literal
// standing alone as a predicate. SQLite has no quantified comparisons; the
// rewrite keeps SQL's three-valued result: ANY is true when some row compares
// true, else NULL when some comparison is NULL, else false; ALL is false when
// some row compares false, else NULL when some comparison is NULL, else true.
// ok is false when toks[i] does not start such a comparison.
func (r *rewriter) quantifiedComparison(i int) (next int, ok bool, err *sqlError) {
	toks := r.toks
	t := toks[i]
	k := i + 1 // the comparison operator
	switch t.kind {
	case tkParam, tkString, tkNumber:
	case tkIdent, tkQIdent:
		if t.kind == tkIdent && sqlKeywords[t.up] {
			return i, false, nil
		}
		for toks[k].op(".") && toks[k+1].isName() {
			k += 2
		}
	default:
		return i, false, nil
	}
	if k+3 >= len(toks) {
		return i, false, nil
	}
	op, quant := toks[k], toks[k+1]
	if op.kind != tkOp || !comparisonOps[op.text] || !(quant.is("ANY") || quant.is("SOME") || quant.is("ALL")) ||
		!toks[k+2].op("(") || !toks[k+3].is("SELECT") || !startsPredicate(toks, i) {
		return i, false, nil
	}
	m := r.matchParen(k + 2)
	if m < 0 {
		return i, true, errSyntax("')' expected after the subquery of " + quant.up)
	}
	outer := r.out.String()
	r.out.Reset()
	switch t.kind {
	case tkParam:
		r.params = max(r.params, t.num)
		r.emit("?" + strconv.Itoa(t.num))
	case tkString, tkNumber:
		r.emit(t.text)
	default:
		if _, err := r.nameChain(i); err != nil {
			return i, true, err
		}
	}
	left := r.out.String()
	r.out.Reset()
	r.levels = append(r.levels, level{})
	err = r.query(k+3, m)
	r.levels = r.levels[:len(r.levels)-1]
	sub := r.out.String()
	r.out.Reset()
	r.out.WriteString(outer)
	if err != nil {
		return i, true, err
	}
	rows := `WITH "irissim_q" ( "irissim_v" ) AS ( ` + sub + `) SELECT 1 FROM "irissim_q" WHERE `
	cmp := left + op.text + ` "irissim_v"`
	unknown := "WHEN EXISTS ( " + rows + "( " + cmp + " ) IS NULL ) THEN NULL "
	if quant.is("ALL") {
		r.emit("( CASE WHEN EXISTS ( " + rows + "NOT ( " + cmp + " ) ) THEN 0 " + unknown + "ELSE 1 END )")
	} else {
		r.emit("( CASE WHEN EXISTS ( " + rows + cmp + " ) THEN 1 " + unknown + "ELSE 0 END )")
	}
	return m + 1, true, nil
}

// startsPredicate reports whether toks[i] begins a predicate, so that rewriting
// "operand op ANY (…)" as one parenthesised expression keeps operator binding
// (in "a + b > ANY (…)" the operand is a + b, which this rewrite does not cover).
func startsPredicate(toks []token, i int) bool {
	if i == 0 {
		return true
	}
	prev := toks[i-1]
	if prev.op("(") || prev.op(",") {
		return true
	}
	switch prev.up {
	case "WHERE", "HAVING", "ON", "AND", "OR", "NOT", "WHEN", "THEN", "ELSE", "SELECT":
		return prev.kind == tkIdent
	}
	return false
}
