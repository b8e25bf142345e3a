package catalog

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// expr compiles an expression in scope sc.
func (c *compiler) expr(n *pg_query.Node, sc *scope) (expr, error) {
	switch x := n.Node.(type) {
	case *pg_query.Node_AConst:
		return constant(x.AConst), nil
	case *pg_query.Node_ColumnRef:
		var fields []string
		for _, f := range x.ColumnRef.Fields {
			if f.GetAStar() != nil {
				return nil, unsupported("* in an expression")
			}
			fields = append(fields, f.GetString_().GetSval())
		}
		if e, ok := c.resolveColumn(fields, sc); ok {
			return e, nil
		}
		if e, ok := tableOID(fields, sc); ok {
			return e, nil
		}
		if len(fields) == 1 {
			return nil, errorf("42703", "column %q does not exist", fields[0])
		}
		return nil, errorf("42703", "column %s does not exist", strings.Join(fields, "."))
	case *pg_query.Node_ParamRef:
		// A Bind carries at most 65535 values; a higher $n used to size c.params
		// (gigabytes for $444444441, found by fuzzing).
		if x.ParamRef.Number < 1 || x.ParamRef.Number > 65535 {
			return nil, errorf("42P02", "there is no parameter $%d", x.ParamRef.Number)
		}
		idx := int(x.ParamRef.Number) - 1
		for len(c.params) <= idx {
			c.params = append(c.params, 0)
		}
		return &paramExpr{typed: typed{oidUnknown}, idx: idx}, nil
	case *pg_query.Node_TypeCast:
		arg, err := c.expr(x.TypeCast.Arg, sc)
		if err != nil {
			return nil, err
		}
		t, err := c.castTarget(x.TypeCast.TypeName)
		if err != nil {
			return nil, err
		}
		c.inferParam(arg, t)
		if ce, ok := arg.(*constExpr); ok && t != oidRegclass && t != oidRegnamespace && t != oidRegrole && c.rt.enum(t) == nil {
			v, err := castValue(nil, ce.v, ce.t, t)
			if err == nil {
				return &constExpr{typed: typed{t}, v: v}, nil
			}
		}
		return &castExpr{typed: typed{t}, arg: arg}, nil
	case *pg_query.Node_CollateClause:
		return c.expr(x.CollateClause.Arg, sc)
	case *pg_query.Node_BoolExpr:
		args, err := c.exprs(x.BoolExpr.Args, sc)
		if err != nil {
			return nil, err
		}
		op := map[pg_query.BoolExprType]string{pg_query.BoolExprType_AND_EXPR: "and", pg_query.BoolExprType_OR_EXPR: "or", pg_query.BoolExprType_NOT_EXPR: "not"}[x.BoolExpr.Boolop]
		return &boolExpr{typed: typed{oidBool}, op: op, args: args}, nil
	case *pg_query.Node_NullTest:
		arg, err := c.expr(x.NullTest.Arg, sc)
		if err != nil {
			return nil, err
		}
		return &nullTest{typed: typed{oidBool}, arg: arg, not: x.NullTest.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL}, nil
	case *pg_query.Node_BooleanTest:
		arg, err := c.expr(x.BooleanTest.Arg, sc)
		if err != nil {
			return nil, err
		}
		bt := &boolTest{typed: typed{oidBool}, arg: arg}
		switch x.BooleanTest.Booltesttype {
		case pg_query.BoolTestType_IS_TRUE:
			bt.want = true
		case pg_query.BoolTestType_IS_NOT_TRUE:
			bt.want, bt.negate = true, true
		case pg_query.BoolTestType_IS_FALSE:
			bt.want = false
		case pg_query.BoolTestType_IS_NOT_FALSE:
			bt.want, bt.negate = false, true
		case pg_query.BoolTestType_IS_NOT_UNKNOWN:
			bt.negate = true
		}
		return bt, nil
	case *pg_query.Node_CaseExpr:
		return c.caseExpr(x.CaseExpr, sc)
	case *pg_query.Node_CoalesceExpr:
		args, err := c.exprs(x.CoalesceExpr.Args, sc)
		if err != nil {
			return nil, err
		}
		return &coalesceExpr{typed: typed{commonType(args)}, args: args}, nil
	case *pg_query.Node_MinMaxExpr:
		args, err := c.exprs(x.MinMaxExpr.Args, sc)
		if err != nil {
			return nil, err
		}
		return &minMaxExpr{typed: typed{commonType(args)}, greatest: x.MinMaxExpr.Op == pg_query.MinMaxOp_IS_GREATEST, args: args}, nil
	case *pg_query.Node_AArrayExpr:
		elems, err := c.exprs(x.AArrayExpr.Elements, sc)
		if err != nil {
			return nil, err
		}
		et := commonType(elems)
		if et == oidUnknown {
			et = oidText
		}
		return &arrayExpr{typed: typed{arrayTypeOf(et)}, elems: elems}, nil
	case *pg_query.Node_AIndirection:
		return c.indirection(x.AIndirection, sc)
	case *pg_query.Node_AExpr:
		return c.aExpr(x.AExpr, sc)
	case *pg_query.Node_SubLink:
		return c.subLink(x.SubLink, sc)
	case *pg_query.Node_FuncCall:
		return c.funcCall(x.FuncCall, sc)
	case *pg_query.Node_SqlvalueFunction:
		return c.sqlValueFunction(x.SqlvalueFunction)
	case *pg_query.Node_RowExpr:
		return nil, unsupported("ROW expressions")
	}
	return nil, unsupported("this expression")
}

