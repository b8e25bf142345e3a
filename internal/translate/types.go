package translate

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL type OIDs reported in Column.TypeOID.
const (
	oidBool        = 16
	oidBytea       = 17
	oidName        = 19
	oidInt8        = 20
	oidInt2        = 21
	oidInt4        = 23
	oidText        = 25
	oidJSON        = 114
	oidFloat4      = 700
	oidFloat8      = 701
	oidBpchar      = 1042
	oidVarchar     = 1043
	oidDate        = 1082
	oidTime        = 1083
	oidTimestamp   = 1114
	oidTimestamptz = 1184
	oidInterval    = 1186
	oidNumeric     = 1700
	oidUUID        = 2950
	oidVoid        = 2278
	oidJSONB       = 3802
)

// Documented size choices (doc.go): PostgreSQL's unbounded text types become the
// longest IRIS string, never IRIS TEXT (a stream, on which string functions fail
// with SQLCODE -37) and never bare VARCHAR (MAXLEN 1).
// LongStringLen is the VARCHAR length of PostgreSQL's unbounded text types (text,
// varchar, json, jsonb): IRIS's long-string limit. A column of that length reads back
// as text.
const LongStringLen = 3641144

const (
	maxStringLen     = LongStringLen
	numericPrecision = 36 // IRIS caps arithmetic precision at 36 …
	numericScale     = 17 // … and scale at 17
)

type typeClass int

const (
	classOther typeClass = iota
	classString
	classInt
	classBool
	classVector
)

// irisType is the IRIS rendering of a PostgreSQL type.
type irisType struct {
	sql   string // IRIS type text for CAST and DDL
	oid   uint32 // PostgreSQL OID (0 = none fixed)
	class typeClass
	name  string // PostgreSQL name, for messages
}

// mapType maps a PostgreSQL type to IRIS or aborts with 0A000.
func (t *translator) mapType(tn *pg_query.TypeName) irisType {
	name := strings.ToLower(lastName(tn.Names))
	if len(tn.ArrayBounds) > 0 {
		t.unsupported(tn.Location, "array type "+name+"[]")
	}
	if tn.Setof || tn.PctType {
		t.unsupported(tn.Location, "type modifier on "+name)
	}
	mods := t.typmods(tn)
	switch name {
	case "int2", "smallint":
		return irisType{"SMALLINT", oidInt2, classInt, "smallint"}
	case "int4", "int", "integer":
		return irisType{"INTEGER", oidInt4, classInt, "integer"}
	case "int8", "bigint":
		return irisType{"BIGINT", oidInt8, classInt, "bigint"}
	case "numeric", "decimal":
		switch len(mods) {
		case 0:
			return irisType{"NUMERIC(" + itoa(numericPrecision) + "," + itoa(numericScale) + ")", oidNumeric, classOther, "numeric"}
		case 1:
			return irisType{"NUMERIC(" + itoa(mods[0]) + ",0)", oidNumeric, classOther, "numeric"}
		default:
			return irisType{"NUMERIC(" + itoa(mods[0]) + "," + itoa(mods[1]) + ")", oidNumeric, classOther, "numeric"}
		}
	case "float4", "real":
		return irisType{"DOUBLE", oidFloat4, classOther, "real"}
	case "float8", "double precision", "float":
		return irisType{"DOUBLE", oidFloat8, classOther, "double precision"}
	case "bool", "boolean":
		return irisType{"BIT", oidBool, classBool, "boolean"}
	case "text":
		return irisType{"VARCHAR(" + itoa(maxStringLen) + ")", oidText, classString, "text"}
	case "varchar", "character varying":
		if len(mods) > 0 {
			return irisType{"VARCHAR(" + itoa(mods[0]) + ")", oidVarchar, classString, "character varying"}
		}
		return irisType{"VARCHAR(" + itoa(maxStringLen) + ")", oidVarchar, classString, "character varying"}
	case "bpchar", "char", "character":
		if len(mods) > 0 {
			return irisType{"CHAR(" + itoa(mods[0]) + ")", oidBpchar, classString, "character"}
		}
		return irisType{"VARCHAR(" + itoa(maxStringLen) + ")", oidBpchar, classString, "character"}
	case "name":
		return irisType{"VARCHAR(64)", oidName, classString, "name"}
	case "bytea":
		return irisType{"VARBINARY(" + itoa(maxStringLen) + ")", oidBytea, classOther, "bytea"}
	case "date":
		return irisType{"DATE", oidDate, classOther, "date"}
	case "time":
		if len(mods) > 0 {
			return irisType{"TIME(" + itoa(mods[0]) + ")", oidTime, classOther, "time"}
		}
		return irisType{"TIME", oidTime, classOther, "time"}
	case "timestamp":
		return irisType{"TIMESTAMP", oidTimestamp, classOther, "timestamp"}
	case "timestamptz":
		return irisType{"TIMESTAMP", oidTimestamptz, classOther, "timestamp with time zone"}
	case "uuid":
		return irisType{"UNIQUEIDENTIFIER", oidUUID, classOther, "uuid"}
	case "json":
		return irisType{"VARCHAR(" + itoa(maxStringLen) + ")", oidJSON, classString, "json"}
	case "jsonb":
		return irisType{"VARCHAR(" + itoa(maxStringLen) + ")", oidJSONB, classString, "jsonb"}
	case "vector":
		if len(mods) > 0 {
			return irisType{"VECTOR(DOUBLE, " + itoa(mods[0]) + ")", 0, classVector, "vector"}
		}
		// Bare VECTOR is DOUBLE elements of any length (iris-sql.md A.5); a type
		// without a length, VECTOR(DOUBLE), is not a documented IRIS form.
		return irisType{"VECTOR", 0, classVector, "vector"}
	}
	t.unsupported(tn.Location, "type "+name)
	return irisType{}
}

