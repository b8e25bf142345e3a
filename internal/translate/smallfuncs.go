package translate

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

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

// makeDate writes make_date(y, m, d). Three integer literals are checked as
// PostgreSQL checks them (22008 for a day that does not exist) and written as a date
// literal; years PostgreSQL reads as BC or beyond 9999, which IRIS's DATE cannot hold,
// are 0A000. Other arguments build the ODBC date text that CAST(… AS DATE) reads, after
// checking the fields here: a day that does not exist, a month outside 1–12 or a year
// outside 1–9999 gives text that is no date, so IRIS fails the CAST (-146) instead of
// rolling the date over. NULL in any argument gives NULL, as make_date is strict.
func (e *emitter) makeDate(f *pg_query.FuncCall) {
	var fields [3]int64
	literal := true
	for i, a := range f.Args {
		c, ok := a.Node.(*pg_query.Node_AConst)
		if !ok {
			literal = false
			continue
		}
		if c.AConst.Isnull {
			e.w("CAST(NULL AS DATE)")
			return
		}
		e.readConst(c.AConst)
		switch v := c.AConst.Val.(type) {
		case *pg_query.A_Const_Ival:
			fields[i] = int64(v.Ival.Ival)
		case *pg_query.A_Const_Sval:
			n, err := strconv.ParseInt(strings.TrimSpace(v.Sval.Sval), 10, 32)
			switch {
			case err != nil && errors.Is(err, strconv.ErrRange):
				e.fail("22003", c.AConst.Location, "value \"%s\" is out of range for type integer", v.Sval.Sval)
			case err != nil:
				e.fail("22P02", c.AConst.Location, "invalid input syntax for type integer: \"%s\"", v.Sval.Sval)
			}
			fields[i] = n
		default:
			types := []string{"integer", "integer", "integer"}
			types[i] = "numeric"
			if b, isBool := c.AConst.Val.(*pg_query.A_Const_Boolval); isBool && b != nil {
				types[i] = "boolean"
			}
			e.fail("42883", f.Location, "function make_date(%s) does not exist", strings.Join(types, ", "))
		}
	}
	if literal {
		y, m, d := fields[0], fields[1], fields[2]
		bc := y < 0
		if bc {
			y = -y
		}
		if y == 0 || m < 1 || m > 12 || d < 1 || d > int64(daysIn(y, m, bc)) {
			e.fail("22008", -1, "date field value out of range: %d-%02d-%02d", y, m, d)
		}
		if bc || y > 9999 {
			e.unsupported(f.Location, "make_date() of a year before 1 AD or after 9999 (IRIS DATE)")
		}
		e.w(fmt.Sprintf("CAST('%04d-%02d-%02d' AS DATE)", y, m, d))
		return
	}
	y, m, d := f.Args[0], f.Args[1], f.Args[2]
	e.w("CAST(CASE WHEN ")
	or := ""
	for _, a := range f.Args {
		if _, isConst := a.Node.(*pg_query.Node_AConst); !isConst { // at least one is not
			e.w(or)
			e.operand(a)
			e.w(" IS NULL")
			or = " OR "
		}
	}
	e.w(" THEN NULL WHEN ")
	e.operand(y)
	e.w(" BETWEEN 1 AND 9999 AND ")
	e.operand(m)
	e.w(" BETWEEN 1 AND 12 AND ")
	e.operand(d)
	e.w(" BETWEEN 1 AND CASE WHEN ")
	e.operand(m)
	e.w(" = 2 THEN CASE WHEN MOD(")
	e.value(y)
	e.w(", 4) = 0 AND (MOD(")
	e.value(y)
	e.w(", 100) <> 0 OR MOD(")
	e.value(y)
	e.w(", 400) = 0) THEN 29 ELSE 28 END WHEN ")
	e.operand(m)
	e.w(" IN (4, 6, 9, 11) THEN 30 ELSE 31 END THEN {fn RIGHT('000' || ")
	e.operand(y)
	e.w(", 4)} || '-' || {fn RIGHT('0' || ")
	e.operand(m)
	e.w(", 2)} || '-' || {fn RIGHT('0' || ")
	e.operand(d)
	e.w(", 2)} ELSE 'make_date: date field value out of range' END AS DATE)")
}