func (c *compiler) exprs(nodes []*pg_query.Node, sc *scope) ([]expr, error) {
	out := make([]expr, 0, len(nodes))
	for _, n := range nodes {
		e, err := c.expr(n, sc)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func constant(ac *pg_query.A_Const) expr {
	if ac.Isnull {
		return &constExpr{typed: typed{oidUnknown}}
	}
	switch v := ac.Val.(type) {
	case *pg_query.A_Const_Ival:
		return &constExpr{typed: typed{oidInt4}, v: int64(v.Ival.Ival)}
	case *pg_query.A_Const_Fval:
		if n, err := strconv.ParseInt(v.Fval.Fval, 10, 64); err == nil {
			return &constExpr{typed: typed{oidInt8}, v: n}
		}
		f, _ := strconv.ParseFloat(v.Fval.Fval, 64)
		return &constExpr{typed: typed{oidNumeric}, v: f}
	case *pg_query.A_Const_Sval:
		return &constExpr{typed: typed{oidUnknown}, v: v.Sval.Sval}
	case *pg_query.A_Const_Boolval:
		return &constExpr{typed: typed{oidBool}, v: v.Boolval.Boolval}
	case *pg_query.A_Const_Bsval:
		return &constExpr{typed: typed{oidText}, v: v.Bsval.Bsval}
	}
	return &constExpr{typed: typed{oidUnknown}}
}

// castTarget resolves the type of a cast: a built-in type or one of pgwired's enum
// types.
func (c *compiler) castTarget(tn *pg_query.TypeName) (uint32, error) {
	t, err := builtinCastTarget(tn)
	if err == nil || c.rt == nil {
		return t, err
	}
	var parts []string
	for _, n := range tn.Names {
		parts = append(parts, quoteIdent(n.GetString_().GetSval()))
	}
	name := strings.Join(parts, ".")
	if len(tn.ArrayBounds) > 0 {
		name += "[]"
	}
	if oid, ok := c.rt.snap.enumTypeByName(name); ok {
		return oid, nil
	}
	return t, err
}

func builtinCastTarget(tn *pg_query.TypeName) (uint32, error) {
	var parts []string
	for _, n := range tn.Names {
		parts = append(parts, n.GetString_().GetSval())
	}
	name := parts[len(parts)-1]
	if len(parts) > 1 && parts[0] != "pg_catalog" && parts[0] != "public" {
		return 0, errorf("42704", "type %q does not exist", strings.Join(parts, "."))
	}
	oid, ok := lookupType(name)
	if !ok {
		switch name {
		case "bpchar":
			oid, ok = oidBpchar, true
		}
	}
	if !ok {
		return 0, errorf("42704", "type %q does not exist", name)
	}
	if len(tn.ArrayBounds) > 0 {
		oid = arrayTypeOf(oid)
	}
	return oid, nil
}

// commonType is the type of CASE/COALESCE/ARRAY results: the first known branch type.
func commonType(args []expr) uint32 {
	for _, a := range args {
		if a.typ() != oidUnknown {
			return a.typ()
		}
	}
	return oidUnknown
}

func (c *compiler) caseExpr(ce *pg_query.CaseExpr, sc *scope) (expr, error) {
	x := &caseExpr{}
	if ce.Arg != nil {
		a, err := c.expr(ce.Arg, sc)
		if err != nil {
			return nil, err
		}
		x.arg = a
	}
	var results []expr
	for _, w := range ce.Args {
		cw := w.GetCaseWhen()
		we, err := c.expr(cw.Expr, sc)
		if err != nil {
			return nil, err
		}
		te, err := c.expr(cw.Result, sc)
		if err != nil {
			return nil, err
		}
		x.whens = append(x.whens, we)
		x.thens = append(x.thens, te)
		results = append(results, te)
	}
	if ce.Defresult != nil {
		e, err := c.expr(ce.Defresult, sc)
		if err != nil {
			return nil, err
		}
		x.els = e
		results = append(results, e)
	}
	x.t = commonType(results)
	if x.t == oidUnknown {
		x.t = oidText
	}
	return x, nil
}

func (c *compiler) indirection(ind *pg_query.A_Indirection, sc *scope) (expr, error) {
	var e expr
	var err error
	if fc := ind.Arg.GetFuncCall(); fc != nil && srfs[funcName(fc.Funcname)] != nil && sc.plan != nil {
		// (srf(…)).field in the select list.
		e, err = c.targetSRF(ind.Arg, sc, sc.plan)
	} else {
		e, err = c.expr(ind.Arg, sc)
	}
	if err != nil {
		return nil, err
	}
	for _, i := range ind.Indirection {
		if field := i.GetString_(); field != nil {
			shape := shapeOf(e)
			if shape == nil {
				return nil, errorf("42809", "column notation .%s applied to type %s, which is not a composite type", field.Sval, typeName(e.typ(), -1))
			}
			found := false
			for k, col := range shape.cols {
				if col.name == field.Sval {
					e, found = &fieldExpr{typed: typed{col.typ}, arg: e, idx: k}, true
					break
				}
			}
			if !found {
				return nil, errorf("42703", "column %q not found in data type record", field.Sval)
			}
			continue
		}
		ai := i.GetAIndices()
		if ai == nil || ai.IsSlice {
			return nil, unsupported("field selection and array slices")
		}
		idx, err := c.expr(ai.Uidx, sc)
		if err != nil {
			return nil, err
		}
		isArr, lower := isArrayType(e.typ())
		if !isArr {
			return nil, errorf("42804", "cannot subscript type %s because it does not support subscripting", typeName(e.typ(), -1))
		}
		e = &subscriptExpr{typed: typed{elemType(e.typ())}, arg: e, idx: idx, lower: lower}
	}
	return e, nil
}

func opName(names []*pg_query.Node) string {
	return names[len(names)-1].GetString_().GetSval()
}

func (c *compiler) aExpr(a *pg_query.A_Expr, sc *scope) (expr, error) {
	op := opName(a.Name)
	var l expr
	if a.Lexpr != nil {
		e, err := c.expr(a.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		l = e
	}
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_IN:
		list, err := c.exprs(a.Rexpr.GetList().Items, sc)
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			c.inferParam(e, l.typ())
		}
		return &inExpr{typed: typed{oidBool}, l: l, list: list, not: op == "<>"}, nil
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN,
		pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		bounds, err := c.exprs(a.Rexpr.GetList().Items, sc)
		if err != nil {
			return nil, err
		}
		e := &boolExpr{typed: typed{oidBool}, op: "and", args: []expr{
			&opExpr{typed: typed{oidBool}, op: ">=", l: l, r: bounds[0]},
			&opExpr{typed: typed{oidBool}, op: "<=", l: l, r: bounds[1]}}}
		if a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN || a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM {
			return &boolExpr{typed: typed{oidBool}, op: "not", args: []expr{e}}, nil
		}
		return e, nil
	}
	r, err := c.expr(a.Rexpr, sc)
	if err != nil {
		return nil, err
	}
	if l != nil {
		c.inferParam(l, r.typ())
		if isArr, _ := isArrayType(r.typ()); isArr && (a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ANY || a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL) {
			c.inferParam(l, elemType(r.typ()))
		}
		if a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ANY || a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL {
			c.inferParam(r, arrayTypeOf(l.typ()))
		}
		c.inferParam(r, l.typ())
	}
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		return &anyExpr{typed: typed{oidBool}, op: op, l: l, arr: r, all: a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL}, nil
	case pg_query.A_Expr_Kind_AEXPR_DISTINCT, pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		return &distinctExpr{typed: typed{oidBool}, l: l, r: r, not: a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT}, nil
	case pg_query.A_Expr_Kind_AEXPR_NULLIF:
		return &nullIfExpr{typed: typed{l.typ()}, l: l, r: r}, nil
	case pg_query.A_Expr_Kind_AEXPR_SIMILAR:
		return nil, unsupported("SIMILAR TO")
	case pg_query.A_Expr_Kind_AEXPR_OP, pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE:
	default:
		return nil, unsupported("this operator")
	}
	t := uint32(oidBool)
	switch op {
	case "+", "-", "*", "/", "%", "&", "|":
		t = arithType(l, r)
	case "||":
		t = oidText
		if l != nil {
			if isArr, _ := isArrayType(l.typ()); isArr {
				t = l.typ()
			}
		}
	case "=", "<>", "!=", "<", ">", "<=", ">=", "~", "!~", "~*", "!~*", "~~", "!~~", "~~*", "!~~*", "@>", "<@", "&&":
	default:
		return nil, errorf("42883", "operator does not exist: %s", op)
	}
	return &opExpr{typed: typed{t}, op: op, l: l, r: r}, nil
}

