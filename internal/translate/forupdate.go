package translate

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// selectForUpdate plans SELECT … FROM … WHERE w FOR UPDATE (Django's select_for_update,
// also with select_related, and update_or_create). IRIS has no row-locking SELECT, but
// an UPDATE locks the rows it changes until the transaction ends, so each table to lock
// gets a no-op UPDATE of the rows the query reads, then the SELECT runs:
//
//	UPDATE t SET c = c WHERE w                                       (one table)
//	UPDATE t SET c = c WHERE %ID IN (SELECT t.%ID FROM … WHERE w)    (joins)
//	SELECT … FROM … WHERE w
//
// in one transaction (the session opens one when none is open); c is the last column of
// t in the select list, because ORMs list the key first and IRIS refuses to update an
// IDENTITY or AUTO_INCREMENT field even to its own value. The UPDATE waits for other
// holders of the rows' locks, as FOR UPDATE does, and locks every row the WHERE
// matches (also those a LIMIT would leave out: more, never fewer, than PostgreSQL).
// As in PostgreSQL, FOR UPDATE locks every table of the FROM list, or those named by
// OF, and a table on the nullable side of an outer join is 0A000. FOR SHARE, NOWAIT,
// SKIP LOCKED, subqueries in FROM, a LIMIT parameter and a locked table without a
// column in the select list → 0A000.
func (t *translator) selectForUpdate(s *pg_query.SelectStmt) *Plan {
	refuse := func(what string) {
		t.unsupported(nodeLocation(s.LockingClause[0]), what)
	}
	if len(s.LockingClause) != 1 {
		refuse("several locking clauses")
	}
	lc := s.LockingClause[0].Node.(*pg_query.Node_LockingClause).LockingClause
	switch lc.Strength {
	case pg_query.LockClauseStrength_LCS_FORUPDATE, pg_query.LockClauseStrength_LCS_FORNOKEYUPDATE:
	default:
		refuse("SELECT … FOR SHARE (IRIS has no shared row locks)")
	}
	if lc.WaitPolicy != pg_query.LockWaitPolicy_LockWaitBlock {
		refuse("SELECT … FOR UPDATE NOWAIT / SKIP LOCKED")
	}
	if s.Op != pg_query.SetOperation_SETOP_NONE || s.WithClause != nil || len(s.FromClause) == 0 ||
		len(s.GroupClause) > 0 || s.HavingClause != nil || len(s.DistinctClause) > 0 {
		refuse("SELECT … FOR UPDATE with set operations, WITH, GROUP BY or DISTINCT")
	}
	var rels []lockRel
	for _, f := range s.FromClause {
		if !collectLockRels(f, false, &rels) {
			refuse("SELECT … FOR UPDATE over subqueries or functions in FROM")
		}
	}
	locked := rels
	if len(lc.LockedRels) > 0 {
		locked = nil
		for _, r := range lc.LockedRels {
			l, ok := r.Node.(*pg_query.Node_RangeVar)
			found := false
			for _, rel := range rels {
				if ok && l.RangeVar.Schemaname == "" && l.RangeVar.Relname == rel.name() {
					locked, found = append(locked, rel), true
				}
			}
			if !found {
				refuse("SELECT … FOR UPDATE OF a relation not in FROM")
			}
		}
	}
	var steps []Step
	for _, rel := range locked {
		if rel.nullable {
			refuse("FOR UPDATE of the nullable side of an outer join")
		}
		col := ""
		for _, n := range s.TargetList {
			if c := columnOf(n, rel.rv, len(rels) == 1); c != "" {
				col = c
			}
		}
		if col == "" && !starCovers(s.TargetList, rel) {
			refuse("SELECT … FOR UPDATE of a table none of whose columns is in the select list")
		}
		steps = append(steps, t.lockStep(s, rel, col, len(rels) == 1))
	}

	locking := s.LockingClause
	s.LockingClause = nil
	sel := t.newEmitter()
	cols := sel.selectStmt(s, false)
	s.LockingClause = locking
	if len(sel.splices) > 0 {
		refuse("SELECT … FOR UPDATE with a LIMIT or OFFSET parameter")
	}
	query := sel.step(StepQuery)
	query.CountRows = true
	return &Plan{Kind: KindQuery, Tag: "SELECT", Columns: cols, Steps: append(steps, query)}
}

