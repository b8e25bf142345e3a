package translate

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// unnest(ARRAY[lit, …]) in FROM. IRIS has no arrays and no table functions; an array
// of literals is a derived table, one UNION ALL leg per element: (SELECT CAST(lit AS
// type) AS "unnest" UNION ALL …). The element type is the array's as PostgreSQL
// resolves it: integers int4 (int8 when one needs it), numbers with a fraction numeric,
// strings text, only NULLs text. Every leg casts its value, so IRIS types the column
// alike whatever leg it reads the type from. WITH ORDINALITY adds the element's
// position as a bigint. Anything else (a column, a parameter, a cast array, several
// arrays) stays 0A000.

// unnestElems is the element type of unnest's array: "int4", "int8", "numeric" (with
// the scale every element has) or "text"; a non-empty why says what is not supported.
type unnestElems struct {
	elems []*pg_query.Node
	typ   string
	scale int
	why   string
	loc   int32
}

func (t *translator) unnestArray(f *pg_query.FuncCall) unnestElems {
	u := unnestElems{loc: f.Location}
	if len(f.Args) != 1 {
		u.why = "unnest of several arrays"
		return u
	}
	arr, ok := f.Args[0].Node.(*pg_query.Node_AArrayExpr)
	if !ok {
		u.why = "unnest of anything but an ARRAY[…] of literals (a column, a parameter, a cast)"
		return u
	}
	u.elems, u.loc = arr.AArrayExpr.Elements, arr.AArrayExpr.Location
	strs, nums, ints, bigs := false, false, false, false
	scale := -1
	for _, el := range u.elems {
		c, ok := el.Node.(*pg_query.Node_AConst)
		if !ok {
			u.why = "unnest of an array whose elements are not all literals"
			return u
		}
		if c.AConst.Isnull {
			continue
		}
		switch v := c.AConst.Val.(type) {
		case *pg_query.A_Const_Sval:
			strs = true
		case *pg_query.A_Const_Ival:
			ints = true
			if scale > 0 {
				u.why = "unnest of numbers with different numbers of decimals (PostgreSQL shows each as written)"
				return u
			}
			scale = 0
		case *pg_query.A_Const_Fval:
			t.readConst(c.AConst)
			num := strings.TrimPrefix(v.Fval.Fval, "-")
			s := 0
			if whole, frac, dot := strings.Cut(num, "."); dot {
				if !isDigits(whole + frac) {
					u.why = "unnest of numbers written with an exponent"
					return u
				}
				s = len(frac)
				nums = true
			} else if !isDigits(num) {
				u.why = "unnest of numbers written with an exponent"
				return u
			} else if _, err := strconv.ParseInt(v.Fval.Fval, 10, 64); err != nil {
				nums = true // beyond bigint: numeric
			} else {
				bigs = true
			}
			if scale >= 0 && scale != s {
				u.why = "unnest of numbers with different numbers of decimals (PostgreSQL shows each as written)"
				return u
			}
			scale = s
		default:
			u.why = "unnest of an array of booleans"
			return u
		}
	}
	switch {
	case strs && (ints || bigs || nums):
		u.why = "unnest of an array mixing strings and numbers"
	case nums:
		u.typ, u.scale = "numeric", scale
	case bigs:
		u.typ = "int8"
	case ints:
		u.typ = "int4"
	default:
		u.typ = "text"
	}
	return u
}

var unnestIRISTypes = map[string]string{"int4": "INTEGER", "int8": "BIGINT", "text": "VARCHAR(" + strconv.Itoa(LongStringLen) + ")"}

// unnest writes unnest(ARRAY[…]) [WITH ORDINALITY] [AS a[(c[, o])]] of a FROM item.
func (e *emitter) unnest(rf *pg_query.RangeFunction, f *pg_query.FuncCall) {
	u := e.unnestArray(f)
	if u.why != "" {
		e.unsupported(f.Location, u.why)
	}
	if len(u.elems) == 0 {
		panic(bailout{&Error{SQLState: "42P18", Message: "cannot determine type of empty array",
			Hint: "Explicitly cast to the desired type, for example ARRAY[]::integer[].", Position: e.position(u.loc)}})
	}
	rel, col, ord := "unnest", "unnest", "ordinality"
	if rf.Alias != nil {
		rel, col = rf.Alias.Aliasname, rf.Alias.Aliasname
		have := 1
		if rf.Ordinality {
			have = 2
		}
		if n := len(rf.Alias.Colnames); n > have {
			e.fail("42P10", -1, "table \"%s\" has %d columns available but %d columns specified", rel, have, n)
		}
		if len(rf.Alias.Colnames) > 0 {
			col = strVal(rf.Alias.Colnames[0])
		}
		if len(rf.Alias.Colnames) > 1 {
			ord = strVal(rf.Alias.Colnames[1])
		}
	}
	typ := unnestIRISTypes[u.typ]
	if u.typ == "numeric" {
		typ = "NUMERIC(36," + strconv.Itoa(u.scale) + ")"
	}
	e.wb('(')
	for i, el := range u.elems {
		if i > 0 {
			e.w(" UNION ALL ")
		}
		e.w("SELECT CAST(")
		e.value(el)
		e.w(" AS " + typ + ")")
		if i == 0 {
			e.w(" AS ")
			writeQuoted(&e.b, col)
		}
		if rf.Ordinality {
			e.w(", CAST(" + strconv.Itoa(i+1) + " AS BIGINT)")
			if i == 0 {
				e.w(" AS ")
				writeQuoted(&e.b, ord)
			}
		}
	}
	e.w(") AS ")
	e.ident(rel)
}

func isUnnestCall(f *pg_query.FuncCall) bool {
	if !strings.EqualFold(lastName(f.Funcname), "unnest") {
		return false
	}
	return len(f.Funcname) == 1 || strVal(f.Funcname[0]) == "pg_catalog"
}

// fromFuncName is the lower-case name of the one function of a FROM item ("" for
// ROWS FROM and the like).
func fromFuncName(rf *pg_query.RangeFunction) string {
	if len(rf.Functions) != 1 {
		return ""
	}
	items := rf.Functions[0].Node.(*pg_query.Node_List).List.Items
	if f, ok := items[0].Node.(*pg_query.Node_FuncCall); ok {
		return strings.ToLower(lastName(f.FuncCall.Funcname))
	}
	return ""
}
