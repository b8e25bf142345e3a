package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// GROUP BY GROUPING SETS, ROLLUP and CUBE (IRIS's are not established) are written as
// the UNION ALL of one query per grouping set, PostgreSQL's definition of them:
//
//	SELECT a, b, sum(x) FROM t GROUP BY ROLLUP (a, b) ORDER BY a, b
//	→ SELECT pgw_g1 AS a, pgw_g2 AS b, pgw_g3 AS sum FROM (
//	    SELECT a AS pgw_g1, b AS pgw_g2, sum(x) AS pgw_g3, 3 AS pgw_set FROM t GROUP BY a, b
//	    UNION ALL SELECT a, MIN(CASE WHEN 1 = 0 THEN b END), sum(x), 2 FROM t GROUP BY a
//	    UNION ALL SELECT MIN(…a…), MIN(…b…), sum(x), 1 FROM t) AS grouping_sets
//	  ORDER BY pgw_g1, pgw_g2, pgw_set
//
// In each query a grouping column left out of its set reads as NULL outside aggregates
// (also in expressions, HAVING and ORDER BY), written as an aggregate of a NULL of the
// column's type so that the column keeps its type in every leg and the empty set gives
// its one row even without other aggregates. GROUPING(…) is the set's constant bit mask.
// ORDER BY keys that are not output columns are extra columns of the legs; pgw_set, the
// set's number, makes the order of rows that tie on the ORDER BY keys deterministic. The grouping items must be columns; DISTINCT and subqueries in
// the select list, HAVING or ORDER BY are refused, and so are more than 64 sets.

const maxGroupingSets = 64

// groupingSetsSelect writes s as such a UNION ALL when its GROUP BY has a grouping set;
// false when it has none.
func (e *emitter) groupingSetsSelect(s *pg_query.SelectStmt, nested bool) ([]Column, bool) {
	has := false
	for _, g := range s.GroupClause {
		if g.GetGroupingSet() != nil {
			has = true
		}
	}
	if !has {
		return nil, false
	}
	loc := nodeLocation(s.GroupClause[0])
	if len(s.DistinctClause) > 0 || s.GroupDistinct {
		e.unsupported(loc, "DISTINCT with GROUPING SETS/ROLLUP/CUBE")
	}
	sets := [][]*pg_query.Node{nil}
	for _, g := range s.GroupClause {
		sets = crossSets(sets, e.expandGroupingItem(g))
		if len(sets) > maxGroupingSets {
			e.unsupported(loc, "more than 64 grouping sets")
		}
	}
	var universe []*pg_query.ColumnRef
	for _, set := range sets {
		for _, n := range set {
			c := n.GetColumnRef()
			if c == nil || !isPlainColumn(n) {
				e.unsupported(nodeLocation(n), "GROUPING SETS/ROLLUP/CUBE over expressions (only columns)")
			}
			if indexOfColumn(universe, c) < 0 {
				universe = append(universe, c)
			}
		}
	}
	for _, n := range append(targetValues(s.TargetList), s.HavingClause) {
		if n != nil && containsSubquery(n) {
			e.unsupported(nodeLocation(n), "a subquery in the select list or HAVING of a GROUPING SETS/ROLLUP/CUBE query")
		}
	}
	for _, n := range s.SortClause {
		if containsSubquery(n) {
			e.unsupported(nodeLocation(n), "a subquery in the ORDER BY of a GROUPING SETS/ROLLUP/CUBE query")
		}
	}
	sortKeys := e.groupingSetSortKeys(s)
	var union *pg_query.SelectStmt
	for i, set := range sets {
		// Numbered from the last set, so that among rows that tie on ORDER BY the grand
		// total comes first, as PostgreSQL's plan for a one-column ROLLUP gives it (ties
		// are unspecified there; this only makes pgwired's order deterministic).
		arm := e.groupingSetArm(s, set, universe, sortKeys, len(sets)-i)
		if union == nil {
			union = arm
			continue
		}
		union = &pg_query.SelectStmt{Op: pg_query.SetOperation_SETOP_UNION, All: true, Larg: union, Rarg: arm,
			LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT}
	}
	ref := func(name string) *pg_query.Node {
		return pg_query.MakeColumnRefNode([]*pg_query.Node{pg_query.MakeStrNode(name)}, -1)
	}
	outer := &pg_query.SelectStmt{
		Op: pg_query.SetOperation_SETOP_NONE, LimitOption: s.LimitOption, LimitCount: s.LimitCount, LimitOffset: s.LimitOffset,
		FromClause: []*pg_query.Node{{Node: &pg_query.Node_RangeSubselect{RangeSubselect: &pg_query.RangeSubselect{
			Subquery: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: union}},
			Alias:    &pg_query.Alias{Aliasname: "grouping_sets"}}}}},
	}
	for i, t := range s.TargetList {
		outer.TargetList = append(outer.TargetList, &pg_query.Node{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{
			Name: targetName(t.GetResTarget()), Val: ref(groupingColumn("g", i)), Location: -1}}})
	}
	for i, sb := range s.SortClause {
		o := sb.GetSortBy()
		outer.SortClause = append(outer.SortClause, &pg_query.Node{Node: &pg_query.Node_SortBy{SortBy: &pg_query.SortBy{
			Node: ref(sortKeys[i].column), SortbyDir: o.SortbyDir, SortbyNulls: o.SortbyNulls, Location: o.Location}}})
	}
	if len(s.SortClause) > 0 {
		outer.SortClause = append(outer.SortClause, &pg_query.Node{Node: &pg_query.Node_SortBy{SortBy: &pg_query.SortBy{
			Node: ref("pgw_set"), Location: -1}}})
	}
	cols := e.simpleSelect(outer, nested)
	// The legs' items have the types PostgreSQL gives them; the outer query's are references.
	for i, t := range s.TargetList {
		if i < len(cols) {
			rt := t.GetResTarget()
			cols[i].TypeOID, cols[i].FromArg = inferType(rt.Val), argType(rt.Val)
		}
	}
	return cols, true
}

