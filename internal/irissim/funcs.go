package irissim

import (
	"database/sql/driver"
	"errors"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"
)

var registerOnce sync.Once

// registerSQLite installs the SQLUPPER collation and the IRIS functions the
// rewriter targets. modernc registers them driver-wide for every new connection.
func registerSQLite() {
	registerOnce.Do(func() {
		sqlite.MustRegisterCollationUtf8("SQLUPPER", compareSQLUpper)
		registerMoreFunctions()
		registerStringFunctions()
		registerJSONFunctions()
		registerPatternFunctions()
		det := sqlite.MustRegisterDeterministicScalarFunction
		det("iris_in", 2, fnIrisIn)
		det("iris_divisor", 1, fnDivisor)
		det("iris_cast_timestamp", 1, fnCastTimestamp)
		det("iris_cast_date", 1, fnCastDate)
		det("iris_cast_binary", -1, fnCastBinary)
		det("iris_cast_time", 2, fnCastTime)
		det("iris_like_exact", -1, fnLikeExact)
		det("iris_prefix_pattern", 1, fnPrefixPattern)
		det("iris_length", 1, fnLength)
		det("iris_sqlupper", 1, fnSQLUpper)
		det("iris_upper", 1, fnUpper)
		det("iris_lower", 1, fnLower)
		det("iris_left", 2, fnLeft)
		det("iris_right", 2, fnRight)
		det("to_vector", -1, fnToVector)
		det("vector_cosine", 2, fnVectorCosine)
		det("vector_dot_product", 2, fnVectorDot)
		sqlite.MustRegisterScalarFunction("iris_now", 0, func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
			return time.Now().Format("2006-01-02 15:04:05"), nil
		})
		sqlite.MustRegisterScalarFunction("iris_curdate", 0, func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
			return time.Now().Format("2006-01-02"), nil
		})
		sqlite.MustRegisterScalarFunction("iris_curtime", 0, func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
			return time.Now().Format("15:04:05"), nil
		})
	})
}

