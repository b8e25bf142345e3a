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
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/wire"
)

// rowSource is the part of iris.Rows the encoder needs: the raw $LIST item of a column,
// and its decoded Go value for the types whose wire form varies (dates, streams).
type rowSource interface {
	Item(i int) iris.Item
	Value(i int) (any, error)
}

// pgEpoch is PostgreSQL's date/timestamp epoch for the binary formats.
var pgEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// typeMap encodes the binary forms that are not worth hand-writing (numeric).
var typeMap = pgtype.NewMap()

// appendValue appends column i of the current row in the PostgreSQL format (0 text, 1
// binary) for oid. The common types are encoded straight from the $LIST item without an
// intermediate Go value; this is the per-row hot path.
func appendValue(dst []byte, src rowSource, i int, f *pgproto3.FieldDescription) ([]byte, error) {
	oid, format := f.DataTypeOID, f.Format
	it := src.Item(i)
	switch oid {
	case oidInt2, oidInt4, oidInt8:
		n, err := it.Int()
		if err != nil {
			if d, derr := it.AppendDecimal(nil); derr == nil && isIntegralText(d) {
				return dst, integerOutOfRange(oid) // IRIS's numbers do not overflow at 64 bits
			}
			if f, ferr := it.Float(); ferr == nil && f == math.Trunc(f) && math.Abs(f) >= 1<<63 {
				return dst, integerOutOfRange(oid)
			}
			return appendViaValue(dst, src, i, oid, format)
		}
		if format == 1 && !fitsInteger(oid, n) {
			// IRIS computed beyond the type IRIS reported; the binary form cannot hold it.
			return dst, integerOutOfRange(oid)
		}
		if format == 0 {
			return strconv.AppendInt(dst, n, 10), nil
		}
		switch oid {
		case oidInt2:
			return binary.BigEndian.AppendUint16(dst, uint16(int16(n))), nil
		case oidInt4:
			return binary.BigEndian.AppendUint32(dst, uint32(int32(n))), nil
		}
		return binary.BigEndian.AppendUint64(dst, uint64(n)), nil
	case oidBool:
		n, err := it.Int()
		if err != nil {
			return appendViaValue(dst, src, i, oid, format)
		}
		if format == 0 {
			if n != 0 {
				return append(dst, 't'), nil
			}
			return append(dst, 'f'), nil
		}
		if n != 0 {
			return append(dst, 1), nil
		}
		return append(dst, 0), nil
	case oidFloat4, oidFloat8:
		f, err := it.Float()
		if err != nil {
			return appendViaValue(dst, src, i, oid, format)
		}
		if format == 0 {
			bits := 64
			if oid == oidFloat4 {
				bits = 32
			}
			return appendFloatText(dst, f, bits), nil
		}
		if oid == oidFloat4 {
			return binary.BigEndian.AppendUint32(dst, math.Float32bits(float32(f))), nil
		}
		return binary.BigEndian.AppendUint64(dst, math.Float64bits(f)), nil
	case oidNumeric:
		if format == 0 {
			start := len(dst)
			dst, err := it.AppendDecimal(dst)
			if err != nil {
				return nil, err
			}
			return padScale(dst, start, f.TypeModifier), nil
		}
		text, err := it.AppendDecimal(nil)
		if err != nil {
			return nil, err
		}
		text = padScale(text, 0, f.TypeModifier) // the binary form carries the scale too
		var n pgtype.Numeric
		if err := n.Scan(string(text)); err != nil {
			return nil, fmt.Errorf("numeric value %q: %w", text, err)
		}
		return typeMap.Encode(oidNumeric, 1, n, dst)
	case oidText, oidVarchar, oidBpchar, oidUnknown:
		if it.Type == iris.TypeString || it.Type == iris.TypeUnicode || it.Type.Base() == iris.TypePosInt ||
			it.Type.Base() == iris.TypeNegInt || it.Type == iris.TypePosDecimal || it.Type == iris.TypeNegDecimal {
			// Text and binary are the same bytes for text types.
			if oid == oidBpchar && f.TypeModifier > 4 {
				return padChars(dst, it, int(f.TypeModifier-4))
			}
			return it.AppendText(dst)
		}
		return appendViaValue(dst, src, i, oid, format)
	case oidJSON, oidJSONB:
		if it.IsNull() {
			return dst, nil
		}
		text, err := it.AppendText(nil)
		if err != nil {
			return appendViaValue(dst, src, i, oidText, format)
		}
		if oid == oidJSONB && format == 1 {
			dst = append(dst, 1) // jsonb's binary form: version 1, then the text
		}
		if oid == oidJSON {
			return append(dst, text...), nil // json keeps the text as written
		}
		if out, ok := appendJSONB(dst, text); ok {
			return out, nil
		}
		return append(dst, text...), nil
	case oidBoolArray, oidInt2Array, oidInt4Array, oidInt8Array, oidTextArray, oidVarcharArray, oidBpcharArray,
		oidFloat4Array, oidFloat8Array, oidNumericArray, oidDateArray, oidTimeArray, oidTimestampArray,
		oidTimestamptzArray, oidUUIDArray:
		return dst, nil // array_agg's JSON_ARRAYAGG: written by appendQuotients (array.go)
	}
	if oid >= oidFirstUser {
		// An enum label: its text is also its binary form (enum_send).
		return appendViaValue(dst, src, i, oidText, 0)
	}
	return appendViaValue(dst, src, i, oid, format)
}

