package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// inferType returns the PostgreSQL type OID of a select-list expression when the
// text alone determines it, else 0 (the session then uses IRIS metadata).
func inferType(n *pg_query.Node) uint32 {
	if isPredicate(n) {
		return oidBool
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_AConst:
		switch v.AConst.Val.(type) {
		case *pg_query.A_Const_Ival:
			return oidInt4
		case *pg_query.A_Const_Fval:
			return oidNumeric
		case *pg_query.A_Const_Boolval:
			return oidBool
		}
		return oidText // string literals and NULL resolve to text
	case *pg_query.Node_TypeCast:
		return castOID(v.TypeCast.TypeName)
	case *pg_query.Node_SqlvalueFunction:
		switch v.SqlvalueFunction.Op {
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
			return oidDate
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
			return oidTimestamptz
		case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
			return oidTimestamp
		case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
			return oidTime
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:
			return 1266 // timetz
		}
		return oidName
	case *pg_query.Node_AExpr:
		switch opName(v.AExpr) {
		case "||":
			return oidText
		case "<=>", "<#>", "<->":
			return oidFloat8
		case "+", "-":
			if v.AExpr.Lexpr == nil {
				break
			}
			// The date arithmetic dateArith recognises.
			l, r := inferType(v.AExpr.Lexpr), inferType(v.AExpr.Rexpr)
			switch {
			case opName(v.AExpr) == "-" && datesDiffer(v.AExpr.Lexpr, v.AExpr.Rexpr):
				return oidInt4
			case l == oidDate && isIntConst(v.AExpr.Rexpr), opName(v.AExpr) == "+" && r == oidDate && isIntConst(v.AExpr.Lexpr):
				return oidDate
			}
			return widerInteger(l, r)
		case "*":
			if v.AExpr.Lexpr != nil {
				return widerInteger(inferType(v.AExpr.Lexpr), inferType(v.AExpr.Rexpr))
			}
		}
	case *pg_query.Node_FuncCall:
		return funcOID(strings.ToLower(lastName(v.FuncCall.Funcname)))
	case *pg_query.Node_CoalesceExpr:
		return boolIfAny(v.CoalesceExpr.Args)
	case *pg_query.Node_CaseExpr:
		results := []*pg_query.Node{v.CaseExpr.Defresult}
		for _, w := range v.CaseExpr.Args {
			results = append(results, w.Node.(*pg_query.Node_CaseWhen).CaseWhen.Result)
		}
		return boolIfAny(results)
	}
	return 0
}

// boolIfAny: PostgreSQL gives COALESCE and CASE the common type of their
// values, so one boolean value makes the result boolean. IRIS has no boolean
// values (they are 1/0), so the type must come from here. Other common types
// are left to IRIS's metadata.
func boolIfAny(values []*pg_query.Node) uint32 {
	for _, n := range values {
		if n != nil && inferType(n) == oidBool {
			return oidBool
		}
	}
	return 0
}

func funcOID(name string) uint32 {
	switch name {
	case "count":
		return oidInt8
	case "length", "char_length", "character_length", "position", "strpos", "pg_backend_pid", "ascii", "width_bucket":
		return oidInt4
	case "lower", "upper", "substr", "substring", "btrim", "ltrim", "rtrim", "lpad", "rpad",
		"replace", "left", "right", "concat", "concat_ws", "split_part", "to_char", "string_agg", "reverse", "repeat", "translate", "chr", "version", "current_setting", "set_config",
		"pg_typeof": // regtype in PostgreSQL: the same text, with no binary form needed
		return oidText
	case "now", "transaction_timestamp", "statement_timestamp", "clock_timestamp", "to_timestamp":
		return oidTimestamptz
	case "make_date":
		return oidDate
	case "random", "cosine_distance", "inner_product", "negative_inner_product", "l2_distance":
		return oidFloat8
	case "current_database", "current_schema":
		return oidName
	case "bool_and", "bool_or", "every":
		return oidBool
	case "row_number", "rank", "dense_rank":
		return oidInt8
	}
	return 0
}

