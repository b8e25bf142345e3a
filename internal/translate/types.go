package translate

import (
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
	oidNumeric     = 1700
	oidUUID        = 2950
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
	lit, isLit := e.stringConst(c.Arg)
	if isLit && typ.class == classString && (name == "text" || name == "varchar") && len(c.TypeName.Typmods) == 0 {
		// An unbounded text cast of a literal is the literal itself.
		writeStringLit(&e.b, lit)
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
	if isLit && (name == "timestamp" || name == "timestamptz") {
		if norm, ok := isoTimestamp(lit, name == "timestamp"); ok {
			e.w("CAST(")
			writeStringLit(&e.b, norm)
			e.w(" AS " + typ.sql + ")")
			return
		}
	}
	if isLit && name == "time" && shortTime.MatchString(strings.TrimSpace(lit)) {
		// PostgreSQL reads 'hh:mm' as hh:mm:00; IRIS documents only the full
		// ODBC form hh:mm:ss for times.
		e.w("CAST(")
		writeStringLit(&e.b, strings.TrimSpace(lit)+":00")
		e.w(" AS " + typ.sql + ")")
		return
	}
	e.w("CAST(")
	e.value(c.Arg)
	e.w(" AS ")
	e.w(typ.sql)
	e.wb(')')
}

var shortTime = regexp.MustCompile(`^[0-9]{1,2}:[0-9]{2}$`)

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
}

// intervalArith rewrites "x ± interval 'N unit'" into DATEADD, the only interval
// arithmetic IRIS can express. Reports false when the expression is not of that form.
func (e *emitter) intervalArith(op string, a *pg_query.A_Expr) bool {
	if op != "+" && op != "-" {
		return false
	}
	base, iv := a.Lexpr, a.Rexpr
	lit, ok := e.intervalLiteral(iv)
	if !ok {
		if op == "-" {
			return false
		}
		if lit, ok = e.intervalLiteral(base); !ok {
			return false
		}
		base, iv = iv, base
	}
	fields := strings.Fields(strings.ToLower(lit))
	if len(fields) != 2 {
		e.unsupported(a.Location, "interval '"+lit+"' (only 'N unit' is supported)")
	}
	n, err := strconv.ParseInt(fields[0], 10, 32)
	unit, known := intervalUnits[fields[1]]
	if err != nil || !known {
		e.unsupported(a.Location, "interval '"+lit+"' (only 'N unit' is supported)")
	}
	if op == "-" {
		n = -n
	}
	e.w("DATEADD('" + unit + "', " + strconv.FormatInt(n, 10) + ", ")
	e.value(base)
	e.wb(')')
	return true
}

func (t *translator) intervalLiteral(n *pg_query.Node) (string, bool) {
	c, ok := n.Node.(*pg_query.Node_TypeCast)
	if !ok || strings.ToLower(lastName(c.TypeCast.TypeName.Names)) != "interval" || len(c.TypeCast.TypeName.Typmods) > 0 {
		return "", false
	}
	return t.stringConst(c.TypeCast.Arg)
}
