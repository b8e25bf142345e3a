package session

import (
	"encoding/binary"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// quotient is a result column the session computes as PostgreSQL divides numerics
// (translate/quotient.go): col is its position, dividend and divisor the hidden IRIS
// result columns, minScale the larger declared scale of the two. With fallback > 0 it is
// instead coalesce(x, n) whose hidden column fallback is 1 where the value is n, shown
// without the column's scale.
type quotient struct {
	col, dividend, divisor int
	minScale               int
	fallback               int
	interval               bool                // the column is milliseconds shown as an interval (Column.Interval)
	array                  *arrayColumn        // the column is array_agg's JSON_ARRAYAGG (array.go)
	age                    *ageColumn          // the column is age(a, b) (age.go)
	json                   *translate.JSONPath // the column is doc -> 'k' … (jsonpath.go)
	// intType is set for integer arithmetic PostgreSQL types as int2/int4 (both operands
	// known integers): a value past the type is PostgreSQL's 22003, where IRIS's numbers
	// go on (2147483647 + 1).
	intType uint32
}

// PostgreSQL's numeric division constants (utils/adt/numeric.c).
const (
	numericMinSigDigits  = 16
	numericMaxDispScale  = 1000
	numericBaseDigits    = 4 // decimal digits per NBASE digit
	numericBaseDigitsPow = 10000
)

// exactQuotient says whether PostgreSQL's result of quotient q is a numeric the session
// can compute from the hidden columns as IRIS describes them (cols: all IRIS columns), and
// the larger declared scale of the operands. avg of integers or numerics is numeric; "/"
// is numeric when an operand is numeric and the other integer or numeric (integer by
// integer divides to an integer, a float makes it float8: IRIS's own value then).
func exactQuotient(cols []iris.Column, q *translate.Quotient) (int, bool) {
	if q.Dividend >= len(cols) || q.Divisor >= len(cols) {
		return 0, false
	}
	a, b := &cols[q.Dividend], &cols[q.Divisor]
	ta, tb := pgTypeForODBC(a.ODBCType, a.Precision, a.Scale).OID, pgTypeForODBC(b.ODBCType, b.Precision, b.Scale).OID
	switch {
	case q.DividendParam && q.DivisorParam:
		return 0, false
	case q.DividendParam:
		ta = tb
	case q.DivisorParam:
		tb = ta
	}
	exact := func(oid uint32) bool { return oid == oidNumeric || oid == oidInt2 || oid == oidInt4 || oid == oidInt8 }
	if !exact(ta) || !exact(tb) || (!q.Avg && ta != oidNumeric && tb != oidNumeric) {
		return 0, false
	}
	scale := 0
	for _, c := range []*iris.Column{a, b} {
		// A declared scale counts; NUMERIC(36,17) is pgwired's unconstrained numeric,
		// whose values have the scale of their text.
		t := pgTypeForODBC(c.ODBCType, c.Precision, c.Scale)
		declared := t.OID == oidNumeric && t.Typmod >= 0
		if declared && c.Scale > scale && c.Scale <= numericMaxDispScale {
			scale = c.Scale
		}
	}
	return scale, true
}

// quotientColumns lists the columns of a result (fields, as rowDescription made them)
// that the session divides itself.
func quotientColumns(cols []iris.Column, names []translate.Column, fields []pgproto3.FieldDescription) []quotient {
	var qs []quotient
	for i := range names {
		if a := names[i].ArrayAgg; a != nil && i < len(fields) {
			qs = append(qs, quotient{col: i, array: newArrayColumn(cols, a, &fields[i])})
			continue
		}
		if names[i].IntArith && i < len(fields) && (fields[i].DataTypeOID == oidInt2 || fields[i].DataTypeOID == oidInt4) {
			qs = append(qs, quotient{col: i, intType: fields[i].DataTypeOID})
			continue
		}
		if jp := names[i].JSONPath; jp != nil && i < len(fields) {
			qs = append(qs, quotient{col: i, json: jp})
			continue
		}
		if a := names[i].Age; a != nil && i < len(fields) && a.Later < len(cols) && a.Earlier < len(cols) {
			qs = append(qs, quotient{col: i, age: &ageColumn{later: a.Later, earlier: a.Earlier, laterCol: &cols[a.Later], earlierCol: &cols[a.Earlier]}})
			continue
		}
		if names[i].Interval && i < len(fields) && fields[i].DataTypeOID == oidInterval {
			qs = append(qs, quotient{col: i, interval: true})
			continue
		}
		if f := names[i].FallbackFlag; f > 0 && i < len(fields) && fields[i].DataTypeOID == oidNumeric && fields[i].TypeModifier >= 4 && f < len(cols) {
			qs = append(qs, quotient{col: i, fallback: f}) // padded otherwise
			continue
		}
		q := names[i].Quotient
		if q == nil || i >= len(fields) || fields[i].DataTypeOID != oidNumeric {
			continue
		}
		if scale, ok := exactQuotient(cols, q); ok {
			qs = append(qs, quotient{col: i, dividend: q.Dividend, divisor: q.Divisor, minScale: scale})
		}
	}
	return qs
}

// sessionWritten reports whether appendQuotients writes column i whole (an aggregate
// the session builds from hidden columns), so that IRIS's own value of the column, the
// JSON_ARRAYAGG text, is not encoded as the column's type first.
func sessionWritten(qs []quotient, i int) bool {
	for _, q := range qs {
		if q.col == i && q.array != nil {
			return true
		}
	}
	return false
}

// appendQuotients replaces the values of the quotient columns of the current row (vals,
// encoded into buf) with the exact quotients. A column IRIS left NULL stays NULL.
func appendQuotients(buf []byte, vals [][]byte, rows rowSource, qs []quotient, fields []pgproto3.FieldDescription) ([]byte, error) {
	for _, q := range qs {
		if q.array != nil {
			var err error
			if buf, vals[q.col], err = q.array.value(buf, rows, q.col, fields[q.col].Format); err != nil {
				return buf, err
			}
			continue
		}
		if vals[q.col] == nil {
			continue
		}
		if q.intType != 0 {
			if n, err := rows.Item(q.col).Int(); err != nil || !fitsInteger(q.intType, n) {
				return buf, integerOutOfRange(q.intType)
			}
			continue
		}
		if q.json != nil {
			js, err := rows.Item(q.col).AppendText(nil)
			if err != nil {
				return buf, err
			}
			start := len(buf)
			out, null, err := jsonPathValue(buf, js, q.json, fields[q.col].Format == 1)
			if err != nil {
				return buf, err
			}
			if buf = out; null {
				vals[q.col] = nil
			} else {
				vals[q.col] = buf[start:len(buf):len(buf)]
			}
			continue
		}
		if q.age != nil {
			start := len(buf)
			var err error
			if buf, err = q.age.appendValue(buf, rows, fields[q.col].Format); err != nil {
				return buf, err
			}
			vals[q.col] = buf[start:len(buf):len(buf)]
			continue
		}
		if q.interval {
			ms, err := rows.Item(q.col).Int()
			if err != nil {
				return buf, err
			}
			start := len(buf)
			buf = appendInterval(buf, ms, fields[q.col].Format)
			vals[q.col] = buf[start:len(buf):len(buf)]
			continue
		}
		if q.fallback > 0 {
			if flag, err := rows.Item(q.fallback).Int(); err != nil || flag != 1 {
				continue
			}
			start := len(buf)
			var err error
			buf, err = appendUnpadded(buf, rows.Item(q.col), fields[q.col].Format)
			if err != nil {
				return buf, err
			}
			vals[q.col] = buf[start:len(buf):len(buf)]
			continue
		}
		a, b := rows.Item(q.dividend), rows.Item(q.divisor)
		if a.IsNull() || b.IsNull() {
			vals[q.col] = nil
			continue
		}
		start := len(buf)
		var err error
		buf, err = appendDivision(buf, a, b, q.minScale, fields[q.col].Format)
		if err != nil {
			return buf, err
		}
		vals[q.col] = buf[start:len(buf):len(buf)]
	}
	return buf, nil
}

// appendDivision appends a / b as PostgreSQL's numeric_div gives it: rounded half away
// from zero at the scale select_div_scale chooses, in the column's format. A zero divisor
// leaves IRIS's own value (IRIS has already failed the statement then).
func appendDivision(dst []byte, a, b iris.Item, minScale int, format int16) ([]byte, error) {
	var tmp [64]byte
	at, err := a.AppendDecimal(tmp[:0])
	if err != nil {
		return dst, err
	}
	x, ok := parseDecimal(at)
	if !ok {
		return dst, errNotDecimal(at)
	}
	bt, err := b.AppendDecimal(tmp[:0])
	if err != nil {
		return dst, err
	}
	y, ok := parseDecimal(bt)
	if !ok {
		return dst, errNotDecimal(bt)
	}
	if y.m.Sign() == 0 {
		return dst, errDivisionByZero
	}
	// An operand's own scale counts as PostgreSQL's dscale without the trailing zeros
	// IRIS may send (an unconstrained numeric's NUMERIC(36,17)); declared scales come in
	// minScale.
	x.trim()
	y.trim()
	text := divide(x, y, minScale)
	if format == 0 {
		return append(dst, text...), nil
	}
	var n pgtype.Numeric
	if err := n.Scan(string(text)); err != nil {
		return dst, err
	}
	return typeMap.Encode(oidNumeric, 1, n, dst)
}

// decimal is m × 10^-scale, scale ≥ 0.
type decimal struct {
	m     big.Int
	scale int
}

// parseDecimal reads [-]digits[.digits][e[±]digits], the text AppendDecimal writes.
func parseDecimal(s []byte) (*decimal, bool) {
	d := &decimal{}
	i, neg := 0, false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	digits := make([]byte, 0, len(s))
	frac, seenPoint := 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
			if seenPoint {
				frac++
			}
		case c == '.' && !seenPoint:
			seenPoint = true
		default:
			goto exponent
		}
	}
