package translate

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// selectStmt writes a SELECT. nested is true for subqueries, CTE bodies, view
// bodies and INSERT … SELECT, where IRIS refuses LIMIT after ORDER BY (TOP is
// used instead). It returns the result columns, or nil when they are not
// knowable from the text (a * in the target list).
func (e *emitter) selectStmt(s *pg_query.SelectStmt, nested bool) []Column {
	if s.WithClause != nil {
		e.with(s.WithClause)
	}
	switch {
	case s.Op != pg_query.SetOperation_SETOP_NONE:
		return e.setOperation(s, nested)
	case len(s.ValuesLists) > 0:
		return e.valuesSelect(s)
	}
	return e.simpleSelect(s, nested)
}

func (e *emitter) subquery(n *pg_query.Node) {
	sel, ok := n.Node.(*pg_query.Node_SelectStmt)
	if !ok {
		e.unsupported(nodeLocation(n), "this subquery")
	}
	e.wb('(')
	e.selectStmt(sel.SelectStmt, true)
	e.wb(')')
}

func (e *emitter) with(w *pg_query.WithClause) {
	if w.Recursive {
		e.unsupported(w.Location, "WITH RECURSIVE")
	}
	for _, c := range w.Ctes {
		cte := c.Node.(*pg_query.Node_CommonTableExpr).CommonTableExpr
		if sel, ok := cte.Ctequery.Node.(*pg_query.Node_SelectStmt); ok {
			// Before the name is noted: a query's own name inside it is a table.
			if d := e.derivedColumns(sel.SelectStmt, cte.Aliascolnames); d != nil {
				if e.cteCols == nil {
					e.cteCols = map[string]*derivedCols{}
				}
				e.cteCols[cte.Ctename] = d
			}
		}
		e.noteCTE(cte.Ctename)
	}
	e.w("WITH ")
	for i, c := range w.Ctes {
		cte := c.Node.(*pg_query.Node_CommonTableExpr).CommonTableExpr

		if cte.SearchClause != nil || cte.CycleClause != nil {
			e.unsupported(cte.Location, "SEARCH/CYCLE on WITH queries")
		}
		sel, ok := cte.Ctequery.Node.(*pg_query.Node_SelectStmt)
		if !ok {
			e.unsupported(cte.Location, "data-modifying statements in WITH")
		}
		if len(cte.Aliascolnames) > 0 {
			// WITH t(a, b) AS (…): the body's columns renamed, as for FROM aliases.
			sel = e.renamedSubquery(cte.Ctequery, cte.Aliascolnames, "WITH query \""+cte.Ctename+"\"", cte.Location).Node.(*pg_query.Node_SelectStmt)
		}
		if i > 0 {
			e.w(", ")
		}
		e.ident(cte.Ctename)
		e.w(" AS (")
		e.selectStmt(sel.SelectStmt, true)
		e.wb(')')
	}
	e.wb(' ')
}

// fromAndWhere writes " FROM …" (when there is a FROM list) and " WHERE …" (when
// there is a condition).
func (e *emitter) fromAndWhere(from []*pg_query.Node, where *pg_query.Node) {
	if len(from) > 0 {
		e.w(" FROM ")
		for i, f := range from {
			if i > 0 {
				e.w(", ")
			}
			e.fromItem(f)
		}
	}
	if where != nil {
		e.w(" WHERE ")
		e.pred(where)
	}
}

func (e *emitter) rejectSelectExtras(s *pg_query.SelectStmt) {
	switch {
	case s.IntoClause != nil:
		e.unsupported(-1, "SELECT INTO")
	case len(s.LockingClause) > 0:
		e.unsupported(nodeLocation(s.LockingClause[0]), "SELECT … FOR UPDATE/SHARE")
	case s.GroupDistinct:
		e.unsupported(-1, "GROUP BY DISTINCT")
	}
	if len(s.DistinctClause) > 0 && s.DistinctClause[0] != nil && s.DistinctClause[0].Node != nil {
		e.unsupported(nodeLocation(s.DistinctClause[0]), "DISTINCT ON")
	}
}

