package translate

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// WITH RECURSIVE. IRIS has no recursive queries, so the session evaluates them as
// PostgreSQL does, over a work table per recursive WITH query: the non-recursive term
// fills it (iteration 0), then the recursive term runs against the rows of the last
// iteration and appends its rows as the next one, until an iteration adds none; the
// outer query then reads the work table. One IRIS call per iteration: an
// INSERT … SELECT whose row count says whether it added rows.
//
// The translation stays pure: the pieces name the work tables by marker (Recursive.
// Render puts in the names the session chose) and the iteration numbers by integer
// splices of the parameters IterParam and PrevParam.

// Recursive describes KindRecursive. The plan's own SQL is the outer query with each
// recursive WITH query replaced by its non-recursive term: preparing it on IRIS gives
// the result columns (PostgreSQL types them from the non-recursive term) without any
// work table, for Describe.
type Recursive struct {
	Queries []RecursiveQuery // in the order they must be evaluated
	Outer   *Plan            // the outer query, reading the work tables
}

// RecursiveQuery is one recursive WITH query, evaluated into work table Index.
type RecursiveQuery struct {
	Name    string
	Columns []string // the work table's columns, as PostgreSQL names the query's
	// Anchor is the non-recursive term alone (work tables replaced as in the
	// describing SQL): preparing it on IRIS gives the work table's column types.
	Anchor *Plan
	// Init fills the work table with the non-recursive term (iteration IterParam = 0);
	// Step appends the rows of the recursive term run over iteration PrevParam.
	Init, Step *Plan
	// StepParams is the recursive term with the work table replaced, for the types of
	// the parameters only it uses (Describe).
	StepParams *Plan
	Union      bool // UNION (not UNION ALL): duplicate rows are discarded
	// PlainNumeric marks the columns whose non-recursive term is a numeric literal:
	// PostgreSQL gives them no precision and scale, which IRIS describes from the
	// literal (1.5 is NUMERIC(2,1)) and would then round the recursive term's values to.
	PlainNumeric []bool
}

// IterParam and PrevParam are the parameter indexes of IntSplices that stand for the
// iteration being written and the one read by a Step.
const (
	IterParam = -1
	PrevParam = -2
)

// IterColumn is the work table's column holding the iteration that wrote a row.
const IterColumn = "PGWITER"

const workMark = '\x01'

// Render returns sql with the work tables named: tables[i] (an IRIS name, written as
// it is) for work table i.
func (r *Recursive) Render(sql string, tables []string) string {
	if strings.IndexByte(sql, workMark) < 0 {
		return sql
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(sql, workMark)
		if i < 0 {
			b.WriteString(sql)
			return b.String()
		}
		j := strings.IndexByte(sql[i+1:], workMark) + i + 1
		n, _ := strconv.Atoi(sql[i+1 : j])
		b.WriteString(sql[:i])
		b.WriteString(tables[n])
		sql = sql[j+1:]
	}
}

// withMode says how a reference to a recursive WITH query is written.
type withMode int

const (
	withDescribe withMode = iota // its non-recursive term
	withAll                      // all rows of its work table
	withIter                     // the rows of the last iteration (the query being stepped)
)

// withQuery is one WITH query of a WITH RECURSIVE statement.
type withQuery struct {
	name      string
	cte       *pg_query.CommonTableExpr
	query     *pg_query.SelectStmt // non-recursive: the query; recursive: the non-recursive term
	rec       *pg_query.SelectStmt // the recursive term (nil: not recursive)
	index     int                  // work table (recursive)
	cols      []string
	done      bool // its work table is filled
	busy      bool // being written (a reference now would be mutual recursion)
	recursive bool
	union     bool // UNION, not UNION ALL
}

// withQueries is the state of a WITH RECURSIVE translation: references to its queries
// in FROM are written by withRef.
type withQueries struct {
	byName map[string]*withQuery
	list   []*withQuery // in the order written
	mode   withMode
	self   *withQuery // withIter: the query being stepped
}

