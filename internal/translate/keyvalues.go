package translate

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL's constraint errors show the key in their DETAIL ("Key (email)=(a@x)
// already exists."); IRIS reports which constraint failed but not the values. For the
// statements whose key values the text itself gives, the session builds that DETAIL
// from KeyValues. Only the error path calls it: it parses the text again.

// KeyValue is what a statement gives a column: a constant's text, or parameter Param
// (0-based) when Param ≥ 0. Null is a NULL constant.
type KeyValue struct {
	Text  string
	Param int
	Null  bool
}

// KeyValues are the column values a statement's text fixes: the row of a one-row
// INSERT … VALUES (Columns nil when the INSERT has no column list: Values are then in
// table order), the constants of an UPDATE's SET, or the column = constant conditions
// of a DELETE's or UPDATE's WHERE (Where). Names are PostgreSQL-folded.
type KeyValues struct {
	Table   string
	Columns []string
	Values  []*KeyValue // by Columns (nil entries: not a constant)
	Where   map[string]*KeyValue
	Update  bool // Columns and Values are an UPDATE's SET
}

// StatementKeyValues reads sql (one statement) for KeyValues; ok is false when it is not
// an INSERT, UPDATE or DELETE.
func StatementKeyValues(sql string) (kv KeyValues, ok bool) {
	tree, err := pg_query.Parse(sql)
	if err != nil || len(tree.Stmts) != 1 {
		return kv, false
	}
	switch s := tree.Stmts[0].Stmt.Node.(type) {
	case *pg_query.Node_InsertStmt:
		ins := s.InsertStmt
		kv.Table = ins.Relation.Relname
		sel, isSel := ins.SelectStmt.GetNode().(*pg_query.Node_SelectStmt)
		if !isSel || len(sel.SelectStmt.ValuesLists) != 1 {
			return kv, true
		}
		for _, c := range ins.Cols {
			kv.Columns = append(kv.Columns, c.GetResTarget().GetName())
		}
		for _, v := range sel.SelectStmt.ValuesLists[0].GetList().GetItems() {
			kv.Values = append(kv.Values, keyValue(v))
		}
		if kv.Columns != nil && len(kv.Columns) != len(kv.Values) {
			kv.Columns, kv.Values = nil, nil
		}
	case *pg_query.Node_UpdateStmt:
		up := s.UpdateStmt
		kv.Table = up.Relation.Relname
		for _, t := range up.TargetList {
			rt := t.GetResTarget()
			if rt == nil || len(rt.Indirection) > 0 {
				continue
			}
			kv.Columns = append(kv.Columns, rt.Name)
			kv.Values = append(kv.Values, keyValue(rt.Val))
		}
		kv.Where = whereEqualities(up.WhereClause)
		kv.Update = true
	case *pg_query.Node_DeleteStmt:
		kv.Table = s.DeleteStmt.Relation.Relname
		kv.Where = whereEqualities(s.DeleteStmt.WhereClause)
	default:
		return kv, false
	}
	return kv, true
}

// keyValue is n as a KeyValue when it is a constant (also cast) or a parameter.
func keyValue(n *pg_query.Node) *KeyValue {
	if n == nil {
		return nil
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_TypeCast:
		return keyValue(v.TypeCast.Arg)
	case *pg_query.Node_ParamRef:
		return &KeyValue{Param: int(v.ParamRef.Number) - 1}
	case *pg_query.Node_AConst:
		c := v.AConst
		if c.Isnull {
			return &KeyValue{Param: -1, Null: true}
		}
		switch x := c.Val.(type) {
		case *pg_query.A_Const_Ival:
			return &KeyValue{Param: -1, Text: strconv.FormatInt(int64(x.Ival.Ival), 10)}
		case *pg_query.A_Const_Fval:
			return &KeyValue{Param: -1, Text: x.Fval.Fval}
		case *pg_query.A_Const_Sval:
			return &KeyValue{Param: -1, Text: x.Sval.Sval}
		case *pg_query.A_Const_Boolval:
			if x.Boolval.Boolval {
				return &KeyValue{Param: -1, Text: "t"}
			}
			return &KeyValue{Param: -1, Text: "f"}
		}
	}
	return nil
}

// whereEqualities collects col = constant conditions of an AND of conditions.
func whereEqualities(n *pg_query.Node) map[string]*KeyValue {
	var out map[string]*KeyValue
	var walk func(*pg_query.Node)
	walk = func(n *pg_query.Node) {
		switch v := n.GetNode().(type) {
		case *pg_query.Node_BoolExpr:
			if v.BoolExpr.Boolop == pg_query.BoolExprType_AND_EXPR {
				for _, a := range v.BoolExpr.Args {
					walk(a)
				}
			}
		case *pg_query.Node_AExpr:
			a := v.AExpr
			if a.Kind != pg_query.A_Expr_Kind_AEXPR_OP || opName(a) != "=" {
				return
			}
			col, val := a.Lexpr, a.Rexpr
			if _, isCol := col.GetNode().(*pg_query.Node_ColumnRef); !isCol {
				col, val = val, col
			}
			ref, isCol := col.GetNode().(*pg_query.Node_ColumnRef)
			kv := keyValue(val)
			if !isCol || kv == nil {
				return
			}
			fields := ref.ColumnRef.Fields
			name := strVal(fields[len(fields)-1])
			if name == "" {
				return
			}
			if out == nil {
				out = map[string]*KeyValue{}
			}
			out[name] = kv
		}
	}
	walk(n)
	return out
}