// padScale gives a numeric the trailing zeros of its declared scale, as PostgreSQL shows
// a numeric(p,s) value: IRIS sends 1.5 for a NUMERIC(9,2) holding 1.50.
func padScale(dst []byte, start int, typmod int32) []byte {
	if typmod < 4 {
		return dst
	}
	scale := int((typmod - 4) & 0xffff)
	if scale == 0 {
		return dst
	}
	num := dst[start:]
	for _, c := range num {
		if c == 'e' || c == 'E' || c == 'N' || c == 'I' { // exponent form, NaN, Infinity: leave alone
			return dst
		}
	}
	have := 0
	if dot := strings.IndexByte(string(num), '.'); dot >= 0 {
		have = len(num) - dot - 1
	} else {
		dst = append(dst, '.')
	}
	for ; have < scale; have++ {
		dst = append(dst, '0')
	}
	return dst
}

// appendViaValue handles the types whose $LIST form varies (dates as strings or horolog
// integers, timestamps as strings or %PosixTime, stream handles) through the decoded value.
func appendViaValue(dst []byte, src rowSource, i int, oid uint32, format int16) ([]byte, error) {
	v, err := src.Value(i)
	if err != nil {
		return nil, err
	}
	if format == 1 {
		return appendBinary(dst, v, oid)
	}
	return appendText(dst, v, oid)
}

func appendText(dst []byte, v any, oid uint32) ([]byte, error) {
	if oid == oidTimetz { // the time, then its zone, which drivers require
		dst, err := appendText(dst, v, oidTime)
		if err != nil {
			return nil, err
		}
		return append(dst, '+', '0', '0'), nil
	}
	switch x := v.(type) {
	case string:
		return append(dst, x...), nil
	case []byte:
		if oid == oidBytea {
			dst = append(dst, '\\', 'x')
			return hex.AppendEncode(dst, x), nil
		}
		return append(dst, x...), nil
	case int64:
		if oid == oidBool {
			return append(dst, "ft"[boolIndex(x != 0)]), nil
		}
		return strconv.AppendInt(dst, x, 10), nil
	case bool:
		return append(dst, "ft"[boolIndex(x)]), nil
	case float64:
		return appendFloatText(dst, x, 64), nil
	case iris.Decimal:
		return append(dst, x...), nil
	case time.Time:
		switch oid {
		case oidDate:
			return x.AppendFormat(dst, "2006-01-02"), nil
		case oidTime:
			return x.AppendFormat(dst, "15:04:05.999999"), nil
		case oidTimestamptz:
			// IRIS time stamps hold UTC for timestamptz values (parameters are converted
			// to UTC); PostgreSQL's text form carries the offset, which drivers require
			// (psycopg cannot read a timestamptz without one).
			return append(x.AppendFormat(dst, "2006-01-02 15:04:05.999999"), '+', '0', '0'), nil
		}
		return x.AppendFormat(dst, "2006-01-02 15:04:05.999999"), nil
	case fmt.Stringer:
		return append(dst, x.String()...), nil
	}
	return fmt.Append(dst, v), nil
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

func appendBinary(dst []byte, v any, oid uint32) ([]byte, error) {
	if oid == oidTimetz { // microseconds of the day, then the zone in seconds west of UTC
		dst, err := appendBinary(dst, v, oidTime)
		if err != nil {
			return nil, err
		}
		return binary.BigEndian.AppendUint32(dst, 0), nil
	}
	switch x := v.(type) {
	case iris.Date:
		v = x.Time()
	case iris.TimeOfDay:
		return binary.BigEndian.AppendUint64(dst, uint64(x)), nil
	}
	switch oid {
	case oidDate:
		if t, ok := v.(time.Time); ok {
			days := int32(t.Sub(pgEpoch).Hours() / 24)
			if t.Before(pgEpoch) && t.Sub(pgEpoch)%(24*time.Hour) != 0 {
				days--
			}
			return binary.BigEndian.AppendUint32(dst, uint32(days)), nil
		}
	case oidTimestamp, oidTimestamptz:
		if t, ok := v.(time.Time); ok { // UTC; for timestamptz the instant (IRIS holds UTC)
			return binary.BigEndian.AppendUint64(dst, uint64(t.Sub(pgEpoch).Microseconds())), nil
		}
	case oidTime:
		if t, ok := v.(time.Time); ok {
			us := int64(t.Hour())*3600e6 + int64(t.Minute())*60e6 + int64(t.Second())*1e6 + int64(t.Nanosecond()/1000)
			return binary.BigEndian.AppendUint64(dst, uint64(us)), nil
		}
	case oidUUID:
		// IRIS sends a GUID as its 36-character text; pgtype has no plan from a string.
		if s, ok := v.(string); ok {
			return appendUUIDBinary(dst, s)
		}
	case oidBytea, oidText, oidVarchar, oidBpchar:
		switch x := v.(type) {
		case []byte:
			return append(dst, x...), nil
		case string:
			return append(dst, x...), nil
		}
	}
	if s, ok := v.(fmt.Stringer); ok {
		v = s.String()
	}
	return typeMap.Encode(oid, 1, v, dst)
}

// appendUUIDBinary appends the 16 bytes of a uuid written as text, read as PostgreSQL's
// uuid_in reads it: optional braces, pairs of hex digits, a hyphen allowed after every
// second byte but the last.
func appendUUIDBinary(dst []byte, s string) ([]byte, error) {
	src := s
	braces := strings.HasPrefix(src, "{")
	if braces {
		src = src[1:]
	}
	for i := 0; i < 16; i++ {
		if len(src) < 2 {
			return nil, errUUIDSyntax(s)
		}
		hi, ok1 := unhex(src[0])
		lo, ok2 := unhex(src[1])
		if !ok1 || !ok2 {
			return nil, errUUIDSyntax(s)
		}
		dst = append(dst, hi<<4|lo)
		src = src[2:]
		if len(src) > 0 && src[0] == '-' && i%2 == 1 && i < 15 {
			src = src[1:]
		}
	}
	if braces {
		if !strings.HasPrefix(src, "}") {
			return nil, errUUIDSyntax(s)
		}
		src = src[1:]
	}
	if src != "" {
		return nil, errUUIDSyntax(s)
	}
	return dst, nil
}

func errUUIDSyntax(s string) error { return fmt.Errorf("invalid input syntax for type uuid: %q", s) }

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// formatUUID writes 16 bytes in PostgreSQL's output form (lower case, 8-4-4-4-12), the
// form IRIS's GUID columns accept.
func formatUUID(b []byte) string {
	const digits = "0123456789abcdef"
	var out [36]byte
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j], out[j+1] = digits[c>>4], digits[c&15]
		j += 2
	}
	return string(out[:])
}