func (t *translator) typmods(tn *pg_query.TypeName) []int {
	if len(tn.Typmods) == 0 {
		return nil
	}
	out := make([]int, 0, len(tn.Typmods))
	for _, m := range tn.Typmods {
		c, ok := m.Node.(*pg_query.Node_AConst)
		if !ok {
			t.unsupported(tn.Location, "non-constant type modifier")
		}
		iv, ok := c.AConst.Val.(*pg_query.A_Const_Ival)
		if !ok {
			t.unsupported(tn.Location, "non-integer type modifier")
		}
		t.readConst(c.AConst)
		out = append(out, int(iv.Ival.Ival))
	}
	return out
}

func isStringTypeName(tn *pg_query.TypeName) bool {
	switch strings.ToLower(lastName(tn.Names)) {
	case "text", "varchar", "character varying", "bpchar", "char", "character", "name":
		return true
	}
	return false
}

// castArgLocation is where PostgreSQL points at a cast's bad input: the constant being
// cast ('x' of 'x'::int), not the "::".
func castArgLocation(c *pg_query.TypeCast) int32 {
	if k := c.Arg.GetAConst(); k != nil {
		return k.Location
	}
	return c.Location
}

// cast writes CAST(x AS t). String literals cast to integer or boolean are folded
// into constants (and rejected as PostgreSQL rejects them).
func (e *emitter) cast(c *pg_query.TypeCast) {
	name := strings.ToLower(lastName(c.TypeName.Names))
	if name == "interval" {
		e.unsupported(c.Location, "interval values outside date arithmetic with a literal")
	}
	if ref, user := e.userType(c.TypeName); user {
		e.enumCast(c, ref)
		return
	}
	typ := e.mapType(c.TypeName)
	if pr, ok := c.Arg.Node.(*pg_query.Node_ParamRef); ok && pr.ParamRef.Number > 0 {
		if oid := castOID(c.TypeName); oid != 0 {
			if e.paramTypes == nil {
				e.paramTypes = map[int]uint32{}
			}
			if _, seen := e.paramTypes[int(pr.ParamRef.Number)-1]; !seen {
				e.paramTypes[int(pr.ParamRef.Number)-1] = oid
			}
		}
	}
	// The literal's value is read only where the translation depends on it (shape.go).
	litConst, isLit := stringConstNode(c.Arg)
	if isLit && typ.class == classString && (name == "text" || name == "varchar") && len(c.TypeName.Typmods) == 0 {
		// An unbounded text cast of a literal is the literal itself.
		e.constant(litConst)
		return
	}
	switch typ.class {
	case classVector:
		e.w("TO_VECTOR(")
		e.value(c.Arg)
		e.w(", DOUBLE")
		if mods := e.typmods(c.TypeName); len(mods) > 0 {
			e.w(", " + itoa(mods[0]))
		}
		e.wb(')')
		return
	case classBool:
		if isLit {
			lit, _ := e.stringConst(c.Arg)
			switch strings.ToLower(strings.TrimSpace(lit)) {
			case "t", "true", "y", "yes", "on", "1":
				e.wb('1')
			case "f", "false", "n", "no", "off", "0":
				e.wb('0')
			default:
				e.fail(stateInvalidText, castArgLocation(c), "invalid input syntax for type boolean: %q", lit)
			}
			return
		}
		if isPredicate(c.Arg) {
			e.value(c.Arg)
			return
		}
	case classInt:
		if isLit {
			lit, _ := e.stringConst(c.Arg)
			bits := map[string]int{"SMALLINT": 16, "INTEGER": 32, "BIGINT": 64}[typ.sql]
			v, err := strconv.ParseInt(strings.TrimSpace(lit), 10, bits)
			if err != nil {
				if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
					e.fail("22003", castArgLocation(c), "value %q is out of range for type %s", lit, typ.name)
				}
				e.fail(stateInvalidText, castArgLocation(c), "invalid input syntax for type %s: %q", typ.name, lit)
			}
			e.w(strconv.FormatInt(v, 10))
			return
		}
		if digits, ok := e.bigIntConst(c.Arg); ok {
			// An integer literal beyond int4 is a numeric constant to the parser; it needs
			// no rounding, and going through IRIS's ROUND could cost it digits.
			bits := map[string]int{"SMALLINT": 16, "INTEGER": 32, "BIGINT": 64}[typ.sql]
			if _, err := strconv.ParseInt(digits, 10, bits); err != nil {
				e.fail("22003", -1, "%s out of range", typ.name) // a run-time error in PostgreSQL: no position
			}
			e.w(digits)
			return
		}
		_, isParam := c.Arg.Node.(*pg_query.Node_ParamRef)
		switch inferType(c.Arg) {
		case oidInt2, oidInt4, oidInt8:
		default:
			if isParam {
				break // typed by the cast: the session sends an integer
			}
			// PostgreSQL rounds a fraction to the nearest integer (4200.50 → 4201);
			// IRIS CAST truncates it.
			e.w("CAST(ROUND(")
			e.value(c.Arg)
			e.w(", 0) AS " + typ.sql + ")")
			return
		}
	}
	if isLit && (typ.oid == oidNumeric || typ.oid == oidFloat4 || typ.oid == oidFloat8) {
		// IRIS CAST reads a non-numeric string as 0 ('x' → 0); PostgreSQL refuses it.
		mods := e.typmods(c.TypeName)
		if !e.constHas(litConst, func(v string) bool { state, _ := numberLiteralProblem(v, typ, mods); return state == "" }) {
			lit, _ := e.stringConst(c.Arg)
			state, msg := numberLiteralProblem(lit, typ, mods)
			if state == "22003" && typ.oid == oidNumeric {
				// A run-time error in PostgreSQL: no position, the limit in the DETAIL.
				scale := 0
				if len(mods) > 1 {
					scale = mods[1]
				}
				panic(bailout{&Error{SQLState: state, Message: msg, Detail: NumericOverflowDetail(mods[0], scale)}})
			}
			e.fail(state, castArgLocation(c), "%s", msg)
		}
	}
	if isLit && (name == "timestamp" || name == "timestamptz") {
		dropZone := name == "timestamp"
		if e.constHas(litConst, func(v string) bool { _, ok := isoTimestamp(v, dropZone); return ok }) {
			e.w("CAST(")
			e.stringLitOf(litConst, func(v string) string { norm, _ := isoTimestamp(v, dropZone); return norm })
			e.w(" AS " + typ.sql + ")")
			return
		}
	}
	if isLit && name == "date" {
		e.dateLiteral(c, litConst, typ)
		return
	}
	if isLit && name == "time" && e.constHas(litConst, isFractionTime) {
		e.fractionTime(litConst, e.typmods(c.TypeName))
		return
	}
	if isLit && typ.oid == oidBytea && e.constHas(litConst, needsByteaDecoding) {
		// '\x0001'::bytea (psycopg2 writes bytes so): the bytes, not the characters
		// (bytea.go).
		v, _ := e.stringConst(c.Arg)
		b, err := decodeBytea(v)
		if err != nil {
			e.fail(err.SQLState, castArgLocation(c), "%s", err.Message)
		}
		if zeroByteOnly(b) {
			panic(bailout{errZeroByte()})
		}
		e.w("CAST(" + irisBinary(b) + " AS " + typ.sql + ")")
		return
	}
	if isLit && name == "time" && e.constHas(litConst, isShortTime) {
		// PostgreSQL reads 'hh:mm' as hh:mm:00; IRIS documents only the full
		// ODBC form hh:mm:ss for times.
		e.w("CAST(")
		e.stringLitOf(litConst, func(v string) string { return strings.TrimSpace(v) + ":00" })
		e.w(" AS " + typ.sql + ")")
		return
	}
	at := e.b.Len()
	e.w("CAST(")
	colAt := e.b.Len()
	e.value(c.Arg)
	colEnd := e.b.Len()
	e.w(" AS ")
	if typ.sql == "TIME" && !isLit {
		// PostgreSQL's time keeps microseconds (ts::time of 23:59:59.123); IRIS's TIME
		// has no fraction unless its precision says so.
		e.w("TIME(6)")
	} else {
		e.w(typ.sql)
	}
	e.wb(')')
	if typ.class == classString {
		e.noteNumericText(c.Arg, at, e.b.Len(), colAt, colEnd)
	}
}