// daysIn is the number of days of month m of year y (bc: y BC, whose leap years are
// those of the astronomical year 1 - y, as PostgreSQL counts them).
func daysIn(y, m int64, bc bool) int {
	if bc {
		y = 1 - y
	}
	return time.Date(int(y), time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Seconds between 1970-01-01 and the bounds of PostgreSQL's time stamps (Julian day 0
// and 294277-01-01), and between 1970-01-01 and 2000-01-01, PostgreSQL's epoch.
const (
	pgTimestampMinSecs = -210866803200.0
	pgTimestampEndSecs = 9224318016000.0
	pgEpochSecs        = 946684800.0
)

// toTimestamp writes to_timestamp(seconds since 1970-01-01 UTC), a timestamptz. A
// number literal is converted here as PostgreSQL converts it (microseconds, rounded;
// 22008 for NaN or beyond PostgreSQL's range) and written as a time stamp literal in
// UTC, as pgwired keeps timestamptz values; infinity and years IRIS's TIMESTAMP cannot
// hold are 0A000. Another argument is added to 1970-01-01 00:00:00 with DATEADD, whole
// seconds and then the fraction in microseconds, rounded (IRIS's DATEADD truncates its
// count to an integer; mcs is a documented unit). to_timestamp(text, format) → 0A000.
func (e *emitter) toTimestamp(f *pg_query.FuncCall) {
	if len(f.Args) != 1 {
		e.unsupported(f.Location, "to_timestamp(text, format)")
	}
	n := f.Args[0]
	if c, ok := n.Node.(*pg_query.Node_AConst); ok && c.AConst.Isnull {
		e.w("CAST(NULL AS TIMESTAMP)")
		return
	} else if ok {
		e.readConst(c.AConst)
		var text string
		switch v := c.AConst.Val.(type) {
		case *pg_query.A_Const_Ival:
			text = strconv.Itoa(int(v.Ival.Ival))
		case *pg_query.A_Const_Fval:
			text = v.Fval.Fval
		case *pg_query.A_Const_Sval:
			text = strings.TrimSpace(v.Sval.Sval)
		default:
			e.fail("42883", f.Location, "function to_timestamp(boolean) does not exist")
		}
		secs, err := strconv.ParseFloat(text, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			e.fail("22P02", c.AConst.Location, "invalid input syntax for type double precision: \"%s\"", text)
		}
		switch {
		case math.IsNaN(secs):
			e.fail("22008", -1, "timestamp cannot be NaN")
		case math.IsInf(secs, 0):
			e.unsupported(f.Location, "to_timestamp() of infinity")
		case secs < pgTimestampMinSecs || secs >= pgTimestampEndSecs:
			e.fail("22008", -1, "timestamp out of range: \"%s\"", fmt.Sprintf("%.6g", secs))
		}
		usecs := int64(math.RoundToEven((secs - pgEpochSecs) * 1e6)) // rint
		sec, frac := usecs/1e6, usecs%1e6
		if frac < 0 {
			sec, frac = sec-1, frac+1e6
		}
		t := time.Unix(sec+int64(pgEpochSecs), frac*1000).UTC()
		if t.Year() < 1 || t.Year() > 9999 {
			e.unsupported(f.Location, "to_timestamp() of a time stamp before 1 AD or after 9999 (IRIS TIMESTAMP)")
		}
		e.w("CAST('" + t.Format("2006-01-02 15:04:05.999999") + "' AS TIMESTAMP)")
		return
	}
	e.w("DATEADD('mcs', ROUND((")
	e.operand(n)
	e.w(" - FLOOR(")
	e.value(n)
	e.w(")) * 1000000, 0), DATEADD('s', FLOOR(")
	e.value(n)
	e.w("), '1970-01-01 00:00:00'))")
}