// recursiveSelect translates SELECT with WITH RECURSIVE.
func (t *translator) recursiveSelect(s *pg_query.SelectStmt) *Plan {
	if strings.IndexByte(t.src, workMark) >= 0 {
		t.unsupported(s.WithClause.Location, "WITH RECURSIVE with a \\x01 character in the text")
	}
	w := s.WithClause
	wq := &withQueries{byName: map[string]*withQuery{}}
	var order []*withQuery
	for _, c := range w.Ctes {
		cte := c.Node.(*pg_query.Node_CommonTableExpr).CommonTableExpr
		if cte.SearchClause != nil || cte.CycleClause != nil {
			t.unsupported(cte.Location, "SEARCH/CYCLE on WITH queries")
		}
		sel, ok := cte.Ctequery.Node.(*pg_query.Node_SelectStmt)
		if !ok {
			t.unsupported(cte.Location, "data-modifying statements in WITH")
		}
		if wq.byName[cte.Ctename] != nil {
			t.fail("42712", cte.Location, "WITH query name %q specified more than once", cte.Ctename)
		}
		q := &withQuery{name: cte.Ctename, cte: cte, query: sel.SelectStmt}
		wq.byName[q.name] = q
		wq.list = append(wq.list, q)
		if refCount(cte.Ctequery, q.name) > 0 {
			t.splitRecursive(q, sel.SelectStmt)
			q.index = len(order)
			order = append(order, q)
		}
	}
	t.refuseMutualRecursion(wq)
	if len(order) == 0 {
		// WITH RECURSIVE whose queries do not recurse is an ordinary WITH.
		w.Recursive = false
		defer func() { w.Recursive = true }()
		return t.selectPlan(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: s}}, s, true)
	}
	t.withq = wq
	defer func() { t.withq = nil }()
	// Their names are not tables: catalog lookups (column types) skip them.
	if t.ctes == nil {
		t.ctes = map[string]bool{}
	}
	for _, q := range wq.list {
		t.ctes[q.name] = true
	}
	s.WithClause = nil
	defer func() { s.WithClause = w }()

	r := &Recursive{}
	for _, q := range order {
		t.nameColumns(q)
	}
	for _, q := range order {
		rq := RecursiveQuery{Name: q.name, Columns: q.cols, Union: q.union, PlainNumeric: plainNumeric(q)}
		wq.mode = withDescribe
		rq.Anchor = t.piece(func(e *emitter) []Column { return e.selectStmt(q.query, false) })
		rq.StepParams = t.piece(func(e *emitter) []Column { return e.selectStmt(q.rec, false) })
		wq.mode = withAll
		q.busy = true
		rq.Init = t.piece(func(e *emitter) []Column { e.fillWork(q, q.query, false); return nil })
		q.busy = false
		wq.mode, wq.self = withIter, q
		rq.Step = t.piece(func(e *emitter) []Column { e.fillWork(q, q.rec, true); return nil })
		wq.self = nil
		q.done = true
		rq.Anchor.Kind, rq.Init.Kind, rq.Step.Kind, rq.StepParams.Kind = KindQuery, KindDML, KindDML, KindQuery
		r.Queries = append(r.Queries, rq)
	}
	wq.mode = withAll
	r.Outer = t.piece(func(e *emitter) []Column { return e.selectStmt(s, false) })
	r.Outer.Kind = KindQuery
	for _, q := range order {
		q.done = false
	}
	wq.mode = withDescribe
	p := t.piece(func(e *emitter) []Column { return e.selectStmt(s, false) })
	p.Kind, p.Recursive = KindRecursive, r
	return p
}

// refuseMutualRecursion fails WITH queries that reach each other through references
// (a to b, b to a), which PostgreSQL does not implement either.
func (t *translator) refuseMutualRecursion(wq *withQueries) {
	state := map[*withQuery]int{} // 1 on the path, 2 done
	var visit func(q *withQuery)
	visit = func(q *withQuery) {
		state[q] = 1
		for _, r := range wq.list {
			if r == q || refCount(q.cte.Ctequery, r.name) == 0 {
				continue
			}
			switch state[r] {
			case 1:
				t.unsupported(q.cte.Location, "mutual recursion between WITH queries")
			case 0:
				visit(r)
			}
		}
		state[q] = 2
	}
	for _, q := range wq.list {
		if state[q] == 0 {
			visit(q)
		}
	}
}

// piece emits one IRIS statement of a WITH RECURSIVE plan.
func (t *translator) piece(write func(e *emitter) []Column) *Plan {
	e := t.newEmitter()
	cols := write(e)
	p := &Plan{Tag: "SELECT", Columns: cols, IntSplices: e.splices}
	e.setSQL(p)
	return p
}

// splitRecursive checks that a recursive WITH query has PostgreSQL's form
// non-recursive-term UNION [ALL] recursive-term, with one reference to itself, in the
// recursive term.
func (t *translator) splitRecursive(q *withQuery, s *pg_query.SelectStmt) {
	if s.Op != pg_query.SetOperation_SETOP_UNION || s.Larg == nil || s.Rarg == nil {
		t.fail("42P19", q.cte.Location, "recursive query %q does not have the form non-recursive-term UNION [ALL] recursive-term", q.name)
	}
	switch {
	case len(s.SortClause) > 0:
		t.unsupported(q.cte.Location, "ORDER BY in a recursive query")
	case s.LimitCount != nil || s.LimitOffset != nil:
		t.unsupported(q.cte.Location, "LIMIT/OFFSET in a recursive query")
	case len(s.LockingClause) > 0:
		t.unsupported(q.cte.Location, "FOR UPDATE/SHARE in a recursive query")
	case s.WithClause != nil || s.Rarg.WithClause != nil:
		t.unsupported(q.cte.Location, "WITH inside a recursive query")
	}
	if refCount(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: s.Larg}}, q.name) > 0 {
		t.fail("42P19", q.cte.Location, "recursive reference to query %q must not appear within its non-recursive term", q.name)
	}
	if refCount(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: s.Rarg}}, q.name) > 1 {
		t.fail("42P19", q.cte.Location, "recursive reference to query %q must not appear more than once", q.name)
	}
	t.placeSelfReference(q, s.Rarg)
	q.query, q.rec, q.recursive, q.union = s.Larg, s.Rarg, true, !s.All
}

