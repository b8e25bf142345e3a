package iris

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"
)

var (
	errOddUTF16    = errors.New("UTF-16 data has an odd length")
	errNotNumber   = errors.New("item is not a number")
	errIntRange    = errors.New("integer out of int64 range")
	errNotInteger  = errors.New("decimal has a fractional part")
	errBadDouble   = errors.New("double item longer than 8 bytes")
	errBadDecimal  = errors.New("decimal item without exponent byte")
	errNotTextItem = errors.New("item type has no text form")
)

// IsNull reports SQL NULL: undefined, placeholder (type 0) or an empty type-1 item (§3).
func (it Item) IsNull() bool {
	if it.Undefined {
		return true
	}
	switch it.Type.Base() {
	case TypePlaceholder:
		return true
	case TypeString:
		return len(it.Data) == 0
	}
	return false
}

// isEmptyString reports the IRIS encoding of the SQL empty string ($CHAR(0), §3).
func (it Item) isEmptyString() bool {
	return !it.Undefined && it.Type.Base() == TypeString && len(it.Data) == 1 && it.Data[0] == 0
}

// Bytes returns the raw data of a string item: nil for NULL, empty for the empty
// string (03 01 00), else Data (aliasing the buffer). IRIS cannot tell a one-byte
// binary 00 from the empty string.
func (it Item) Bytes() []byte {
	if it.IsNull() {
		return nil
	}
	if it.isEmptyString() {
		return it.Data[:0]
	}
	return it.Data
}

// Int decodes an integer item. Decimals without a fractional part, integral
// doubles and numeric text are accepted too, since IRIS picks the $LIST type by
// value, not by column (§9).
func (it Item) Int() (int64, error) {
	if it.Undefined {
		return 0, errNotNumber
	}
	switch it.Type.Base() {
	case TypePosInt:
		if len(it.Data) > 8 {
			return 0, errIntRange
		}
		u := leUint(it.Data)
		if u > math.MaxInt64 {
			return 0, errIntRange
		}
		return int64(u), nil
	case TypeNegInt:
		return negInt(it.Data)
	case TypePosDecimal, TypeNegDecimal:
		neg, m, e, err := it.decimalParts()
		if err != nil {
			return 0, err
		}
		return decimalToInt(neg, m, e)
	case TypeDouble, TypeCompactDouble:
		f, err := decodeDouble(it.Type.Base(), it.Data)
		if err != nil {
			return 0, err
		}
		if f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
			return 0, errNotInteger
		}
		return int64(f), nil
	case TypeString, TypeUnicode:
		var tmp [64]byte
		b, err := it.AppendText(tmp[:0])
		if err != nil {
			return 0, err
		}
		return strconv.ParseInt(string(b), 10, 64)
	}
	return 0, errNotNumber
}

// Float decodes a numeric item as float64.
func (it Item) Float() (float64, error) {
	if it.Undefined {
		return 0, errNotNumber
	}
	switch t := it.Type.Base(); t {
	case TypeDouble, TypeCompactDouble:
		return decodeDouble(t, it.Data)
	case TypePosInt, TypeNegInt:
		v, err := it.Int()
		return float64(v), err
	case TypePosDecimal, TypeNegDecimal:
		neg, m, e, err := it.decimalParts()
		if err != nil {
			return 0, err
		}
		if f, ok := exactFloat(m, e); ok {
			if neg {
				f = -f
			}
			return f, nil
		}
		var tmp [48]byte
		return strconv.ParseFloat(string(appendDecimal(tmp[:0], neg, m, e)), 64)
	case TypeString, TypeUnicode:
		var tmp [64]byte
		b, err := it.AppendText(tmp[:0])
		if err != nil {
			return 0, err
		}
		return strconv.ParseFloat(string(b), 64)
	}
	return 0, errNotNumber
}

// DecimalString returns the exact decimal text of a numeric item (m=12345 e=−2 →
// "123.45"), without going through float64 for integers and decimals.
func (it Item) DecimalString() (string, error) {
	var tmp [48]byte
	b, err := it.AppendDecimal(tmp[:0])
	return string(b), err
}

// AppendDecimal is DecimalString appending to dst.
func (it Item) AppendDecimal(dst []byte) ([]byte, error) {
	if it.Undefined {
		return dst, errNotNumber
	}
	switch it.Type.Base() {
	case TypePosInt, TypeNegInt:
		v, err := it.Int()
		if err != nil {
			return dst, err
		}
		return strconv.AppendInt(dst, v, 10), nil
	case TypePosDecimal, TypeNegDecimal:
		neg, m, e, err := it.decimalParts()
		if err != nil {
			return dst, err
		}
		return appendDecimal(dst, neg, m, e), nil
	case TypeDouble, TypeCompactDouble:
		f, err := decodeDouble(it.Type.Base(), it.Data)
		if err != nil {
			return dst, err
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return dst, errNotNumber // no decimal text for these
		}
		if f == 0 {
			f = 0 // a decimal has no negative zero: -0.0 is "0", as NUMERIC shows it
		}
		return strconv.AppendFloat(dst, f, 'g', -1, 64), nil
	case TypeString, TypeUnicode:
		start := len(dst)
		out, err := it.AppendText(dst)
		if err != nil {
			return dst, err
		}
		if _, ok := parseDecimalText(out[start:]); !ok {
			return dst, errNotNumber
		}
		return out, nil
	}
	return dst, errNotNumber
}

