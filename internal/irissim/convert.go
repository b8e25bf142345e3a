package irissim

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// colSpec is what iris_in needs to validate one value stored into one column.
// It travels through SQL as a compact string and is parsed once per spec.
type colSpec struct {
	typ    irisType
	update bool   // -105 instead of -104
	field  string // Schema.Table.Column for messages
}

var specCache sync.Map // string → *colSpec

func encodeSpec(t irisType, update bool, field string) string {
	u := "I"
	if update {
		u = "U"
	}
	min := strconv.FormatInt(t.Min, 10)
	if t.HasMin {
		min = "n" + strconv.FormatInt(t.MinUnits, 10) // a NUMERIC's MINVAL, in units of its scale
	}
	return fmt.Sprintf("%d|%d|%d|%d|%d|%s|%d|%s|%s|%s|%d|%s", t.Kind, t.MaxLen, t.Precision, t.Scale,
		t.ODBC, t.VecElem, t.VecLen, u, t.Name, min, t.Max, field)
}

func decodeSpec(s string) (*colSpec, error) {
	if v, ok := specCache.Load(s); ok {
		return v.(*colSpec), nil
	}
	p := strings.SplitN(s, "|", 12)
	if len(p) != 12 {
		return nil, fmt.Errorf("bad column spec %q", s)
	}
	num := func(i int) int { n, _ := strconv.Atoi(p[i]); return n }
	t := irisType{Kind: valueKind(num(0)), MaxLen: num(1), Precision: num(2), Scale: num(3), ODBC: num(4),
		VecElem: p[5], VecLen: num(6), Name: p[8]}
	// An integer's range is its class's MINVAL/MAXVAL (INTEGER's, or narrower ones
	// given with %Library.Integer(MINVAL=…)).
	if units, ok := strings.CutPrefix(p[9], "n"); ok {
		t.MinUnits, _ = strconv.ParseInt(units, 10, 64)
		t.HasMin = true
	} else {
		t.Min, _ = strconv.ParseInt(p[9], 10, 64)
	}
	t.Max, _ = strconv.ParseInt(p[10], 10, 64)
	cs := &colSpec{typ: t, update: p[7] == "U", field: p[11]}
	specCache.Store(s, cs)
	return cs, nil
}

// irisErr carries an SQLCODE out of a SQLite user function; the text is
// parsed back by mapSQLiteError.
func irisErr(code int, msg string) error {
	return fmt.Errorf("IRISERR|%d|%s", code, msg)
}

func (cs *colSpec) fail(v any) error {
	code := -104
	if cs.update {
		code = -105
	}
	switch cs.typ.Kind {
	case kDate:
		code = -146
	case kTime:
		code = -147
	case kTimestamp, kPosix:
		code = -146
	}
	return irisErr(code, fmt.Sprintf("Field '%s' (value %s) failed validation", cs.field, displayValue(v)))
}

func displayValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "<NULL>"
	case string:
		if len(x) > 40 {
			x = x[:40] + "..."
		}
		return "'" + x + "'"
	case []byte:
		return fmt.Sprintf("<%d bytes>", len(x))
	default:
		return fmt.Sprint(x)
	}
}

// convertIn validates and normalises a value on its way into a column, the
// way IRIS's datatype classes (IsValid / OdbcToLogical) would.
func convertIn(v driver.Value, cs *colSpec) (driver.Value, error) {
	if v == nil {
		return nil, nil
	}
	t := &cs.typ
	switch t.Kind {
	case kString, kLongChar:
		s := valueText(v)
		if t.Kind == kString && utf8.RuneCountInString(s) > t.MaxLen {
			return nil, cs.fail(v)
		}
		return s, nil
	case kGUID:
		s := valueText(v)
		if !validGUID(s) {
			return nil, cs.fail(v)
		}
		return s, nil
	case kBinary, kLongBin:
		var b []byte
		switch x := v.(type) {
		case []byte:
			b = x
		case string:
			b = latin1Bytes(x) // type-1 parameters arrive as Latin-1 text
		default:
			return nil, cs.fail(v)
		}
		if t.Kind == kBinary && len(b) > t.MaxLen {
			return nil, cs.fail(v)
		}
		return b, nil
	case kInt, kBit:
		n, ok := toInt(v)
		if !ok {
			return nil, cs.fail(v)
		}
		if t.Kind == kBit {
			if n != 0 && n != 1 {
				return nil, cs.fail(v)
			}
			return n, nil
		}
		if n < t.Min || n > t.Max {
			return nil, cs.fail(v)
		}
		return n, nil
	case kNumeric:
		f, ok := toFloat(v)
		if !ok {
			return nil, cs.fail(v)
		}
		r := roundHalfAway(f, t.Scale)
		if math.Abs(r) >= math.Pow10(t.Precision-t.Scale) {
			return nil, cs.fail(v)
		}
		if t.HasMin && math.Round(r*math.Pow10(t.Scale)) < float64(t.MinUnits) {
			return nil, cs.fail(v) // below the class's MINVAL
		}
		if t.Scale == 0 && math.Abs(r) < 1<<53 {
			return int64(r), nil
		}
		return r, nil
	case kDouble:
		f, ok := toFloat(v)
		if !ok {
			return nil, cs.fail(v)
		}
		return f, nil
	case kDate:
		s, ok := v.(string)
		if !ok {
			return nil, cs.fail(v)
		}
		d, err := time.Parse("2006-01-02", strings.TrimSpace(s))
		if err != nil {
			return nil, cs.fail(v)
		}
		return d.Format("2006-01-02"), nil
	case kTime:
		s, ok := v.(string)
		if !ok {
			return nil, cs.fail(v)
		}
		out, ok := normalizeTime(strings.TrimSpace(s))
		if !ok {
			return nil, cs.fail(v)
		}
		return out, nil
	case kTimestamp, kPosix:
		s, ok := v.(string)
		if !ok {
			return nil, cs.fail(v)
		}
		out, ok := normalizeTimestamp(strings.TrimSpace(s))
		if !ok {
			return nil, cs.fail(v)
		}
		return out, nil
	case kVector:
		s, ok := v.(string)
		if !ok {
			return nil, cs.fail(v)
		}
		vec, err := parseVector(s, t.VecElem)
		if err != nil || (t.VecLen > 0 && len(vec) != t.VecLen) {
			return nil, cs.fail(v)
		}
		return formatVector(vec, t.VecElem), nil
	}
	return v, nil
}

