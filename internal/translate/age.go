package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// age(a, b) and age(a) give PostgreSQL's "symbolic" interval (years, months, days and a
// time, borrowing as a calendar does), which IRIS has no function for. As a whole item of
// the outer select list the translator writes a stand-in that is NULL when an argument
// is (DATEDIFF('dd', b, a)) and the two time stamps as hidden columns after the visible
// ones; the session computes the interval (session/age.go). age(a) is age(CURRENT_DATE,
// a), midnight of today in UTC (the session's time zone). Elsewhere age is 0A000.

// ageCall is the age call n is, if n is one (not a window call).
func ageCall(n *pg_query.Node) *pg_query.FuncCall {
	f, ok := n.Node.(*pg_query.Node_FuncCall)
	if !ok || f.FuncCall.Over != nil || len(f.FuncCall.Args) < 1 || len(f.FuncCall.Args) > 2 ||
		strings.ToLower(lastName(f.FuncCall.Funcname)) != "age" {
		return nil
	}
	if len(f.FuncCall.Funcname) > 1 && strVal(f.FuncCall.Funcname[0]) != "pg_catalog" {
		return nil
	}
	return f.FuncCall
}

// age writes the stand-in of an age column.
func (e *emitter) age(f *pg_query.FuncCall) {
	if e.ageItem != f {
		e.unsupported(f.Location, "age() other than as a whole item of the outer select list (IRIS has no interval type)")
	}
	e.ageItem = nil
	e.w("DATEDIFF('dd', ")
	e.value(f.Args[len(f.Args)-1])
	e.w(", ")
	if len(f.Args) == 2 {
		e.value(f.Args[0])
	} else {
		e.w("CURRENT_DATE")
	}
	e.wb(')')
}

// ageOperands writes the later and the earlier time stamp of an age column.
func (e *emitter) ageOperands(f *pg_query.FuncCall) []func() {
	asTimestamp := func(n *pg_query.Node) func() {
		return func() {
			e.w("CAST(")
			if n == nil {
				e.w("CURRENT_DATE")
			} else {
				e.value(n)
			}
			e.w(" AS TIMESTAMP)")
		}
	}
	if len(f.Args) == 1 {
		return []func(){asTimestamp(nil), asTimestamp(f.Args[0])}
	}
	return []func(){asTimestamp(f.Args[0]), asTimestamp(f.Args[1])}
}
