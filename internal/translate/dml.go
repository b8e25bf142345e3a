package translate

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// INSERT, UPDATE and DELETE. RETURNING is emulated with extra steps (IRIS has no
// RETURNING); see doc.go for the exact semantics.

func (t *translator) insertStmt(s *pg_query.InsertStmt) *Plan {
	if s.WithClause != nil {
		s = proto.Clone(s).(*pg_query.InsertStmt)
		t.inlineWith(s.WithClause, s, "INSERT")
		s.WithClause = nil
	}
	if s.Override == pg_query.OverridingKind_OVERRIDING_USER_VALUE || s.Override == pg_query.OverridingKind_OVERRIDING_SYSTEM_VALUE {
		t.unsupported(s.Relation.Location, "OVERRIDING … VALUE")
	}
	if oc := s.OnConflictClause; oc != nil && oc.Infer != nil && len(s.Cols) == 0 {
		if rows, ok := valuesRows(s.SelectStmt); ok && len(rows) > 0 {
			// The conflict target's values are found by column name: translated again
			// with the table's column list (columnlist.go).
			return &Plan{Kind: KindDML, Tag: "INSERT", ColumnList: &ColumnList{Table: tableRef(s.Relation),
				At: relationEnd(t.src, int(s.Relation.Location), s.Relation.Alias != nil), Count: len(listItems(rows[0])), opt: t.opt}}
		}
	}
	cols := make([]string, 0, len(s.Cols))
	for _, c := range s.Cols {
		rt := c.Node.(*pg_query.Node_ResTarget).ResTarget
		if len(rt.Indirection) > 0 {
			t.unsupported(rt.Location, "INSERT into a subfield or array element")
		}
		cols = append(cols, rt.Name)
	}
	plan := &Plan{Kind: KindDML, Tag: "INSERT", Write: &WriteTarget{Table: t.newEmitter().checkTable(s.Relation), Mode: WriteInsert}}
	if oc := s.OnConflictClause; oc != nil && oc.Action == pg_query.OnConflictAction_ONCONFLICT_UPDATE {
		plan.Write.Mode = WriteUpsert
	}
	ret := s.ReturningList
	if len(ret) > 0 {
		plan.Columns = returningColumns(ret)
	}
	rows, isValues := valuesRows(s.SelectStmt)
	if !isValues {
		if s.OnConflictClause != nil {
			t.unsupported(s.OnConflictClause.Location, "ON CONFLICT with INSERT … SELECT")
		}
		if len(ret) > 0 && s.SelectStmt != nil {
			plan.Steps = []Step{t.insertEach(s, cols, ret)}
			return plan
		}
		e := t.newEmitter()
		e.insertHead(s.Relation, cols)
		if s.SelectStmt == nil {
			e.w(" DEFAULT VALUES")
		} else {
			e.wb(' ')
			e.selectStmt(s.SelectStmt.Node.(*pg_query.Node_SelectStmt).SelectStmt, true)
		}
		if len(ret) == 0 {
			e.setSQL(plan)
			return plan
		}
		ins := e.step(StepExec)
		ins.CountRows = true
		plan.Steps = []Step{ins, t.returnLastInserted(s.Relation, ret)}
		return plan
	}
	for _, row := range rows {
		// PostgreSQL points at the first target column without a value.
		if n := len(listItems(row)); len(cols) > n && n < len(s.Cols) {
			t.newEmitter().fail(stateSyntax, nodeLocation(s.Cols[n]), "INSERT has more target columns than expressions")
		}
	}
	if len(rows) == 1 && s.OnConflictClause == nil && len(ret) == 0 {
		e := t.newEmitter()
		e.insertRow(s.Relation, cols, listItems(rows[0]))
		e.setSQL(plan)
		return plan
	}
	// IRIS INSERT takes one VALUES row: one step (or step group) per row, the tag
	// counting every inserted row.
	for _, row := range rows {
		items := listItems(row)
		if s.OnConflictClause != nil {
			st := t.conflictSteps(s, cols, items)
			if nestedSeqCalls(st.Then) || nestedSeqCalls(st.Else) {
				t.unsupported(s.OnConflictClause.Location, "sequence functions in INSERT … ON CONFLICT")
			}
			plan.Steps = append(plan.Steps, st)
			continue
		}
		plan.Steps = append(plan.Steps, t.insertStep(s.Relation, cols, items))
		if len(ret) > 0 {
			plan.Steps = append(plan.Steps, t.returnLastInserted(s.Relation, ret))
		}
	}
	return plan
}