func arithType(l, r expr) uint32 {
	if l == nil {
		return r.typ()
	}
	lt, rt := l.typ(), r.typ()
	switch {
	case lt == oidFloat8 || rt == oidFloat8 || lt == oidFloat4 || rt == oidFloat4:
		return oidFloat8
	case lt == oidNumeric || rt == oidNumeric:
		return oidNumeric
	case lt == oidInt8 || rt == oidInt8:
		return oidInt8
	case lt == oidUnknown:
		return rt
	}
	return lt
}

func (c *compiler) subLink(sl *pg_query.SubLink, sc *scope) (expr, error) {
	sel := sl.Subselect.GetSelectStmt()
	if sel == nil {
		return nil, unsupported("this sub-query")
	}
	plan, err := c.compileSelect(sel, sc)
	if err != nil {
		return nil, err
	}
	x := &sublinkExpr{plan: plan}
	switch sl.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		x.kind, x.t = "exists", oidBool
	case pg_query.SubLinkType_EXPR_SUBLINK:
		if len(plan.cols) != 1 {
			return nil, errorf("42601", "subquery must return only one column")
		}
		x.kind, x.t = "expr", plan.cols[0].TypeOID
	case pg_query.SubLinkType_ARRAY_SUBLINK:
		if len(plan.cols) != 1 {
			return nil, errorf("42601", "subquery must return only one column")
		}
		x.kind, x.t = "array", arrayTypeOf(plan.cols[0].TypeOID)
	case pg_query.SubLinkType_ANY_SUBLINK, pg_query.SubLinkType_ALL_SUBLINK:
		l, err := c.expr(sl.Testexpr, sc)
		if err != nil {
			return nil, err
		}
		x.kind, x.t, x.l, x.op = "any", oidBool, l, "="
		if sl.SubLinkType == pg_query.SubLinkType_ALL_SUBLINK {
			x.kind = "all"
		}
		if len(sl.OperName) > 0 {
			x.op = opName(sl.OperName)
		}
	default:
		return nil, unsupported("this sub-query form")
	}
	return x, nil
}

