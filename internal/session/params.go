package session

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/wire"
)

// decodeParams turns Bind parameters into the Go values the IRIS client sends (§4.3 of
// iris-protocol.md): integers as integers, numeric as exact decimals, dates and timestamps
// as ODBC strings, text as text. oids are the statement's parameter types.
func decodeParams(params [][]byte, formats []int16, oids []uint32) ([]any, error) {
	out := make([]any, len(params))
	for i, p := range params {
		if p == nil {
			continue // NULL
		}
		var oid uint32
		if i < len(oids) {
			oid = oids[i]
		}
		var v any
		var err error
		if formatFor(formats, i) == 1 {
			v, err = decodeBinaryParam(p, oid)
		} else {
			v, err = decodeTextParam(string(p), oid)
		}
		if err != nil {
			if we, ok := err.(*wire.Error); ok {
				return nil, &wire.Error{Code: we.Code, Message: fmt.Sprintf("parameter $%d: %s", i+1, we.Message), Hint: we.Hint}
			}
			// PostgreSQL's message names the type and the value; its CONTEXT the parameter
			// (the value shown as '...', log_parameter_max_length_on_error being 0).
			return nil, &wire.Error{Code: "22P02", Message: err.Error(), Where: fmt.Sprintf("unnamed portal parameter $%d = '...'", i+1)}
		}
		out[i] = v
	}
	return out, nil
}

// invalidInput is PostgreSQL's text for a value its type cannot read.
func invalidInput(oid uint32, s string) error {
	return errors.New(`invalid input syntax for type ` + inputTypeNames[oid] + `: "` + s + `"`)
}

// inputTypeNames name types as PostgreSQL's "invalid input syntax for type" does.
var inputTypeNames = map[uint32]string{oidInt2: "smallint", oidInt4: "integer", oidInt8: "bigint", oidOID: "oid",
	oidFloat4: "real", oidFloat8: "double precision", oidNumeric: "numeric", oidBool: "boolean",
	oidDate: "date", oidTime: "time", oidTimestamp: "timestamp", oidTimestamptz: "timestamp with time zone", oidUUID: "uuid"}

func decodeTextParam(s string, oid uint32) (any, error) {
	switch oid {
	case oidInt2, oidInt4, oidInt8, oidOID:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, invalidInput(oid, s)
		}
		return n, nil
	case oidFloat4, oidFloat8:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, invalidInput(oid, s)
		}
		return finiteFloat(f)
	case oidNumeric:
		// Checked here so that bad input is PostgreSQL's 22P02, not an internal error from
		// the IRIS client's encoder when the parameter is sent.
		d := strings.TrimSpace(s)
		if !isDecimalText(d) {
			if isNonFiniteText(d) {
				return nil, errNonFiniteNumeric
			}
			return nil, invalidInput(oid, s)
		}
		return iris.Decimal(d), nil
	case oidBool:
		b, ok := parseBool(s)
		if !ok {
			return nil, invalidInput(oid, s)
		}
		return b, nil
	case oidBytea:
		return decodeByteaText(s)
	case oidTimestamp:
		return wallTimestamp(s), nil
	case oidTimestamptz:
		return normalizeTimestamp(s), nil
	case oidUUID:
		// PostgreSQL reads a uuid without hyphens, in braces or in upper case (psycopg
		// sends uuid.hex); IRIS's GUID wants the 8-4-4-4-12 form.
		var buf [16]byte
		b, err := appendUUIDBinary(buf[:0], strings.TrimSpace(s))
		if err != nil {
			return nil, err
		}
		return formatUUID(b), nil
	}
	return s, nil
}

// NaN and infinities have no IRIS form pgwired can vouch for: the simulator's store turns
// a NaN double into NULL, and whether IRIS keeps them through xDBC is not established
// (iris-sql.md). They are refused rather than risk storing something else.
var (
	errNonFiniteFloat   = &wire.Error{Code: "0A000", Message: "NaN and infinite double precision values are not supported by pgwired/IRIS"}
	errNonFiniteNumeric = &wire.Error{Code: "0A000", Message: "NaN and infinite numeric values are not supported by pgwired/IRIS"}
)

func finiteFloat(f float64) (any, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, errNonFiniteFloat
	}
	return f, nil
}