// numberLiteral is PostgreSQL's numeric and float input syntax for finite values
// (PostgreSQL 15: no underscores, no hex).
var numberLiteral = regexp.MustCompile(`^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$`)

// numberLiteralProblem says why PostgreSQL refuses a string literal cast to numeric,
// real or double precision: not a number (22P02) or too large for the type (22003);
// NaN and infinities, which IRIS has no documented form for, are 0A000. The state
// is "" when the literal is fine.
func numberLiteralProblem(lit string, typ irisType, mods []int) (state, msg string) {
	word := strings.ToLower(strings.TrimSpace(lit))
	word = strings.TrimLeft(word, "+-")
	if word == "nan" || word == "infinity" || word == "inf" {
		return stateUnsupported, unsupportedMessage("the " + typ.name + " value '" + lit + "'")
	}
	if !numberLiteral.MatchString(lit) {
		return stateInvalidText, fmt.Sprintf("invalid input syntax for type %s: %q", typ.name, lit)
	}
	text := strings.TrimSpace(lit)
	switch typ.oid {
	case oidFloat4, oidFloat8:
		bits := 64
		if typ.oid == oidFloat4 {
			bits = 32
		}
		if _, err := strconv.ParseFloat(text, bits); err != nil {
			return "22003", fmt.Sprintf("%q is out of range for type %s", lit, typ.name)
		}
	case oidNumeric:
		if len(mods) == 0 {
			return "", ""
		}
		prec, scale := mods[0], 0
		if len(mods) > 1 {
			scale = mods[1]
		}
		if numericOverflows(text, prec, scale) {
			return "22003", "numeric field overflow"
		}
	}
	return "", ""
}