// insertEach is INSERT … SELECT … RETURNING: the query runs first (as the fast path's
// INSERT … SELECT would run it), then each of its rows is inserted by itself and read
// back by LAST_IDENTITY(), which names one row only. The rows returned are exactly the
// rows inserted, in order, whoever else inserts into the table meanwhile.
func (t *translator) insertEach(s *pg_query.InsertStmt, cols []string, ret []*pg_query.Node) Step {
	sel := s.SelectStmt.Node.(*pg_query.Node_SelectStmt).SelectStmt
	e := t.newEmitter()
	e.selectStmt(sel, true)
	st := e.step(StepInsertEach)
	st.CountRows = true
	if items, ok := resultItems(sel); ok && len(cols) > 0 {
		switch {
		case len(items) > len(cols):
			e.fail(stateSyntax, nodeLocation(items[len(cols)]), "INSERT has more expressions than target columns")
		case len(items) < len(cols):
			e.fail(stateSyntax, nodeLocation(s.Cols[len(items)]), "INSERT has more target columns than expressions")
		}
	}
	head := t.newEmitter()
	head.insertHead(s.Relation, cols)
	st.Insert = &RowInsert{Head: head.b.String(), Columns: len(cols), Target: tableRef(s.Relation), Params: itemParams(sel)}
	st.Then = []Step{t.returnLastInserted(s.Relation, ret)}
	return st
}

// resultItems are the expressions of a query's result columns: its leftmost SELECT's
// target list, or its VALUES list's first row. ok is false when a * hides them.
func resultItems(s *pg_query.SelectStmt) ([]*pg_query.Node, bool) {
	for s.Op != pg_query.SetOperation_SETOP_NONE && s.Larg != nil {
		s = s.Larg
	}
	if len(s.ValuesLists) > 0 {
		return listItems(s.ValuesLists[0]), true
	}
	items := make([]*pg_query.Node, 0, len(s.TargetList))
	for _, t := range s.TargetList {
		rt := t.Node.(*pg_query.Node_ResTarget).ResTarget
		if isStar(rt.Val) {
			return nil, false
		}
		items = append(items, rt.Val)
	}
	return items, true
}

// itemParams are RowInsert.Params of a query: which result columns are a parameter by
// themselves. Only a plain SELECT's (a set operation's columns take their types from
// all its legs).
func itemParams(s *pg_query.SelectStmt) []int {
	items, ok := resultItems(s)
	if !ok || s.Op != pg_query.SetOperation_SETOP_NONE {
		return nil
	}
	var out []int
	for i, it := range items {
		if p, isParam := it.Node.(*pg_query.Node_ParamRef); isParam {
			if out == nil {
				out = slices.Repeat([]int{-1}, len(items))
			}
			out[i] = int(p.ParamRef.Number) - 1
		}
	}
	return out
}

// valuesRows returns the rows of a plain VALUES list.
func valuesRows(n *pg_query.Node) ([]*pg_query.Node, bool) {
	if n == nil {
		return nil, false
	}
	sel, ok := n.Node.(*pg_query.Node_SelectStmt)
	if !ok {
		return nil, false
	}
	s := sel.SelectStmt
	if len(s.ValuesLists) == 0 || len(s.SortClause) > 0 || s.LimitCount != nil || s.LimitOffset != nil || s.WithClause != nil {
		return nil, false
	}
	return s.ValuesLists, true
}

func (t *translator) insertStep(rel *pg_query.RangeVar, cols []string, items []*pg_query.Node) Step {
	e := t.newEmitter()
	e.insertRow(rel, cols, items)
	st := e.step(StepExec)
	st.CountRows = true
	return st
}

