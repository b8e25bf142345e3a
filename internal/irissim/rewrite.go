package irissim

import (
	"strconv"
	"strings"
)

// rewriter turns IRIS SQL tokens into SQLite SQL. It is a targeted rewrite,
// not a full parser: it tracks parenthesis levels (for TOP/LIMIT/FETCH and
// FROM lists), maps names and functions, and rejects what IRIS rejects.
type rewriter struct {
	toks    []token
	out     strings.Builder
	env     *rewriteEnv
	levels  []level
	tables  []*table // tables named in FROM/JOIN/INTO/UPDATE positions, for result metadata
	params  int      // highest :%qpar(n) seen
	escapes int      // open {fn ...} ODBC escapes
	scalars int      // scalar subqueries wrapped so far (their CTE names)

	// Top-level facts for IRIS's collation results: DISTINCT, GROUP BY and
	// UNION return SQLUPPER values upper-cased.
	distinct  bool
	union     bool
	inGroupBy bool
	groupBy   map[string]bool
}

// rewriteEnv is what the rewriter needs to know about the session.
type rewriteEnv struct {
	cat       *catalog
	user      string
	namespace string
	version   string
	job       string
	tlevel    int
	ptypes    map[int]irisType // parameter number → type inferred from context
}

// level is the state of one parenthesis nesting level.
type level struct {
	inFrom      bool   // inside a FROM list: ',' starts a new table reference
	tableNext   bool   // the next name is a table reference
	cast        bool   // this paren is CAST( ... AS type )
	closeSuffix string // emitted after this level's ')' (CAST wrappers)
	sawSelect   bool
	open        int // token index of this level's '('
	sawOrder    bool
	top         string
	limit       string
	offset      string
	limitStyle  int // bit set: 1 TOP, 2 LIMIT, 4 FETCH

	// Set operations: IRIS binds TOP to its own leg and a trailing LIMIT
	// without ORDER BY to the last leg only.
	setOp       bool // UNION/EXCEPT/INTERSECT seen at this level
	legStart    int  // output offset where the current SELECT leg starts
	legIsSelect bool // the current leg is a bare SELECT (not a parenthesised query)
}

func newRewriter(toks []token, env *rewriteEnv) *rewriter {
	r := &rewriter{toks: toks, env: env}
	r.levels = append(r.levels, level{})
	return r
}

func (r *rewriter) cur() *level { return &r.levels[len(r.levels)-1] }

func (r *rewriter) emit(s string) {
	r.out.WriteString(s)
	r.out.WriteByte(' ')
}

// query rewrites toks[a:b] as a complete query (flushing the outer level's LIMIT).
func (r *rewriter) query(a, b int) *sqlError {
	if err := r.expr(a, b); err != nil {
		return err
	}
	r.flushLimit(r.cur())
	return nil
}

// expr rewrites the balanced token range toks[a:b].
func (r *rewriter) expr(a, b int) *sqlError {
	toks := r.toks
	for i := a; i < b; {
		t := toks[i]
		next, err := r.one(i, b)
		if err != nil {
			return err
		}
		if next <= i {
			return errSyntax("internal rewrite error near " + t.text)
		}
		i = next
	}
	return nil
}

