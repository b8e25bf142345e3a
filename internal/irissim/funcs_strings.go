package irissim

import (
	"database/sql/driver"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// maxStringLen is IRIS's long-string limit (characters): a longer result is the
// ObjectScript error <MAXSTRING>.
const maxStringLen = 3641144

// registerStringFunctions installs REVERSE, REPEAT and the XMLAGG and LIST aggregates.
// %DLIST is not simulated: its page says "%DLIST in ODBC mode separates column value
// lists with commas", which is the mode of xDBC sessions, and pgwired does not use it
// (array_agg is JSON_ARRAYAGG: funcs_json.go).
func registerStringFunctions() {
	det := sqlite.MustRegisterDeterministicScalarFunction
	det("iris_reverse", 1, fnReverse)
	det("iris_repeat", 2, fnRepeat)
	det("iris_translate", -1, fnTranslate)
	det("iris_justify", -1, fnJustify)
	det("iris_char", 1, fnChar)
	det("iris_ascii", 1, fnASCII)
	sqlite.MustRegisterFunction("iris_xmlagg", &sqlite.FunctionImpl{NArgs: 1, Deterministic: true,
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) { return &xmlAgg{}, nil }})
	sqlite.MustRegisterFunction("iris_list", &sqlite.FunctionImpl{NArgs: 1, Deterministic: true,
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) { return &xmlAgg{sep: ","}, nil }})
}

// fnReverse is REVERSE(s) (RSQL_reverse): the characters in reverse order, NULL for
// NULL; a number is reversed in its canonical form. Characters are reversed whole
// (the simulator does not model IRIS's UTF-16 units: see doc.go).
func fnReverse(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[0] == nil {
		return nil, nil
	}
	r := []rune(valueText(a[0]))
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r), nil
}

// fnChar is CHAR(code) (RSQL_char): the character of a Unicode code 0–65535, NULL
// for a code outside that range or NULL, an empty string for a non-numeric string.
// Code 0 is $CHAR(0): alone it is how IRIS SQL holds the empty string (the simulator
// gives an empty string), inside a concatenation the NUL character (CHAR(0) || 'a' is two
// characters, as bytea literals written so need: translate/bytea.go); a surrogate code is a
// lone UTF-16 unit, shown as U+FFFD (what a UTF-8 decoding of it gives). A fraction
// is refused (the page speaks of an integer code; what IRIS does is not established).
func fnChar(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[0] == nil {
		return nil, nil
	}
	f, ok := toFloat(a[0])
	if !ok {
		if _, isStr := a[0].(string); isStr {
			return "", nil
		}
		return nil, irisErr(-400, "<ILLEGAL VALUE> CHAR code must be an integer")
	}
	if f != math.Trunc(f) {
		return nil, irisErr(-400, "<ILLEGAL VALUE> CHAR code must be an integer")
	}
	switch {
	case f < 0 || f > 0xFFFF:
		return nil, nil
	case f == 0:
		return "\x00", nil // SQLite hands functions text only up to a NUL: '' alone
	}
	return string(rune(int(f))), nil
}

// fnASCII is ASCII(s) (RSQL_ascii): the code of the first character; NULL for NULL
// and for an empty string ("consistent with SQL Server"); a number in its canonical
// form (ASCII(+007) is 55, the code of 7).
func fnASCII(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	var s string
	switch x := a[0].(type) {
	case nil:
		return nil, nil
	case float64:
		s = string(appendCanonicalNumber(nil, x))
	default:
		s = valueText(x)
	}
	if s == "" {
		return nil, nil
	}
	r, _ := utf8.DecodeRuneInString(s)
	return int64(r), nil
}