// isNonFiniteText reports PostgreSQL's spellings of numeric NaN and infinity.
func isNonFiniteText(s string) bool {
	s = strings.TrimLeft(s, "+-")
	return strings.EqualFold(s, "nan") || strings.EqualFold(s, "infinity") || strings.EqualFold(s, "inf")
}

// isDecimalText reports whether s is a decimal number as IRIS can store it: an optional
// sign, digits with at most one decimal point (at least one digit), and an optional
// exponent. PostgreSQL's NaN and Infinity have no IRIS equivalent and are refused too.
func isDecimalText(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	mantissa, exp, hasExp := s, "", false
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mantissa, exp, hasExp = s[:i], s[i+1:], true
	}
	whole, frac, _ := strings.Cut(mantissa, ".")
	if len(whole)+len(frac) == 0 || !allDigits(whole) || !allDigits(frac) {
		return false
	}
	if !hasExp {
		return true
	}
	if exp != "" && (exp[0] == '+' || exp[0] == '-') {
		exp = exp[1:]
	}
	return exp != "" && allDigits(exp)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseBool accepts PostgreSQL's spellings of boolean input.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "t", "true", "yes", "y", "on", "1":
		return true, true
	case "f", "false", "no", "n", "off", "0":
		return false, true
	}
	return false, false
}

func decodeByteaText(s string) ([]byte, error) {
	if strings.HasPrefix(s, `\x`) {
		return hex.DecodeString(s[2:])
	}
	// escape format: backslash sequences \\ and \ooo
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b = append(b, s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '\\' {
			b = append(b, '\\')
			i++
			continue
		}
		if i+3 < len(s) {
			n, err := strconv.ParseUint(s[i+1:i+4], 8, 8)
			if err == nil {
				b = append(b, byte(n))
				i += 3
				continue
			}
		}
		return nil, fmt.Errorf("invalid input syntax for type bytea")
	}
	return b, nil
}

// zonedLayouts are the ISO 8601 forms with a zone that clients send for time stamps.
var zonedLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999Z07", "2006-01-02 15:04:05.999999999-07",
	"2006-01-02T15:04:05.999999999Z07"}

// normalizeTimestamp turns ISO 8601 forms clients send ("2024-05-17T13:45:10Z",
// "2024-05-17 13:45:10+02") for a timestamptz into the ODBC form IRIS reads, in UTC.
func normalizeTimestamp(s string) string {
	for _, layout := range zonedLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format("2006-01-02 15:04:05.999999")
		}
	}
	return strings.Replace(s, "T", " ", 1)
}

// wallTimestamp is the ODBC form of a timestamp (without time zone) value. As in
// PostgreSQL, a zone in the text is ignored and the wall time kept: pgjdbc sends
// setTimestamp and LocalDateTime values with the JVM's offset ("2024-01-02
// 10:00:00+01"), which PostgreSQL stores as 10:00 in a timestamp column.
func wallTimestamp(s string) string {
	for _, layout := range zonedLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02 15:04:05.999999") // t keeps the offset it was written with
		}
	}
	return strings.Replace(s, "T", " ", 1)
}