// numericOverflows reports whether the decimal text, rounded half away from zero to
// scale fraction digits, needs more than prec-scale integer digits (numeric(prec, scale)).
func numericOverflows(text string, prec, scale int) bool {
	r, ok := new(big.Rat).SetString(strings.TrimPrefix(text, "+"))
	if !ok {
		return false
	}
	r.Abs(r)
	// Round to scale digits: floor(|x| * 10^scale + 1/2).
	pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(max(scale, 0))), nil)
	r.Mul(r, new(big.Rat).SetInt(pow))
	r.Add(r, big.NewRat(1, 2))
	n := new(big.Int).Quo(r.Num(), r.Denom())
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(prec)), nil)
	return n.Cmp(limit) >= 0
}

var shortTime = regexp.MustCompile(`^[0-9]{1,2}:[0-9]{2}$`)

func isShortTime(v string) bool { return shortTime.MatchString(strings.TrimSpace(v)) }

// isoTimestampLit is an ISO 8601 time stamp as psycopg2 writes a datetime
// ('2024-01-02T03:04:05.123456'::timestamp), optionally with a zone.
var isoTimestampLit = regexp.MustCompile(`^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2})(:[0-9]{2}(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?\s*$`)

// isoTimestamp rewrites an ISO 8601 time stamp literal into the ODBC form IRIS reads
// (yyyy-mm-dd hh:mm:ss[.f]): PostgreSQL accepts the 'T' separator and a missing seconds
// field. A zone is dropped for timestamp (PostgreSQL ignores it there); a timestamptz
// literal with a zone is that instant, written in UTC as pgwired keeps timestamptz
// values (pgx's simple protocol interpolates a time.Time as '…+02:00'::timestamptz).
func isoTimestamp(lit string, dropZone bool) (string, bool) {
	m := isoTimestampLit.FindStringSubmatch(lit)
	if m == nil {
		return "", false
	}
	secs := m[3]
	if secs == "" {
		secs = ":00"
	}
	norm := m[1] + " " + m[2] + secs
	if zone := m[5]; zone != "" && !dropZone {
		if zone != "Z" && len(zone) == 3 {
			zone += ":00"
		} else if zone != "Z" && zone[3] != ':' {
			zone = zone[:3] + ":" + zone[3:]
		}
		t, err := time.Parse(time.RFC3339Nano, m[1]+"T"+m[2]+secs+zone)
		if err != nil {
			return "", false
		}
		return t.UTC().Format("2006-01-02 15:04:05.999999999"), true
	}
	return norm, norm != lit
}

