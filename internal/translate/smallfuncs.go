package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// chr(n) → IRIS CHAR(n), which returns the character of a code 0–65535 and NULL
// outside that range (RSQL_char). PostgreSQL fails for 0, a negative code, a
// surrogate and a code beyond Unicode; an integer literal is checked here as it
// checks it. A literal above 65535, which IRIS cannot give, is 0A000. A column or
// parameter is passed to CHAR as it is (doc.go lists the differences).
func (e *emitter) chr(f *pg_query.FuncCall) {
	arg := f.Args[0]
	if c, ok := arg.Node.(*pg_query.Node_AConst); ok && !c.AConst.Isnull {
		switch v := c.AConst.Val.(type) {
		case *pg_query.A_Const_Ival:
			e.readConst(c.AConst)
			switch n := v.Ival.Ival; {
			case n < 0:
				e.fail("22023", -1, "character number must be positive")
			case n == 0:
				e.fail("54000", -1, "null character not permitted")
			case n > 0x10FFFF:
				e.fail("54000", -1, "requested character too large for encoding: %d", n)
			case n >= 0xD800 && n <= 0xDFFF:
				e.fail("54000", -1, "requested character not valid for encoding: %d", n)
			case n > 0xFFFF:
				e.unsupported(c.AConst.Location, "chr() of a code above 65535 (IRIS CHAR returns NULL)")
			}
		case *pg_query.A_Const_Fval:
			e.readConst(c.AConst)
			typ := "numeric"
			if isDigits(strings.TrimPrefix(v.Fval.Fval, "-")) {
				typ = "bigint" // an integer beyond int4
			}
			e.fail("42883", f.Location, "function chr(%s) does not exist", typ)
		}
	}
	e.call("CHAR", f.Args)
}

// ascii(s) → IRIS ASCII(s), the code of the first character. IRIS returns NULL for
// an empty string as for NULL (RSQL_ascii: "consistent with SQL Server"), where
// PostgreSQL returns 0: a NULL ASCII of a value that is not NULL is 0.
func (e *emitter) ascii(f *pg_query.FuncCall) {
	s := f.Args[0]
	if c, ok := s.Node.(*pg_query.Node_AConst); ok && !c.AConst.Isnull {
		typ := ""
		switch c.AConst.Val.(type) {
		case *pg_query.A_Const_Ival:
			typ = "integer"
		case *pg_query.A_Const_Fval:
			typ = "numeric"
		case *pg_query.A_Const_Boolval:
			typ = "boolean"
		}
		if typ != "" {
			e.fail("42883", f.Location, "function ascii(%s) does not exist", typ)
		}
	}
	e.w("CASE WHEN ")
	e.operand(s)
	e.w(" IS NOT NULL THEN COALESCE(ASCII(")
	e.value(s)
	e.w("), 0) END")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
