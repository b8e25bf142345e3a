package translate

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// setOperation writes UNION/INTERSECT/EXCEPT. A LIMIT on the whole set operation
// wraps it in a derived table: IRIS binds a trailing LIMIT to the last leg. So
// does an ORDER BY whose NULLs must be placed (see outputSorts).
func (e *emitter) setOperation(s *pg_query.SelectStmt, nested bool) []Column {
	e.rejectSelectExtras(s)
	multiset := s.All && s.Op != pg_query.SetOperation_SETOP_UNION
	sorts, sortWrap := s.SortClause, false
	if len(sorts) > 0 {
		sorts, sortWrap = e.outputSorts(sorts, firstLegTargets(s), true)
		sortWrap = sortWrap || multiset // ORDER BY the output names, outside the emulation
	}
	wrap := s.LimitCount != nil || s.LimitOffset != nil || sortWrap
	var lim limitPlan
	if wrap {
		lim = e.planLimit(s, nested)
		e.w("SELECT ")
		lim.writeTop(e)
		e.w("* FROM (")
	}
	if multiset {
		cols := e.multisetOperation(s)
		if wrap {
			e.w(") AS ")
			e.ident("setop")
			if len(sorts) > 0 {
				prev := e.sortSources
				e.sortSources = sourcesOf(cols)
				e.orderBy(sorts, nil, false)
				e.sortSources = prev
			}
			lim.writeTrailing(e)
		}
		return cols
	}
	cols := e.setLeg(s.Larg, s, false)
	switch s.Op {
	case pg_query.SetOperation_SETOP_UNION:
		e.w(" UNION ")
	case pg_query.SetOperation_SETOP_INTERSECT:
		e.w(" INTERSECT ")
	case pg_query.SetOperation_SETOP_EXCEPT:
		e.w(" EXCEPT ")
	}
	if s.All {
		e.w("ALL ")
	}
	e.setLeg(s.Rarg, s, true)
	if wrap {
		e.w(") AS ")
		e.ident("setop")
	}
	prev := e.sortSources
	e.sortSources = sourcesOf(cols)
	if sortWrap {
		e.orderBy(sorts, nil, false) // by output names, outside the derived table
	} else if len(sorts) > 0 {
		e.orderBy(sorts, firstLegTargets(s), true)
	}
	e.sortSources = prev
	if wrap {
		lim.writeTrailing(e)
	}
	return cols
}

func (e *emitter) setLeg(leg, parent *pg_query.SelectStmt, right bool) []Column {
	paren := len(leg.SortClause) > 0 || leg.LimitCount != nil || leg.LimitOffset != nil || leg.WithClause != nil ||
		(leg.Op != pg_query.SetOperation_SETOP_NONE && (right || leg.Op != parent.Op || leg.All != parent.All))
	if paren {
		e.wb('(')
		defer e.wb(')')
	}
	return e.selectStmt(leg, paren)
}

func firstLegTargets(s *pg_query.SelectStmt) []*pg_query.Node {
	for s.Op != pg_query.SetOperation_SETOP_NONE {
		s = s.Larg
	}
	return s.TargetList
}

// valuesSelect writes VALUES (…), (…) as SELECT … UNION ALL SELECT …, with
// PostgreSQL's column names column1, column2, ….
func (e *emitter) valuesSelect(s *pg_query.SelectStmt) []Column {
	if len(s.SortClause) > 0 || s.LimitCount != nil || s.LimitOffset != nil {
		e.unsupported(-1, "ORDER BY/LIMIT on VALUES")
	}
	var cols []Column
	for i, row := range s.ValuesLists {
		items := listItems(row)
		if i > 0 {
			e.w(" UNION ALL ")
		}
		e.w("SELECT ")
		for j, v := range items {
			if j > 0 {
				e.w(", ")
			}
			e.value(v)
			if i == 0 {
				name := "column" + itoa(j+1)
				if names := e.valuesNames[s]; j < len(names) {
					name = names[j] // FROM (VALUES …) AS v(a, b)
				}
				e.w(" AS ")
				writeQuoted(&e.b, name)
				cols = append(cols, Column{Name: name, TypeOID: inferType(v)})
			}
		}
	}
	return cols
}