// bigIntConst returns the digits of an integer literal too large for int4, which
// pg_query gives as a float constant ("9007199254740993").
func (t *translator) bigIntConst(n *pg_query.Node) (string, bool) {
	c, ok := n.Node.(*pg_query.Node_AConst)
	if !ok {
		return "", false
	}
	t.readConst(c.AConst)
	f, ok := c.AConst.Val.(*pg_query.A_Const_Fval)
	if !ok || f.Fval.Fval == "" {
		return "", false
	}
	for _, r := range f.Fval.Fval {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return f.Fval.Fval, true
}

// stringConstNode returns n's string constant, without reading its value.
func stringConstNode(n *pg_query.Node) (*pg_query.A_Const, bool) {
	if n == nil {
		return nil, false
	}
	if c, ok := n.Node.(*pg_query.Node_AConst); ok {
		if _, ok := c.AConst.Val.(*pg_query.A_Const_Sval); ok {
			return c.AConst, true
		}
	}
	return nil, false
}

func (t *translator) stringConst(n *pg_query.Node) (string, bool) {
	if n == nil {
		return "", false
	}
	if c, ok := n.Node.(*pg_query.Node_AConst); ok {
		if s, ok := c.AConst.Val.(*pg_query.A_Const_Sval); ok {
			t.readConst(c.AConst)
			return s.Sval.Sval, true
		}
	}
	return "", false
}

// intervalUnits maps PostgreSQL interval units to IRIS DATEADD codes.
var intervalUnits = map[string]string{
	"year": "yy", "years": "yy", "month": "mm", "months": "mm", "week": "wk", "weeks": "wk",
	"day": "dd", "days": "dd", "hour": "hh", "hours": "hh", "minute": "mi", "minutes": "mi",
	"min": "mi", "mins": "mi", "second": "ss", "seconds": "ss", "sec": "ss", "secs": "ss",
	"mon": "mm", "mons": "mm", "yr": "yy", "yrs": "yy", "hr": "hh", "hrs": "hh",
}

// intervalArith rewrites "x ± interval '…'" into DATEADD, the only interval
// arithmetic IRIS can express. Reports false when the expression is not of that form.
// 'N unit' is one DATEADD in that unit. Other intervals (several fields, '1 day
// 02:30:00', '1.5 hours', interval '1 day' * 2: see intervalValue) are added the way
// PostgreSQL adds an interval: its months first, then its days, then its time (months,
// days and microseconds are separate fields of a PostgreSQL interval), so
// DATEADD('ss', s, DATEADD('dd', d, DATEADD('mm', m, x))). Fractions of a second are
// refused: DATEADD counts whole seconds.
func (e *emitter) intervalArith(op string, a *pg_query.A_Expr) bool {
	if op != "+" && op != "-" {
		return false
	}
	base, ivNode := a.Lexpr, a.Rexpr
	v, isInterval, ok := e.intervalValue(ivNode)
	if !isInterval {
		if op == "-" {
			return false
		}
		if v, isInterval, ok = e.intervalValue(a.Lexpr); !isInterval {
			return false
		}
		base, ivNode = ivNode, a.Lexpr
	}
	if !ok {
		if _, isLit := e.intervalLiteral(ivNode); isLit {
			e.unsupported(a.Location, "interval '"+v.lit+"' (PostgreSQL's 'N unit …', 'h:mm:ss' and 'ago' forms are supported)")
		} else {
			e.unsupported(a.Location, "interval '"+v.lit+"' multiplied by anything but a number literal or an integer column, or divided by anything but a number literal")
		}
	}
	sign := int64(1)
	if op == "-" {
		sign = -1
	}
	if _, isLit := e.intervalLiteral(ivNode); isLit {
		if parts, simple := intervalFields(v.lit); simple && len(parts) == 1 {
			e.w("DATEADD('" + parts[0].unit + "', " + strconv.FormatInt(sign*parts[0].n, 10) + ", ")
			e.value(base)
			e.wb(')')
			return true
		}
	}
	if v.iv.usecs%usecsPerSec != 0 {
		e.unsupported(a.Location, "an interval with fractions of a second (IRIS's DATEADD adds whole seconds)")
	}
	if v.by != nil {
		col, known := e.catalogColumn(v.by)
		if !known {
			e.unsupported(a.Location, "interval '"+v.lit+"' times a column pgwired cannot find in the FROM clause")
		}
		if !e.scratching {
			e.places.IntegerColumns = append(e.places.IntegerColumns, col)
		}
	}
	var steps []intervalField
	for _, f := range []intervalField{{"ss", sign * v.iv.usecs / usecsPerSec}, {"dd", sign * v.iv.days}, {"mm", sign * v.iv.months}} {
		if f.n != 0 {
			steps = append(steps, f)
		}
	}
	if len(steps) == 0 {
		// '0 days 0 hours': x itself.
		steps = append(steps, intervalField{"ss", 0})
	}
	for _, f := range steps {
		e.w("DATEADD('" + f.unit + "', " + strconv.FormatInt(f.n, 10))
		if v.by != nil {
			// interval '1 hour' * n: n hours; the catalog must say n is an integer
			// (IRIS's DATEADD with a fraction is not PostgreSQL's carry into smaller fields).
			e.w(" * ")
			e.columnRef(v.by)
		}
		e.w(", ")
	}
	e.value(base)
	for range steps {
		e.wb(')')
	}
	return true
}

// intervalField is one "N unit" of an interval literal, unit an IRIS DATEADD code.
type intervalField struct {
	unit string
	n    int64
}

// intervalFields splits an interval literal into whole-number "N unit" fields, each
// unit at most once (PostgreSQL refuses a repeated field). ok is false for any other
// form (fractions, 'hh:mm:ss', 'ago', unknown units).
func intervalFields(lit string) ([]intervalField, bool) {
	words := strings.Fields(strings.ToLower(lit))
	if len(words) == 0 || len(words)%2 != 0 {
		return nil, false
	}
	var out []intervalField
	seen := map[string]bool{}
	for i := 0; i < len(words); i += 2 {
		n, err := strconv.ParseInt(words[i], 10, 32)
		unit, known := intervalUnits[words[i+1]]
		if err != nil || !known || seen[unit] {
			return nil, false
		}
		seen[unit] = true
		out = append(out, intervalField{unit, n})
	}
	return out, true
}

func (t *translator) intervalLiteral(n *pg_query.Node) (string, bool) {
	c, ok := n.Node.(*pg_query.Node_TypeCast)
	if !ok || strings.ToLower(lastName(c.TypeCast.TypeName.Names)) != "interval" || len(c.TypeCast.TypeName.Typmods) > 0 {
		return "", false
	}
	return t.stringConst(c.TypeCast.Arg)
}

// NumericOverflowDetail is PostgreSQL's DETAIL of "numeric field overflow" for
// numeric(prec, scale).
func NumericOverflowDetail(prec, scale int) string {
	limit := "10^" + strconv.Itoa(prec-scale)
	if prec == scale {
		limit = "1"
	}
	return "A field with precision " + strconv.Itoa(prec) + ", scale " + strconv.Itoa(scale) + " must round to an absolute value less than " + limit + "."
}