// groupingColumn names the legs' result columns: g for the select list, s for sort keys.
func groupingColumn(kind string, i int) string { return "pgw_" + kind + itoa(i+1) }

func targetName(rt *pg_query.ResTarget) string {
	if rt.Name != "" {
		return rt.Name
	}
	return colname(rt.Val)
}

// groupingSortKey is an ORDER BY item of a grouping-sets query: the legs' column it
// sorts by, and the expression each leg computes for it when it is not a select-list item.
type groupingSortKey struct {
	column string
	expr   *pg_query.Node
}

// groupingSetSortKeys resolves the ORDER BY of s: an output name or position, or an
// expression equal to a select-list item, sorts by that item; anything else becomes a
// column of its own in every leg.
func (e *emitter) groupingSetSortKeys(s *pg_query.SelectStmt) []groupingSortKey {
	keys := make([]groupingSortKey, len(s.SortClause))
	extra := 0
	for i, n := range s.SortClause {
		key := n.GetSortBy().Node
		if c := key.GetAConst(); c != nil && c.GetIval() != nil {
			if pos := e.constInt(c); pos >= 1 && pos <= len(s.TargetList) {
				keys[i] = groupingSortKey{column: groupingColumn("g", pos-1)}
				continue
			}
			e.fail("42P10", c.Location, "ORDER BY position %d is not in select list", e.constInt(c))
		}
		if isPlainColumn(key) && len(key.GetColumnRef().Fields) == 1 {
			if pos := outputPosition(s.TargetList, strVal(key.GetColumnRef().Fields[0])); pos > 0 {
				keys[i] = groupingSortKey{column: groupingColumn("g", pos-1)}
				continue
			}
		}
		if pos := sameTargetPosition(s.TargetList, key); pos > 0 {
			keys[i] = groupingSortKey{column: groupingColumn("g", pos-1)}
			continue
		}
		keys[i] = groupingSortKey{column: groupingColumn("s", extra), expr: key}
		extra++
	}
	return keys
}

// expandGroupingItem is the list of grouping sets one GROUP BY item stands for.
func (e *emitter) expandGroupingItem(g *pg_query.Node) [][]*pg_query.Node {
	gs := g.GetGroupingSet()
	if gs == nil {
		return [][]*pg_query.Node{{g}}
	}
	switch gs.Kind {
	case pg_query.GroupingSetKind_GROUPING_SET_EMPTY:
		return [][]*pg_query.Node{nil}
	case pg_query.GroupingSetKind_GROUPING_SET_SIMPLE:
		return [][]*pg_query.Node{flattenRows(gs.Content)}
	case pg_query.GroupingSetKind_GROUPING_SET_ROLLUP:
		// ROLLUP (a, b, c): (a, b, c), (a, b), (a), ().
		out := make([][]*pg_query.Node, 0, len(gs.Content)+1)
		for i := len(gs.Content); i >= 0; i-- {
			out = append(out, flattenRows(gs.Content[:i]))
		}
		return out
	case pg_query.GroupingSetKind_GROUPING_SET_CUBE:
		// CUBE (a, b): every subset, the largest first, in PostgreSQL's order.
		n := len(gs.Content)
		if n > 6 {
			e.unsupported(gs.Location, "CUBE of more than 6 items")
		}
		out := make([][]*pg_query.Node, 0, 1<<n)
		for mask := 1<<n - 1; mask >= 0; mask-- {
			var items []*pg_query.Node
			for i := 0; i < n; i++ {
				if mask&(1<<(n-1-i)) != 0 {
					items = append(items, gs.Content[i])
				}
			}
			out = append(out, flattenRows(items))
		}
		return out
	case pg_query.GroupingSetKind_GROUPING_SET_SETS:
		var out [][]*pg_query.Node
		for _, c := range gs.Content {
			out = append(out, e.expandGroupingItem(c)...)
		}
		return out
	}
	e.unsupported(gs.Location, "this grouping set")
	return nil
}