exponent:
	if len(digits) == 0 {
		return nil, false
	}
	exp := 0
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return nil, false
		}
		i++
		eneg := false
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			eneg = s[i] == '-'
			i++
		}
		if i == len(s) {
			return nil, false
		}
		for ; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' || exp > 100000 {
				return nil, false
			}
			exp = exp*10 + int(s[i]-'0')
		}
		if eneg {
			exp = -exp
		}
	}
	d.m.SetString(string(digits), 10)
	d.scale = frac - exp
	if d.scale < 0 {
		d.m.Mul(&d.m, pow10(-d.scale))
		d.scale = 0
	}
	if neg {
		d.m.Neg(&d.m)
	}
	return d, true
}

// trim drops trailing fraction zeros: 2.500 → 2.5.
func (d *decimal) trim() {
	ten, r := big.NewInt(10), new(big.Int)
	for d.scale > 0 {
		q, _ := new(big.Int).QuoRem(&d.m, ten, r)
		if r.Sign() != 0 {
			return
		}
		d.m.Set(q)
		d.scale--
	}
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// weight gives PostgreSQL's view of a nonzero d: the weight of its first NBASE (10000)
// digit and that digit. Zero is weight 0, digit 0, as in select_div_scale.
func (d *decimal) weight() (int, int64) {
	if d.m.Sign() == 0 {
		return 0, 0
	}
	digits := new(big.Int).Abs(&d.m).String()
	msd := len(digits) - 1 - d.scale // the power of ten of the first digit
	w := floorDiv(msd, numericBaseDigits)
	k := msd - w*numericBaseDigits + 1 // decimal digits in the first NBASE digit
	var first int64
	for j := 0; j < k; j++ {
		first *= 10
		if j < len(digits) {
			first += int64(digits[j] - '0')
		}
	}
	return w, first
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// divide is x / y (y nonzero) as numeric_div: the result scale from select_div_scale,
// at least minScale and the operands' own scales; rounded half away from zero.
func divide(x, y *decimal, minScale int) []byte {
	w1, f1 := x.weight()
	w2, f2 := y.weight()
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := max(numericMinSigDigits-qweight*numericBaseDigits, x.scale, y.scale, minScale, 0)
	rscale = min(rscale, numericMaxDispScale)
	// x/y × 10^rscale = x.m × 10^(rscale - x.scale + y.scale) / y.m
	num := new(big.Int).Mul(&x.m, pow10(rscale-x.scale+y.scale))
	den := &y.m
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(new(big.Int).Abs(den)) >= 0 {
		if num.Sign()*den.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return formatScaled(q, rscale)
}

// formatScaled writes q × 10^-scale with exactly scale fraction digits.
func formatScaled(q *big.Int, scale int) []byte {
	neg := q.Sign() < 0
	digits := new(big.Int).Abs(q).String()
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	out := make([]byte, 0, len(digits)+2)
	if neg {
		out = append(out, '-')
	}
	out = append(out, digits[:len(digits)-scale]...)
	if scale > 0 {
		out = append(out, '.')
		out = append(out, digits[len(digits)-scale:]...)
	}
	return out
}

var errDivisionByZero = &wire.Error{Code: "22012", Message: "division by zero"}

func errNotDecimal(text []byte) error { return fmt.Errorf("not a decimal number: %q", text) }

// appendUnpadded appends a numeric as IRIS sent it, without the column's scale.
func appendUnpadded(dst []byte, it iris.Item, format int16) ([]byte, error) {
	if format == 0 {
		return it.AppendDecimal(dst)
	}
	text, err := it.AppendDecimal(nil)
	if err != nil {
		return dst, err
	}
	var n pgtype.Numeric
	if err := n.Scan(string(text)); err != nil {
		return dst, err
	}
	return typeMap.Encode(oidNumeric, 1, n, dst)
}

// appendInterval appends a time stamp difference of ms milliseconds as PostgreSQL shows
// timestamp - timestamp: days and a time of day, both with the difference's sign
// ("2 days 02:30:15", "-1 days -00:00:01.5", "00:00:00"); binary: microseconds, days,
// months.
func appendInterval(dst []byte, ms int64, format int16) []byte {
	days := ms / 86400000 // toward zero, as justify_hours leaves both parts one sign
	rest := ms - days*86400000
	if format != 0 {
		dst = binary.BigEndian.AppendUint64(dst, uint64(rest*1000))
		dst = binary.BigEndian.AppendUint32(dst, uint32(int32(days)))
		return binary.BigEndian.AppendUint32(dst, 0)
	}
	if days != 0 {
		dst = strconv.AppendInt(dst, days, 10)
		if days == 1 { // PostgreSQL: "-1 days"
			dst = append(dst, " day"...)
		} else {
			dst = append(dst, " days"...)
		}
		if rest == 0 {
			return dst
		}
		dst = append(dst, ' ')
	}
	if rest < 0 {
		dst = append(dst, '-')
		rest = -rest
	}
	h, m, sec, frac := rest/3600000, rest/60000%60, rest/1000%60, rest%1000
	dst = appendTwo(dst, h)
	dst = append(dst, ':')
	dst = appendTwo(dst, m)
	dst = append(dst, ':')
	dst = appendTwo(dst, sec)
	if frac != 0 {
		f := strconv.FormatInt(frac+1000, 10)[1:] // three digits
		dst = append(dst, '.')
		dst = append(dst, strings.TrimRight(f, "0")...)
	}
	return dst
}

func appendTwo(dst []byte, n int64) []byte {
	if n < 10 {
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, n, 10)
}