func (e *emitter) simpleSelect(s *pg_query.SelectStmt, nested bool) []Column {
	exact := false
	if !nested {
		exact, e.exactQuotients = e.exactQuotients, false
	}
	if len(s.DistinctClause) > 0 && s.DistinctClause[0] != nil && s.DistinctClause[0].Node != nil {
		return e.distinctOn(s, nested)
	}
	if cols, ok := e.groupingSetsSelect(s, nested); ok {
		return cols
	}
	if restore := seriesTarget(s); restore != nil {
		defer restore()
	}
	defer e.withWindows(s.WindowClause)()
	e.rejectSelectExtras(s)
	e.checkUngrouped(s)
	defer e.pushScope(s.FromClause)()
	if !nested {
		e.noteGroupCheck(s)
	}
	distinct := len(s.DistinctClause) > 0
	sorts, wrap := s.SortClause, false
	if distinct && len(sorts) > 0 {
		sorts, wrap = e.outputSorts(sorts, s.TargetList, false)
	}
	lim := e.planLimit(s, nested)
	if wrap {
		e.w("SELECT ")
		lim.writeTop(e)
		e.w("* FROM (")
	}
	e.w("SELECT ")
	if distinct {
		e.w("DISTINCT ")
	}
	if !wrap {
		lim.writeTop(e)
	}
	cols := e.targetList(s.TargetList, exact && !distinct)
	e.fromAndWhere(s.FromClause, s.WhereClause)
	if len(s.GroupClause) > 0 {
		e.w(" GROUP BY ")
		for i, g := range s.GroupClause {
			if i > 0 {
				e.w(", ")
			}
			e.groupItem(g, s.TargetList)
		}
	}
	if s.HavingClause != nil {
		e.w(" HAVING ")
		e.pred(s.HavingClause)
	}
	if wrap {
		e.w(") AS ")
		e.ident("sorted")
		prev := e.sortSources
		e.sortSources = sourcesOf(cols)
		e.orderBy(sorts, nil, false)
		e.sortSources = prev
	} else if len(sorts) > 0 {
		e.sortFrom = s.FromClause // for ORDER BY k of SELECT * (starSort)
		e.orderBy(sorts, s.TargetList, distinct)
		e.sortFrom = nil
	}
	lim.writeTrailing(e)
	return cols
}