// flattenRows spreads a parenthesised list of columns ((a, b) in ROLLUP) into its items.
func flattenRows(items []*pg_query.Node) []*pg_query.Node {
	var out []*pg_query.Node
	for _, n := range items {
		if r := n.GetRowExpr(); r != nil {
			out = append(out, r.Args...)
			continue
		}
		out = append(out, n)
	}
	return out
}

// crossSets is every set of a followed by every set of b (GROUP BY a, ROLLUP (b)).
func crossSets(a, b [][]*pg_query.Node) [][]*pg_query.Node {
	out := make([][]*pg_query.Node, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, append(append([]*pg_query.Node(nil), x...), y...))
		}
	}
	return out
}

// sameColumn: two references to the same column (by name; qualifiers only when both have one).
func sameColumn(a, b *pg_query.ColumnRef) bool {
	fa, fb := a.Fields, b.Fields
	if !strings.EqualFold(strVal(fa[len(fa)-1]), strVal(fb[len(fb)-1])) {
		return false
	}
	if len(fa) > 1 && len(fb) > 1 {
		return strings.EqualFold(strVal(fa[len(fa)-2]), strVal(fb[len(fb)-2]))
	}
	return true
}

func indexOfColumn(list []*pg_query.ColumnRef, c *pg_query.ColumnRef) int {
	for i, x := range list {
		if sameColumn(x, c) {
			return i
		}
	}
	return -1
}

func targetValues(targets []*pg_query.Node) []*pg_query.Node {
	out := make([]*pg_query.Node, 0, len(targets))
	for _, t := range targets {
		if rt := t.GetResTarget(); rt != nil {
			out = append(out, rt.Val)
		}
	}
	return out
}

// groupingSetArm is the query for one grouping set: s grouped by the set, with the other
// grouping columns NULL outside aggregates and GROUPING(…) a constant.
func (e *emitter) groupingSetArm(s *pg_query.SelectStmt, set []*pg_query.Node, universe []*pg_query.ColumnRef, sortKeys []groupingSortKey, number int) *pg_query.SelectStmt {
	grouped := func(c *pg_query.ColumnRef) bool {
		for _, n := range set {
			if sameColumn(n.GetColumnRef(), c) {
				return true
			}
		}
		return false
	}
	rewrite := func(n *pg_query.Node) *pg_query.Node {
		if n == nil {
			return nil
		}
		n = proto.Clone(n).(*pg_query.Node)
		return e.rewriteGrouping(n, universe, grouped)
	}
	item := func(name string, val *pg_query.Node, loc int32) *pg_query.Node {
		return &pg_query.Node{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Name: name, Val: val, Location: loc}}}
	}
	targets := make([]*pg_query.Node, 0, len(s.TargetList)+len(sortKeys)+1)
	for i, t := range s.TargetList {
		rt := t.GetResTarget()
		if rt == nil || isStarTarget(rt) {
			e.unsupported(nodeLocation(t), "* in the select list of a GROUPING SETS/ROLLUP/CUBE query")
		}
		targets = append(targets, item(groupingColumn("g", i), rewrite(rt.Val), rt.Location))
	}
	for _, k := range sortKeys {
		if k.expr != nil {
			targets = append(targets, item(k.column, rewrite(k.expr), -1))
		}
	}
	targets = append(targets, item("pgw_set", pg_query.MakeAConstIntNode(int64(number), -1), -1))
	return &pg_query.SelectStmt{
		Op: pg_query.SetOperation_SETOP_NONE, LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT,
		TargetList: targets, FromClause: s.FromClause, WhereClause: s.WhereClause,
		GroupClause: set, HavingClause: rewrite(s.HavingClause), WindowClause: s.WindowClause,
	}
}

// rewriteGrouping replaces, in n outside aggregates, each grouping column missing from
// the set by a NULL of its type, and GROUPING(…) by its bit mask.
func (e *emitter) rewriteGrouping(n *pg_query.Node, universe []*pg_query.ColumnRef, grouped func(*pg_query.ColumnRef) bool) *pg_query.Node {
	if repl, descend := e.groupingReplacement(n, universe, grouped); repl != nil || !descend {
		if repl != nil {
			return repl
		}
		return n
	}
	rewriteChildren(n.ProtoReflect(), func(c *pg_query.Node) *pg_query.Node {
		return e.rewriteGrouping(c, universe, grouped)
	})
	return n
}

