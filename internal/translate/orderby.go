package translate

import (
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// orderBy writes ORDER BY with PostgreSQL semantics:
//   - NULL placement: PostgreSQL puts NULLs last ascending and first descending
//     (or as NULLS FIRST/LAST says). Each key that may be NULL is preceded by a
//     CASE key that forces that placement whatever IRIS's own NULL order is.
//   - With ExactCollation, column keys sort by %EXACT value (case-sensitive).
//   - a <=> b / a <#> b keys sort by similarity in the opposite direction, the
//     form IRIS's HNSW index serves.
//
// plain (DISTINCT, set operations) restricts keys to the output columns, as IRIS
// requires: no extra keys, no wrapping; explicit NULLS FIRST/LAST is then refused.
func (e *emitter) orderBy(sorts []*pg_query.Node, targets []*pg_query.Node, plain bool) {
	first := true
	for _, s := range sorts {
		sb := s.Node.(*pg_query.Node_SortBy).SortBy
		switch k := sb.Node.Node.(type) {
		case *pg_query.Node_ParamRef:
			// A parameter is the same for every row: it orders nothing, and IRIS
			// would read "ORDER BY ?" differently. It still counts as referenced.
			e.noteParam(k.ParamRef)
			continue
		case *pg_query.Node_AConst:
			if k.AConst.Isnull {
				continue // ORDER BY NULL orders nothing either
			}
		}
		if first {
			e.w(" ORDER BY ")
			first = false
		} else {
			e.w(", ")
		}
		e.sortKey(sb, targets, plain)
	}
}

func (e *emitter) sortKey(sb *pg_query.SortBy, targets []*pg_query.Node, plain bool) {
	if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING {
		e.unsupported(sb.Location, "ORDER BY … USING")
	}
	desc := sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
	nullsExplicit := sb.SortbyNulls == pg_query.SortByNulls_SORTBY_NULLS_FIRST || sb.SortbyNulls == pg_query.SortByNulls_SORTBY_NULLS_LAST
	nullsFirst := sb.SortbyNulls == pg_query.SortByNulls_SORTBY_NULLS_FIRST || (!nullsExplicit && desc)

	key := sb.Node
	if !plain && e.starSort(sb, targets, e.sortFrom, nullsFirst) {
		if desc {
			e.w(" DESC")
		}
		return
	}
	vectorKey := key
	if !plain {
		if t := e.resolveOutputRef(key, targets, "ORDER BY"); t != nil {
			vectorKey = t
		}
	}
	if op, l, r, ok := vectorDistance(vectorKey); ok {
		// Distance ascending = similarity descending.
		name := "VECTOR_COSINE"
		if op == "<#>" {
			name = "VECTOR_DOT_PRODUCT"
		}
		e.vectorCall(name, l, r)
		if desc {
			e.w(" ASC")
		} else {
			e.w(" DESC")
		}
		return
	}

	if plain {
		if nullsExplicit {
			e.unsupported(sb.Location, "NULLS FIRST/LAST with DISTINCT or a set operation")
		}
		e.value(key)
		if c, ok := e.outputColumn(key, targets); ok {
			// IRIS sorts such a query by output columns only: no position can be written.
			e.noteEnumRefusal(c, "ORDER BY with DISTINCT or a set operation of a value")
		}
		if desc {
			e.w(" DESC")
		}
		return
	}

	// An ordinal or output name refers to a select-list expression: IRIS accepts
	// the ordinal/alias itself as the key, the NULL key needs the expression.
	expr := key
	byReference := false
	if t := e.resolveOutputRef(key, targets, "ORDER BY"); t != nil {
		expr = t
		byReference = !isPlainColumn(t)
	}
	if !cannotBeNull(expr) {
		e.w("CASE WHEN ")
		e.operand(expr)
		if nullsFirst {
			e.w(" IS NULL THEN 0 ELSE 1 END, ")
		} else {
			e.w(" IS NULL THEN 1 ELSE 0 END, ")
		}
	}
	at := e.b.Len()
	switch {
	case byReference:
		e.value(key)
	case e.opt.ExactCollation && isPlainColumn(expr):
		e.exactOperand(expr, true)
	default:
		e.value(expr)
	}
	switch c, ok := e.sortColumn(expr); {
	case ok && !byReference && isPlainColumn(expr):
		e.noteRankColumn(c, at)
	case ok:
		// min(c) and the like, whose labels would sort as text.
		e.noteEnumRefusal(c, "ORDER BY this expression")
	}
	if desc {
		e.w(" DESC")
	}
}

// sortSource is an output column of a query an ORDER BY sorts by name or position from
// outside (outputSorts): its name and the table column it shows, nil when none.
type sortSource struct {
	name string
	col  *CatalogColumn
}

// sourcesOf are the sort sources of a query's result columns (nil when not known).
func sourcesOf(cols []Column) []sortSource {
	if cols == nil {
		return nil
	}
	out := make([]sortSource, len(cols))
	for i, c := range cols {
		out[i] = sortSource{c.Name, c.Source}
	}
	return out
}

// sortColumn is the table column an ORDER BY key shows: a column, or min/max of one
// (resultSource); by name, an output column of the query it sorts from outside.
func (e *emitter) sortColumn(expr *pg_query.Node) (CatalogColumn, bool) {
	if ref, ok := expr.Node.(*pg_query.Node_ColumnRef); ok && len(ref.ColumnRef.Fields) == 1 && e.sortSources != nil {
		name := strVal(ref.ColumnRef.Fields[0])
		for _, s := range e.sortSources {
			if s.name == name {
				if s.col == nil {
					return CatalogColumn{}, false
				}
				return *s.col, true
			}
		}
	}
	if c := e.resultSource(expr); c != nil {
		return *c, true
	}
	return CatalogColumn{}, false
}

// outputColumn is the table column an ORDER BY key of DISTINCT or a set operation
// shows: an output position or name of the sort sources, or a select-list item.
func (e *emitter) outputColumn(key *pg_query.Node, targets []*pg_query.Node) (CatalogColumn, bool) {
	if c, ok := key.Node.(*pg_query.Node_AConst); ok && e.sortSources != nil {
		if iv, isInt := c.AConst.Val.(*pg_query.A_Const_Ival); isInt {
			if i := int(iv.Ival.Ival); i >= 1 && i <= len(e.sortSources) && e.sortSources[i-1].col != nil {
				return *e.sortSources[i-1].col, true
			}
			return CatalogColumn{}, false
		}
	}
	if e.sortSources == nil {
		if t := e.resolveOutputRef(key, targets, "ORDER BY"); t != nil {
			key = t
		}
	}
	return e.sortColumn(key)
}

func vectorDistance(n *pg_query.Node) (op string, l, r *pg_query.Node, ok bool) {
	a, isExpr := n.Node.(*pg_query.Node_AExpr)
	if !isExpr || a.AExpr.Kind != pg_query.A_Expr_Kind_AEXPR_OP || a.AExpr.Lexpr == nil {
		return "", nil, nil, false
	}
	op = opName(a.AExpr)
	if op != "<=>" && op != "<#>" {
		return "", nil, nil, false
	}
	return op, a.AExpr.Lexpr, a.AExpr.Rexpr, true
}

// cannotBeNull: constants, parameters (the same for every row) and COUNT.
func cannotBeNull(n *pg_query.Node) bool {
	switch v := n.Node.(type) {
	case *pg_query.Node_AConst:
		return !v.AConst.Isnull
	case *pg_query.Node_ParamRef:
		return true
	case *pg_query.Node_FuncCall:
		return lastName(v.FuncCall.Funcname) == "count"
	}
	return neverNull(n)
}

// outputSorts handles ORDER BY on DISTINCT and set operations, whose keys IRIS
// restricts to output columns, so no NULL-placement key can be added beside
// them. When a key may be NULL (or says NULLS FIRST/LAST) the query is wrapped
// in a derived table and sorted outside by the output column names: the
// returned sort list refers to those names (wrap true). Otherwise the keys are
// written as they are (wrap false).
func (e *emitter) outputSorts(sorts, targets []*pg_query.Node, setop bool) ([]*pg_query.Node, bool) {
	wrap := false
	for _, s := range sorts {
		sb := s.Node.(*pg_query.Node_SortBy).SortBy
		if _, _, _, vec := vectorDistance(sb.Node); vec {
			return sorts, false // similarity keys have no NULLs to place
		}
		if sb.SortbyNulls != pg_query.SortByNulls_SORTBY_NULLS_DEFAULT {
			wrap = true
		}
		if setop {
			// Another leg can put a NULL under the first leg's constant.
			wrap = wrap || !isParamOrNull(sb.Node)
		} else if t := e.resolveOutputRef(sb.Node, targets, "ORDER BY"); t != nil {
			wrap = wrap || !cannotBeNull(t)
		} else {
			wrap = wrap || !cannotBeNull(sb.Node)
		}
	}
	if !wrap {
		return sorts, false
	}
	names := map[string]int{}
	for _, t := range targets {
		rt := t.Node.(*pg_query.Node_ResTarget).ResTarget
		if !isStar(rt.Val) {
			names[outputName(rt)]++
		}
	}
	out := make([]*pg_query.Node, 0, len(sorts))
	for _, s := range sorts {
		sb := s.Node.(*pg_query.Node_SortBy).SortBy
		if isParamOrNull(sb.Node) {
			out = append(out, s) // orderBy drops these
			continue
		}
		name := e.sortOutputName(sb.Node, targets)
		if name == "" || names[name] > 1 {
			e.unsupported(sb.Location, "this ORDER BY key with DISTINCT or a set operation (name it by a unique output column)")
		}
		ref := &pg_query.Node{Node: &pg_query.Node_ColumnRef{ColumnRef: &pg_query.ColumnRef{
			Fields: []*pg_query.Node{{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: name}}}},
		}}}
		out = append(out, &pg_query.Node{Node: &pg_query.Node_SortBy{SortBy: &pg_query.SortBy{
			Node: ref, SortbyDir: sb.SortbyDir, SortbyNulls: sb.SortbyNulls, Location: sb.Location,
		}}})
	}
	return out, true
}

