package translate

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// regtypeNames are the names pg_typeof shows (regtype output) for the types pgwired
// knows a value to have.
var regtypeNames = map[uint32]string{
	oidBool: "boolean", oidBytea: "bytea", oidName: "name", oidInt8: "bigint", oidInt2: "smallint",
	oidInt4: "integer", oidText: "text", oidJSON: "json", oidFloat4: "real",
	oidFloat8: "double precision", oidBpchar: "character", oidVarchar: "character varying",
	oidDate: "date", oidTime: "time without time zone", oidTimestamp: "timestamp without time zone",
	oidTimestamptz: "timestamp with time zone", oidNumeric: "numeric", oidUUID: "uuid",
	oidJSONB: "jsonb", 1266: "time with time zone", 1186: "interval", oidUnknown: "unknown",
}

const oidUnknown = 705

// pgTypeof writes pg_typeof(x) as the name of x's type when the text tells it (a
// literal, a cast, an expression whose type the translator infers) or the catalog does
// (a column of the statement's tables: a ColumnLiteral with TypeOf, which WithCatalog
// replaces; unreplaced, IRIS refuses the call). Otherwise 0A000.
func (e *emitter) pgTypeof(f *pg_query.FuncCall) {
	arg := f.Args[0]
	switch v := arg.Node.(type) {
	case *pg_query.Node_ColumnRef:
		c, ok := e.catalogColumn(v.ColumnRef)
		if !ok {
			break
		}
		at := e.b.Len()
		e.w("PG_TYPEOF(")
		e.value(arg)
		e.wb(')')
		if !e.scratching {
			e.places.ColumnLiterals = append(e.places.ColumnLiterals, ColumnLiteral{At: at, End: e.b.Len(), Column: c, TypeOf: true})
		}
		return
	case *pg_query.Node_AConst:
		e.readConst(v.AConst)
		e.typeNameLit(constOID(v.AConst))
		return
	case *pg_query.Node_TypeCast:
		if ref, user := e.userType(v.TypeCast.TypeName); user {
			e.enumTypeof(v.TypeCast, ref)
			return
		}
	case *pg_query.Node_FuncCall:
		// min and max of a column are of the column's type.
		if name := lastName(v.FuncCall.Funcname); (name == "min" || name == "max") && v.FuncCall.Over == nil {
			if c := e.resultSource(arg); c != nil && inferType(arg) == 0 {
				at := e.b.Len()
				e.w("PG_TYPEOF(")
				e.value(arg)
				e.wb(')')
				if !e.scratching {
					e.places.ColumnLiterals = append(e.places.ColumnLiterals, ColumnLiteral{At: at, End: e.b.Len(), Column: *c, TypeOf: true})
				}
				return
			}
		}
	}
	if name := regtypeNames[inferType(arg)]; name != "" {
		e.typeNameLit(inferType(arg))
		return
	}
	e.unsupported(f.Location, "pg_typeof of an expression whose type pgwired does not know")
}

// constOID is the type PostgreSQL gives a constant: integers that fit int4 are integer,
// larger ones bigint (beyond it numeric), decimals numeric; a quoted string and NULL
// are unknown.
func constOID(c *pg_query.A_Const) uint32 {
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		return oidInt4
	case *pg_query.A_Const_Fval:
		if _, err := strconv.ParseInt(v.Fval.Fval, 10, 64); err == nil {
			return oidInt8
		}
		return oidNumeric
	case *pg_query.A_Const_Boolval:
		return oidBool
	}
	return oidUnknown
}

func (e *emitter) typeNameLit(oid uint32) {
	writeStringLit(&e.b, regtypeNames[oid])
}