// targetList writes the select list. Computed columns get an explicit alias so
// IRIS reports the name PostgreSQL would; bare column references keep IRIS's
// name (the session uses Columns for the PostgreSQL spelling). exact: items that are
// numeric quotients get their operands as hidden columns (quotient.go).
func (e *emitter) targetList(targets []*pg_query.Node, exact bool) []Column {
	cols := make([]Column, 0, len(targets))
	star := false
	var operands []func() // the hidden columns: dividend, divisor of each quotient item, …
	for i, t := range targets {
		rt := t.Node.(*pg_query.Node_ResTarget).ResTarget
		if i > 0 {
			e.w(", ")
		}
		if isStar(rt.Val) {
			star = true
			e.value(rt.Val)
			continue
		}
		if pr, ok := rt.Val.Node.(*pg_query.Node_ParamRef); ok && !e.scratching && len(e.scopes) == 1+e.paramColsDepth {
			e.paramCols = append(e.paramCols, ParamColumn{At: e.b.Len(), Param: int(pr.ParamRef.Number) - 1})
		}
		div := e.watchDivision(rt.Val, exact)
		itemAt, ariths, casts := e.b.Len(), len(e.places.DateAriths), len(e.places.EnumCasts)
		var agg, age *pg_query.FuncCall
		var jsonRoot *pg_query.Node
		var jsonPath *JSONPath
		if exact {
			agg, age = sessionAggCall(rt.Val), ageCall(rt.Val)
			e.arrayAggItem, e.ageItem = agg, age
			jsonRoot, jsonPath, _ = e.jsonPathItem(rt.Val)
		}
		if jsonPath != nil {
			e.value(jsonRoot) // the session reads the path (jsonpath.go)
		} else {
			e.value(rt.Val)
		}
		e.arrayAggItem, e.ageItem = nil, nil
		if len(e.places.EnumCasts) > casts {
			// The item itself is the last one noted when it is a cast to an enum type.
			if c := &e.places.EnumCasts[len(e.places.EnumCasts)-1]; c.At == itemAt && c.End == e.b.Len() && !c.TypeOf {
				c.Item = i + 1
			}
		}
		if exact && len(e.places.DateAriths) > ariths {
			// The item itself is the last one noted when it is a date arithmetic.
			if d := &e.places.DateAriths[len(e.places.DateAriths)-1]; d.At == itemAt && d.End == e.b.Len() {
				d.Item = i + 1
			}
		}
		name := rt.Name
		if name == "" {
			name = colname(rt.Val)
		}
		if rt.Name != "" || !isPlainColumn(rt.Val) {
			e.w(" AS ")
			writeQuoted(&e.b, name)
		}
		col := Column{Name: name, TypeOID: inferType(rt.Val), FromArg: argType(rt.Val), Source: e.resultSource(rt.Val)}
		col.IntArith = isIntArith(rt.Val)
		if jsonPath != nil {
			col.JSONPath, col.TypeOID, col.Source = jsonPath, 0, nil
			if jsonPath.Text {
				col.TypeOID = oidText
			}
			if c, ok := e.catalogColumn(jsonRoot.Node.(*pg_query.Node_ColumnRef).ColumnRef); ok {
				e.places.JSONColumns = append(e.places.JSONColumns, JSONColumn{Item: i, Column: c})
			}
		}
		if exact {
			if agg != nil {
				var hidden []func()
				col.ArrayAgg, hidden = e.sessionAggColumn(agg, len(targets)+len(operands))
				operands = append(operands, hidden...)
			} else if age != nil {
				at := len(targets) + len(operands)
				col.Age, col.TypeOID = &Age{Later: at, Earlier: at + 1}, oidInterval
				operands = append(operands, e.ageOperands(age)...)
			} else if a, b, avg, ok := e.quotientOperands(rt.Val, div); ok {
				col.Quotient = &Quotient{Dividend: len(targets) + len(operands), Divisor: len(targets) + len(operands) + 1, Avg: avg,
					DividendParam: isParam(a), DivisorParam: isParam(b)}
				operands = append(operands, e.writer(a), e.writer(b))
			} else if flag := e.fallbackFlag(rt.Val); flag != nil {
				col.FallbackFlag = len(targets) + len(operands)
				operands = append(operands, e.writer(flag))
			}
		}
		cols = append(cols, col)
	}
	if star {
		return nil
	}
	for _, write := range operands {
		e.w(", ")
		write()
	}
	return cols
}

// writer writes n as a value.
func (e *emitter) writer(n *pg_query.Node) func() { return func() { e.value(n) } }

func isStar(n *pg_query.Node) bool {
	c, ok := n.Node.(*pg_query.Node_ColumnRef)
	if !ok {
		return false
	}
	_, star := c.ColumnRef.Fields[len(c.ColumnRef.Fields)-1].Node.(*pg_query.Node_AStar)
	return star
}

func (e *emitter) fromItem(n *pg_query.Node) {
	switch v := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		if e.withRef(v.RangeVar) {
			return
		}
		e.tableName(v.RangeVar)
		e.alias(v.RangeVar.Alias, v.RangeVar.Location)
	case *pg_query.Node_JoinExpr:
		e.join(v.JoinExpr)
	case *pg_query.Node_RangeSubselect:
		if v.RangeSubselect.Lateral {
			e.unsupported(-1, "LATERAL")
		}
		sub, alias := v.RangeSubselect.Subquery, v.RangeSubselect.Alias
		if alias != nil && len(alias.Colnames) > 0 {
			sub = e.renamedSubquery(sub, alias.Colnames, "table \""+alias.Aliasname+"\"", -1)
			alias = &pg_query.Alias{Aliasname: alias.Aliasname}
		}
		e.subquery(sub)
		e.alias(alias, -1)
	case *pg_query.Node_RangeFunction:
		e.seriesFromItem(v.RangeFunction)
	default:
		e.unsupported(nodeLocation(n), "FROM item "+nodeTypeName(n))
	}
}