func (c *compiler) sqlValueFunction(f *pg_query.SQLValueFunction) (expr, error) {
	switch f.Op {
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER, pg_query.SQLValueFunctionOp_SVFOP_USER,
		pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:
		return &constExpr{typed: typed{oidName}, v: c.rt.snap.User}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		return &constExpr{typed: typed{oidName}, v: c.rt.snap.Database}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		return &constExpr{typed: typed{oidName}, v: "public"}, nil
	}
	return nil, unsupported("date/time value functions")
}

// aggregates are the aggregate functions the evaluator computes.
var aggregates = map[string]uint32{"count": oidInt8, "max": 0, "min": 0, "sum": 0, "avg": oidNumeric,
	"string_agg": oidText, "array_agg": 0, "bool_and": oidBool, "bool_or": oidBool, "every": oidBool}

func (c *compiler) funcCall(fc *pg_query.FuncCall, sc *scope) (expr, error) {
	name := funcName(fc.Funcname)
	if len(fc.Funcname) > 1 {
		schema := fc.Funcname[0].GetString_().GetSval()
		if schema != "pg_catalog" && schema != "information_schema" {
			return nil, errorf("42883", "function %s.%s does not exist", schema, name)
		}
	}
	if fc.Over != nil {
		return nil, unsupported("window functions")
	}
	if rt, ok := aggregates[name]; ok {
		if sc.inAgg {
			return nil, errorf("42803", "aggregate function calls cannot be nested")
		}
		sc.inAgg = true
		args, err := c.exprs(fc.Args, sc)
		sc.inAgg = false
		if err != nil {
			return nil, err
		}
		// Aggregates resolve by arity, as in PostgreSQL: sum() or string_agg(x) do not
		// exist, and compute indexes the arguments by position (fuzzing found the panic).
		wantArgs := 1
		if name == "string_agg" {
			wantArgs = 2
		}
		if fc.AggStar && name != "count" || !fc.AggStar && len(args) != wantArgs {
			types := make([]string, len(args))
			for i, a := range args {
				types[i] = typeName(a.typ(), -1)
			}
			if fc.AggStar {
				types = []string{"*"}
			}
			return nil, errorf("42883", "function %s(%s) does not exist", name, strings.Join(types, ", "))
		}
		a := &aggCall{name: name, args: args, star: fc.AggStar, distinct: fc.AggDistinct}
		for _, o := range fc.AggOrder {
			sb := o.GetSortBy()
			e, err := c.expr(sb.Node, sc)
			if err != nil {
				return nil, err
			}
			desc := sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
			a.order = append(a.order, orderKey{e: e, desc: desc, nullsFirst: desc})
		}
		if rt == 0 && len(args) > 0 {
			rt = args[0].typ()
			if name == "array_agg" {
				rt = arrayTypeOf(rt)
			}
			if name == "sum" && (rt == oidInt4 || rt == oidInt2) {
				rt = oidInt8
			}
		}
		if rt == oidUnknown {
			rt = oidText
		}
		sc.plan.aggs = append(sc.plan.aggs, a)
		return &aggRef{typed: typed{rt}, idx: len(sc.plan.aggs) - 1}, nil
	}
	def := funcs[name]
	if def == nil {
		if srfs[name] != nil {
			return nil, unsupported("set-returning function " + name + " outside FROM")
		}
		args, _ := c.exprs(fc.Args, sc)
		types := make([]string, len(args))
		for i, a := range args {
			types[i] = typeName(a.typ(), -1)
		}
		return nil, errorf("42883", "function %s(%s) does not exist", name, strings.Join(types, ", "))
	}
	args, err := c.exprs(fc.Args, sc)
	if err != nil {
		return nil, err
	}
	if len(args) < def.minArgs || def.maxArgs >= 0 && len(args) > def.maxArgs {
		types := make([]string, len(args))
		for i, a := range args {
			types[i] = typeName(a.typ(), -1)
		}
		return nil, errorf("42883", "function %s(%s) does not exist", name, strings.Join(types, ", "))
	}
	t := def.result
	if def.resultOf != nil {
		t = def.resultOf(argTypes(args))
	}
	if def.resultIn != nil {
		t = def.resultIn(c.rt.snap, argTypes(args))
	}
	return &funcExpr{typed: typed{t}, fn: def, args: args}, nil
}

