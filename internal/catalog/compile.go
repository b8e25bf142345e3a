package catalog

import (
	"fmt"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// scope is the name space of one query level.
type scope struct {
	parent *scope
	rels   []*scopeRel
	ctes   map[string]*cteDef
	plan   *selectPlan // aggregates register here
	inAgg  bool
}

type scopeRel struct {
	alias string
	cols  []relColumn
	slot  int
	table uint32 // a catalog table's OID: its tableoid system column (psql's \dd, \dL)
}

type compiler struct {
	rt *runtime
	// params are the types PostgreSQL would infer for $n from their context (a cast, or
	// the other side of a comparison); 0 = unknown.
	params []uint32
}

// inferParam records the type a parameter gets from its context.
func (c *compiler) inferParam(e expr, t uint32) {
	p, ok := e.(*paramExpr)
	if !ok || t == 0 || t == oidUnknown {
		return
	}
	for len(c.params) <= p.idx {
		c.params = append(c.params, 0)
	}
	if c.params[p.idx] == 0 {
		c.params[p.idx] = t
	}
}

func (s *scope) cte(name string) *cteDef {
	for ; s != nil; s = s.parent {
		if p, ok := s.ctes[name]; ok {
			return p
		}
	}
	return nil
}

func unsupported(what string) *Error {
	return errorf("0A000", "%s is not supported in catalog queries by pgwired", what)
}

// compileSelect compiles a SelectStmt under parent (nil at top level).
func (c *compiler) compileSelect(n *pg_query.SelectStmt, parent *scope) (*selectPlan, error) {
	sc := &scope{parent: parent}
	if n.WithClause != nil {
		sc.ctes = map[string]*cteDef{}
		for _, cn := range n.WithClause.Ctes {
			d, err := c.compileCTE(cn.GetCommonTableExpr(), n.WithClause.Recursive, sc)
			if err != nil {
				return nil, err
			}
			sc.ctes[d.name] = d
		}
	}
	p := &selectPlan{}
	sc.plan = p
	switch {
	case n.Op != pg_query.SetOperation_SETOP_NONE && n.Op != pg_query.SetOperation_SET_OPERATION_UNDEFINED:
		l, err := c.compileSelect(n.Larg, sc)
		if err != nil {
			return nil, err
		}
		r, err := c.compileSelect(n.Rarg, sc)
		if err != nil {
			return nil, err
		}
		if len(l.cols) != len(r.cols) {
			return nil, errorf("42601", "each %s query must have the same number of columns", strings.ToUpper(setopName(n.Op)))
		}
		p.setop, p.setAll, p.left, p.rght = setopName(n.Op), n.All, l, r
		p.cols = append([]Column(nil), l.cols...)
		for i := range p.cols {
			if p.cols[i].TypeOID == oidUnknown {
				p.cols[i].TypeOID = r.cols[i].TypeOID
			}
		}
	case len(n.ValuesLists) > 0:
		for _, vl := range n.ValuesLists {
			var row []expr
			for _, item := range vl.GetList().Items {
				e, err := c.expr(item, sc)
				if err != nil {
					return nil, err
				}
				row = append(row, e)
			}
			p.values = append(p.values, row)
		}
		for i, e := range p.values[0] {
			t := e.typ()
			if t == oidUnknown {
				t = oidText
			}
			p.cols = append(p.cols, Column{Name: "column" + strconv.Itoa(i+1), TypeOID: t, Typmod: -1})
		}
	default:
		if err := c.compileSimple(n, sc, p); err != nil {
			return nil, err
		}
	}
	if err := c.compileOrder(n.SortClause, sc, p); err != nil {
		return nil, err
	}
	if n.LimitCount != nil {
		e, err := c.expr(n.LimitCount, sc)
		if err != nil {
			return nil, err
		}
		p.limit = e
	}
	if n.LimitOffset != nil {
		e, err := c.expr(n.LimitOffset, sc)
		if err != nil {
			return nil, err
		}
		p.offset = e
	}
	return p, nil
}

func setopName(op pg_query.SetOperation) string {
	switch op {
	case pg_query.SetOperation_SETOP_INTERSECT:
		return "intersect"
	case pg_query.SetOperation_SETOP_EXCEPT:
		return "except"
	}
	return "union"
}

func (c *compiler) compileSimple(n *pg_query.SelectStmt, sc *scope, p *selectPlan) error {
	if n.IntoClause != nil || len(n.LockingClause) > 0 || len(n.WindowClause) > 0 {
		return unsupported("SELECT INTO, FOR UPDATE or WINDOW")
	}
	for _, item := range n.FromClause {
		it, err := c.fromItem(item, sc, p)
		if err != nil {
			return err
		}
		p.items = append(p.items, it)
	}
	var where []expr
	if n.WhereClause != nil {
		for _, conj := range conjuncts(n.WhereClause) {
			e, err := c.expr(conj, sc)
			if err != nil {
				return err
			}
			where = append(where, e)
		}
	}
	p.items = joinOrder(p.items, where)
	p.conds = make([][]expr, len(p.items))
	p.probes = make([]*probe, len(p.items))
	for _, e := range where {
		place(e, p)
	}
	// Targets.
	for _, t := range n.TargetList {
		rt := t.GetResTarget()
		if cr := rt.Val.GetColumnRef(); cr != nil {
			if star, qual := isStar(cr); star {
				if err := c.expandStar(qual, sc, p); err != nil {
					return err
				}
				continue
			}
		}
		e, err := c.targetSRF(rt.Val, sc, p)
		if err != nil {
			return err
		}
		if e == nil {
			if e, err = c.windowTarget(rt.Val, sc, p, len(p.targets)); err != nil {
				return err
			}
		}
		if e == nil {
			if e, err = c.expr(rt.Val, sc); err != nil {
				return err
			}
		}
		name := rt.Name
		if name == "" {
			name = figureColname(rt.Val)
		}
		t := e.typ()
		if t == oidUnknown {
			t = oidText
		}
		p.targets = append(p.targets, e)
		// Catalog columns carry no type modifier; neither do computed ones.
		p.cols = append(p.cols, Column{Name: name, TypeOID: t, Typmod: -1, shape: shapeOf(e)})
	}
	if len(n.DistinctClause) > 0 {
		if n.DistinctClause[0].Node != nil {
			return unsupported("DISTINCT ON")
		}
		p.distinct = true
	}
	for _, g := range n.GroupClause {
		e, err := c.groupExpr(g, sc, p)
		if err != nil {
			return err
		}
		p.groupBy = append(p.groupBy, e)
	}
	if n.HavingClause != nil {
		e, err := c.expr(n.HavingClause, sc)
		if err != nil {
			return err
		}
		p.having = e
	}
	p.grouped = len(p.groupBy) > 0 || len(p.aggs) > 0 || p.having != nil
	return nil
}

// targetSRF compiles a set-returning function in the select list as a lateral FROM item
// (one output row per row it returns) and returns the reference to its value: the column
// of a one-column function, a record otherwise. nil when the target is something else.
func (c *compiler) targetSRF(n *pg_query.Node, sc *scope, p *selectPlan) (expr, error) {
	fc := n.GetFuncCall()
	if fc == nil || srfs[funcName(fc.Funcname)] == nil {
		return nil, nil
	}
	item, offset, cs, err := c.srfItem(fc, sc, p)
	if err != nil {
		return nil, err
	}
	if len(cs) == 1 {
		return &colExpr{typed: typed{cs[0].typ}, slot: item.slot, col: offset}, nil
	}
	return &recordExpr{typed: typed{oidRecord}, slot: item.slot, offset: offset, shape: &recordShape{cols: cs}}, nil
}

// windowTarget compiles a ranking window function standing alone in the select list
// (pgjdbc: row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum)); nil when the
// target is something else.
func (c *compiler) windowTarget(n *pg_query.Node, sc *scope, p *selectPlan, pos int) (expr, error) {
	fc := n.GetFuncCall()
	if fc == nil || fc.Over == nil {
		return nil, nil
	}
	name := funcName(fc.Funcname)
	switch name {
	case "row_number", "rank", "dense_rank":
	default:
		return nil, unsupported("window function " + name)
	}
	if len(fc.Args) > 0 || fc.Over.Name != "" || fc.Over.Refname != "" {
		return nil, unsupported("this window definition")
	}
	w := &windowCall{name: name, pos: pos}
	for _, pn := range fc.Over.PartitionClause {
		e, err := c.expr(pn, sc)
		if err != nil {
			return nil, err
		}
		w.partition = append(w.partition, e)
	}
	for _, o := range fc.Over.OrderClause {
		sb := o.GetSortBy()
		e, err := c.expr(sb.Node, sc)
		if err != nil {
			return nil, err
		}
		desc := sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
		w.order = append(w.order, orderKey{e: e, desc: desc, nullsFirst: desc})
	}
	p.windows = append(p.windows, w)
	return &constExpr{typed: typed{oidInt8}}, nil // filled in after the scan
}

// srfItem adds a select-list set-returning function to the plan's one lateral item for
// them, where all run in lockstep as in PostgreSQL: row i holds every function's row i
// (NULLs for functions that ran out). Identical calls are evaluated once, so that
// (f(x)).a and (f(x)).b come from the same row. offset is the call's first column.
func (c *compiler) srfItem(fc *pg_query.FuncCall, sc *scope, p *selectPlan) (*srfListItem, int, []relColumn, error) {
	def := srfs[funcName(fc.Funcname)]
	args, err := c.exprs(fc.Args, sc)
	if err != nil {
		return nil, 0, nil, err
	}
	if err := def.checkArgs(funcName(fc.Funcname), args); err != nil {
		return nil, 0, nil, err
	}
	if funcName(fc.Funcname) == "unnest" && len(args) > 1 {
		// PostgreSQL has the zipping form only in FROM.
		return nil, 0, nil, (&srfDef{minArgs: len(args) + 1}).checkArgs("unnest", args)
	}
	key := funcName(fc.Funcname)
	for _, a := range args {
		key += "|" + exprKey(a)
	}
	cs := def.columns(argTypes(args))
	if p.srfList == nil {
		p.srfList = &srfListItem{slot: p.nslots}
		p.nslots++
		p.items = append(p.items, p.srfList)
		p.conds = append(p.conds, nil)
		p.probes = append(p.probes, nil)
	}
	l := p.srfList
	for _, call := range l.calls {
		if call.key == key && !strings.Contains(key, "?") {
			return l, call.offset, cs, nil
		}
	}
	call := &srfCall{fn: def, args: args, key: key, offset: l.width, width: len(cs)}
	l.calls = append(l.calls, call)
	l.width += len(cs)
	return l, call.offset, cs, nil
}

// exprKey identifies simple expressions (columns, constants); "?" for anything else.
func exprKey(e expr) string {
	switch x := e.(type) {
	case *colExpr:
		return fmt.Sprintf("c%d.%d.%d", x.depth, x.slot, x.col)
	case *constExpr:
		return fmt.Sprintf("k%v", x.v)
	}
	return "?"
}

func (c *compiler) groupExpr(g *pg_query.Node, sc *scope, p *selectPlan) (expr, error) {
	if ac := g.GetAConst(); ac != nil {
		if iv := ac.GetIval(); iv != nil || ac.Val == nil {
			pos := 0
			if iv != nil {
				pos = int(iv.Ival)
			}
			if pos < 1 || pos > len(p.targets) {
				return nil, errorf("42P10", "GROUP BY position %d is not in select list", pos)
			}
			return p.targets[pos-1], nil
		}
	}
	if cr := g.GetColumnRef(); cr != nil && len(cr.Fields) == 1 {
		name := cr.Fields[0].GetString_().GetSval()
		if _, ok := c.resolveColumn([]string{name}, sc); !ok {
			for i, col := range p.cols {
				if col.Name == name {
					return p.targets[i], nil
				}
			}
		}
	}
	return c.expr(g, sc)
}

// place attaches a WHERE conjunct to the first FROM item after which all the columns it
// reads are bound.
// flattenAnd lists the conjuncts of an AND tree.
func flattenAnd(e expr) []expr {
	if b, ok := e.(*boolExpr); ok && b.op == "and" {
		var out []expr
		for _, a := range b.args {
			out = append(out, flattenAnd(a)...)
		}
		return out
	}
	return []expr{e}
}

func conjuncts(n *pg_query.Node) []*pg_query.Node {
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pg_query.BoolExprType_AND_EXPR {
		var out []*pg_query.Node
		for _, a := range b.Args {
			out = append(out, conjuncts(a)...)
		}
		return out
	}
	return []*pg_query.Node{n}
}

func isStar(cr *pg_query.ColumnRef) (bool, string) {
	last := cr.Fields[len(cr.Fields)-1]
	if last.GetAStar() == nil {
		return false, ""
	}
	if len(cr.Fields) >= 2 {
		return true, cr.Fields[len(cr.Fields)-2].GetString_().GetSval()
	}
	return true, ""
}

func (c *compiler) expandStar(qual string, sc *scope, p *selectPlan) error {
	found := false
	for _, r := range sc.rels {
		if qual != "" && r.alias != qual {
			continue
		}
		found = true
		for i, col := range r.cols {
			p.targets = append(p.targets, &colExpr{typed: typed{col.typ}, slot: r.slot, col: i})
			p.cols = append(p.cols, Column{Name: col.name, TypeOID: col.typ, Typmod: -1})
		}
	}
	if !found {
		if qual != "" {
			return errorf("42P01", "missing FROM-clause entry for table %q", qual)
		}
		return errorf("42601", "SELECT * with no tables specified is not valid")
	}
	return nil
}

func (c *compiler) compileOrder(sorts []*pg_query.Node, sc *scope, p *selectPlan) error {
	for _, s := range sorts {
		sb := s.GetSortBy()
		if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING {
			return unsupported("ORDER BY USING")
		}
		k := orderKey{desc: sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC}
		k.nullsFirst = k.desc
		switch sb.SortbyNulls {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			k.nullsFirst = true
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			k.nullsFirst = false
		}
		node := sb.Node
		if cc := node.GetCollateClause(); cc != nil {
			node = cc.Arg
		}
		resolved := false
		if ac := node.GetAConst(); ac != nil && ac.GetIval() != nil || node.GetAConst() != nil && node.GetAConst().Val == nil {
			pos := int(node.GetAConst().GetIval().GetIval())
			if pos < 1 || pos > len(p.cols) {
				return errorf("42P10", "ORDER BY position %d is not in select list", pos)
			}
			k.pos, resolved = pos-1, true
		} else if cr := node.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil {
			name := cr.Fields[0].GetString_().Sval
			for i, col := range p.cols {
				if col.Name == name {
					k.pos, resolved = i, true
					break
				}
			}
		}
		if !resolved {
			if p.setop != "" || p.values != nil {
				return unsupported("ORDER BY an expression over a set operation")
			}
			e, err := c.expr(node, sc)
			if err != nil {
				return err
			}
			k.e = e
		}
		p.order = append(p.order, k)
	}
	return nil
}

// fromItem compiles one FROM entry, adding its relations to the scope.
func (c *compiler) fromItem(n *pg_query.Node, sc *scope, p *selectPlan) (fromItem, error) {
	switch x := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		rv := x.RangeVar
		alias := rv.Relname
		if rv.Alias != nil {
			alias = rv.Alias.Aliasname
		}
		slot := p.nslots
		p.nslots++
		if rv.Schemaname == "" {
			if cte := sc.cte(rv.Relname); cte != nil {
				sc.rels = append(sc.rels, &scopeRel{alias: alias, cols: aliasCols(cte.cols, rv.Alias), slot: slot})
				return &cteItem{slot: slot, def: cte}, nil
			}
		}
		schema := strings.ToLower(rv.Schemaname)
		if schema == "" {
			schema = "pg_catalog"
		}
		d := relDefIndex[schema+"."+rv.Relname]
		if d == nil {
			// An unqualified pg_* name is a catalog PostgreSQL would find in pg_catalog
			// (pg_stat_statements without the extension): 42P01 as there.
			if rv.Schemaname == "" && !strings.HasPrefix(rv.Relname, "pg_") || schema != "pg_catalog" && schema != "information_schema" {
				return nil, errMixed(qualified(rv.Schemaname, rv.Relname))
			}
			return nil, errorf("42P01", "relation %q does not exist", qualified(rv.Schemaname, rv.Relname))
		}
		cs := d.cols
		if rv.Alias != nil && len(rv.Alias.Colnames) > 0 {
			cs = renameCols(cs, rv.Alias.Colnames)
		}
		sr := &scopeRel{alias: alias, cols: cs, slot: slot}
		if !d.view {
			sr.table = d.oid
		}
		sc.rels = append(sc.rels, sr)
		item := &baseItem{slot: slot, def: d}
		switch d.name {
		case "pg_settings":
			item.rel = c.rt.settingsRelation(d)
		case "pg_cursors":
			item.rel = c.rt.cursorsRelation(d)
		case "pg_stat_activity":
			item.rel = c.rt.activityRelation(d)
		}
		return item, nil
	case *pg_query.Node_RangeSubselect:
		rs := x.RangeSubselect
		sel := rs.Subquery.GetSelectStmt()
		if sel == nil {
			return nil, unsupported("this FROM sub-query")
		}
		sub, err := c.compileSelect(sel, sc)
		if err != nil {
			return nil, err
		}
		slot := p.nslots
		p.nslots++
		alias := ""
		if rs.Alias != nil {
			alias = rs.Alias.Aliasname
		}
		sc.rels = append(sc.rels, &scopeRel{alias: alias, cols: aliasCols(sub.cols, rs.Alias), slot: slot})
		return &subqueryItem{slot: slot, plan: sub, lateral: rs.Lateral}, nil
	case *pg_query.Node_RangeFunction:
		return c.rangeFunction(x.RangeFunction, sc, p)
	case *pg_query.Node_JoinExpr:
		j := x.JoinExpr
		start := p.nslots
		l, err := c.fromItem(j.Larg, sc, p)
		if err != nil {
			return nil, err
		}
		r, err := c.fromItem(j.Rarg, sc, p)
		if err != nil {
			return nil, err
		}
		item := &joinItem{start: start, n: p.nslots - start, left: l, right: r, kind: "inner"}
		switch j.Jointype {
		case pg_query.JoinType_JOIN_LEFT:
			item.kind = "left"
		case pg_query.JoinType_JOIN_RIGHT:
			item.kind = "right"
		case pg_query.JoinType_JOIN_FULL:
			item.kind = "full"
		}
		if j.IsNatural {
			return nil, unsupported("NATURAL JOIN")
		}
		if len(j.UsingClause) > 0 {
			on, err := c.usingCondition(j.UsingClause, l, r, sc)
			if err != nil {
				return nil, err
			}
			item.on = on
		}
		if j.Quals != nil {
			on, err := c.expr(j.Quals, sc)
			if err != nil {
				return nil, err
			}
			item.on = on
			for _, conj := range flattenAnd(on) {
				rs, _ := r.span()
				if item.probe = equiProbe(conj, r, func(slot int) bool { return slot < rs }); item.probe != nil {
					break
				}
			}
		}
		return item, nil
	}
	return nil, unsupported("this FROM item")
}

