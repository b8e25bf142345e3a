package translate

import (
	"fmt"
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// distinctOn rewrites SELECT DISTINCT ON (k…) targets … ORDER BY s… into the
// first row of each group by a window function, which IRIS has and DISTINCT ON is
// not:
//
//	SELECT pgw_c1 AS t1, … FROM (SELECT t1 AS pgw_c1, …, s1 AS pgw_k1, …,
//	  ROW_NUMBER() OVER (PARTITION BY k… ORDER BY s…) AS pgw_rn FROM … WHERE …)
//	  AS distinct_on WHERE pgw_rn = 1 ORDER BY pgw_k1, … [LIMIT …]
//
// PostgreSQL keeps the first row of each group in the ORDER BY order (an arbitrary
// one among ties), and so does ROW_NUMBER() = 1 over the same order. ORDER BY and
// DISTINCT ON items that name an output column or give its position are resolved
// to its expression first, as PostgreSQL does. A * in the select list → 0A000 (the
// outer query must name every column).
func (e *emitter) distinctOn(s *pg_query.SelectStmt, nested bool) []Column {
	targets := make([]*pg_query.ResTarget, len(s.TargetList))
	for i, n := range s.TargetList {
		rt, ok := n.Node.(*pg_query.Node_ResTarget)
		if !ok || isStarTarget(rt.ResTarget) {
			e.unsupported(nodeLocation(s.DistinctClause[0]), "DISTINCT ON with * in the select list")
		}
		targets[i] = rt.ResTarget
	}
	// resolve maps an ORDER BY / DISTINCT ON item to the expression it stands for.
	resolve := func(n *pg_query.Node) *pg_query.Node {
		if c, ok := n.Node.(*pg_query.Node_AConst); ok {
			if pos := e.constInt(c.AConst); pos >= 1 && pos <= len(targets) {
				return targets[pos-1].Val
			}
			e.fail("42P10", c.AConst.Location, "DISTINCT ON/ORDER BY position is not in select list")
		}
		if cr, ok := n.Node.(*pg_query.Node_ColumnRef); ok && len(cr.ColumnRef.Fields) == 1 {
			if name, ok := cr.ColumnRef.Fields[0].Node.(*pg_query.Node_String_); ok {
				for _, t := range targets {
					if t.Name != "" && t.Name == name.String_.Sval {
						return t.Val
					}
				}
			}
		}
		return n
	}
	name := func(prefix string, i int) string { return "pgw_" + prefix + strconv.Itoa(i+1) }
	ref := func(col string) *pg_query.Node {
		return pg_query.MakeColumnRefNode([]*pg_query.Node{pg_query.MakeStrNode(col)}, -1)
	}

	inner := &pg_query.SelectStmt{
		Op: pg_query.SetOperation_SETOP_NONE, LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT,
		FromClause: s.FromClause, WhereClause: s.WhereClause, GroupClause: s.GroupClause,
		GroupDistinct: s.GroupDistinct, HavingClause: s.HavingClause, WindowClause: s.WindowClause,
		IntoClause: s.IntoClause, LockingClause: s.LockingClause,
	}
	outer := &pg_query.SelectStmt{
		Op:         pg_query.SetOperation_SETOP_NONE,
		LimitCount: s.LimitCount, LimitOffset: s.LimitOffset, LimitOption: s.LimitOption,
	}
	for i, t := range targets {
		inner.TargetList = append(inner.TargetList, pg_query.MakeResTargetNodeWithNameAndVal(name("c", i), t.Val, t.Location))
		out := t.Name
		if out == "" {
			out = colname(t.Val)
		}
		outer.TargetList = append(outer.TargetList, pg_query.MakeResTargetNodeWithNameAndVal(out, ref(name("c", i)), t.Location))
	}
	var window []*pg_query.Node
	for j, n := range s.SortClause {
		sb := n.Node.(*pg_query.Node_SortBy).SortBy
		if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING {
			e.unsupported(sb.Location, "ORDER BY … USING")
		}
		key := resolve(sb.Node)
		inner.TargetList = append(inner.TargetList, pg_query.MakeResTargetNodeWithNameAndVal(name("k", j), key, sb.Location))
		window = append(window, pg_query.MakeSortByNode(key, sb.SortbyDir, sb.SortbyNulls, sb.Location))
		outer.SortClause = append(outer.SortClause, pg_query.MakeSortByNode(ref(name("k", j)), sb.SortbyDir, sb.SortbyNulls, sb.Location))
	}
	var partition []*pg_query.Node
	onKeys := map[string]bool{}
	for _, k := range s.DistinctClause {
		r := resolve(k)
		partition = append(partition, r)
		onKeys[e.exprKey(r)] = true
	}
	// PostgreSQL: the DISTINCT ON expressions that appear in ORDER BY must come
	// before any other ORDER BY item.
	// before any other ORDER BY item, and when ORDER BY has another item, all of them
	// must be in it (parse_clause.c, transformDistinctOnClause).
	skipped, matched := false, map[string]bool{}
	for _, n := range s.SortClause {
		sb := n.Node.(*pg_query.Node_SortBy).SortBy
		key := e.exprKey(resolve(sb.Node))
		switch {
		case !onKeys[key]:
			skipped = true
		case skipped:
			e.fail("42P10", nodeLocation(s.DistinctClause[0]), "SELECT DISTINCT ON expressions must match initial ORDER BY expressions")
		default:
			matched[key] = true
		}
	}
	if skipped && len(matched) < len(onKeys) {
		e.fail("42P10", nodeLocation(s.DistinctClause[0]), "SELECT DISTINCT ON expressions must match initial ORDER BY expressions")
	}
	rowNumber := pg_query.MakeFuncCallNode([]*pg_query.Node{pg_query.MakeStrNode("row_number")}, nil, -1)
	rowNumber.Node.(*pg_query.Node_FuncCall).FuncCall.Over = &pg_query.WindowDef{
		PartitionClause: partition, OrderClause: window,
		FrameOptions: 1058, // FRAMEOPTION_DEFAULTS: the default frame
	}
	inner.TargetList = append(inner.TargetList, pg_query.MakeResTargetNodeWithNameAndVal("pgw_rn", rowNumber, -1))
	outer.FromClause = []*pg_query.Node{{Node: &pg_query.Node_RangeSubselect{RangeSubselect: &pg_query.RangeSubselect{
		Subquery: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: inner}},
		Alias:    &pg_query.Alias{Aliasname: "distinct_on"},
	}}}}
	outer.WhereClause = pg_query.MakeAExprNode(pg_query.A_Expr_Kind_AEXPR_OP, []*pg_query.Node{pg_query.MakeStrNode("=")},
		ref("pgw_rn"), pg_query.MakeAConstIntNode(1, -1), -1)
	// The outer query reads the columns by name; their types are the inner
	// expressions' (a boolean condition must still be reported as bool).
	typed := e.newEmitter().targetList(s.TargetList, false)
	cols := e.simpleSelect(outer, nested)
	for i := range cols {
		if i < len(typed) && cols[i].TypeOID == 0 {
			cols[i].TypeOID, cols[i].FromArg = typed[i].TypeOID, typed[i].FromArg
		}
	}
	return cols
}

func isStarTarget(rt *pg_query.ResTarget) bool {
	cr, ok := rt.Val.Node.(*pg_query.Node_ColumnRef)
	if !ok {
		return false
	}
	for _, f := range cr.ColumnRef.Fields {
		if _, star := f.Node.(*pg_query.Node_AStar); star {
			return true
		}
	}
	return false
}

// exprKey is the IRIS text of an expression, to compare two expressions the way
// PostgreSQL matches DISTINCT ON items with ORDER BY items.
func (e *emitter) exprKey(n *pg_query.Node) string {
	x := e.newEmitter()
	x.subst = e.subst
	x.value(n)
	return x.b.String() + "|" + fmt.Sprint(x.params)
}