// compareSQLUpper models IRIS's default SQLUPPER collation: case-insensitive
// and blind to trailing blanks. It walks runes to stay allocation-free.
func compareSQLUpper(a, b string) int {
	a = strings.TrimRight(a, " ")
	b = strings.TrimRight(b, " ")
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		ra, rb = unicode.ToUpper(ra), unicode.ToUpper(rb)
		if ra != rb {
			if ra < rb {
				return -1
			}
			return 1
		}
		a, b = a[na:], b[nb:]
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

func fnIrisIn(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	spec, ok := args[1].(string)
	if !ok {
		return nil, errors.New("iris_in: spec must be text")
	}
	cs, err := decodeSpec(spec)
	if err != nil {
		return nil, err
	}
	return convertIn(args[0], cs)
}

// fnLikeExact is LIKE with EXACT collation: case-sensitive, '%' and '_' wildcards.
func fnLikeExact(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if len(args) < 2 || len(args) > 3 {
		return nil, errors.New("wrong number of arguments to LIKE")
	}
	if args[0] == nil || args[1] == nil {
		return nil, nil
	}
	var esc rune = -1
	if len(args) == 3 && args[2] != nil {
		e := valueText(args[2])
		if utf8.RuneCountInString(e) != 1 {
			return nil, irisErr(-1, "ESCAPE expression must be a single character")
		}
		esc, _ = utf8.DecodeRuneInString(e)
	}
	if likeMatch(valueText(args[0]), valueText(args[1]), esc) {
		return int64(1), nil
	}
	return int64(0), nil
}

func likeMatch(s, p string, esc rune) bool {
	for p != "" {
		r, n := utf8.DecodeRuneInString(p)
		switch {
		case r == esc:
			p = p[n:]
			if p == "" {
				return false
			}
			r, n = utf8.DecodeRuneInString(p)
			sr, sn := utf8.DecodeRuneInString(s)
			if s == "" || sr != r {
				return false
			}
			s, p = s[sn:], p[n:]
		case r == '%':
			p = p[n:]
			for {
				if likeMatch(s, p, esc) {
					return true
				}
				if s == "" {
					return false
				}
				_, sn := utf8.DecodeRuneInString(s)
				s = s[sn:]
			}
		case r == '_':
			if s == "" {
				return false
			}
			_, sn := utf8.DecodeRuneInString(s)
			s, p = s[sn:], p[n:]
		default:
			sr, sn := utf8.DecodeRuneInString(s)
			if s == "" || sr != r {
				return false
			}
			s, p = s[sn:], p[n:]
		}
	}
	return s == ""
}

// fnPrefixPattern turns the %STARTSWITH operand into a LIKE pattern (escape '\').
func fnPrefixPattern(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil {
		return nil, nil
	}
	s := valueText(args[0])
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%", nil
}

// fnLength is IRIS LENGTH: trailing blanks are not counted.
func fnLength(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil {
		return nil, nil
	}
	return int64(utf8.RuneCountInString(strings.TrimRight(valueText(args[0]), " "))), nil
}

// fnSQLUpper is %SQLUPPER: upper case with a leading space, trailing blanks stripped.
func fnSQLUpper(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil {
		return nil, nil
	}
	return " " + strings.ToUpper(strings.TrimRight(valueText(args[0]), " ")), nil
}

func fnUpper(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil {
		return nil, nil
	}
	return strings.ToUpper(valueText(args[0])), nil
}

func fnLower(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil {
		return nil, nil
	}
	return strings.ToLower(valueText(args[0])), nil
}

func fnLeft(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil || args[1] == nil {
		return nil, nil
	}
	s := []rune(valueText(args[0]))
	n, _ := toInt(args[1])
	n = max(0, min(n, int64(len(s))))
	return string(s[:n]), nil
}

func fnRight(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil || args[1] == nil {
		return nil, nil
	}
	s := []rune(valueText(args[0]))
	n, _ := toInt(args[1])
	n = max(0, min(n, int64(len(s))))
	return string(s[int64(len(s))-n:]), nil
}

// fnToVector is TO_VECTOR(text [, type [, length]]); the rewriter turns the
// unquoted type keyword into a string literal.
func fnToVector(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if len(args) < 1 || len(args) > 3 {
		return nil, irisErr(-1, "TO_VECTOR takes 1 to 3 arguments")
	}
	if args[0] == nil {
		return nil, nil
	}
	elem := "DOUBLE"
	if len(args) >= 2 {
		elem = strings.ToUpper(valueText(args[1]))
		switch elem {
		case "DOUBLE", "DECIMAL", "FLOAT", "INTEGER":
		case "INT":
			elem = "INTEGER"
		default:
			return nil, irisErr(-1, "Invalid TO_VECTOR type "+elem)
		}
	}
	vec, err := parseVector(valueText(args[0]), elem)
	if err != nil {
		return nil, irisErr(-258, err.Error())
	}
	if len(args) == 3 {
		n, ok := toInt(args[2])
		if !ok || n < 1 {
			return nil, irisErr(-1, "Invalid TO_VECTOR length")
		}
		for int64(len(vec)) < n {
			vec = append(vec, 0)
		}
		vec = vec[:n]
	}
	return formatVector(vec, elem), nil
}

// parseVector reads "1,2,3" or "[1,2,3]".
func parseVector(s, elem string) ([]float64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("empty vector")
	}
	parts := strings.Split(s, ",")
	out := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, errors.New("non-numeric vector element " + strconv.Quote(strings.TrimSpace(p)))
		}
		if elem == "INTEGER" {
			f = math.Trunc(f)
		}
		out[i] = f
	}
	return out, nil
}

func formatVector(v []float64, elem string) string {
	b := make([]byte, 0, len(v)*8)
	for i, f := range v {
		if i > 0 {
			b = append(b, ',')
		}
		if elem == "INTEGER" {
			b = strconv.AppendInt(b, int64(f), 10)
		} else {
			b = strconv.AppendFloat(b, f, 'g', -1, 64)
		}
	}
	return string(b)
}

func vectorPair(args []driver.Value) ([]float64, []float64, error) {
	if args[0] == nil || args[1] == nil {
		return nil, nil, nil
	}
	a, err := parseVector(valueText(args[0]), "DOUBLE")
	if err != nil {
		return nil, nil, irisErr(-258, err.Error())
	}
	b, err := parseVector(valueText(args[1]), "DOUBLE")
	if err != nil {
		return nil, nil, irisErr(-258, err.Error())
	}
	if len(a) != len(b) {
		return nil, nil, irisErr(-257, "Vectors have different lengths "+strconv.Itoa(len(a))+" and "+strconv.Itoa(len(b)))
	}
	return a, b, nil
}

func fnVectorDot(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	a, b, err := vectorPair(args)
	if err != nil || a == nil {
		return nil, err
	}
	var dot float64
	for i := range a {
		dot += a[i] * b[i]
	}
	return dot, nil
}

func fnVectorCosine(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	a, b, err := vectorPair(args)
	if err != nil || a == nil {
		return nil, err
	}
	var dot, na, nb float64
	for i := range a {
		dot += a[i] * b[i]
		na += a[i] * a[i]
		nb += b[i] * b[i]
	}
	if na == 0 || nb == 0 {
		return nil, nil
	}
	return dot / (math.Sqrt(na) * math.Sqrt(nb)), nil
}