// usingCondition turns JOIN … USING (a, b) into l.a = r.a AND l.b = r.b.
func (c *compiler) usingCondition(names []*pg_query.Node, l, r fromItem, sc *scope) (expr, error) {
	find := func(it fromItem, name string) *colExpr {
		start, n := it.span()
		for _, rel := range sc.rels {
			if rel.slot < start || rel.slot >= start+n {
				continue
			}
			for i, col := range rel.cols {
				if col.name == name {
					return &colExpr{typed: typed{col.typ}, slot: rel.slot, col: i}
				}
			}
		}
		return nil
	}
	and := &boolExpr{typed: typed{oidBool}, op: "and"}
	for _, n := range names {
		name := n.GetString_().GetSval()
		lc, rc := find(l, name), find(r, name)
		if lc == nil || rc == nil {
			return nil, errorf("42703", "column %q specified in USING clause does not exist in both tables", name)
		}
		and.args = append(and.args, &opExpr{typed: typed{oidBool}, op: "=", l: lc, r: rc})
	}
	return and, nil
}

func qualified(schema, name string) string {
	if schema == "" {
		return name
	}
	return schema + "." + name
}

func aliasCols(cs []Column, alias *pg_query.Alias) []relColumn {
	out := make([]relColumn, len(cs))
	for i, col := range cs {
		out[i] = relColumn{name: col.Name, typ: col.TypeOID, shape: col.shape}
	}
	if alias != nil && len(alias.Colnames) > 0 {
		out = renameCols(out, alias.Colnames)
	}
	return out
}