func (e *emitter) insertHead(rel *pg_query.RangeVar, cols []string) {
	e.w("INSERT INTO ")
	e.tableName(rel)
	if len(cols) > 0 {
		e.w(" (")
		for i, c := range cols {
			if i > 0 {
				e.w(", ")
			}
			e.ident(c)
		}
		e.wb(')')
	}
}

// insertRow writes a one-row INSERT. DEFAULT items are left out of the column
// list, which gives the column its default in IRIS too.
func (e *emitter) insertRow(rel *pg_query.RangeVar, cols []string, items []*pg_query.Node) {
	if len(cols) > 0 && len(items) > len(cols) {
		e.fail(stateSyntax, nodeLocation(items[len(cols)]), "INSERT has more expressions than target columns")
	}
	if len(cols) > 0 && len(items) < len(cols) {
		e.fail(stateSyntax, rel.Location, "INSERT has more target columns than expressions")
	}
	keptCols := make([]string, 0, len(cols))
	keptItems := make([]*pg_query.Node, 0, len(items))
	for i, it := range items {
		if _, def := it.Node.(*pg_query.Node_SetToDefault); def {
			if len(cols) == 0 {
				e.unsupported(nodeLocation(it), "DEFAULT in VALUES without a column list")
			}
			continue
		}
		if containsSubquery(it) {
			// IRIS SQLCODE -144: no subqueries in INSERT VALUES.
			e.unsupported(nodeLocation(it), "subqueries in INSERT … VALUES")
		}
		if len(cols) > 0 {
			keptCols = append(keptCols, cols[i])
		}
		keptItems = append(keptItems, it)
	}
	if len(keptItems) == 0 {
		e.insertHead(rel, nil)
		e.w(" DEFAULT VALUES")
		return
	}
	e.insertHead(rel, keptCols)
	if len(cols) == 0 {
		e.places.ImplicitColumns = &ImplicitColumns{At: e.b.Len(), Count: len(keptItems), Table: tableRef(rel)}
	}
	e.w(" VALUES (")
	e.seqCallsOK = true
	defer func() { e.seqCallsOK = false }()
	for i, item := range keptItems {
		if i > 0 {
			e.w(", ")
		}
		at := e.b.Len()
		e.value(item)
		col := CatalogColumn{Position: i + 1, Tables: []TableRef{tableRef(rel)}}
		if len(keptCols) > 0 {
			col = CatalogColumn{Column: keptCols[i], Tables: []TableRef{tableRef(rel)}}
		}
		e.noteLiteralOf(col, item, at)
	}
	e.wb(')')
}

// returnLastInserted selects the RETURNING list of the row just inserted.
func (t *translator) returnLastInserted(rel *pg_query.RangeVar, ret []*pg_query.Node) Step {
	e := t.newEmitter()
	e.returningSelect(rel, ret)
	e.w(" WHERE %ID = LAST_IDENTITY()")
	return e.step(StepQuery)
}

func (e *emitter) returningSelect(rel *pg_query.RangeVar, ret []*pg_query.Node) {
	// RETURNING's columns are the target table's (for Plan.Divisions and the like).
	defer e.pushScope([]*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: rel}}})()
	e.w("SELECT ")
	e.targetList(ret, false)
	e.w(" FROM ")
	e.tableName(rel)
	e.alias(rel.Alias, rel.Location)
}

func (t *translator) updateStmt(s *pg_query.UpdateStmt) *Plan {
	if s.WithClause != nil {
		s = proto.Clone(s).(*pg_query.UpdateStmt)
		t.inlineWith(s.WithClause, s, "UPDATE")
		s.WithClause = nil
	}
	var own []CatalogColumn
	if len(s.FromClause) > 0 {
		own = t.targetReturning(s.Relation, s.FromClause, s.ReturningList, "UPDATE … FROM")
		s = updateFromAsSubqueries(s)
	}
	plan := t.updatePlan(s)
	plan.TargetColumns = own
	// After the statement itself, whose errors come first.
	plan.Write = &WriteTarget{Table: t.newEmitter().checkTable(s.Relation), Mode: WriteUpdate, NewRows: t.updateNewRows(s), set: map[string]bool{}}
	for _, tn := range s.TargetList {
		plan.Write.set[strings.ToLower(tn.Node.(*pg_query.Node_ResTarget).ResTarget.Name)] = true
	}
	return plan
}

