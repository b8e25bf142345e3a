package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL refuses a query that aggregates without GROUP BY (count(*), or a HAVING)
// yet reads a column outside an aggregate (42803); IRIS answers it with one row's value,
// a silently different result. The check covers queries without GROUP BY; with one,
// a column may depend on the grouped primary key, which only the catalog knows.

// aggregateNames are PostgreSQL's aggregates pgwired translates.
var aggregateNames = map[string]bool{
	"count": true, "sum": true, "avg": true, "min": true, "max": true,
	"stddev": true, "stddev_samp": true, "stddev_pop": true, "variance": true, "var_samp": true, "var_pop": true,
	"string_agg": true, "array_agg": true, "bool_and": true, "bool_or": true, "every": true,
	"json_agg": true, "jsonb_agg": true, "json_object_agg": true, "jsonb_object_agg": true,
	"percentile_cont": true, "percentile_disc": true, "mode": true,
}

// checkUngrouped fails with 42803 at the first column of s read outside an aggregate when
// s aggregates without GROUP BY.
func (e *emitter) checkUngrouped(s *pg_query.SelectStmt) {
	if len(s.GroupClause) > 0 {
		return
	}
	grouped := s.HavingClause != nil
	var exprs []*pg_query.Node
	outputNames := map[string]bool{}
	for _, t := range s.TargetList {
		rt := t.GetResTarget()
		if rt == nil || rt.Val == nil {
			continue
		}
		exprs = append(exprs, rt.Val)
		grouped = grouped || hasAggregate(rt.Val)
		if rt.Name != "" {
			outputNames[rt.Name] = true
		} else if c := rt.Val.GetColumnRef(); c != nil {
			outputNames[colname(rt.Val)] = true
		}
	}
	if !grouped {
		return
	}
	if s.HavingClause != nil {
		exprs = append(exprs, s.HavingClause)
	}
	for _, sb := range s.SortClause {
		n := sb.GetSortBy().GetNode()
		if c := n.GetColumnRef(); c != nil && len(c.Fields) == 1 && outputNames[strVal(c.Fields[0])] {
			continue // an output column's name
		}
		exprs = append(exprs, n)
	}
	qual := singleFromName(s.FromClause)
	for _, x := range exprs {
		c := ungroupedColumn(x)
		if c == nil {
			continue
		}
		var name string
		switch len(c.Fields) {
		case 1:
			if qual == "" {
				return // which table's: the catalog would tell
			}
			name = qual + "." + strVal(c.Fields[0])
		case 2:
			name = strVal(c.Fields[0]) + "." + strVal(c.Fields[1])
		default:
			return
		}
		if strings.HasSuffix(name, ".") {
			return // a star
		}
		e.fail("42803", c.Location, "column %q must appear in the GROUP BY clause or be used in an aggregate function", name)
	}
}

// singleFromName is the name PostgreSQL gives the only item of a FROM list (alias, or
// table name), "" when there are several or a join.
func singleFromName(from []*pg_query.Node) string {
	if len(from) != 1 {
		return ""
	}
	switch v := from[0].Node.(type) {
	case *pg_query.Node_RangeVar:
		if v.RangeVar.Alias != nil {
			return v.RangeVar.Alias.Aliasname
		}
		return v.RangeVar.Relname
	case *pg_query.Node_RangeSubselect:
		if v.RangeSubselect.Alias != nil {
			return v.RangeSubselect.Alias.Aliasname
		}
	}
	return ""
}

// hasAggregate reports an aggregate call in n outside subqueries.
func hasAggregate(n *pg_query.Node) bool {
	found := false
	scanOutsideAggregates(n.ProtoReflect(), func(f *pg_query.FuncCall) { found = true }, nil)
	return found
}

// ungroupedColumn is the first column reference of n outside aggregates and subqueries.
func ungroupedColumn(n *pg_query.Node) *pg_query.ColumnRef {
	var first *pg_query.ColumnRef
	scanOutsideAggregates(n.ProtoReflect(), nil, func(c *pg_query.ColumnRef) {
		if first == nil {
			first = c
		}
	})
	return first
}