// one rewrites the token at i (and whatever construct starts there) and
// returns the index of the next unprocessed token.
func (r *rewriter) one(i, end int) (int, *sqlError) {
	toks := r.toks
	t := toks[i]
	if next, ok, err := r.quantifiedComparison(i); ok {
		return next, err
	}
	lv := r.cur()
	switch t.kind {
	case tkParam:
		r.params = max(r.params, t.num)
		r.inferParam(i)
		r.emit("?" + strconv.Itoa(t.num))
		return i + 1, nil
	case tkVar:
		if _, fn := sqlFunctions[t.up]; fn && r.toks[i+1].op("(") {
			return r.function(i) // $PIECE(…) and friends
		}
		v, err := r.specialVar(t.up)
		if err != nil {
			return i, err
		}
		r.emit(v)
		return i + 1, nil
	case tkString, tkNumber:
		r.emit(t.text)
		return i + 1, nil
	case tkOp:
		return r.operator(i)
	case tkQIdent:
		if lv.tableNext {
			return r.tableRef(i)
		}
		return r.nameChain(i)
	}
	// Identifiers and keywords.
	if msg, bad := rejectedWords[t.up]; bad {
		return i, errSyntax(msg)
	}
	if lv.tableNext && !sqlKeywords[t.up] {
		return r.tableRef(i)
	}
	nextTok := toks[i+1]
	switch t.up {
	case "SELECT":
		lv.sawSelect, lv.inFrom, lv.tableNext = true, false, false
		if !lv.legIsSelect {
			lv.legStart, lv.legIsSelect = r.out.Len(), true
		}
		r.inGroupBy = false
		r.emit("SELECT")
		i++
		if toks[i].is("DISTINCT") || toks[i].is("ALL") {
			if len(r.levels) == 1 && toks[i].is("DISTINCT") {
				r.distinct = true
			}
			r.emit(toks[i].up)
			i++
		}
		if toks[i].is("TOP") {
			return r.top(i)
		}
		return i, nil
	case "FROM":
		lv.inFrom, lv.tableNext = true, true
		r.emit("FROM")
		return i + 1, nil
	case "JOIN":
		lv.inFrom, lv.tableNext = true, true
		r.emit("JOIN")
		return i + 1, nil
	case "ON":
		if nextTok.is("CONFLICT") {
			return i, errSyntax("ON CONFLICT is not IRIS SQL; use INSERT OR UPDATE")
		}
		lv.inFrom = false
	case "WHERE", "GROUP", "HAVING", "UNION", "EXCEPT", "INTERSECT", "USING":
		lv.inFrom = false
		if len(r.levels) == 1 {
			r.inGroupBy = t.up == "GROUP"
			if t.up == "UNION" && !nextTok.is("ALL") {
				r.union = true
			}
		}
		if t.up == "UNION" || t.up == "EXCEPT" || t.up == "INTERSECT" {
			if lv.top != "" && lv.legIsSelect {
				r.wrapLeg(lv, "LIMIT "+lv.top)
				lv.top, lv.limitStyle = "", lv.limitStyle&^1
			}
			lv.sawOrder, lv.setOp, lv.legIsSelect = false, true, false
		}
	case "ORDER":
		lv.inFrom, lv.sawOrder = false, true
		r.inGroupBy = false
	case "LIMIT", "OFFSET", "FETCH":
		lv.inFrom = false
		r.inGroupBy = false
		return r.limitClause(i)
	case "TOP":
		return i, errSyntax("TOP must follow SELECT [DISTINCT]")
	case "TRUE", "FALSE":
		if !nextTok.op("(") && !nextTok.op(".") {
			return i, sqlErrorf(-29, "Field '%s' not found in the applicable tables", t.up)
		}
	case "IS":
		return r.isPredicate(i)
	case "WITH":
		if nextTok.is("RECURSIVE") {
			return i, errSyntax("WITH RECURSIVE is not supported")
		}
		return r.withClause(i)
	case "OVER", "FILTER", "WITHIN":
		// function() checked that OVER follows one of the accepted window functions.
		if t.up == "OVER" && i > 0 && r.toks[i-1].op(")") {
			r.emit("OVER")
			return i + 1, nil
		}
		if nextTok.op("(") {
			return i, errSyntax(t.up + " (window and filtered aggregates) is not supported")
		}
	case "MATCH":
		if nextTok.kind == tkString || nextTok.kind == tkParam {
			return i, errSyntax("MATCH is not IRIS SQL")
		}
	case "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME":
		switch t.up {
		case "CURRENT_TIMESTAMP":
			r.emit("iris_now()")
		case "CURRENT_DATE":
			r.emit("iris_curdate()")
		default:
			r.emit("iris_curtime()")
		}
		if nextTok.op("(") {
			m := r.matchParen(i + 1)
			if m < 0 {
				return i, errSyntax("')' expected")
			}
			return m + 1, nil
		}
		return i + 1, nil
	case "USER", "CURRENT_USER", "SESSION_USER":
		if !nextTok.op("(") && !nextTok.op(".") {
			r.emit(quoteString(r.env.user))
			return i + 1, nil
		}
	case "CAST":
		if !nextTok.op("(") {
			return i, errSyntax("'(' expected after CAST")
		}
		if m, k := r.binaryCast(i + 1); m > 0 {
			return r.castBinary(i, k, m)
		}
		prefix, suffix := r.castWrap(i + 1)
		r.out.WriteString(prefix)
		r.emit("CAST")
		r.out.WriteString("( ")
		r.levels = append(r.levels, level{cast: true, closeSuffix: suffix})
		return i + 2, nil
	case "AS":
		if lv.cast {
			return r.castType(i)
		}
	case "%STARTSWITH":
		return r.startsWith(i, end)
	case "%PATTERN":
		return r.pattern(i, end)
	case "%MATCHES":
		return r.matches(i, end)
	}
	if nextTok.op("(") && (!sqlKeywords[t.up] || t.up == "LEFT" || t.up == "RIGHT") {
		return r.function(i)
	}
	if sqlKeywords[t.up] {
		r.emit(t.up)
		return i + 1, nil
	}
	return r.nameChain(i)
}

