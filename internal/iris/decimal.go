package iris

import (
	"errors"
	"math"
	"math/bits"
)

// Decimal is exact decimal text such as "-123.4500" (NUMERIC/DECIMAL values, §9).
// It is sent as a type 6/7 item when that is exact, else as a string.
type Decimal string

// String returns the text.
func (d Decimal) String() string { return string(d) }

// Decimal exponents are one signed byte (§3). The spec's prose says −127..128,
// which no signed byte can hold; the byte range is what we can encode (§10 note).
const (
	minDecimalExp = math.MinInt8
	maxDecimalExp = math.MaxInt8
	maxExpDigits  = 6 // exponents beyond ±999999 are not decimals IRIS can hold
)

var errDecimalSyntax = errors.New("iris: invalid decimal text")

// Decimal appends text (e.g. "123.45", "-1E+2") as type 6/7: m × 10^e with m in
// int64 and e in a signed byte (§3 encoder rules). The scale is kept ("1.50" goes
// as 150e−2) when it fits; otherwise trailing zeros are folded into the exponent.
// A value that cannot be carried exactly goes as its text in a string item, which
// IRIS converts itself, so nothing is rounded on the way. Invalid text is an error
// and writes nothing.
func (w *ListWriter) Decimal(text string) error {
	d, ok := parseDecimalText(text)
	if !ok {
		return errDecimalSyntax
	}
	m, e, exact := d.encodable()
	if !exact {
		w.String(text)
		return nil
	}
	if !d.neg || m == 0 {
		n := uintLen(m)
		w.buf = append(w.buf, byte(n+3), byte(TypePosDecimal), byte(int8(e)))
		w.buf = appendUintLE(w.buf, m, n)
		return nil
	}
	u := uint64(-int64(m))
	n := negIntLen(u)
	w.buf = append(w.buf, byte(n+3), byte(TypeNegDecimal), byte(int8(e)))
	w.buf = appendUintLE(w.buf, u, n)
	return nil
}

// parsedDecimal is decimal text reduced to ±m × 10^(exp+tz) where m has no
// trailing zeros (tz counts them) and m overflowed if !fits.
type parsedDecimal struct {
	neg  bool
	m    uint64
	tz   int // trailing zeros removed from m
	exp  int // exponent of the digit string as written (scale kept)
	fits bool
}

// parseDecimalText accepts [+-]digits[.digits][(e|E)[+-]digits] with at least one digit.
func parseDecimalText[T string | []byte](s T) (d parsedDecimal, ok bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		d.neg = s[i] == '-'
		i++
	}
	d.fits = true
	nDigits, frac, pending := 0, 0, 0
	seenPoint := false
	for ; i < len(s); i++ {
		c := s[i]
		if c == '.' && !seenPoint {
			seenPoint = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		nDigits++
		if seenPoint {
			frac++
		}
		if c == '0' {
			if d.m != 0 {
				pending++
			}
			continue
		}
		if d.fits {
			d.m, d.fits = scaleAdd(d.m, pending+1, uint64(c-'0'))
		}
		pending = 0
	}
	if nDigits == 0 {
		return d, false
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		negExp := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			negExp = s[i] == '-'
			i++
		}
		n := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp = exp*10 + int(s[i]-'0')
			if n++; n > maxExpDigits {
				return d, false
			}
		}
		if n == 0 {
			return d, false
		}
		if negExp {
			exp = -exp
		}
	}
	if i != len(s) {
		return d, false
	}
	d.tz = pending
	d.exp = exp - frac
	return d, true
}

// scaleAdd returns m×10^k + digit, reporting false on overflow of int64.
func scaleAdd(m uint64, k int, digit uint64) (uint64, bool) {
	for ; k > 0; k-- {
		hi, lo := bits.Mul64(m, 10)
		if hi != 0 {
			return 0, false
		}
		m = lo
	}
	m += digit
	return m, m <= math.MaxInt64
}

// encodable picks the mantissa/exponent pair to send, preferring the written scale.
func (d parsedDecimal) encodable() (m uint64, e int, exact bool) {
	if !d.fits {
		return 0, 0, false
	}
	if d.m == 0 {
		return 0, clamp(d.exp, minDecimalExp, maxDecimalExp), true
	}
	if withZeros, ok := scaleAdd(d.m, d.tz, 0); ok && d.exp >= minDecimalExp && d.exp <= maxDecimalExp {
		return withZeros, d.exp, true
	}
	m, e = d.m, d.exp+d.tz
	for e > maxDecimalExp { // move excess exponent into the mantissa
		next, ok := scaleAdd(m, 1, 0)
		if !ok {
			return 0, 0, false
		}
		m, e = next, e-1
	}
	if e < minDecimalExp {
		return 0, 0, false
	}
	return m, e, true
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

func mul64(a, b uint64) (hi, lo uint64) { return bits.Mul64(a, b) }