// scanOutsideAggregates visits the aggregate calls and the column references of m that
// are neither inside an aggregate nor inside a subquery.
func scanOutsideAggregates(m protoreflect.Message, agg func(*pg_query.FuncCall), col func(*pg_query.ColumnRef)) {
	switch v := m.Interface().(type) {
	case *pg_query.SubLink:
		return
	case *pg_query.ColumnRef:
		if col != nil {
			col(v)
		}
		return
	case *pg_query.FuncCall:
		if v.Over == nil && aggregateNames[strings.ToLower(lastName(v.Funcname))] {
			if agg != nil {
				agg(v)
			}
			return
		}
	}
	m.Range(func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind {
			return true
		}
		if fd.IsList() {
			l := val.List()
			for i := 0; i < l.Len(); i++ {
				scanOutsideAggregates(l.Get(i).Message(), agg, col)
			}
			return true
		}
		scanOutsideAggregates(val.Message(), agg, col)
		return true
	})
}

// noteGroupCheck records, for a top-level query with GROUP BY, the columns it reads
// outside aggregates and the plain columns it groups by (GroupCheck), for WithCatalog to
// refuse with PostgreSQL's 42803 what is neither grouped nor determined by a grouped
// primary key. Nothing is recorded when a group item is an expression (its columns may
// be read inside the same expression) or a column cannot be placed.
func (e *emitter) noteGroupCheck(s *pg_query.SelectStmt) {
	if len(s.GroupClause) == 0 || e.scratching || e.places.Ungrouped != nil {
		return
	}
	g := &GroupCheck{}
	for _, item := range s.GroupClause {
		n := item
		if t := e.resolveOutputRefQuiet(item, s.TargetList); t != nil {
			n = t
		}
		c := n.GetColumnRef()
		if c == nil || !isPlainColumn(n) {
			return
		}
		r, ok := e.groupRef(c)
		if !ok {
			return
		}
		g.Grouped = append(g.Grouped, r)
	}
	outputNames := map[string]bool{}
	exprs := []*pg_query.Node{}
	for _, t := range s.TargetList {
		rt := t.GetResTarget()
		if rt == nil || rt.Val == nil {
			continue
		}
		exprs = append(exprs, rt.Val)
		if rt.Name != "" {
			outputNames[rt.Name] = true
		}
	}
	if s.HavingClause != nil {
		exprs = append(exprs, s.HavingClause)
	}
	for _, sb := range s.SortClause {
		n := sb.GetSortBy().GetNode()
		if c := n.GetColumnRef(); c != nil && len(c.Fields) == 1 && outputNames[strVal(c.Fields[0])] {
			continue
		}
		if n.GetAConst() != nil {
			continue // a position: the select list's item, checked there
		}
		exprs = append(exprs, n)
	}
	for _, x := range exprs {
		ok := true
		scanOutsideAggregates(x.ProtoReflect(), nil, func(c *pg_query.ColumnRef) {
			if !ok || !isPlainColumn(&pg_query.Node{Node: &pg_query.Node_ColumnRef{ColumnRef: c}}) {
				return
			}
			r, placed := e.groupRef(c)
			if !placed {
				ok = false
				return
			}
			g.Read = append(g.Read, r)
		})
		if !ok {
			return
		}
	}
	if len(g.Read) > 0 {
		e.places.Ungrouped = g
	}
}

// groupRef is a column reference as a GroupCheck records it.
func (e *emitter) groupRef(c *pg_query.ColumnRef) (GroupRef, bool) {
	col, ok := e.catalogColumn(c)
	if !ok || col.Column == "" {
		return GroupRef{}, false
	}
	quals := make([]string, len(col.Tables))
	for i, t := range col.Tables {
		quals[i] = t.Name
		for _, r := range e.scopes[len(e.scopes)-1] {
			if r.table == t && r.alias != "" {
				quals[i] = r.alias
			}
		}
	}
	if len(c.Fields) == 2 {
		quals[0] = strVal(c.Fields[0])
	}
	return GroupRef{Column: col, Qualifiers: quals}, true
}

// resolveOutputRefQuiet is the select-list item a GROUP BY position names, nil for
// anything else (names: PostgreSQL's GROUP BY reads input columns first).
func (e *emitter) resolveOutputRefQuiet(n *pg_query.Node, targets []*pg_query.Node) *pg_query.Node {
	c := n.GetAConst()
	if c == nil {
		return nil
	}
	iv, ok := c.Val.(*pg_query.A_Const_Ival)
	if !ok {
		return nil
	}
	e.readConst(c)
	k := int(iv.Ival.Ival)
	if k < 1 || k > len(targets) {
		return nil
	}
	return targets[k-1].GetResTarget().GetVal()
}