// Text returns the item as a Go (UTF-8) string: type 1 is Latin-1 (§10.10), type 2
// UTF-16LE, numbers are formatted; NULL gives "" (check IsNull to tell them apart).
func (it Item) Text() (string, error) {
	if !it.Undefined && it.Type.Base() == TypeString && isASCII(it.Data) {
		if it.isEmptyString() {
			return "", nil
		}
		return string(it.Data), nil
	}
	var tmp [64]byte
	b, err := it.AppendText(tmp[:0])
	return string(b), err
}

// AppendText is Text appending UTF-8 to dst; it allocates nothing when dst has room.
func (it Item) AppendText(dst []byte) ([]byte, error) {
	if it.Undefined {
		return dst, nil
	}
	switch it.Type.Base() {
	case TypePlaceholder:
		return dst, nil
	case TypeString, TypeOref:
		if it.isEmptyString() {
			return dst, nil
		}
		if isASCII(it.Data) {
			return append(dst, it.Data...), nil
		}
		return appendLatin1AsUTF8(dst, it.Data), nil
	case TypeUnicode, TypeOrefUnicode:
		return appendUTF16LEAsUTF8(dst, it.Data)
	case TypePosInt, TypeNegInt, TypePosDecimal, TypeNegDecimal:
		return it.AppendDecimal(dst)
	case TypeDouble, TypeCompactDouble:
		f, err := decodeDouble(it.Type.Base(), it.Data)
		if err != nil {
			return dst, err
		}
		return strconv.AppendFloat(dst, f, 'g', -1, 64), nil
	}
	return dst, errNotTextItem
}

// leUint reads up to 8 little-endian bytes.
func leUint(b []byte) uint64 {
	var u uint64
	for i := len(b) - 1; i >= 0; i-- {
		u = u<<8 | uint64(b[i])
	}
	return u
}

// negInt decodes type-5 data: unsigned(bytes) − 256^len; no bytes is −1 (§3).
func negInt(b []byte) (int64, error) {
	switch {
	case len(b) > 8:
		return 0, errIntRange
	case len(b) == 8:
		return int64(leUint(b)), nil
	}
	return int64(leUint(b)) - int64(1)<<(8*len(b)), nil
}

// decimalParts splits a type-6/7 item into sign, mantissa magnitude and exponent.
func (it Item) decimalParts() (neg bool, m uint64, e int, err error) {
	if len(it.Data) == 0 {
		return false, 0, 0, errBadDecimal
	}
	e = int(int8(it.Data[0])) // exponent byte is signed (§3)
	mant := it.Data[1:]
	if it.Type.Base() == TypePosDecimal {
		if len(mant) > 8 {
			return false, 0, 0, errIntRange
		}
		return false, leUint(mant), e, nil
	}
	v, err := negInt(mant)
	if err != nil {
		return false, 0, 0, err
	}
	return true, uint64(-v), e, nil // -MinInt64 wraps to 1<<63, the right magnitude
}

// appendDecimal formats ±m×10^e exactly, keeping the scale: m=150 e=−2 → "1.50".
func appendDecimal(dst []byte, neg bool, m uint64, e int) []byte {
	if neg && m != 0 {
		dst = append(dst, '-')
	}
	start := len(dst)
	dst = appendUintText(dst, m)
	if e >= 0 {
		if m == 0 {
			return dst
		}
		for i := 0; i < e; i++ {
			dst = append(dst, '0')
		}
		return dst
	}
	scale := -e
	digits := len(dst) - start
	if digits <= scale { // need "0." and leading zeros: shift digits right
		pad := scale - digits + 1
		for i := 0; i < pad; i++ {
			dst = append(dst, 0)
		}
		copy(dst[start+pad:], dst[start:start+digits])
		for i := 0; i < pad; i++ {
			dst[start+i] = '0'
		}
		digits += pad
	}
	dst = append(dst, 0)
	point := start + digits - scale
	copy(dst[point+1:], dst[point:start+digits])
	dst[point] = '.'
	return dst
}

var pow10u = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

func decimalToInt(neg bool, m uint64, e int) (int64, error) {
	if m == 0 {
		return 0, nil
	}
	if e < 0 {
		if -e >= len(pow10u) || m%pow10u[-e] != 0 {
			return 0, errNotInteger
		}
		m /= pow10u[-e]
	} else {
		if e >= len(pow10u) {
			return 0, errIntRange
		}
		hi, lo := mul64(m, pow10u[e])
		if hi != 0 {
			return 0, errIntRange
		}
		m = lo
	}
	if neg {
		if m > 1<<63 {
			return 0, errIntRange
		}
		return -int64(m), nil
	}
	if m > math.MaxInt64 {
		return 0, errIntRange
	}
	return int64(m), nil
}

// exactFloat is the classic exact fast path: m and 10^|e| are both exact in float64.
func exactFloat(m uint64, e int) (float64, bool) {
	if m >= 1<<53 || e < -22 || e > 22 {
		return 0, false
	}
	p := math.Pow10(abs(e)) // exact for |e| ≤ 22
	if e < 0 {
		return float64(m) / p, true
	}
	return float64(m) * p, true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// decodeDouble reads type 8 and 9 (§3, §10.9): type 8 with 8 bytes is a double,
// with 0–4 bytes a float32 whose low-order zero bytes were dropped; type 9 (and
// type 8 with 5–7 bytes) is a double with low-order zero bytes dropped.
func decodeDouble(t ItemType, b []byte) (float64, error) {
	if len(b) > 8 {
		return 0, errBadDouble
	}
	if t == TypeDouble && len(b) <= 4 {
		var pad [4]byte
		copy(pad[4-len(b):], b)
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(pad[:]))), nil
	}
	var pad [8]byte
	copy(pad[8-len(b):], b)
	return math.Float64frombits(binary.LittleEndian.Uint64(pad[:])), nil
}