func (t *translator) updatePlan(s *pg_query.UpdateStmt) *Plan {
	plan := &Plan{Kind: KindDML, Tag: "UPDATE"}
	if len(s.ReturningList) == 0 {
		e := t.newEmitter()
		defer e.pushScope([]*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: s.Relation}}})()
		e.updateHead(s.Relation, s.TargetList)
		if s.WhereClause != nil {
			e.w(" WHERE ")
			e.pred(s.WhereClause)
		}
		e.setSQL(plan)
		return plan
	}
	// RETURNING: fix the set of rows first, update exactly those, then read them.
	plan.Columns = returningColumns(s.ReturningList)
	upd := t.newEmitter()
	upd.updateHead(s.Relation, s.TargetList)
	upd.w(" WHERE %ID IN (")
	updStep := upd.idsStep(StepExec)
	updStep.CountRows = true
	plan.Steps = []Step{
		t.collectIDs(s.Relation, s.WhereClause),
		updStep,
		t.returnByIDs(s.Relation, s.ReturningList),
	}
	return plan
}

func (e *emitter) updateHead(rel *pg_query.RangeVar, targets []*pg_query.Node) {
	e.w("UPDATE ")
	e.tableName(rel)
	e.alias(rel.Alias, rel.Location)
	e.w(" SET ")
	e.setClause(rel, targets)
}

func (e *emitter) setClause(rel *pg_query.RangeVar, targets []*pg_query.Node) {
	for i, tn := range targets {
		rt := tn.Node.(*pg_query.Node_ResTarget).ResTarget
		if len(rt.Indirection) > 0 {
			e.unsupported(rt.Location, "UPDATE of a subfield or array element")
		}
		if i > 0 {
			e.w(", ")
		}
		e.ident(rt.Name)
		e.w(" = ")
		val := rt.Val
		if m, ok := val.Node.(*pg_query.Node_MultiAssignRef); ok {
			row, isRow := m.MultiAssignRef.Source.Node.(*pg_query.Node_RowExpr)
			if !isRow {
				e.unsupported(rt.Location, "SET (…) = (subquery)")
			}
			if int(m.MultiAssignRef.Colno) > len(row.RowExpr.Args) || int(m.MultiAssignRef.Ncolumns) != len(row.RowExpr.Args) {
				e.fail(stateSyntax, rt.Location, "number of columns does not match number of values")
			}
			val = row.RowExpr.Args[m.MultiAssignRef.Colno-1]
		}
		if _, def := val.Node.(*pg_query.Node_SetToDefault); def {
			e.unsupported(rt.Location, "SET column = DEFAULT")
		}
		at := e.b.Len()
		e.value(val)
		e.noteLiteralOf(CatalogColumn{Column: rt.Name, Tables: []TableRef{tableRef(rel)}}, val, at)
	}
}