// fnRepeat is REPEAT(s, n) (RSQL_repeat): NULL for a NULL s; the integer part of
// n; 0 gives an empty string; a negative, NULL or non-numeric n gives NULL. A
// result beyond the long-string limit is <MAXSTRING>.
func fnRepeat(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[0] == nil || a[1] == nil {
		return nil, nil
	}
	f, ok := toFloat(a[1])
	if !ok || math.IsNaN(f) || f < 0 {
		return nil, nil
	}
	s := valueText(a[0])
	n := math.Trunc(f)
	if n > 0 && float64(len([]rune(s)))*n > maxStringLen {
		return nil, irisErr(-400, "Unexpected error occurred: <MAXSTRING>")
	}
	return strings.Repeat(s, int(n)), nil
}

// fnTranslate is $TRANSLATE(s, identifier[, associator]) (RSQL_d_translate): each
// character of s found in identifier is replaced by the character at the same place
// in associator, or removed when associator has none (the two-argument form removes
// them all). NULL in, NULL out. A character repeated in identifier counts at its
// first place (ObjectScript's rule for $TRANSLATE; not stated for SQL).
func fnTranslate(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if len(a) < 2 || len(a) > 3 {
		return nil, irisErr(-380, "Invalid number of arguments to $TRANSLATE")
	}
	for _, v := range a {
		if v == nil {
			return nil, nil
		}
	}
	id := []rune(valueText(a[1]))
	var assoc []rune
	if len(a) == 3 {
		assoc = []rune(valueText(a[2]))
	}
	var b strings.Builder
	for _, r := range valueText(a[0]) {
		k := -1
		for i, c := range id {
			if c == r {
				k = i
				break
			}
		}
		switch {
		case k < 0:
			b.WriteRune(r)
		case k < len(assoc):
			b.WriteRune(assoc[k])
		}
	}
	return b.String(), nil
}

// xmlAgg is XMLAGG(x) (RSQL_xmlagg): the non-NULL values concatenated. Empty strings
// add nothing; no non-NULL value gives NULL (only empty strings give one). With sep
// it is LIST(x) (RSQL_LIST): the values joined by commas, an empty string keeping its
// place between them.
type xmlAgg struct {
	b    strings.Builder
	some bool
	sep  string
}

func (x *xmlAgg) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	if args[0] == nil {
		return nil
	}
	if x.some {
		x.b.WriteString(x.sep)
	}
	x.some = true
	x.b.WriteString(valueText(args[0]))
	if x.b.Len() > maxStringLen && len([]rune(x.b.String())) > maxStringLen {
		return irisErr(-400, "Unexpected error occurred: <MAXSTRING>")
	}
	return nil
}

func (x *xmlAgg) WindowInverse(*sqlite.FunctionContext, []driver.Value) error {
	return irisErr(-1, "window frames are not supported")
}

func (x *xmlAgg) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	if !x.some {
		return nil, nil
	}
	return x.b.String(), nil
}

func (x *xmlAgg) Final(*sqlite.FunctionContext) {}

// fnJustify is $JUSTIFY(x, width [, decimal]) (RSQL_d_justify). With decimal, x becomes a
// canonical number (a non-numeric string or NULL is 0) rounded, half away from zero, or
// zero-padded to decimal fraction digits, with a leading zero before the point; then, as
// with two arguments, it is right-justified in width characters (never cut).
func fnJustify(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	switch {
	case len(a) < 2:
		return nil, irisErr(-380, "Too few arguments to $JUSTIFY")
	case len(a) > 3:
		return nil, irisErr(-381, "Too many arguments to $JUSTIFY")
	}
	width, _ := strconv.Atoi(strings.TrimSpace(valueText(a[1])))
	s := valueText(a[0])
	if len(a) == 3 {
		d, _ := strconv.Atoi(strings.TrimSpace(valueText(a[2])))
		r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
		if a[0] == nil || !ok {
			r = new(big.Rat)
		}
		s = r.FloatString(max(d, 0)) // FloatString rounds half away from zero
	}
	if n := utf8.RuneCountInString(s); n < width {
		s = strings.Repeat(" ", width-n) + s
	}
	return s, nil
}