func (r *rewriter) operator(i int) (int, *sqlError) {
	t := r.toks[i]
	lv := r.cur()
	switch t.text {
	case "(":
		derived := lv.tableNext
		lv.tableNext = false // set before the append, which may move the levels
		leg := r.parenthesisedLeg(i)
		if !leg && !derived && r.scalarSubquery(i) {
			// SQLite takes the first row of a scalar subquery that returns several;
			// the strict reading of IRIS fails the statement (see scalarRows).
			r.scalars++
			name := quoteIdent("%sq" + itoa(r.scalars))
			r.levels = append(r.levels, level{open: i, closeSuffix: "SELECT * FROM " + name +
				" WHERE iris_scalar_rows((SELECT count(*) FROM " + name + "))) "})
			r.emit("(WITH " + name + " AS (")
			break
		}
		r.levels = append(r.levels, level{open: i})
		if leg {
			r.emit("SELECT * FROM (")
		} else {
			r.emit("(")
		}
	case ")":
		if len(r.levels) == 1 {
			return i, errSyntax("Unbalanced ')'")
		}
		r.flushLimit(lv)
		suffix := lv.closeSuffix
		if lv.sawSelect {
			r.derivedTable(lv.open, i) // a set operation is typed by its first leg
		}
		r.levels = r.levels[:len(r.levels)-1]
		r.emit(")")
		r.out.WriteString(suffix)
	case ",":
		if lv.inFrom {
			lv.tableNext = true
		}
		r.emit(",")
	case "{":
		// ODBC scalar-function escape {fn NAME(args)}: IRIS runs NAME(args).
		if !r.toks[i+1].is("FN") {
			return i, errSyntax("Only {fn ...} ODBC escapes are supported")
		}
		r.escapes++
		return i + 2, nil
	case "}":
		if r.escapes == 0 {
			return i, errSyntax("Unbalanced '}'")
		}
		r.escapes--
		return i + 1, nil
	case "#":
		r.emit("%")
	case "/":
		// IRIS '/' never truncates; SQLite's does for two integers. A zero divisor is an
		// error in IRIS (<DIVIDE>) but NULL in SQLite: the divisor goes through
		// iris_divisor when its extent is clear (a primary), which raises the error.
		r.emit("* 1.0 /")
		if j := r.primaryEnd(i+1, len(r.toks)); j > i+1 {
			r.emit("iris_divisor(")
			if err := r.expr(i+1, j); err != nil {
				return i, err
			}
			r.emit(")")
			return j, nil
		}
	case "\\":
		// IRIS integer division: SQLite '/' truncates for integers (see doc.go). A zero
		// divisor fails as for '/'.
		r.emit("/")
		if j := r.primaryEnd(i+1, len(r.toks)); j > i+1 {
			r.emit("iris_divisor(")
			if err := r.expr(i+1, j); err != nil {
				return i, err
			}
			r.emit(")")
			return j, nil
		}
	default:
		r.emit(t.text)
	}
	return i + 1, nil
}

// primaryEnd returns the index after the primary expression starting at i (an optional
// sign, then a literal, parameter, special variable, parenthesised group, function call
// or dotted name), or -1 when it is something else (CASE …, a keyword).
func (r *rewriter) primaryEnd(i, end int) int {
	k := i
	for k < end && (r.toks[k].op("-") || r.toks[k].op("+")) {
		k++
	}
	if k >= end {
		return -1
	}
	t := r.toks[k]
	switch {
	case t.op("("):
		if m := r.matchParen(k); m > 0 && m < end {
			return m + 1
		}
		return -1
	case t.kind == tkNumber || t.kind == tkString || t.kind == tkParam || t.kind == tkVar:
		return k + 1
	case t.kind == tkQIdent || (t.isName() && !sqlKeywords[t.up]):
		j := k + 1
		if j < end && r.toks[j].op("(") {
			m := r.matchParen(j)
			if m <= 0 || m >= end {
				return -1
			}
			// A window function's extent includes its OVER (…).
			if m+2 < end && r.toks[m+1].is("OVER") && r.toks[m+2].op("(") {
				if o := r.matchParen(m + 2); o > 0 && o < end {
					return o + 1
				}
			}
			return m + 1
		}
		for j+1 < end && r.toks[j].op(".") && (r.toks[j+1].isName() || r.toks[j+1].kind == tkQIdent) {
			j += 2
		}
		return j
	}
	return -1
}

// matchParen returns the index of the ')' matching the '(' at i, or -1.
func (r *rewriter) matchParen(i int) int {
	depth := 0
	for j := i; j < len(r.toks); j++ {
		switch {
		case r.toks[j].op("("):
			depth++
		case r.toks[j].op(")"):
			depth--
			if depth == 0 {
				return j
			}
		case r.toks[j].kind == tkEOF:
			return -1
		}
	}
	return -1
}

