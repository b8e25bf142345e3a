package translate

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// ON CONFLICT. IRIS's INSERT OR UPDATE treats a match on *any* unique key as the
// conflict and updates every supplied column; whether that equals the
// PostgreSQL statement depends on the table's keys, which the translator cannot
// see. So every ON CONFLICT with a target becomes a guarded pair inside the
// session's transaction:
//
//	check: SELECT TOP 1 1 FROM t WHERE k1 = v1 AND …   (the conflict target)
//	then (row exists):  UPDATE t SET … WHERE k1 = v1 AND … [AND (DO UPDATE WHERE)]
//	                    — nothing for DO NOTHING
//	else:               INSERT INTO t … VALUES …
//
// The key comparison uses plain "=" (IRIS's own collation), the same rule IRIS's
// unique index applies. ON CONFLICT DO NOTHING without a target becomes an INSERT
// whose uniqueness failure (SQLCODE -119) counts as 0 rows.

// substitution rewrites column references inside DO UPDATE: EXCLUDED.c becomes
// the value inserted for c, and t.c (table name or alias) becomes c.
type substitution struct {
	excluded   map[string]*pg_query.Node
	qualifiers map[string]bool
}

func (s *substitution) rewrite(e *emitter, qualifier string, field *pg_query.Node) bool {
	col := strVal(field)
	if col == "" {
		return false
	}
	if qualifier == "excluded" {
		v, ok := s.excluded[col]
		if !ok {
			e.unsupported(nodeLocation(field), "EXCLUDED."+col+" for a column the INSERT does not set")
		}
		e.value(v)
		return true
	}
	if s.qualifiers[qualifier] {
		e.ident(col)
		return true
	}
	return false
}

func (t *translator) conflictSteps(s *pg_query.InsertStmt, cols []string, items []*pg_query.Node) Step {
	oc := s.OnConflictClause
	ret := s.ReturningList
	if oc.Infer == nil {
		// Any uniqueness failure skips the row; RETURNING reads the row only when the
		// INSERT went through (Step.Then after a StepExec).
		st := t.insertStep(s.Relation, cols, items)
		st.IgnoreUniqueViolation = true
		if len(ret) > 0 {
			st.Then = []Step{t.returnLastInserted(s.Relation, ret)}
		}
		return st
	}
	if oc.Infer.Conname != "" {
		t.unsupported(oc.Location, "ON CONFLICT ON CONSTRAINT")
	}
	if oc.Infer.WhereClause != nil {
		t.unsupported(oc.Location, "ON CONFLICT with a partial-index predicate")
	}
	keys, keyVals := t.conflictKeys(oc, cols, items)
	keyWhere := func(e *emitter) {
		for i, k := range keys {
			if i > 0 {
				e.w(" AND ")
			}
			e.ident(k)
			e.w(" = ")
			e.value(keyVals[i])
		}
	}

	chk := t.newEmitter()
	chk.w("SELECT TOP 1 1 FROM ")
	chk.tableName(s.Relation)
	chk.w(" WHERE ")
	keyWhere(chk)
	check := chk.step(StepCheck)

	check.Else = []Step{t.insertStep(s.Relation, cols, items)}
	if len(ret) > 0 {
		check.Else = append(check.Else, t.returnLastInserted(s.Relation, ret))
	}
	if oc.Action != pg_query.OnConflictAction_ONCONFLICT_UPDATE {
		return check
	}
	if len(ret) > 0 && oc.WhereClause != nil {
		t.unsupported(oc.Location, "RETURNING with ON CONFLICT DO UPDATE … WHERE")
	}

	upd := t.newEmitter()
	upd.subst = t.conflictSubstitution(s.Relation, cols, items)
	upd.w("UPDATE ")
	upd.tableName(s.Relation)
	upd.w(" SET ")
	upd.setClause(s.Relation, oc.TargetList)
	upd.w(" WHERE ")
	keyWhere(upd)
	if oc.WhereClause != nil {
		upd.w(" AND (")
		upd.pred(oc.WhereClause)
		upd.wb(')')
	}
	updStep := upd.step(StepExec)
	updStep.CountRows = true
	check.Then = []Step{updStep}
	if len(ret) > 0 {
		sel := t.newEmitter()
		sel.returningSelect(s.Relation, ret)
		sel.w(" WHERE ")
		keyWhere(sel)
		check.Then = append(check.Then, sel.step(StepQuery))
	}
	return check
}

// conflictKeys returns the conflict-target columns and the values this row
// inserts into them. The values are evaluated twice (check and insert), so they
// must be constants or parameters.
func (t *translator) conflictKeys(oc *pg_query.OnConflictClause, cols []string, items []*pg_query.Node) ([]string, []*pg_query.Node) {
	keys := make([]string, 0, len(oc.Infer.IndexElems))
	vals := make([]*pg_query.Node, 0, len(oc.Infer.IndexElems))
	for _, ie := range oc.Infer.IndexElems {
		elem := ie.Node.(*pg_query.Node_IndexElem).IndexElem
		if elem.Name == "" {
			t.unsupported(oc.Location, "an expression as ON CONFLICT target")
		}
		idx := indexOf(cols, elem.Name)
		if len(cols) == 0 {
			// insertStmt gives such an INSERT its column list (columnlist.go) but for
			// INSERT … SELECT, which takes no ON CONFLICT here anyway.
			t.unsupported(oc.Location, "ON CONFLICT (…) on an INSERT … SELECT without a column list")
		}
		if idx < 0 || idx >= len(items) {
			t.unsupported(oc.Location, "ON CONFLICT target column "+elem.Name+" that the INSERT does not set")
		}
		if !isStableValue(items[idx]) {
			t.unsupported(nodeLocation(items[idx]), "an ON CONFLICT key value that is not a constant or parameter")
		}
		keys = append(keys, elem.Name)
		vals = append(vals, items[idx])
	}
	return keys, vals
}

func (t *translator) conflictSubstitution(rel *pg_query.RangeVar, cols []string, items []*pg_query.Node) *substitution {
	sub := &substitution{excluded: make(map[string]*pg_query.Node, len(cols)), qualifiers: map[string]bool{rel.Relname: true}}
	if rel.Alias != nil {
		sub.qualifiers[rel.Alias.Aliasname] = true
	}
	for i, c := range cols {
		if i < len(items) {
			if _, def := items[i].Node.(*pg_query.Node_SetToDefault); !def {
				sub.excluded[c] = items[i]
			}
		}
	}
	return sub
}

func isStableValue(n *pg_query.Node) bool {
	switch v := n.Node.(type) {
	case *pg_query.Node_AConst, *pg_query.Node_ParamRef:
		return true
	case *pg_query.Node_TypeCast:
		return isStableValue(v.TypeCast.Arg)
	}
	return false
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