// fnDivisor passes a divisor through, or fails the statement the way IRIS does for a
// division by zero (SQLCODE -400 with <DIVIDE>), where SQLite would give NULL.
func fnDivisor(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	switch v := args[0].(type) {
	case int64:
		if v == 0 {
			return nil, irisErr(-400, "Unexpected error occurred: <DIVIDE>")
		}
	case float64:
		if v == 0 {
			return nil, irisErr(-400, "Unexpected error occurred: <DIVIDE>")
		}
	case string:
		// IRIS takes a string's numeric value in arithmetic ('0', '0.0', 'abc' are all 0);
		// a parameter bound as text divides like its number.
		if numericPrefix(v) == 0 {
			return nil, irisErr(-400, "Unexpected error occurred: <DIVIDE>")
		}
	case []byte:
		if numericPrefix(string(v)) == 0 {
			return nil, irisErr(-400, "Unexpected error occurred: <DIVIDE>")
		}
	}
	return args[0], nil
}

// numericPrefix is the number a string stands for in IRIS arithmetic: its leading
// numeric part ("12abc" is 12, "abc" is 0).
func numericPrefix(s string) float64 {
	i := 0
	for i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	digits()
	if i < len(s) && s[i] == '.' {
		i++
		digits()
	}
	if i+1 < len(s) && (s[i] == 'E' || s[i] == 'e') && (s[i+1] >= '0' && s[i+1] <= '9' || s[i+1] == '-' || s[i+1] == '+') {
		j := i
		i += 2
		digits()
		if s[i-1] < '0' || s[i-1] > '9' {
			i = j
		}
	}
	f, err := strconv.ParseFloat(strings.TrimLeft(s[:i], "+"), 64)
	if err != nil {
		return 0
	}
	return f
}

// fnCastTimestamp checks a string cast to TIMESTAMP: IRIS reads the ODBC form
// YYYY-MM-DD[ HH:MM:SS[.f]] (neither ISO 8601's 'T' nor a zone) and fails the statement
// otherwise (-146), where SQLite would carry any text through.
func fnCastTimestamp(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	var s string
	switch v := args[0].(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return args[0], nil
	}
	ts, ok := normalizeTimestamp(strings.TrimSpace(s))
	if !ok {
		return nil, irisErr(-146, "Unable to convert date input to a valid logical date value")
	}
	return ts, nil
}

// castText is the text of a CAST's string argument; false for other values.
func castText(v driver.Value) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	}
	return "", false
}

// fnCastDate is CAST(x AS DATE): a date or time stamp in ODBC form keeps its date; any
// other string fails with -146 (SQLite's date() would answer NULL, and would read forms
// IRIS's ODBC input does not, such as a Julian day number). The strict reading: whether
// IRIS's CAST reads its display format (MM/DD/YYYY) is not established.
// fnCastBinary is CAST(x AS VARBINARY): an IRIS string's characters are the value's
// bytes (as a type-1 parameter's Latin-1 text is, convert.go); a number is its text. A
// second argument, CAST(x AS BLOB), holds the whole UTF-8 of a text x, NULs included.
func fnCastBinary(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	switch x := args[0].(type) {
	case nil:
		return nil, nil
	case []byte:
		return x, nil
	case string:
		if len(args) > 1 {
			if b, ok := args[1].([]byte); ok && utf8.Valid(b) {
				return latin1Bytes(string(b)), nil
			}
		}
		return latin1Bytes(x), nil
	default:
		return []byte(valueText(x)), nil
	}
}

func fnCastDate(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil {
		return nil, nil
	}
	s, ok := castText(args[0])
	if !ok {
		return nil, irisErr(-146, "Unable to convert date input to a valid logical date value")
	}
	ts, ok := normalizeTimestamp(strings.TrimSpace(s))
	if !ok {
		return nil, irisErr(-146, "Unable to convert date input to a valid logical date value")
	}
	return ts[:10], nil
}

// fnCastTime is CAST(x AS TIME(p)): the time of day of an ODBC time or time stamp with
// p fraction digits (truncated); any other string fails with -147 (SQLite's time()
// would answer NULL and drop every fraction).
func fnCastTime(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil {
		return nil, nil
	}
	s, ok := castText(args[0])
	if !ok {
		return nil, irisErr(-147, "Unable to convert time input to a valid logical time value")
	}
	s = strings.TrimSpace(s)
	t, ok := normalizeTime(s)
	if !ok {
		ts, ok := normalizeTimestamp(s)
		if !ok {
			return nil, irisErr(-147, "Unable to convert time input to a valid logical time value")
		}
		t = ts[11:]
	}
	p, _ := args[1].(int64)
	main, frac, _ := strings.Cut(t, ".")
	if p <= 0 || frac == "" {
		return main, nil
	}
	if int(p) < len(frac) {
		frac = frac[:p]
	}
	return main + "." + frac, nil
}
