package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// localFuncs are session functions the session answers without IRIS, with the
// type OID PostgreSQL reports for them.
var localFuncs = map[string]uint32{
	"version": oidText, "current_database": oidName, "current_schema": oidName,
	"current_schemas": 1003, // name[]
	"pg_backend_pid":  oidInt4, "current_setting": oidText, "set_config": oidText,
	"inet_server_addr": 869, "inet_server_port": oidInt4, "inet_client_addr": 869, "inet_client_port": oidInt4,
	"txid_current": oidInt8, "pg_is_in_recovery": oidBool, "pg_postmaster_start_time": oidTimestamptz,
	// The sequence functions (sequence.go): the session calls them on its sequences.
	"nextval": oidInt8, "currval": oidInt8, "setval": oidInt8, "lastval": oidInt8,
	"pg_sleep": oidVoid,
}

// localQuery recognises a SELECT without FROM made only of session functions and
// constants, e.g. SELECT version() or SELECT current_setting('server_version_num').
// It returns nil when IRIS must run the statement.
func localQuery(s *pg_query.SelectStmt) *LocalQuery {
	if s.Op != pg_query.SetOperation_SETOP_NONE || len(s.FromClause) > 0 || s.WhereClause != nil ||
		len(s.GroupClause) > 0 || s.HavingClause != nil || len(s.SortClause) > 0 || s.LimitCount != nil ||
		s.LimitOffset != nil || s.WithClause != nil || len(s.ValuesLists) > 0 || len(s.DistinctClause) > 0 ||
		s.IntoClause != nil || len(s.LockingClause) > 0 {
		return nil
	}
	q := &LocalQuery{Items: make([]LocalItem, 0, len(s.TargetList))}
	functions := 0
	for _, tn := range s.TargetList {
		rt := tn.Node.(*pg_query.Node_ResTarget).ResTarget
		name := rt.Name
		if name == "" {
			name = colname(rt.Val)
		}
		item, ok := localItem(rt.Val)
		if !ok {
			return nil
		}
		if item.Func != "" {
			functions++
		}
		item.Column.Name = name
		q.Items = append(q.Items, item)
	}
	if functions == 0 {
		return nil
	}
	return q
}

func localItem(n *pg_query.Node) (LocalItem, bool) {
	switch v := n.Node.(type) {
	case *pg_query.Node_AConst, *pg_query.Node_ParamRef:
		arg, ok := localArg(n)
		return LocalItem{Column: Column{TypeOID: inferType(n)}, Const: arg}, ok
	case *pg_query.Node_SqlvalueFunction:
		switch v.SqlvalueFunction.Op {
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER, pg_query.SQLValueFunctionOp_SVFOP_USER,
			pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE,
			pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
			return LocalItem{Column: Column{TypeOID: oidName}, Func: sqlValueFunctionName(v.SqlvalueFunction.Op)}, true
		}
	case *pg_query.Node_TypeCast:
		// current_setting('server_version_num')::int and the like.
		inner, ok := localItem(v.TypeCast.Arg)
		oid := castOID(v.TypeCast.TypeName)
		if !ok || inner.Cast != "" || oid == 0 || len(v.TypeCast.TypeName.ArrayBounds) > 0 {
			return LocalItem{}, false
		}
		inner.Cast = strings.ToLower(lastName(v.TypeCast.TypeName.Names))
		inner.Column.TypeOID = oid
		return inner, true
	case *pg_query.Node_FuncCall:
		f := v.FuncCall
		name := strings.ToLower(lastName(f.Funcname))
		oid, ok := localFuncs[name]
		if !ok || f.Over != nil || f.AggFilter != nil || f.AggStar || f.AggDistinct || len(f.AggOrder) > 0 {
			return LocalItem{}, false
		}
		item := LocalItem{Column: Column{TypeOID: oid}, Func: name, Args: make([]LocalArg, 0, len(f.Args))}
		if bounds, seq := seqFuncs[name]; seq && (len(f.Args) < bounds[0] || len(f.Args) > bounds[1] || len(f.Funcname) > 1) {
			return LocalItem{}, false
		}
		for i, a := range f.Args {
			if tc, ok := a.Node.(*pg_query.Node_TypeCast); ok && IsSequenceFunc(name) && seqArgCast(i, lastName(tc.TypeCast.TypeName.Names)) {
				// nextval('s'::regclass) as pg_dump writes it, setval('s', $1::bigint).
				a = tc.TypeCast.Arg
			}
			arg, ok := localArg(a)
			if !ok {
				return LocalItem{}, false
			}
			item.Args = append(item.Args, arg)
		}
		return item, true
	}
	return LocalItem{}, false
}

func localArg(n *pg_query.Node) (LocalArg, bool) {
	switch v := n.Node.(type) {
	case *pg_query.Node_ParamRef:
		return LocalArg{Param: int(v.ParamRef.Number) - 1}, v.ParamRef.Number > 0
	case *pg_query.Node_AConst:
		if v.AConst.Isnull {
			return LocalArg{Param: -1, IsNull: true}, true
		}
		switch c := v.AConst.Val.(type) {
		case *pg_query.A_Const_Sval:
			return LocalArg{Param: -1, Value: c.Sval.Sval}, true
		case *pg_query.A_Const_Ival:
			return LocalArg{Param: -1, Value: itoa(int(c.Ival.Ival))}, true
		case *pg_query.A_Const_Fval:
			return LocalArg{Param: -1, Value: c.Fval.Fval}, true
		case *pg_query.A_Const_Boolval:
			if c.Boolval.Boolval {
				return LocalArg{Param: -1, Value: "true"}, true
			}
			return LocalArg{Param: -1, Value: "false"}, true
		}
	}
	return LocalArg{}, false
}

func localColumns(q *LocalQuery) []Column {
	cols := make([]Column, len(q.Items))
	for i, it := range q.Items {
		cols[i] = it.Column
	}
	return cols
}

func localMaxParam(q *LocalQuery) int {
	max := 0
	check := func(a LocalArg) {
		if a.Param+1 > max {
			max = a.Param + 1
		}
	}
	for _, it := range q.Items {
		if it.Func == "" {
			check(it.Const)
		}
		for _, a := range it.Args {
			check(a)
		}
	}
	return max
}

// seqArgCast: a cast to typ of argument i of a sequence function is the type the
// argument has anyway (regclass or text for the name, an integer for setval's value,
// bool for its is_called).
func seqArgCast(i int, typ string) bool {
	switch strings.ToLower(typ) {
	case "regclass", "text":
		return i == 0
	case "int2", "int4", "int8":
		return i == 1
	case "bool":
		return i == 2
	}
	return false
}

// localParamTypes types the parameters that are arguments of sequence functions as
// PostgreSQL does (a name as text, where PostgreSQL says regclass; setval's value bigint
// and is_called boolean); nil when there are none.
func localParamTypes(q *LocalQuery) []uint32 {
	var types []uint32
	for _, it := range q.Items {
		if !IsSequenceFunc(it.Func) {
			continue
		}
		for i, a := range it.Args {
			if a.Param < 0 || i > 2 {
				continue
			}
			if types == nil {
				types = make([]uint32, localMaxParam(q))
			}
			types[a.Param] = [3]uint32{oidText, oidInt8, oidBool}[i]
		}
	}
	return types
}
