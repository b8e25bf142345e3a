package session

import (
	"fmt"
	"math"
	"strconv"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// An ordered-set aggregate (percentile_cont, percentile_disc, mode … WITHIN GROUP (ORDER
// BY x)) reaches IRIS as JSON_ARRAYAGG(x), the group's non-NULL values, with hidden
// COUNT(x) and MIN(x) columns (translate/withingroup.go). The session reads the values
// as an ordered aggregate's one-key tuples (orderedagg.go: flat), sorts them as
// PostgreSQL sorts x (numbers by value, strings by code point, dates and time stamps
// as their ODBC text or numbers), and computes what PostgreSQL's final functions in
// orderedsetaggs.c compute:
//
//   - percentile_cont(f): the values as float8, first + (second - first) * (pos -
//     floor(pos)) between the values at floor(pos) and ceil(pos), pos = f * (n - 1);
//   - percentile_disc(f): the value at row ceil(f * n), at least the first, typed as x;
//   - mode(): the first value of the longest run of equal values, typed as x.
//
// A fraction outside [0, 1] fails with 22003 when a group is computed (a single
// fraction: also a group of no values; an array: only a group with values), as there.

// withinNames are format_type's names of the types percentile_cont refuses, for its
// 42883 message.
var withinNames = map[uint32]string{
	oidBool: "boolean", oidText: "text", oidVarchar: "character varying", oidBpchar: "character",
	oidDate: "date", oidTime: "time without time zone", oidTimestamp: "timestamp without time zone",
	oidTimestamptz: "timestamp with time zone", oidUUID: "uuid",
}

// withinType is the result type of ordered-set aggregate column a: float8 (float8[] for
// an array of fractions) for percentile_cont, else the type of x (an array of it). err
// is PostgreSQL's 42883 for percentile_cont of a type that is not a number, 0A000 for a
// type pgwired does not sort as PostgreSQL does.
func withinType(cols []iris.Column, a *translate.ArrayAgg) (pgType, error) {
	w := a.Within
	elem, ok := arrayAggElem(cols, a)
	if w.Func == "percentile_disc" && w.DirectType == "unknown" && ok && !isNumberType(elem.OID) {
		// NULL or a string fits percentile_disc(float8, …) and (float8[], …) alike unless x
		// is a number (PostgreSQL then takes the fraction for one).
		return pgType{}, &wire.Error{Code: "42725", Message: fmt.Sprintf("function percentile_disc(unknown, %s) is not unique", withinNames[elem.OID])}
	}
	if w.Func == "percentile_cont" {
		if !ok || !isNumberType(elem.OID) {
			if name := withinNames[elem.OID]; ok && name != "" {
				return pgType{}, &wire.Error{Code: "42883", Message: fmt.Sprintf("function percentile_cont(%s, %s) does not exist", w.DirectType, name)}
			}
			return pgType{}, withinRefused(w, "a value of this type")
		}
		elem = pgType{oidFloat8, 8, -1}
	} else if !ok || !withinSorted(elem.OID) {
		return pgType{}, withinRefused(w, "a value of this type")
	}
	if w.Multi {
		return pgType{arrayOf[elem.OID], -1, -1}, nil
	}
	return elem, nil
}

func isNumberType(oid uint32) bool {
	switch oid {
	case oidInt2, oidInt4, oidInt8, oidNumeric, oidFloat4, oidFloat8:
		return true
	}
	return false
}

// withinSorted: the session sorts and compares values of this type as PostgreSQL does
// (a uuid's text may be in either case, which PostgreSQL's byte order does not see).
func withinSorted(oid uint32) bool {
	switch oid {
	case oidBool, oidText, oidVarchar, oidBpchar, oidDate, oidTime, oidTimestamp, oidTimestamptz:
		return true
	}
	return isNumberType(oid)
}

func withinRefused(w *translate.WithinGroup, what string) *wire.Error {
	return &wire.Error{Code: "0A000", Message: w.Func + "() WITHIN GROUP of " + what + " is not supported by pgwired/IRIS"}
}

// newWithinColumn prepares ordered-set aggregate column a, whose RowDescription field is
// field (its type refined by the catalog: timestamptz, character(n), real).
func newWithinColumn(cols []iris.Column, a *translate.ArrayAgg, field *pgproto3.FieldDescription) *arrayColumn {
	ac := &arrayColumn{rows: -1, nonNull: a.NonNull, within: a.Within, ok: true}
	_, ac.refused = withinType(cols, a)
	elem, _ := arrayAggElem(cols, a)
	if a.Within.Func == "percentile_cont" {
		elem = pgType{oidFloat8, 8, -1}
	} else if fo := withinFieldElem(field.DataTypeOID, a.Within.Multi); fo != 0 && fo != elem.OID {
		elem = pgType{OID: fo, Size: typeSize(fo), Typmod: elem.Typmod}
	}
	ac.elem = pgproto3.FieldDescription{DataTypeOID: elem.OID, DataTypeSize: elem.Size, TypeModifier: elem.Typmod}
	if a.Elem < len(cols) {
		ac.src.col = cols[a.Elem]
	}
	ac.textElems = textColumn(ac.src.col.ODBCType)
	ac.ordered = &orderedAgg{keys: a.Order, flat: true, asText: ac.textElems, asNumber: !ac.textElems, padded: elem.OID == oidBpchar}
	return ac
}

// withinFieldElem is the type of x a result field of this OID shows: the field's own,
// or its element type for an array of fractions; 0 if none.
func withinFieldElem(oid uint32, multi bool) uint32 {
	if multi {
		return elementOf[oid]
	}
	if _, ok := arrayOf[oid]; ok {
		return oid
	}
	return 0
}

// withinValue writes the ordered-set aggregate's value of the current row.
func (a *arrayColumn) withinValue(dst []byte, rows rowSource, col int, format int16) ([]byte, []byte, error) {
	w := a.within
	if a.refused != nil {
		return dst, nil, a.refused
	}
	n, err := rows.Item(a.nonNull).Int()
	if err != nil {
		return dst, nil, arrayErr("%s: IRIS did not return the count of the aggregate's values", w.Func)
	}
	fs, err := a.fractions(rows)
	if err != nil {
		return dst, nil, err
	}
	if w.Func != "mode" && !w.Multi {
		if fs[0].Null {
			return dst, nil, nil
		}
		if err := checkFraction(fs[0].Value); err != nil {
			return dst, nil, err
		}
	}
	if n == 0 {
		return dst, nil, nil // no rows, or only NULLs
	}
	for _, f := range fs {
		if err := checkFraction(f.Value); err != nil && !f.Null {
			return dst, nil, err
		}
	}
	if err := a.loadSorted(rows, col, n); err != nil {
		return dst, nil, err
	}
	if err := a.pick(fs, int(n)); err != nil {
		return dst, nil, err
	}
	return a.appendPicked(dst, format)
}

// pick writes the result's values to a.list: mode's value, or one per fraction.
func (a *arrayColumn) pick(fs []translate.Fraction, n int) error {
	o := a.ordered
	a.list.Reset()
	if a.within.Func == "mode" {
		if err := o.writeValue(&a.list, o.fields[o.order[modeRun(o)]], a.textElems); err != nil {
			return arrayErr("mode: cannot read JSON_ARRAYAGG's elements: %v", err)
		}
	}
	for _, f := range fs {
		if err := a.writeFraction(f, n); err != nil {
			return err
		}
	}
	if err := a.src.load(a.list.List()); err != nil {
		return arrayErr("%s: cannot read JSON_ARRAYAGG's elements: %v", a.within.Func, err)
	}
	return nil
}

// appendPicked writes the picked value, or the array of them, as the result type.
func (a *arrayColumn) appendPicked(dst []byte, format int16) ([]byte, []byte, error) {
	a.elem.Format = format
	start := len(dst)
	var err error
	switch {
	case a.within.Multi && format == 1:
		dst, err = appendArrayBinary(dst, &a.src, len(a.src.items), 0, &a.elem)
	case a.within.Multi:
		dst, a.scratch, err = appendArrayText(dst, &a.src, len(a.src.items), 0, &a.elem, a.scratch)
	default:
		dst, err = appendValue(dst, &a.src, 0, &a.elem)
	}
	if err != nil {
		return dst, nil, arrayErr("%s: cannot convert an IRIS value: %v", a.within.Func, err)
	}
	return dst, dst[start:len(dst):len(dst)], nil
}

// fractions are the row's fractions: the plan's literals, or the parameter's value in
// its hidden column.
func (a *arrayColumn) fractions(rows rowSource) ([]translate.Fraction, error) {
	w := a.within
	if w.Param == 0 {
		return w.Fractions, nil
	}
	it := rows.Item(w.Param)
	if it.IsNull() {
		return []translate.Fraction{{Null: true}}, nil
	}
	v, err := it.Float()
	if err != nil {
		return nil, arrayErr("%s: IRIS did not return the percentile parameter as a number: %v", w.Func, err)
	}
	return []translate.Fraction{{Value: v}}, nil
}

// checkFraction is PostgreSQL's check of a percentile (22003, the value as %g prints it).
func checkFraction(f float64) error {
	if f >= 0 && f <= 1 {
		return nil
	}
	return &wire.Error{Code: "22003", Message: "percentile value " + formatG(f) + " is not between 0 and 1"}
}

// formatG is %g as PostgreSQL's snprintf writes it: six significant digits, trailing
// zeros dropped, an exponent of at least two digits below 1e-4 and from 1e6; NaN,
// Infinity, -Infinity.
func formatG(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// loadSorted reads the n values in the column's JSON_ARRAYAGG array and sorts them.
func (a *arrayColumn) loadSorted(rows rowSource, col int, n int64) error {
	what := a.within.Func
	it := rows.Item(col)
	if it.IsNull() {
		return a.notWhole("NULL where COUNT gave %d values", n)
	}
	var err error
	if a.js, err = it.AppendText(a.js[:0]); err != nil {
		return a.notWhole("%v", err)
	}
	got, err := a.ordered.load(a.js)
	if err != nil {
		return a.notWhole("%v: %s", err, excerpt(a.js))
	}
	if int64(got) != n {
		return a.notWhole("it held %d values where COUNT gave %d", got, n)
	}
	for _, f := range a.ordered.fields {
		if f.kind == jsonNull {
			return arrayErr("%s: IRIS's JSON_ARRAYAGG held a null element", what)
		}
	}
	a.ordered.sort()
	return nil
}

// writeFraction writes the value of one fraction f over the n sorted values to a.list:
// NULL for a NULL fraction, else percentile_cont's float8 or percentile_disc's value.
func (a *arrayColumn) writeFraction(f translate.Fraction, n int) error {
	o, what := a.ordered, a.within.Func
	switch {
	case what == "mode":
		return nil
	case f.Null:
		a.list.Null()
		return nil
	case what == "percentile_disc":
		if err := o.writeValue(&a.list, o.fields[o.order[discRow(f.Value, n)]], a.textElems); err != nil {
			return arrayErr("percentile_disc: cannot read JSON_ARRAYAGG's elements: %v", err)
		}
		return nil
	}
	lo, hi, pos := contRows(f.Value, n)
	first, err := o.float(o.order[lo])
	if err != nil {
		return err
	}
	second := first
	if hi != lo {
		if second, err = o.float(o.order[hi]); err != nil {
			return err
		}
	}
	a.list.Double(lerp(first, second, pos))
	return nil
}

// contRows are the (0-based) rows percentile_cont_final reads for fraction f of n
// values, and the position between them.
func contRows(f float64, n int) (lo, hi int, pos float64) {
	pos = f * float64(n-1)
	return int(math.Floor(pos)), int(math.Ceil(pos)), pos
}

// lerp is float8_lerp at proportion pos - floor(pos); lo when the rows are one. The
// conversions keep Go from fusing the multiply and add, which C does not do here.
func lerp(lo, hi, pos float64) float64 {
	if math.Floor(pos) == math.Ceil(pos) {
		return lo
	}
	return lo + float64((hi-lo)*float64(pos-math.Floor(pos)))
}

// discRow is the (0-based) row percentile_disc_final returns for fraction f of n values:
// the smallest k with k/n ≥ f, at least the first.
func discRow(f float64, n int) int {
	k := int64(math.Ceil(f * float64(n)))
	if k < 1 {
		k = 1
	}
	return int(k - 1)
}

// modeRun is the position in o.order of mode_final's value: the first of the longest
// run of equal values, the earliest such run on a tie.
func modeRun(o *orderedAgg) int {
	best, bestLen, runStart := 0, 0, 0
	for i := range o.order {
		if i > 0 && o.compare(o.fields[o.order[i-1]], o.fields[o.order[i]]) != 0 {
			runStart = i
		}
		if l := i - runStart + 1; l > bestLen {
			best, bestLen = runStart, l
		}
	}
	return best
}

// float reads tuple t's value as float8, as PostgreSQL casts x for percentile_cont.
func (o *orderedAgg) float(t int) (float64, error) {
	x := o.fields[t*o.width()]
	v := o.bytes(x)
	if x.kind != jsonNumber {
		return 0, arrayErr("percentile_cont: IRIS's JSON_ARRAYAGG held %q where a number was expected", v)
	}
	f, err := strconv.ParseFloat(withLeadingZero(v), 64)
	if err != nil {
		return 0, arrayErr("percentile_cont: cannot read %q as a number: %v", v, err)
	}
	return f, nil
}