// appendFloatText formats a float the way PostgreSQL 12+ does with extra_float_digits=1:
// the shortest exact digits, in positional notation for exponents -4..14 and in C's %e
// notation otherwise (1e+20, 1.5e-05).
func appendFloatText(dst []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	case f == 0:
		if math.Signbit(f) {
			return append(dst, "-0"...)
		}
		return append(dst, '0')
	}
	exp := int(math.Floor(math.Log10(math.Abs(f))))
	// Log10 can be off by one near powers of ten; the %e form tells the truth.
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, bits)
	for j := len(e) - 1; j >= 0; j-- {
		if e[j] == 'e' {
			if n, err := strconv.Atoi(string(e[j+1:])); err == nil {
				exp = n
			}
			break
		}
	}
	limit := 15
	if bits == 32 {
		limit = 6
	}
	if exp < -4 || exp >= limit {
		return append(dst, e...)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, bits)
}

// padChars appends a char(n) value padded with blanks to n characters, as PostgreSQL
// stores and shows it (IRIS's CHAR does not pad).
func padChars(dst []byte, it iris.Item, n int) ([]byte, error) {
	start := len(dst)
	dst, err := it.AppendText(dst)
	if err != nil {
		return dst, err
	}
	for k := utf8.RuneCount(dst[start:]); k < n; k++ {
		dst = append(dst, ' ')
	}
	return dst, nil
}

// integerOutOfRange is PostgreSQL's error for a value beyond an integer result type.
func integerOutOfRange(oid uint32) error {
	name := "integer"
	switch oid {
	case oidInt2:
		name = "smallint"
	case oidInt8:
		name = "bigint"
	}
	return &wire.Error{Code: "22003", Message: name + " out of range"}
}

// isIntegralText: an IRIS decimal's text is a whole number (an integer past int64).
func isIntegralText(d []byte) bool {
	for i, c := range d {
		if c == '.' || c == 'e' || c == 'E' {
			return false
		}
		if c == '-' && i == 0 {
			continue
		}
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(d) > 0
}

// conversionError is the error of a value the encoder could not send: PostgreSQL's own
// error when the encoder gave one (22003 for an integer past its type), else XX000.
func conversionError(err error, column []byte) error {
	var we *wire.Error
	if errors.As(err, &we) {
		return we
	}
	return &wire.Error{Code: "XX000", Message: "cannot convert IRIS value of column " + string(column) + ": " + err.Error()}
}

// fitsInteger: n is within the range of integer type oid.
func fitsInteger(oid uint32, n int64) bool {
	switch oid {
	case oidInt2:
		return n >= math.MinInt16 && n <= math.MaxInt16
	case oidInt4:
		return n >= math.MinInt32 && n <= math.MaxInt32
	}
	return true
}
