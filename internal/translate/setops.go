package translate

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// setOperation writes UNION/INTERSECT/EXCEPT. A LIMIT on the whole set operation
// wraps it in a derived table: IRIS binds a trailing LIMIT to the last leg. So
// does an ORDER BY whose NULLs must be placed (see outputSorts).
func (e *emitter) setOperation(s *pg_query.SelectStmt, nested bool) []Column {
	e.rejectSelectExtras(s)
	if s.All && s.Op != pg_query.SetOperation_SETOP_UNION {
		// iris-sql.md lists INTERSECT/EXCEPT but not their ALL forms ("not established").
		e.unsupported(0, "INTERSECT ALL / EXCEPT ALL")
	}
	sorts, sortWrap := s.SortClause, false
	if len(sorts) > 0 {
		sorts, sortWrap = e.outputSorts(sorts, firstLegTargets(s), true)
	}
	wrap := s.LimitCount != nil || s.LimitOffset != nil || sortWrap
	var lim limitPlan
	if wrap {
		lim = e.planLimit(s, nested)
		e.w("SELECT ")
		lim.writeTop(e)
		e.w("* FROM (")
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