func (t *translator) deleteStmt(s *pg_query.DeleteStmt) *Plan {
	if s.WithClause != nil {
		s = proto.Clone(s).(*pg_query.DeleteStmt)
		t.inlineWith(s.WithClause, s, "DELETE")
		s.WithClause = nil
	}
	var own []CatalogColumn
	if len(s.UsingClause) > 0 {
		own = t.targetReturning(s.Relation, s.UsingClause, s.ReturningList, "DELETE … USING")
		// DELETE FROM t USING u WHERE c deletes the rows of t for which a row
		// of u satisfies c: WHERE EXISTS (SELECT 1 FROM u WHERE c).
		s = &pg_query.DeleteStmt{Relation: s.Relation, ReturningList: s.ReturningList,
			WhereClause: existsIn(s.UsingClause, s.WhereClause)}
	}
	plan := &Plan{Kind: KindDML, Tag: "DELETE"}
	if len(s.ReturningList) == 0 {
		e := t.newEmitter()
		defer e.pushScope([]*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: s.Relation}}})()
		e.w("DELETE FROM ")
		e.tableName(s.Relation)
		e.alias(s.Relation.Alias, s.Relation.Location)
		if s.WhereClause != nil {
			e.w(" WHERE ")
			e.pred(s.WhereClause)
		}
		e.setSQL(plan)
		return plan
	}
	// RETURNING: fix the rows, read them, then delete exactly those.
	plan.Columns = returningColumns(s.ReturningList)
	plan.TargetColumns = own
	del := t.newEmitter()
	del.w("DELETE FROM ")
	del.tableName(s.Relation)
	del.alias(s.Relation.Alias, s.Relation.Location)
	del.w(" WHERE %ID IN (")
	delStep := del.idsStep(StepExec)
	delStep.CountRows = true
	plan.Steps = []Step{
		t.collectIDs(s.Relation, s.WhereClause),
		t.returnByIDs(s.Relation, s.ReturningList),
		delStep,
	}
	return plan
}

func (t *translator) collectIDs(rel *pg_query.RangeVar, where *pg_query.Node) Step {
	e := t.newEmitter()
	e.w("SELECT %ID FROM ")
	e.tableName(rel)
	e.alias(rel.Alias, rel.Location)
	if where != nil {
		e.w(" WHERE ")
		e.pred(where)
	}
	return e.step(StepCollectIDs)
}

func (t *translator) returnByIDs(rel *pg_query.RangeVar, ret []*pg_query.Node) Step {
	e := t.newEmitter()
	e.returningSelect(rel, ret)
	e.w(" WHERE %ID IN (")
	st := e.idsStep(StepQuery)
	// In row order, as PostgreSQL returns the rows of a table it scans in order.
	st.SQL += " ORDER BY %ID"
	return st
}

// idsStep closes "… IN (" at the id splice point.
func (e *emitter) idsStep(kind StepKind) Step {
	at := e.b.Len()
	e.wb(')')
	st := e.step(kind)
	st.SpliceIDs, st.SpliceAt = true, at
	return st
}

// updateFromAsSubqueries rewrites UPDATE t SET c = v FROM f WHERE w (IRIS's
// UPDATE … FROM is not established) as UPDATE t SET c = (SELECT v FROM f
// WHERE w) WHERE EXISTS (SELECT 1 FROM f WHERE w): the same rows get the same
// values. Where several rows of f match one row of t, PostgreSQL uses an
// arbitrary one; so may IRIS.
func updateFromAsSubqueries(s *pg_query.UpdateStmt) *pg_query.UpdateStmt {
	out := &pg_query.UpdateStmt{Relation: s.Relation, WhereClause: existsIn(s.FromClause, s.WhereClause), ReturningList: s.ReturningList}
	for _, tn := range s.TargetList {
		rt := tn.Node.(*pg_query.Node_ResTarget).ResTarget
		val := rt.Val
		if m, ok := val.Node.(*pg_query.Node_MultiAssignRef); ok {
			if row, isRow := m.MultiAssignRef.Source.Node.(*pg_query.Node_RowExpr); isRow &&
				m.MultiAssignRef.Colno >= 1 && int(m.MultiAssignRef.Colno) <= len(row.RowExpr.Args) {
				val = row.RowExpr.Args[m.MultiAssignRef.Colno-1]
			}
		}
		if _, def := val.Node.(*pg_query.Node_SetToDefault); !def {
			val = sublink(pg_query.SubLinkType_EXPR_SUBLINK, val, s.FromClause, s.WhereClause)
		}
		out.TargetList = append(out.TargetList, &pg_query.Node{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{
			Name: rt.Name, Indirection: rt.Indirection, Val: val, Location: rt.Location,
		}}})
	}
	return out
}