// figureColname names a result column as PostgreSQL's FigureColname does.
func figureColname(n *pg_query.Node) string {
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		f := x.ColumnRef.Fields
		if s := f[len(f)-1].GetString_(); s != nil {
			return s.Sval
		}
	case *pg_query.Node_AIndirection:
		for i := len(x.AIndirection.Indirection) - 1; i >= 0; i-- {
			if s := x.AIndirection.Indirection[i].GetString_(); s != nil {
				return s.Sval
			}
		}
		return figureColname(x.AIndirection.Arg)
	case *pg_query.Node_FuncCall:
		return funcName(x.FuncCall.Funcname)
	case *pg_query.Node_AExpr:
		if x.AExpr.Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif"
		}
	case *pg_query.Node_TypeCast:
		if name := figureColname(x.TypeCast.Arg); name != "?column?" {
			return name
		}
		names := x.TypeCast.TypeName.Names
		return names[len(names)-1].GetString_().GetSval()
	case *pg_query.Node_CollateClause:
		return figureColname(x.CollateClause.Arg)
	case *pg_query.Node_CaseExpr:
		if x.CaseExpr.Defresult != nil {
			if name := figureColname(x.CaseExpr.Defresult); name != "?column?" {
				return name
			}
		}
		return "case"
	case *pg_query.Node_CoalesceExpr:
		return "coalesce"
	case *pg_query.Node_MinMaxExpr:
		if x.MinMaxExpr.Op == pg_query.MinMaxOp_IS_GREATEST {
			return "greatest"
		}
		return "least"
	case *pg_query.Node_AArrayExpr:
		return "array"
	case *pg_query.Node_SubLink:
		switch x.SubLink.SubLinkType {
		case pg_query.SubLinkType_EXISTS_SUBLINK:
			return "exists"
		case pg_query.SubLinkType_ARRAY_SUBLINK:
			return "array"
		case pg_query.SubLinkType_EXPR_SUBLINK:
			if sel := x.SubLink.Subselect.GetSelectStmt(); sel != nil && len(sel.TargetList) == 1 {
				rt := sel.TargetList[0].GetResTarget()
				if rt.Name != "" {
					return rt.Name
				}
				return figureColname(rt.Val)
			}
		}
	case *pg_query.Node_SqlvalueFunction:
		switch x.SqlvalueFunction.Op {
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER:
			return "current_user"
		case pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:
			return "session_user"
		case pg_query.SQLValueFunctionOp_SVFOP_USER:
			return "user"
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:
			return "current_role"
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
			return "current_catalog"
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
			return "current_schema"
		}
	case *pg_query.Node_BoolExpr, *pg_query.Node_NullTest:
	}
	return "?column?"
}