// multisetOperation writes INTERSECT ALL and EXCEPT ALL, which iris-sql.md does not
// establish for IRIS: each leg's rows are numbered within their group of equal rows
// (ROW_NUMBER() OVER (PARTITION BY every column)), and a left row with number k is kept
// when the right has (INTERSECT ALL) or has not (EXCEPT ALL) a k-th equal row: min(m, n)
// and max(m - n, 0) copies of a row present m and n times, PostgreSQL's definitions.
// Rows are equal when every column is, NULL equal to NULL, values compared exactly. The
// legs' columns are renamed pgw_c1, … (renamedSubquery) and the result takes the left
// leg's names.
func (e *emitter) multisetOperation(s *pg_query.SelectStmt) []Column {
	targets, right := firstLegTargets(s.Larg), firstLegTargets(s.Rarg)
	if len(targets) == 0 || len(right) == 0 {
		e.unsupported(0, "INTERSECT ALL / EXCEPT ALL over VALUES")
	}
	if len(right) != len(targets) {
		op := "INTERSECT"
		if s.Op == pg_query.SetOperation_SETOP_EXCEPT {
			op = "EXCEPT"
		}
		e.fail(stateSyntax, nodeLocation(right[0]), "each %s query must have the same number of columns", op)
	}
	names := make([]string, len(targets))
	renamed := make([]*pg_query.Node, len(targets))
	for i, t := range targets {
		rt := t.Node.(*pg_query.Node_ResTarget).ResTarget
		if isStar(rt.Val) {
			e.unsupported(0, "INTERSECT ALL / EXCEPT ALL with * in a select list")
		}
		names[i] = outputName(rt)
		renamed[i] = &pg_query.Node{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: "pgw_c" + itoa(i+1)}}}
	}
	numbered := func(leg *pg_query.SelectStmt, alias string) []Column {
		node := e.renamedSubquery(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: leg}}, renamed, "", 0)
		e.w("(SELECT ")
		for i := range names {
			e.w(alias + ".pgw_c" + itoa(i+1) + ", ")
		}
		e.w("ROW_NUMBER() OVER (PARTITION BY ")
		for i := range names {
			if i > 0 {
				e.w(", ")
			}
			e.w("%EXACT(" + alias + ".pgw_c" + itoa(i+1) + ")")
		}
		e.w(" ORDER BY " + alias + ".pgw_c1) AS pgw_n FROM (")
		cols := e.selectStmt(node.Node.(*pg_query.Node_SelectStmt).SelectStmt, true)
		e.w(") AS " + alias + ")")
		return cols
	}
	e.w("SELECT ")
	for i, name := range names {
		if i > 0 {
			e.w(", ")
		}
		e.w("pgw_a.pgw_c" + itoa(i+1) + " AS ")
		writeQuoted(&e.b, name)
	}
	e.w(" FROM ")
	cols := numbered(s.Larg, "pgw_l")
	e.w(" AS pgw_a WHERE ")
	if s.Op == pg_query.SetOperation_SETOP_EXCEPT {
		e.w("NOT ")
	}
	e.w("EXISTS (SELECT 1 FROM ")
	numbered(s.Rarg, "pgw_r")
	e.w(" AS pgw_b WHERE pgw_b.pgw_n = pgw_a.pgw_n")
	for i := range names {
		c := "pgw_c" + itoa(i+1)
		e.w(" AND (%EXACT(pgw_b." + c + ") = %EXACT(pgw_a." + c + ") OR pgw_b." + c + " IS NULL AND pgw_a." + c + " IS NULL)")
	}
	e.wb(')')
	for i := range cols {
		if i < len(names) {
			cols[i].Name = names[i]
		}
	}
	return cols
}