// sortOutputName is the output column a DISTINCT/set-operation sort key names:
// by position, by output name, or by repeating a select-list expression.
func (e *emitter) sortOutputName(key *pg_query.Node, targets []*pg_query.Node) string {
	if c, ok := key.Node.(*pg_query.Node_AConst); ok {
		if iv, isInt := c.AConst.Val.(*pg_query.A_Const_Ival); isInt {
			e.readConst(c.AConst)
			e.resolveOutputRef(key, targets, "ORDER BY") // range checks
			return outputName(targets[iv.Ival.Ival-1].Node.(*pg_query.Node_ResTarget).ResTarget)
		}
	}
	bare := ""
	if c, ok := key.Node.(*pg_query.Node_ColumnRef); ok && len(c.ColumnRef.Fields) == 1 && !isStar(key) {
		bare = strVal(c.ColumnRef.Fields[0])
	}
	star := false
	for _, t := range targets {
		rt := t.Node.(*pg_query.Node_ResTarget).ResTarget
		star = star || isStar(rt.Val)
		if bare != "" && !isStar(rt.Val) && outputName(rt) == bare {
			return bare
		}
	}
	text := e.scratch(key)
	for _, t := range targets {
		rt := t.Node.(*pg_query.Node_ResTarget).ResTarget
		if !isStar(rt.Val) && e.scratch(rt.Val) == text {
			return outputName(rt)
		}
	}
	if star {
		return bare // a column of SELECT DISTINCT *
	}
	return ""
}