func renameCols(cs []relColumn, names []*pg_query.Node) []relColumn {
	out := append([]relColumn(nil), cs...)
	for i, n := range names {
		if i < len(out) {
			out[i].name = n.GetString_().GetSval()
		}
	}
	return out
}

func (c *compiler) rangeFunction(rf *pg_query.RangeFunction, sc *scope, p *selectPlan) (fromItem, error) {
	if len(rf.Functions) != 1 || rf.IsRowsfrom {
		return nil, unsupported("ROWS FROM")
	}
	fc := rf.Functions[0].GetList().Items[0].GetFuncCall()
	if fc == nil {
		return nil, unsupported("this FROM function")
	}
	name := funcName(fc.Funcname)
	def := srfs[name]
	if def == nil {
		scalar := funcs[name]
		if scalar == nil {
			return nil, errorf("42883", "function %s does not exist", name)
		}
		def = scalarInFrom(name, scalar, len(fc.Args))
	}
	var args []expr
	for _, a := range fc.Args {
		e, err := c.expr(a, sc)
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	if err := def.checkArgs(name, args); err != nil {
		return nil, err
	}
	slot := p.nslots
	p.nslots++
	cs := def.columns(argTypes(args))
	alias := name
	if rf.Alias != nil {
		alias = rf.Alias.Aliasname
		if len(cs) == 1 && len(rf.Alias.Colnames) == 0 {
			cs[0].name = alias
		}
	}
	if rf.Ordinality {
		cs = append(cs, relColumn{name: "ordinality", typ: oidInt8})
	}
	if rf.Alias != nil {
		cs = renameCols(cs, rf.Alias.Colnames)
	}
	sc.rels = append(sc.rels, &scopeRel{alias: alias, cols: cs, slot: slot})
	lateral := rf.Lateral
	for _, a := range args {
		slots, all := slotsOf(a)
		lateral = lateral || all || len(slots) > 0 // reads an earlier FROM item
	}
	return &funcItem{slot: slot, fn: def, args: args, ordinality: rf.Ordinality, lateral: lateral}, nil
}

// scalarInFrom makes a scalar function a FROM item of one row, its result, as PostgreSQL
// does (Grafana: FROM string_to_array(current_setting('search_path'), ',') s).
func scalarInFrom(name string, d *funcDef, nargs int) *srfDef {
	minArgs := d.minArgs
	if d.maxArgs >= 0 && nargs > d.maxArgs {
		minArgs = nargs + 1 // too many: checkArgs reports 42883
	}
	return &srfDef{
		minArgs: minArgs,
		columns: func(args []uint32) []relColumn {
			t := d.result
			if d.resultOf != nil {
				t = d.resultOf(args)
			}
			return []relColumn{{name: name, typ: t}}
		},
		call: func(c *call) ([][]any, error) {
			for _, a := range c.args {
				if a == nil && d.strict {
					return [][]any{{nil}}, nil
				}
			}
			v, err := d.call(c)
			if err != nil {
				return nil, err
			}
			return [][]any{{v}}, nil
		},
	}
}

// funcName is a function's name without a pg_catalog/information_schema qualifier.
func funcName(names []*pg_query.Node) string {
	return strings.ToLower(names[len(names)-1].GetString_().GetSval())
}

// tableOID resolves the system column tableoid of a catalog table in scope: the table's
// own OID, as the classoid that pg_description and pg_depend rows carry.
func tableOID(fields []string, sc *scope) (expr, bool) {
	if fields[len(fields)-1] != "tableoid" || len(fields) > 2 {
		return nil, false
	}
	for s := sc; s != nil; s = s.parent {
		for _, r := range s.rels {
			if r.table != 0 && (len(fields) == 1 || r.alias == fields[0]) {
				return &constExpr{typed: typed{oidOID}, v: int64(r.table)}, true
			}
		}
	}
	return nil, false
}

// resolveColumn finds a column by its (possibly qualified) name in the scope chain.
func (c *compiler) resolveColumn(fields []string, sc *scope) (*colExpr, bool) {
	name := fields[len(fields)-1]
	qual := ""
	if len(fields) >= 2 {
		qual = fields[len(fields)-2]
	}
	for depth, s := 0, sc; s != nil; depth, s = depth+1, s.parent {
		var hit *colExpr
		for _, r := range s.rels {
			if qual != "" && r.alias != qual {
				continue
			}
			for i, col := range r.cols {
				if col.name == name {
					if hit != nil && qual == "" {
						continue // ambiguous: PostgreSQL errors; the first wins here
					}
					hit = &colExpr{typed: typed{col.typ}, depth: depth, slot: r.slot, col: i, shape: col.shape}
				}
			}
		}
		if hit != nil {
			return hit, true
		}
	}
	return nil, false
}