// lockStep is the no-op UPDATE that locks the rows of rel the query reads.
func (t *translator) lockStep(s *pg_query.SelectStmt, rel lockRel, col string, alone bool) Step {
	e := t.newEmitter()
	done := e.pushScope(s.FromClause)
	defer done()
	e.w("UPDATE ")
	e.tableName(rel.rv)
	if alone {
		e.alias(rel.rv.Alias, rel.rv.Location)
	}
	e.w(" SET ")
	if col == "" {
		// SELECT * … FOR UPDATE: the catalog names a column (LockColumn); the placeholder
		// stays only for a table IRIS does not know either.
		at := e.b.Len()
		e.w("%ID = %ID")
		e.places.LockColumn = &LockColumn{At: at, End: e.b.Len(), Table: tableRef(rel.rv)}
	} else {
		e.ident(col)
		e.w(" = ")
		e.ident(col)
	}
	if alone {
		if s.WhereClause != nil {
			e.w(" WHERE ")
			e.pred(s.WhereClause)
		}
		return e.step(StepExec)
	}
	e.w(" WHERE %ID IN (SELECT ")
	e.ident(rel.name())
	e.w(".%ID")
	e.fromAndWhere(s.FromClause, s.WhereClause)
	e.wb(')')
	return e.step(StepExec)
}

// lockRel is a table of the FROM list of a SELECT … FOR UPDATE.
type lockRel struct {
	rv       *pg_query.RangeVar
	nullable bool // on the nullable side of an outer join
}

// name is how the query refers to the table: its alias, else its name.
func (r lockRel) name() string {
	if r.rv.Alias != nil {
		return r.rv.Alias.Aliasname
	}
	return r.rv.Relname
}

// collectLockRels appends the tables of a FROM item; false for anything but tables
// and joins of tables.
func collectLockRels(n *pg_query.Node, nullable bool, out *[]lockRel) bool {
	switch v := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		*out = append(*out, lockRel{v.RangeVar, nullable})
		return true
	case *pg_query.Node_JoinExpr:
		j := v.JoinExpr
		left := nullable || j.Jointype == pg_query.JoinType_JOIN_RIGHT || j.Jointype == pg_query.JoinType_JOIN_FULL
		right := nullable || j.Jointype == pg_query.JoinType_JOIN_LEFT || j.Jointype == pg_query.JoinType_JOIN_FULL
		return collectLockRels(j.Larg, left, out) && collectLockRels(j.Rarg, right, out)
	}
	return false
}

// columnOf returns the column name of a select-list item that is a plain column of
// rv: qualified by its name or alias, or bare when rv is the only table (alone).
func columnOf(target *pg_query.Node, rv *pg_query.RangeVar, alone bool) string {
	rt, ok := target.Node.(*pg_query.Node_ResTarget)
	if !ok {
		return ""
	}
	cr, ok := rt.ResTarget.Val.Node.(*pg_query.Node_ColumnRef)
	if !ok {
		return ""
	}
	var parts []string
	for _, f := range cr.ColumnRef.Fields {
		str, ok := f.Node.(*pg_query.Node_String_)
		if !ok {
			return "" // t.*
		}
		parts = append(parts, str.String_.Sval)
	}
	qual := rv.Relname
	if rv.Alias != nil {
		qual = rv.Alias.Aliasname
	}
	switch {
	case len(parts) == 1 && alone:
		return parts[0]
	case len(parts) == 2 && parts[0] == qual:
		return parts[1]
	case len(parts) == 3 && rv.Alias == nil && parts[0] == rv.Schemaname && parts[1] == rv.Relname:
		return parts[2]
	}
	return ""
}

// starCovers reports a * (or rel.*) in the select list, which reads every column of rel.
func starCovers(targets []*pg_query.Node, rel lockRel) bool {
	for _, t := range targets {
		v := t.GetResTarget().GetVal()
		if v == nil || !isStar(v) {
			continue
		}
		fields := v.GetColumnRef().GetFields()
		if len(fields) == 1 || (len(fields) == 2 && strVal(fields[0]) == rel.name()) {
			return true
		}
	}
	return false
}