// scratch is the IRIS text of an expression, written aside (for comparisons).
func (e *emitter) scratch(n *pg_query.Node) string {
	s := &emitter{translator: e.translator, subst: e.subst, scratching: true}
	s.value(n)
	return s.b.String()
}

func outputName(rt *pg_query.ResTarget) string {
	if rt.Name != "" {
		return rt.Name
	}
	return colname(rt.Val)
}

func isParamOrNull(n *pg_query.Node) bool {
	switch v := n.Node.(type) {
	case *pg_query.Node_ParamRef:
		return true
	case *pg_query.Node_AConst:
		return v.AConst.Isnull
	}
	return false
}

// starSort writes ORDER BY k for a SELECT whose only target is a star (* or t.*), and
// records the place (StarSort) where the catalog can name the k-th column. false when
// the star's tables are not plain tables (JOIN USING, NATURAL, subqueries).
func (e *emitter) starSort(sb *pg_query.SortBy, targets []*pg_query.Node, from []*pg_query.Node, nullsFirst bool) bool {
	c, isConst := sb.Node.Node.(*pg_query.Node_AConst)
	if !isConst || len(targets) != 1 {
		return false
	}
	iv, isInt := c.AConst.Val.(*pg_query.A_Const_Ival)
	star := targets[0].GetResTarget().GetVal().GetColumnRef()
	if !isInt || star == nil || !isStar(targets[0].GetResTarget().GetVal()) {
		return false
	}
	var tables []StarTable
	for _, f := range from {
		if !starTables(f, &tables) {
			return false
		}
	}
	qualify := len(tables) > 1
	if len(star.Fields) == 2 { // t.*
		q := strVal(star.Fields[0])
		tables = slices.DeleteFunc(tables, func(t StarTable) bool { return t.Qualifier != q })
	}
	if len(tables) == 0 {
		return false
	}
	e.readConst(c.AConst)
	at := e.b.Len()
	e.w(strconv.FormatInt(int64(iv.Ival.Ival), 10))
	e.places.StarSorts = append(e.places.StarSorts, StarSort{At: at, End: e.b.Len(), Position: int(iv.Ival.Ival), Tables: tables, NullsFirst: nullsFirst, Qualify: qualify})
	return true
}