// nameChain handles a.b.c references: %ID becomes rowid and a leading schema
// qualifier is dropped (tables are aliased by their bare name).
func (r *rewriter) nameChain(i int) (int, *sqlError) {
	parts := []token{r.toks[i]}
	j := i + 1
	for r.toks[j].op(".") && r.toks[j+1].isName() {
		parts = append(parts, r.toks[j+1])
		j += 2
	}
	if r.toks[j].op(".") && r.toks[j+1].op("*") && len(parts) <= 2 {
		// table.* or schema.table.*: every column of one table of the FROM list
		// (tables are aliased by their bare name, so the schema is dropped).
		r.out.WriteString(quoteIdent(identName(parts[len(parts)-1])))
		r.out.WriteString(".* ")
		return j + 2, nil
	}
	if r.toks[j].op(".") {
		return i, errSyntax("Identifier expected after '.'")
	}
	if len(parts) == 3 && r.env.cat.hasSchema(identName(parts[0])) {
		parts = parts[1:]
	}
	if len(parts) > 2 {
		return i, sqlErrorf(-29, "Field '%s' not found in the applicable tables", joinNames(parts))
	}
	if r.inGroupBy && len(r.levels) == 1 {
		if r.groupBy == nil {
			r.groupBy = map[string]bool{}
		}
		r.groupBy[upperIdent(identName(parts[len(parts)-1]))] = true
	}
	for k, p := range parts {
		if k > 0 {
			r.out.WriteByte('.')
		}
		if p.kind == tkIdent && p.up == "%ID" {
			r.out.WriteString("rowid")
			continue
		}
		if p.kind == tkIdent && strings.HasPrefix(p.text, "%") {
			return i, sqlErrorf(-29, "Field '%s' not found in the applicable tables", p.text)
		}
		r.out.WriteString(quoteIdent(identName(p)))
	}
	r.out.WriteByte(' ')
	return j, nil
}

func joinNames(parts []token) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = identName(p)
	}
	return strings.Join(s, ".")
}

// tableRef rewrites a table reference in a FROM/JOIN list: schema.table maps
// to the physical name and keeps "table" as its correlation name.
func (r *rewriter) tableRef(i int) (int, *sqlError) {
	lv := r.cur()
	lv.tableNext = false
	first := r.toks[i]
	schema, name := "", identName(first)
	j := i + 1
	if r.toks[j].op(".") && r.toks[j+1].isName() {
		schema, name = identName(first), identName(r.toks[j+1])
		j += 2
	}
	phys, qualified := r.resolveTable(schema, name)
	r.emit(phys)
	hasAlias := r.toks[j].is("AS") || r.toks[j].kind == tkQIdent ||
		(r.toks[j].kind == tkIdent && !sqlKeywords[r.toks[j].up] && r.toks[j].up != "%STARTSWITH")
	if qualified && !hasAlias {
		r.emit("AS " + quoteIdent(name))
	}
	return j, nil
}

// resolveTable maps (schema, name) to a physical SQLite name and records the
// table for metadata. qualified reports that the physical name differs from
// the bare name (so an alias is needed).
func (r *rewriter) resolveTable(schema, name string) (phys string, qualified bool) {
	if schema == "" {
		if t := r.env.cat.lookup("", name); t != nil {
			r.tables = append(r.tables, t)
		}
		return quoteIdent(name), false
	}
	if strings.EqualFold(schema, "INFORMATION_SCHEMA") {
		return quoteIdent("INFORMATION_SCHEMA." + upperIdent(name)), true
	}
	if t := r.env.cat.lookup(schema, name); t != nil {
		r.tables = append(r.tables, t)
		return t.phys(), !strings.EqualFold(t.Schema, defaultSchema)
	}
	p := physName(schema, name)
	return p, p != quoteIdent(name)
}

// inferParam types a parameter compared with a column ("col op :%qpar(n)"),
// so that PP can describe it.
func (r *rewriter) inferParam(i int) {
	if i < 2 || r.env.ptypes == nil {
		return
	}
	switch r.toks[i-1].text {
	case "=", "<>", "!=", "<", "<=", ">", ">=":
	default:
		if !r.toks[i-1].is("LIKE") {
			return
		}
	}
	name := r.toks[i-2]
	if !name.isName() {
		return
	}
	for _, t := range r.tables {
		if c := t.col(identName(name)); c != nil {
			r.env.ptypes[r.toks[i].num] = c.Type
			return
		}
	}
}