func valueText(v driver.Value) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case time.Time:
		return x.Format("2006-01-02 15:04:05.999999999")
	}
	return fmt.Sprint(v)
}

func toInt(v driver.Value) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		// ±2^63 and beyond are outside BigInt's MINVAL/MAXVAL (and int64(x) would wrap).
		if x != math.Trunc(x) || x >= 1<<63 || x < -(1<<63) {
			return 0, false
		}
		return int64(x), true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return 0, false // beyond BigInt's range: IRIS fails the validation
			}
			f, ferr := strconv.ParseFloat(strings.TrimSpace(x), 64)
			if ferr != nil || f != math.Trunc(f) || f >= 1<<63 || f < -(1<<63) {
				return 0, false
			}
			return int64(f), true
		}
		return n, true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func toFloat(v driver.Value) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

func roundHalfAway(f float64, scale int) float64 {
	p := math.Pow10(scale)
	return math.Round(f*p) / p
}

func validGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !isDigit(c) && !((c|0x20) >= 'a' && (c|0x20) <= 'f') {
			return false
		}
	}
	return true
}

// normalizeTime accepts ODBC HH:MM:SS[.fffffffff].
func normalizeTime(s string) (string, bool) {
	main, frac, hasFrac := strings.Cut(s, ".")
	t, err := time.Parse("15:04:05", main)
	if err != nil {
		return "", false
	}
	if hasFrac && (frac == "" || len(frac) > 9 || strings.Trim(frac, "0123456789") != "") {
		return "", false
	}
	out := t.Format("15:04:05")
	if hasFrac {
		out += "." + frac
	}
	return out, true
}

// normalizeTimestamp accepts ODBC YYYY-MM-DD[ HH:MM:SS[.fffffffff]].
func normalizeTimestamp(s string) (string, bool) {
	if plainTimestamp(s) {
		return s, true
	}
	return parseTimestamp(s)
}

// parseTimestamp is normalizeTimestamp's full check, for everything plainTimestamp does
// not vouch for.
func parseTimestamp(s string) (string, bool) {
	datePart, timePart, hasTime := strings.Cut(s, " ")
	d, err := time.Parse("2006-01-02", datePart)
	if err != nil {
		return "", false
	}
	if !hasTime {
		return d.Format("2006-01-02") + " 00:00:00", true
	}
	tp, ok := normalizeTime(strings.TrimSpace(timePart))
	if !ok {
		return "", false
	}
	return d.Format("2006-01-02") + " " + tp, true
}

// plainTimestamp reports whether s is YYYY-MM-DD HH:MM:SS[.f…] (1 to 9 fraction digits)
// with a day of at most 28 and a valid time: normalizeTimestamp would return it unchanged,
// without its two time.Parse calls (a tenth of a bulk insert). Anything else takes the
// full path.
func plainTimestamp(s string) bool {
	const shape = "dddd-dd-dd dd:dd:dd"
	if len(s) < len(shape) {
		return false
	}
	for i := 0; i < len(shape); i++ {
		if shape[i] == 'd' {
			if !isDigit(s[i]) {
				return false
			}
		} else if s[i] != shape[i] {
			return false
		}
	}
	two := func(i int) int { return int(s[i]-'0')*10 + int(s[i+1]-'0') }
	if m, d := two(5), two(8); m < 1 || m > 12 || d < 1 || d > 28 {
		return false
	}
	if two(11) > 23 || two(14) > 59 || two(17) > 59 {
		return false
	}
	frac := s[len(shape):]
	if frac == "" {
		return true
	}
	if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 {
		return false
	}
	for i := 1; i < len(frac); i++ {
		if !isDigit(frac[i]) {
			return false
		}
	}
	return true
}