// groupingReplacement is what n becomes (nil: itself), and whether to look inside it.
func (e *emitter) groupingReplacement(n *pg_query.Node, universe []*pg_query.ColumnRef, grouped func(*pg_query.ColumnRef) bool) (*pg_query.Node, bool) {
	switch v := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		if indexOfColumn(universe, v.ColumnRef) >= 0 && !grouped(v.ColumnRef) {
			// MIN(CASE WHEN 1 = 0 THEN c END): NULL, typed as c, valid in any grouping.
			never := &pg_query.Node{Node: &pg_query.Node_AExpr{AExpr: &pg_query.A_Expr{
				Kind: pg_query.A_Expr_Kind_AEXPR_OP, Name: []*pg_query.Node{pg_query.MakeStrNode("=")},
				Lexpr: pg_query.MakeAConstIntNode(1, -1), Rexpr: pg_query.MakeAConstIntNode(0, -1), Location: -1}}}
			when := &pg_query.Node{Node: &pg_query.Node_CaseWhen{CaseWhen: &pg_query.CaseWhen{Expr: never, Result: n, Location: -1}}}
			kase := pg_query.MakeCaseExprNode(nil, []*pg_query.Node{when}, -1)
			return pg_query.MakeFuncCallNode([]*pg_query.Node{pg_query.MakeStrNode("min")}, []*pg_query.Node{kase}, -1), false
		}
		return nil, false
	case *pg_query.Node_GroupingFunc:
		// GROUPING(a, b): a bit per argument, the first the highest, set when the
		// argument is not grouped in this set.
		g := v.GroupingFunc
		mask := int64(0)
		for _, a := range g.Args {
			c := a.GetColumnRef()
			if c == nil || indexOfColumn(universe, c) < 0 {
				e.fail("42803", g.Location, "arguments to GROUPING must be grouping expressions of the associated query level")
			}
			mask <<= 1
			if !grouped(c) {
				mask |= 1
			}
		}
		return pg_query.MakeAConstIntNode(mask, g.Location), false
	case *pg_query.Node_FuncCall:
		f := v.FuncCall
		if name := strings.ToLower(lastName(f.Funcname)); f.Over == nil && aggregateNames[name] {
			return nil, false // aggregates read the rows, not the groups
		}
	}
	return nil, true
}

// rewriteChildren replaces each child node of m by f's result.
func rewriteChildren(m protoreflect.Message, f func(*pg_query.Node) *pg_query.Node) {
	type pending struct {
		fd protoreflect.FieldDescriptor
		v  protoreflect.Value
	}
	var sets []pending
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				child := l.Get(i).Message()
				if node, ok := child.Interface().(*pg_query.Node); ok {
					l.Set(i, protoreflect.ValueOfMessage(f(node).ProtoReflect()))
				} else {
					rewriteChildren(child, f)
				}
			}
			return true
		}
		child := v.Message()
		if node, ok := child.Interface().(*pg_query.Node); ok {
			sets = append(sets, pending{fd, protoreflect.ValueOfMessage(f(node).ProtoReflect())})
		} else {
			rewriteChildren(child, f)
		}
		return true
	})
	for _, p := range sets {
		m.Set(p.fd, p.v)
	}
}

// outputPosition is the 1-based position of the select-list item named name, or 0.
func outputPosition(targets []*pg_query.Node, name string) int {
	for i, t := range targets {
		if rt := t.GetResTarget(); rt != nil && targetName(rt) == name {
			return i + 1
		}
	}
	return 0
}

// sameTargetPosition is the 1-based position of the select-list item whose expression
// equals n (locations aside), or 0.
func sameTargetPosition(targets []*pg_query.Node, n *pg_query.Node) int {
	want := withoutLocations(n)
	for i, t := range targets {
		if rt := t.GetResTarget(); rt != nil && proto.Equal(withoutLocations(rt.Val), want) {
			return i + 1
		}
	}
	return 0
}

// withoutLocations is a copy of n with every location field zeroed.
func withoutLocations(n *pg_query.Node) *pg_query.Node {
	c := proto.Clone(n).(*pg_query.Node)
	walk(c.ProtoReflect(), func(m protoreflect.Message) bool {
		if f := m.Descriptor().Fields().ByName("location"); f != nil {
			m.Set(f, protoreflect.ValueOfInt32(0))
		}
		return true
	})
	return c
}