// placeSelfReference refuses, as PostgreSQL does, a reference to the query itself in a
// subquery or on the nullable side of an outer join of its recursive term.
func (t *translator) placeSelfReference(q *withQuery, rec *pg_query.SelectStmt) {
	walk(rec.ProtoReflect(), func(m protoreflect.Message) bool {
		switch v := m.Interface().(type) {
		case *pg_query.SubLink:
			if refCount(v.Subselect, q.name) > 0 {
				t.fail("42P19", v.Location, "recursive reference to query %q must not appear within a subquery", q.name)
			}
		case *pg_query.JoinExpr:
			left := v.Jointype == pg_query.JoinType_JOIN_RIGHT || v.Jointype == pg_query.JoinType_JOIN_FULL
			right := v.Jointype == pg_query.JoinType_JOIN_LEFT || v.Jointype == pg_query.JoinType_JOIN_FULL
			if (left && refCount(v.Larg, q.name) > 0) || (right && refCount(v.Rarg, q.name) > 0) {
				t.fail("42P19", q.cte.Location, "recursive reference to query %q must not appear within an outer join", q.name)
			}
		}
		return true
	})
}

// nameColumns names the columns of a recursive query (its column list, then the
// non-recursive term's names) and makes both terms' select lists use those names.
func (t *translator) nameColumns(q *withQuery) {
	t.withq.mode = withDescribe
	q.busy = true
	var cols []Column
	t.piece(func(e *emitter) []Column { cols = e.selectStmt(q.query, false); return nil })
	q.busy = false
	if cols == nil {
		t.unsupported(q.cte.Location, "* in the non-recursive term of a recursive WITH query (name the columns)")
	}
	if len(q.cte.Aliascolnames) > len(cols) {
		t.fail("42P10", q.cte.Location, "WITH query %q has %d columns available but %d columns specified", q.name, len(cols), len(q.cte.Aliascolnames))
	}
	q.cols = make([]string, len(cols))
	for i, c := range cols {
		q.cols[i] = c.Name
		if i < len(q.cte.Aliascolnames) {
			q.cols[i] = strVal(q.cte.Aliascolnames[i])
		}
		if strings.EqualFold(q.cols[i], IterColumn) {
			t.unsupported(q.cte.Location, "a column named "+q.cols[i]+" in a recursive WITH query")
		}
	}
	for _, s := range []*pg_query.SelectStmt{q.query, q.rec} {
		leg := s
		for leg.Op != pg_query.SetOperation_SETOP_NONE {
			leg = leg.Larg
		}
		if len(leg.ValuesLists) > 0 {
			t.unsupported(q.cte.Location, "VALUES in a recursive WITH query")
		}
		if len(leg.TargetList) != len(q.cols) {
			t.fail(stateSyntax, q.cte.Location, "each UNION query must have the same number of columns")
		}
		for i, n := range leg.TargetList {
			rt := n.Node.(*pg_query.Node_ResTarget).ResTarget
			if isStar(rt.Val) {
				t.unsupported(q.cte.Location, "* in the recursive term of a recursive WITH query (name the columns)")
			}
			rt.Name = q.cols[i]
		}
	}
}

// fillWork writes the INSERT that adds the rows of term to q's work table as the
// current iteration; step: the recursive term, whose UNION also discards rows the
// table already has.
func (e *emitter) fillWork(q *withQuery, term *pg_query.SelectStmt, step bool) {
	union := q.union
	e.w("INSERT INTO ")
	e.workTable(q)
	e.w(" (")
	for _, c := range q.cols {
		writeQuoted(&e.b, c)
		e.w(", ")
	}
	e.w(IterColumn + ") SELECT ")
	if union {
		e.w("DISTINCT ")
	}
	for _, c := range q.cols {
		e.w("pgw_x.")
		writeQuoted(&e.b, c)
		e.w(", ")
	}
	e.iteration(IterParam)
	e.w(" FROM (")
	e.selectStmt(term, true)
	e.w(") AS pgw_x")
	if union && step {
		e.w(" WHERE NOT EXISTS (SELECT 1 FROM ")
		e.workTable(q)
		e.w(" AS pgw_y WHERE ")
		for i, c := range q.cols {
			if i > 0 {
				e.w(" AND ")
			}
			// UNION treats NULLs as equal.
			e.w("(pgw_y.")
			writeQuoted(&e.b, c)
			e.w(" = pgw_x.")
			writeQuoted(&e.b, c)
			e.w(" OR (pgw_y.")
			writeQuoted(&e.b, c)
			e.w(" IS NULL AND pgw_x.")
			writeQuoted(&e.b, c)
			e.w(" IS NULL))")
		}
		e.wb(')')
	}
}

