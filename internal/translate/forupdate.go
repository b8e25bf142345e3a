package translate

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// selectForUpdate plans SELECT … FROM t WHERE w FOR UPDATE (Django's
// select_for_update and update_or_create). IRIS has no row-locking SELECT, but an
// UPDATE locks the rows it changes until the transaction ends, so the plan is
//
//	UPDATE t SET c = c WHERE w    (c: the last column of t in the select list)
//	SELECT … FROM t WHERE w
//
// in one transaction (the session opens one when none is open). The UPDATE waits for
// other holders of the rows' locks, as FOR UPDATE does, and locks every row the WHERE
// matches (also those a LIMIT would leave out: more, never fewer, than PostgreSQL).
// The last column, because ORMs list the key first and IRIS refuses to update an
// IDENTITY or AUTO_INCREMENT field even to its own value. Anything else (joins, FOR
// SHARE, NOWAIT, SKIP LOCKED, a LIMIT parameter, no column of t) → 0A000.
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
	if s.Op != pg_query.SetOperation_SETOP_NONE || s.WithClause != nil || len(s.FromClause) != 1 ||
		len(s.GroupClause) > 0 || s.HavingClause != nil || len(s.DistinctClause) > 0 {
		refuse("SELECT … FOR UPDATE other than of one table")
	}
	rel, ok := s.FromClause[0].Node.(*pg_query.Node_RangeVar)
	if !ok {
		refuse("SELECT … FOR UPDATE other than of one table")
	}
	rv := rel.RangeVar
	name := rv.Relname
	if rv.Alias != nil {
		name = rv.Alias.Aliasname
	}
	for _, r := range lc.LockedRels {
		if l, ok := r.Node.(*pg_query.Node_RangeVar); !ok || l.RangeVar.Relname != name || l.RangeVar.Schemaname != "" {
			refuse("SELECT … FOR UPDATE OF another relation")
		}
	}
	col := ""
	for _, n := range s.TargetList {
		if c := columnOf(n, rv); c != "" {
			col = c
		}
	}
	if col == "" {
		refuse("SELECT … FOR UPDATE whose select list names no column of the table")
	}

	upd := t.newEmitter()
	done := upd.pushScope(s.FromClause)
	upd.w("UPDATE ")
	upd.tableName(rv)
	upd.alias(rv.Alias, rv.Location)
	upd.w(" SET ")
	upd.ident(col)
	upd.w(" = ")
	upd.ident(col)
	if s.WhereClause != nil {
		upd.w(" WHERE ")
		upd.pred(s.WhereClause)
	}
	done()

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
	return &Plan{Kind: KindQuery, Tag: "SELECT", Columns: cols, Steps: []Step{upd.step(StepExec), query}}
}

// columnOf returns the column name of a select-list item that is a plain column of
// rv (bare or qualified by its name or alias), else "".
func columnOf(target *pg_query.Node, rv *pg_query.RangeVar) string {
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
	case len(parts) == 1:
		return parts[0]
	case len(parts) == 2 && parts[0] == qual:
		return parts[1]
	case len(parts) == 3 && rv.Alias == nil && parts[0] == rv.Schemaname && parts[1] == rv.Relname:
		return parts[2]
	}
	return ""
}