// castOID is the OID of a cast's target type (0 for types without a fixed OID).
func castOID(tn *pg_query.TypeName) uint32 {
	switch strings.ToLower(lastName(tn.Names)) {
	case "int2", "smallint":
		return oidInt2
	case "int4", "int", "integer":
		return oidInt4
	case "int8", "bigint":
		return oidInt8
	case "numeric", "decimal":
		return oidNumeric
	case "float4", "real":
		return oidFloat4
	case "float8", "float":
		return oidFloat8
	case "bool", "boolean":
		return oidBool
	case "text":
		return oidText
	case "varchar":
		return oidVarchar
	case "bpchar":
		return oidBpchar
	case "name":
		return oidName
	case "bytea":
		return oidBytea
	case "date":
		return oidDate
	case "time":
		return oidTime
	case "timestamp":
		return oidTimestamp
	case "timestamptz":
		return oidTimestamptz
	case "uuid":
		return oidUUID
	case "json":
		return oidJSON
	case "jsonb":
		return oidJSONB
	}
	return 0
}

// returningColumns names the RETURNING list like a select list.
func returningColumns(list []*pg_query.Node) []Column {
	cols := make([]Column, 0, len(list))
	for _, t := range list {
		rt := t.Node.(*pg_query.Node_ResTarget).ResTarget
		if isStar(rt.Val) {
			return nil
		}
		name := rt.Name
		if name == "" {
			name = colname(rt.Val)
		}
		cols = append(cols, Column{Name: name, TypeOID: inferType(rt.Val)})
	}
	return cols
}

// argType is the result-type rule of an aggregate call whose type follows its argument's.
func argType(n *pg_query.Node) ArgType {
	f, ok := n.Node.(*pg_query.Node_FuncCall)
	if !ok || len(f.FuncCall.Args) != 1 {
		return ArgSame
	}
	switch strings.ToLower(lastName(f.FuncCall.Funcname)) {
	case "sum":
		return ArgSum
	case "avg":
		return ArgAvg
	case "min", "max":
		return ArgMinMax
	}
	return ArgSame
}

// widerInteger is PostgreSQL's type of integer arithmetic when both operand types are
// known integers (bigint + integer is bigint); 0 otherwise, which leaves the type to
// IRIS's metadata.
func widerInteger(l, r uint32) uint32 {
	rank := func(t uint32) int {
		switch t {
		case oidInt2:
			return 1
		case oidInt4:
			return 2
		case oidInt8:
			return 3
		}
		return 0
	}
	switch {
	case rank(l) == 0 || rank(r) == 0:
		return 0
	case rank(l) >= rank(r):
		return l
	}
	return r
}

// isIntArith: n is + - * over columns, integer literals and integer casts (no
// functions or aggregates, whose PostgreSQL types may be wider than IRIS reports: sum of
// integers is bigint). When such a column is an integer type, PostgreSQL's is the same
// and fails past its range.
func isIntArith(n *pg_query.Node) bool {
	a := n.GetAExpr()
	if a == nil || a.Kind != pg_query.A_Expr_Kind_AEXPR_OP || a.Lexpr == nil {
		return false
	}
	switch opName(a) {
	case "+", "-", "*":
	default:
		return false
	}
	leaf := func(x *pg_query.Node) bool {
		switch v := x.Node.(type) {
		case *pg_query.Node_ColumnRef:
			return !isStar(x)
		case *pg_query.Node_AConst:
			_, isInt := v.AConst.Val.(*pg_query.A_Const_Ival)
			return isInt
		case *pg_query.Node_TypeCast:
			t := castOID(v.TypeCast.TypeName)
			return t == oidInt2 || t == oidInt4 || t == oidInt8
		case *pg_query.Node_AExpr:
			return isIntArith(x)
		}
		return false
	}
	return leaf(a.Lexpr) && leaf(a.Rexpr)
}