func (e *emitter) workTable(q *withQuery) {
	e.wb(workMark)
	e.w(strconv.Itoa(q.index))
	e.wb(workMark)
}

func (e *emitter) iteration(param int) {
	e.splices = append(e.splices, IntSplice{At: e.b.Len(), Param: param})
}

// withRef writes a reference in FROM to a query of the WITH RECURSIVE being
// translated; false when rv names none.
func (e *emitter) withRef(rv *pg_query.RangeVar) bool {
	if e.withq == nil || rv.Schemaname != "" || rv.Catalogname != "" {
		return false
	}
	q := e.withq.byName[rv.Relname]
	if q == nil {
		return false
	}
	switch {
	case q.busy && (e.withq.mode == withDescribe || !q.recursive):
		e.unsupported(rv.Location, "mutual recursion between WITH queries")
	case !q.recursive:
		if len(q.cte.Aliascolnames) > 0 {
			e.unsupported(q.cte.Location, "column lists on WITH queries")
		}
		q.busy = true
		e.wb('(')
		e.selectStmt(q.query, true)
		e.wb(')')
		q.busy = false
	case e.withq.mode == withDescribe:
		// Its parameters type the columns as they type the work table's.
		q.busy = true
		depth := e.paramColsDepth
		e.paramColsDepth = len(e.scopes)
		e.wb('(')
		e.selectStmt(q.query, true)
		e.wb(')')
		e.paramColsDepth = depth
		q.busy = false
	case q == e.withq.self || q.done:
		e.w("(SELECT ")
		for i, c := range q.cols {
			if i > 0 {
				e.w(", ")
			}
			writeQuoted(&e.b, c)
		}
		e.w(" FROM ")
		e.workTable(q)
		if q == e.withq.self {
			e.w(" WHERE " + IterColumn + " = ")
			e.iteration(PrevParam)
		}
		e.wb(')')
	case q.busy:
		e.fail("42P19", rv.Location, "recursive reference to query %q must not appear within its non-recursive term", q.name)
	default:
		e.unsupported(rv.Location, "mutual recursion between WITH queries")
	}
	if rv.Alias != nil {
		e.alias(rv.Alias, rv.Location)
	} else {
		e.w(" AS ")
		e.ident(q.name)
	}
	return true
}

// refCount counts the references in FROM lists under n to an unqualified table name.
func refCount(n *pg_query.Node, name string) int {
	count := 0
	walk(n.ProtoReflect(), func(m protoreflect.Message) bool {
		if rv, ok := m.Interface().(*pg_query.RangeVar); ok && rv.Schemaname == "" && rv.Relname == name {
			count++
		}
		return true
	})
	return count
}

// withIntColumns are the columns of a recursive WITH query that rv names whose
// non-recursive term is an integer by its text (SELECT 1, count(*), x::int):
// PostgreSQL types the column so, and divides it to an integer.
func (e *emitter) withIntColumns(rv *pg_query.RangeVar) []string {
	if e.withq == nil || rv.Schemaname != "" {
		return nil
	}
	q := e.withq.byName[rv.Relname]
	if q == nil || !q.recursive {
		return nil
	}
	leg := q.query
	for leg.Op != pg_query.SetOperation_SETOP_NONE {
		leg = leg.Larg
	}
	var cols []string
	for i, n := range leg.TargetList {
		if i < len(q.cols) && isIntExpr(n.Node.(*pg_query.Node_ResTarget).ResTarget.Val) {
			cols = append(cols, q.cols[i])
		}
	}
	return cols
}

func plainNumeric(q *withQuery) []bool {
	leg := q.query
	for leg.Op != pg_query.SetOperation_SETOP_NONE {
		leg = leg.Larg
	}
	plain := make([]bool, len(q.cols))
	for i, n := range leg.TargetList {
		v := n.Node.(*pg_query.Node_ResTarget).ResTarget.Val
		if _, lit := v.Node.(*pg_query.Node_AConst); lit && i < len(plain) {
			plain[i] = inferType(v) == oidNumeric
		}
	}
	return plain
}