func decodeBinaryParam(p []byte, oid uint32) (any, error) {
	switch oid {
	case oidInt2:
		if len(p) != 2 {
			return nil, fmt.Errorf("binary int2 must be 2 bytes")
		}
		return int64(int16(binary.BigEndian.Uint16(p))), nil
	case oidInt4, oidOID:
		if len(p) != 4 {
			return nil, fmt.Errorf("binary int4 must be 4 bytes")
		}
		return int64(int32(binary.BigEndian.Uint32(p))), nil
	case oidInt8:
		if len(p) != 8 {
			return nil, fmt.Errorf("binary int8 must be 8 bytes")
		}
		return int64(binary.BigEndian.Uint64(p)), nil
	case oidFloat4:
		if len(p) != 4 {
			return nil, fmt.Errorf("binary float4 must be 4 bytes")
		}
		return finiteFloat(float64(math.Float32frombits(binary.BigEndian.Uint32(p))))
	case oidFloat8:
		if len(p) != 8 {
			return nil, fmt.Errorf("binary float8 must be 8 bytes")
		}
		return finiteFloat(math.Float64frombits(binary.BigEndian.Uint64(p)))
	case oidBool:
		if len(p) != 1 {
			return nil, fmt.Errorf("binary bool must be 1 byte")
		}
		return p[0] != 0, nil
	case oidBytea:
		return append([]byte{}, p...), nil // empty, not NULL
	case oidText, oidVarchar, oidBpchar, oidUnknown, 0:
		return string(p), nil
	case oidNumeric:
		var n pgtype.Numeric
		if err := typeMap.Scan(oidNumeric, 1, p, &n); err != nil {
			return nil, err
		}
		if n.NaN || n.InfinityModifier != pgtype.Finite {
			return nil, errNonFiniteNumeric
		}
		b, err := n.MarshalJSON()
		if err != nil {
			return nil, err
		}
		return iris.Decimal(strings.Trim(string(b), `"`)), nil
	case oidDate:
		if len(p) != 4 {
			return nil, fmt.Errorf("binary date must be 4 bytes")
		}
		days := int32(binary.BigEndian.Uint32(p))
		return pgEpoch.AddDate(0, 0, int(days)).Format("2006-01-02"), nil
	case oidTimestamp, oidTimestamptz:
		if len(p) != 8 {
			return nil, fmt.Errorf("binary timestamp must be 8 bytes")
		}
		us := int64(binary.BigEndian.Uint64(p))
		return pgEpoch.Add(time.Duration(us) * time.Microsecond).Format("2006-01-02 15:04:05.999999"), nil
	case oidTime:
		if len(p) != 8 {
			return nil, fmt.Errorf("binary time must be 8 bytes")
		}
		us := int64(binary.BigEndian.Uint64(p))
		return pgEpoch.Add(time.Duration(us) * time.Microsecond).Format("15:04:05.999999"), nil
	case oidUUID:
		if len(p) != 16 {
			return nil, fmt.Errorf("binary uuid must be 16 bytes")
		}
		return formatUUID(p), nil
	}
	if oid >= oidFirstUser {
		return string(p), nil // an enum label: enum_recv reads the text
	}
	return nil, fmt.Errorf("binary format for type OID %d is not supported; send it as text", oid)
}

// parseDurationGUC reads a PostgreSQL time setting: a number of milliseconds, or a number
// with a unit (ms, s, min, h, d).
func parseDurationGUC(v string) (time.Duration, error) {
	v = strings.TrimSpace(strings.Trim(v, "'"))
	if v == "" {
		return 0, nil
	}
	i := 0
	for i < len(v) && (v[i] >= '0' && v[i] <= '9' || v[i] == '.') {
		i++
	}
	n, err := strconv.ParseFloat(v[:i], 64)
	if err != nil {
		return 0, fmt.Errorf("invalid value for a time setting: %q", v)
	}
	unit := time.Millisecond
	switch strings.TrimSpace(v[i:]) {
	case "", "ms":
	case "s":
		unit = time.Second
	case "min":
		unit = time.Minute
	case "h":
		unit = time.Hour
	case "d":
		unit = 24 * time.Hour
	case "us":
		unit = time.Microsecond
	default:
		return 0, fmt.Errorf("invalid unit in time setting: %q", v)
	}
	return time.Duration(n * float64(unit)), nil
}

// coerceToParamTypes adapts values to the types IRIS reported for the statement's
// markers, where PostgreSQL would have applied an assignment cast: a timestamp sent for a
// DATE parameter keeps its date, a boolean for a BIT becomes 0/1.
func coerceToParamTypes(args []any, types []iris.Param) {
	for i, a := range args {
		if i >= len(types) || a == nil {
			continue
		}
		switch types[i].ODBCType {
		case odbcDate, odbcTypeDate, odbcDateHorolog:
			if s, ok := a.(string); ok && len(s) > 10 && (s[10] == ' ' || s[10] == 'T') {
				args[i] = s[:10]
			}
		case odbcTime, odbcTypeTime, odbcTimeHorolog:
			if s, ok := a.(string); ok && len(s) > 10 && (s[10] == ' ' || s[10] == 'T') {
				args[i] = s[11:]
			}
		case odbcBit:
			if s, ok := a.(string); ok {
				if b, ok := parseBool(s); ok {
					args[i] = b
				}
			}
		}
	}
}
