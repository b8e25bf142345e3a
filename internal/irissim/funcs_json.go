package irissim

import (
	"database/sql/driver"
	"math"
	"strconv"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// jsonArrayAggMaxLen is JSON_ARRAYAGG's default return type, VARCHAR(8192), whose length
// "includes the formatting characters of the JSON array" (RSQL_jsonarrayagg).
const jsonArrayAggMaxLen = 8192

func registerJSONFunctions() {
	sqlite.MustRegisterFunction("iris_json_arrayagg", &sqlite.FunctionImpl{NArgs: 1, Deterministic: true,
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) { return &jsonArrayAgg{}, nil }})
	sqlite.MustRegisterScalarFunction("iris_json_array", -1, jsonArray(false))
	sqlite.MustRegisterScalarFunction("iris_json_array_absent", -1, jsonArray(true))
}

// jsonArrayAgg is JSON_ARRAYAGG(x) (RSQL_jsonarrayagg,
// https://docs.intersystems.com/irislatest/csp/docbook/DocBook.UI.Page.cls?KEY=RSQL_jsonarrayagg):
// "a JSON format array" of the values, in the order the rows come (which IRIS does not
// promise). As documented: rows whose value is NULL are not included and a group of only
// NULLs gives []; an empty string is "\u0000"; inside strings " is written \" and \ is
// written \\, and nothing else is escaped (a single quote, a tab, a newline stay as they
// are); DISTINCT is SQLite's, over the values as given (the translator writes
// JSON_ARRAYAGG(DISTINCT %EXACT(x))); the result is VARCHAR(8192), so a longer array is
// cut to 8192 characters, as a value of that type would be, and is no longer a complete
// JSON array; inside CAST(… AS VARCHAR(n)) to n characters, as the page says a CAST
// gives a larger return value (the rewriter writes the cut: funcmap.go). A group of no rows gives NULL (not stated on the page; pgwired does not
// read the value then).
//
// Forms the page does not establish, and the simulator's choice for them: numbers are
// JSON numbers in IRIS's canonical form (no leading zero: .5, -.25; no trailing zeros;
// no exponent); dates, times and time stamps are strings in their ODBC form
// (2024-01-02, 2024-01-02 03:04:05.5), as the simulator holds them; BIT values are the
// numbers 0 and 1. pgwired also reads the other forms (numbers as strings, $HOROLOG day
// numbers, %PosixTime integers); its unit tests cover those.
type jsonArrayAgg struct {
	b     []byte
	chars int // characters written (runes; the simulator does not model UTF-16 units)
	some  bool
}

func (j *jsonArrayAgg) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	if args[0] == nil {
		j.some = true
		return nil
	}
	if j.b == nil {
		j.b = append(j.b, '[')
	} else {
		j.b = append(j.b, ',')
	}
	j.some = true
	start := len(j.b)
	j.b = appendJSONValue(j.b, args[0])
	j.chars += 1 + utf8.RuneCount(j.b[start:])
	if j.chars > maxStringLen {
		return irisErr(-400, "Unexpected error occurred: <MAXSTRING>")
	}
	return nil
}

// appendJSONValue writes a non-NULL value as JSON_ARRAYAGG and JSON_ARRAY write an
// element: numbers in canonical form, BIT as 0 or 1, anything else as a string.
func appendJSONValue(b []byte, v driver.Value) []byte {
	switch x := v.(type) {
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		return appendCanonicalNumber(b, x)
	case bool:
		if x {
			return append(b, '1')
		}
		return append(b, '0')
	case []byte:
		return appendJSONString(b, string(x))
	}
	return appendJSONString(b, valueText(v))
}

// jsonArray is JSON_ARRAY(x, … [NULL ON NULL | ABSENT ON NULL]) (RSQL_jsonarray): "a
// JSON array" of its arguments, elements as JSON_ARRAYAGG writes them; NULL ON NULL, the
// default, writes a NULL argument as null, ABSENT ON NULL leaves it out. The result is a
// string: JSON_ARRAYAGG over it nests it as a JSON string, the reading the simulator
// takes where the IRIS pages do not say (pgwired reads a nested array too).
func jsonArray(absentOnNull bool) func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		b := []byte{'['}
		first := true
		for _, a := range args {
			if a == nil && absentOnNull {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			if a == nil {
				b = append(b, "null"...)
				continue
			}
			b = appendJSONValue(b, a)
		}
		b = append(b, ']')
		if utf8.RuneCount(b) > maxStringLen {
			return nil, irisErr(-400, "Unexpected error occurred: <MAXSTRING>")
		}
		return string(b), nil
	}
}

// appendCanonicalNumber writes x as IRIS writes a number in canonical form: the decimal
// a double holds for sure (15 significant digits, as NUMERIC values are sent: rowenc.go),
// without trailing zeros, without the zero before the point (.5, -.25), no exponent.
func appendCanonicalNumber(b []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(b, `""`...) // not a number IRIS SQL holds; an empty string's place
	}
	if x == 0 {
		return append(b, '0')
	}
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	start := len(b)
	b = append(b[:start], trimFractionZeros(strconv.AppendFloat(b[start:], x, 'f', -1, 64))...)
	switch {
	case len(b)-start > 1 && b[start] == '0' && b[start+1] == '.':
		b = append(b[:start], b[start+1:]...)
	case len(b)-start > 2 && b[start] == '-' && b[start+1] == '0' && b[start+2] == '.':
		b = append(b[:start+1], b[start+2:]...)
	}
	return b
}

// appendJSONString writes s as JSON_ARRAYAGG does: in double quotes, " and \ escaped
// with \, the empty string as "\u0000".
func appendJSONString(b []byte, s string) []byte {
	if s == "" {
		return append(b, `"\u0000"`...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func (j *jsonArrayAgg) WindowInverse(*sqlite.FunctionContext, []driver.Value) error {
	return irisErr(-1, "window frames are not supported")
}

func (j *jsonArrayAgg) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	if !j.some {
		return nil, nil
	}
	if j.b == nil {
		return "[]", nil
	}
	// The whole array: the rewriter cuts it to the return type's length (VARCHAR(8192),
	// or a CAST's).
	return string(j.b) + "]", nil
}

func (j *jsonArrayAgg) Final(*sqlite.FunctionContext) {}