func (e *emitter) alias(a *pg_query.Alias, loc int32) {
	if a == nil {
		return
	}
	if len(a.Colnames) > 0 {
		e.unsupported(loc, "column aliases in FROM")
	}
	e.w(" AS ")
	e.ident(a.Aliasname)
}

func (e *emitter) join(j *pg_query.JoinExpr) {
	if j.IsNatural {
		e.unsupported(-1, "NATURAL JOIN")
	}
	if j.Alias != nil || j.JoinUsingAlias != nil {
		e.unsupported(-1, "aliases on JOIN")
	}
	e.fromItem(j.Larg)
	switch j.Jointype {
	case pg_query.JoinType_JOIN_INNER:
		if j.Quals == nil && len(j.UsingClause) == 0 {
			e.w(" CROSS JOIN ")
		} else {
			e.w(" JOIN ")
		}
	case pg_query.JoinType_JOIN_LEFT:
		e.w(" LEFT JOIN ")
	case pg_query.JoinType_JOIN_RIGHT:
		e.w(" RIGHT JOIN ")
	case pg_query.JoinType_JOIN_FULL:
		e.w(" FULL OUTER JOIN ")
	default:
		e.unsupported(-1, "this join type")
	}
	if _, nestedJoin := j.Rarg.Node.(*pg_query.Node_JoinExpr); nestedJoin {
		e.wb('(')
		e.fromItem(j.Rarg)
		e.wb(')')
	} else {
		e.fromItem(j.Rarg)
	}
	switch {
	case len(j.UsingClause) > 0:
		e.w(" USING (")
		for i, u := range j.UsingClause {
			if i > 0 {
				e.w(", ")
			}
			e.ident(strVal(u))
		}
		e.wb(')')
	case j.Quals != nil:
		e.w(" ON ")
		e.pred(j.Quals)
	}
}

// groupItem writes one GROUP BY item. IRIS sees select-list aliases only in ORDER
// BY, so ordinals and output-column names are replaced by their expressions.
func (e *emitter) groupItem(g *pg_query.Node, targets []*pg_query.Node) {
	switch v := g.Node.(type) {
	case *pg_query.Node_GroupingSet:
		e.unsupported(v.GroupingSet.Location, "GROUPING SETS/ROLLUP/CUBE")
	}
	if t := e.resolveOutputRef(g, targets, "GROUP BY"); t != nil {
		g = t
	}
	if e.opt.ExactCollation && isPlainColumn(g) {
		// Group by the exact value so case variants are not merged.
		e.exactOperand(g, true)
		return
	}
	e.value(g)
}

// resolveOutputRef returns the select-list expression a GROUP BY / ORDER BY item
// refers to by ordinal or by output name, or nil.
func (e *emitter) resolveOutputRef(n *pg_query.Node, targets []*pg_query.Node, clause string) *pg_query.Node {
	if c, ok := n.Node.(*pg_query.Node_AConst); ok {
		iv, isInt := c.AConst.Val.(*pg_query.A_Const_Ival)
		if !isInt {
			if c.AConst.Isnull {
				return nil // ORDER BY NULL: a constant key, harmless
			}
			e.fail(stateSyntax, c.AConst.Location, "non-integer constant in %s", clause)
		}
		e.readConst(c.AConst)
		k := int(iv.Ival.Ival)
		if k < 1 || k > len(targets) {
			e.fail("42P10", c.AConst.Location, "%s position %d is not in select list", clause, k)
		}
		rt := targets[k-1].Node.(*pg_query.Node_ResTarget).ResTarget
		if isStar(rt.Val) {
			e.unsupported(c.AConst.Location, clause+" position referring to *")
		}
		return rt.Val
	}
	c, ok := n.Node.(*pg_query.Node_ColumnRef)
	if !ok || len(c.ColumnRef.Fields) != 1 {
		return nil
	}
	name := strVal(c.ColumnRef.Fields[0])
	for _, t := range targets {
		rt := t.Node.(*pg_query.Node_ResTarget).ResTarget
		if rt.Name == name {
			return rt.Val
		}
	}
	return nil
}