// starTables collects the tables of a FROM item in the order * expands them.
func starTables(n *pg_query.Node, out *[]StarTable) bool {
	switch v := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		q := v.RangeVar.Relname
		if v.RangeVar.Alias != nil {
			if len(v.RangeVar.Alias.Colnames) > 0 {
				return false
			}
			q = v.RangeVar.Alias.Aliasname
		}
		*out = append(*out, StarTable{Table: tableRef(v.RangeVar), Qualifier: q})
		return true
	case *pg_query.Node_JoinExpr:
		j := v.JoinExpr
		if j.IsNatural || len(j.UsingClause) > 0 || j.Alias != nil {
			return false
		}
		return starTables(j.Larg, out) && starTables(j.Rarg, out)
	}
	return false
}

// starSortKey is the ORDER BY key of s once the catalog names its column, "" when it
// does not know the tables or the position is beyond their columns.
func starSortKey(s StarSort, cat Catalog) string {
	k := s.Position
	for _, t := range s.Tables {
		names := cat.ColumnNames(t.Table)
		if names == nil {
			return ""
		}
		if k > len(names) {
			k -= len(names)
			continue
		}
		var ref strings.Builder
		if s.Qualify {
			writeIdent(&ref, t.Qualifier)
			ref.WriteByte('.')
		}
		writeIdent(&ref, names[k-1])
		nulls := " IS NULL THEN 1 ELSE 0 END, "
		if s.NullsFirst {
			nulls = " IS NULL THEN 0 ELSE 1 END, "
		}
		key := "%EXACT(" + ref.String() + ")"
		if t := columnEnum(CatalogColumn{Column: names[k-1], Tables: []TableRef{t.Table}}, cat); t != nil {
			key = enumRankExpr(key, t)
		}
		return "CASE WHEN " + ref.String() + nulls + key
	}
	return ""
}