// targetReturning checks the RETURNING list of UPDATE … FROM or DELETE … USING (what):
// the rows are read back by RowID without the other tables, so it may read the target
// table only (t.c, t.*, expressions of them). It returns the unqualified columns, which
// the catalog must find in the target alone (Plan.TargetColumns): PostgreSQL takes one of
// another table's, or finds it ambiguous.
func (t *translator) targetReturning(rel *pg_query.RangeVar, from, ret []*pg_query.Node, what string) []CatalogColumn {
	tables := []TableRef{tableRef(rel)}
	plain := true
	for _, f := range from {
		plain = fromTables(f, &tables) && plain
	}
	target := rel.Relname
	if rel.Alias != nil {
		target = rel.Alias.Aliasname
	}
	var own []CatalogColumn
	for _, n := range ret {
		walk(n.ProtoReflect(), func(m protoreflect.Message) bool {
			switch v := m.Interface().(type) {
			case *pg_query.SubLink:
				t.unsupported(v.Location, "subqueries in RETURNING of "+what)
			case *pg_query.ColumnRef:
				if c, ok := t.targetColumn(v, target, rel, plain, what); ok {
					own = append(own, CatalogColumn{Column: c, Tables: tables})
				}
			}
			return true
		})
	}
	return own
}

// targetColumn checks one column reference of such a RETURNING list: it must name the
// target (qualifier target, the alias if it has one) or be unqualified, which is returned
// for the catalog to check (ok).
func (t *translator) targetColumn(c *pg_query.ColumnRef, target string, rel *pg_query.RangeVar, plain bool, what string) (string, bool) {
	fields := c.Fields
	_, star := fields[len(fields)-1].Node.(*pg_query.Node_AStar)
	if len(fields) == 1 {
		if star {
			t.unsupported(c.Location, "RETURNING * with "+what+" (the other tables' columns)")
		}
		if !plain {
			t.unsupported(c.Location, "an unqualified column in RETURNING of "+what+" with a subquery or function among the tables")
		}
		return fields[0].GetString_().Sval, true
	}
	q := fields[len(fields)-2].GetString_().Sval
	schemaOK := len(fields) == 2 || (len(fields) == 3 && rel.Alias == nil && fields[0].GetString_().Sval == rel.Schemaname)
	if q != target || !schemaOK || len(fields) > 3 {
		t.unsupported(c.Location, "RETURNING a column of another table than the target of "+what)
	}
	return "", false
}

// fromTables adds the tables of a FROM item to tables; false when it has other items
// (subqueries, functions), whose columns the catalog does not know.
func fromTables(n *pg_query.Node, tables *[]TableRef) bool {
	switch v := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		*tables = append(*tables, tableRef(v.RangeVar))
		return true
	case *pg_query.Node_JoinExpr:
		l := fromTables(v.JoinExpr.Larg, tables)
		return fromTables(v.JoinExpr.Rarg, tables) && l
	}
	return false
}

// existsIn is EXISTS (SELECT 1 FROM from WHERE where).
func existsIn(from []*pg_query.Node, where *pg_query.Node) *pg_query.Node {
	one := &pg_query.Node{Node: &pg_query.Node_AConst{AConst: &pg_query.A_Const{
		Val: &pg_query.A_Const_Ival{Ival: &pg_query.Integer{Ival: 1}}, Location: -1}}}
	return sublink(pg_query.SubLinkType_EXISTS_SUBLINK, one, from, where)
}

// sublink is a subquery (SELECT val FROM from WHERE where) of the given kind.
func sublink(kind pg_query.SubLinkType, val *pg_query.Node, from []*pg_query.Node, where *pg_query.Node) *pg_query.Node {
	sel := &pg_query.SelectStmt{
		TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: val, Location: -1}}}},
		FromClause: from, WhereClause: where,
		Op: pg_query.SetOperation_SETOP_NONE, LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT,
	}
	return &pg_query.Node{Node: &pg_query.Node_SubLink{SubLink: &pg_query.SubLink{
		SubLinkType: kind, Subselect: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}, Location: -1,
	}}}
}