// resultSource is Column.Source of a select-list item: a column of a table, or min, max
// or date_trunc of one (whose result type PostgreSQL takes from it); else nil.
func (e *emitter) resultSource(n *pg_query.Node) *CatalogColumn {
	if f, ok := n.Node.(*pg_query.Node_FuncCall); ok && f.FuncCall.Over == nil && !f.FuncCall.AggStar &&
		(len(f.FuncCall.Funcname) == 1 || strVal(f.FuncCall.Funcname[0]) == "pg_catalog") {
		switch args := f.FuncCall.Args; lastName(f.FuncCall.Funcname) {
		case "min", "max", "array_agg":
			if len(args) == 1 {
				n = args[0]
			}
		case "percentile_disc", "mode": // typed as x of WITHIN GROUP (ORDER BY x)
			if f.FuncCall.AggWithinGroup && len(f.FuncCall.AggOrder) == 1 {
				n = f.FuncCall.AggOrder[0].GetSortBy().GetNode()
			}
		case "date_trunc":
			if len(args) == 2 {
				n = args[1]
			}
		}
	}
	ref, ok := n.Node.(*pg_query.Node_ColumnRef)
	if !ok {
		return nil
	}
	if c, ok := e.catalogColumn(ref.ColumnRef); ok {
		return &c
	}
	return nil
}

// renamedSubquery gives the subquery of FROM (…) AS a(c1, c2, …) (or the body of WITH
// a(c1, c2, …) AS (…)) with its first output
// columns named c1, c2, … (IRIS has no column list on a derived table's alias): the
// targets of a SELECT, of the first leg of a set operation, or the first row of VALUES
// (written with those names by valuesSelect). A star among the renamed columns, whose
// names only the catalog knows, is 0A000; more names than columns is PostgreSQL's 42P10.
func (e *emitter) renamedSubquery(n *pg_query.Node, colnames []*pg_query.Node, what string, loc int32) *pg_query.Node {
	sel, ok := n.Node.(*pg_query.Node_SelectStmt)
	if !ok {
		e.unsupported(-1, "this subquery")
	}
	c := proto.Clone(sel.SelectStmt).(*pg_query.SelectStmt)
	leg := c
	for leg.Op != pg_query.SetOperation_SETOP_NONE {
		leg = leg.Larg
	}
	names := make([]string, len(colnames))
	for i, cn := range colnames {
		names[i] = strVal(cn)
	}
	width := len(leg.TargetList)
	if len(leg.ValuesLists) > 0 {
		width = len(listItems(leg.ValuesLists[0]))
	}
	if len(names) > width {
		e.fail("42P10", loc, "%s has %d columns available but %d columns specified", what, width, len(names))
	}
	if len(leg.ValuesLists) > 0 {
		if e.valuesNames == nil {
			e.valuesNames = map[*pg_query.SelectStmt][]string{}
		}
		e.valuesNames[leg] = names
		return &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: c}}
	}
	for i, name := range names {
		rt := leg.TargetList[i].Node.(*pg_query.Node_ResTarget).ResTarget
		if isStar(rt.Val) {
			e.unsupported(-1, "column aliases in FROM for a subquery's * columns")
		}
		rt.Name = name
	}
	return &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: c}}
}
