package session

import (
	"bytes"
	"slices"
	"strings"
)

// jsonb columns are VARCHARs in IRIS that hold the text a client sent. PostgreSQL's
// jsonb keeps a parsed value instead and prints it in one canonical form
// (utils/adt/jsonb.c, JsonbToCString): object keys sorted shorter first, then bytewise,
// a repeated key keeping its last value, ", " and ": " between items, numbers as numeric
// prints them (1e2 is 100, 12E-3 is 0.012, -0 is 0), strings re-escaped as escape_json
// does. appendJSONB prints the stored text that way; text that is not JSON (only written
// past pgwired, which does not check json input) is sent as it is.

// appendJSONB appends the canonical jsonb form of js to dst; ok is false when js is not
// one JSON value (dst is then unchanged).
func appendJSONB(dst, js []byte) ([]byte, bool) {
	p := jsonParser{s: js}
	p.ws()
	out, err := appendJSONBValue(dst, &p, 0)
	if err != nil || p.end() != nil {
		return dst, false
	}
	return out, true
}

// maxJSONBDepth bounds nesting, as PostgreSQL's stack depth check does.
const maxJSONBDepth = 1000

type jsonbMember struct {
	key   []byte // decoded
	value []byte // canonical
}

func appendJSONBValue(dst []byte, p *jsonParser, depth int) ([]byte, error) {
	if depth > maxJSONBDepth {
		return dst, p.fail("nested too deeply")
	}
	if p.i >= len(p.s) {
		return dst, p.fail("it ends where a value was expected")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.i++
		var members []jsonbMember
		p.ws()
		if !p.eat('}') {
			for {
				p.ws()
				if p.i >= len(p.s) || p.s[p.i] != '"' {
					return dst, p.fail("an object key is not a string")
				}
				key, err := p.str(nil)
				if err != nil {
					return dst, err
				}
				p.ws()
				if !p.eat(':') {
					return dst, p.fail("':' expected")
				}
				p.ws()
				value, err := appendJSONBValue(nil, p, depth+1)
				if err != nil {
					return dst, err
				}
				members = append(members, jsonbMember{key, value})
				p.ws()
				if p.eat('}') {
					break
				}
				if !p.eat(',') {
					return dst, p.fail("',' or '}' expected")
				}
			}
		}
		// Sorted stably, so that of equal keys the last one written comes last.
		slices.SortStableFunc(members, func(a, b jsonbMember) int {
			if len(a.key) != len(b.key) {
				return len(a.key) - len(b.key)
			}
			return bytes.Compare(a.key, b.key)
		})
		dst = append(dst, '{')
		first := true
		for i, m := range members {
			if i+1 < len(members) && bytes.Equal(m.key, members[i+1].key) {
				continue // the last of equal keys wins
			}
			if !first {
				dst = append(dst, ", "...)
			}
			first = false
			dst = appendJSONString(dst, m.key)
			dst = append(dst, ": "...)
			dst = append(dst, m.value...)
		}
		return append(dst, '}'), nil
	case c == '[':
		p.i++
		dst = append(dst, '[')
		p.ws()
		if p.eat(']') {
			return append(dst, ']'), nil
		}
		for n := 0; ; n++ {
			if n > 0 {
				dst = append(dst, ", "...)
			}
			p.ws()
			var err error
			if dst, err = appendJSONBValue(dst, p, depth+1); err != nil {
				return dst, err
			}
			p.ws()
			if p.eat(']') {
				return append(dst, ']'), nil
			}
			if !p.eat(',') {
				return dst, p.fail("',' or ']' expected")
			}
		}
	case c == '"':
		s, err := p.str(nil)
		if err != nil {
			return dst, err
		}
		return appendJSONString(dst, s), nil
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.i
		for p.i < len(p.s) && isNumberByte(p.s[p.i]) {
			p.i++
		}
		num := p.s[start:p.i]
		if !isStrictJSONNumber(num) {
			return dst, p.fail("a malformed number")
		}
		return appendNumericText(dst, string(num)), nil
	case p.literal("true"):
		return append(dst, "true"...), nil
	case p.literal("false"):
		return append(dst, "false"...), nil
	case p.literal("null"):
		return append(dst, "null"...), nil
	}
	return dst, p.fail("unexpected character")
}

// isStrictJSONNumber is JSON's number grammar (RFC 8259), which PostgreSQL's json
// parser follows: a digit before the point, no leading zeros.
func isStrictJSONNumber(s []byte) bool {
	if !isJSONNumber(s) {
		return false
	}
	i := 0
	if s[0] == '-' {
		i++
	}
	if i >= len(s) || s[i] < '0' || s[i] > '9' {
		return false // .5
	}
	if s[i] == '0' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
		return false // 01
	}
	return true
}

// appendNumericText writes a JSON number as PostgreSQL's numeric prints it: the value
// with max(0, fraction digits - exponent) fraction digits, no exponent, no sign on zero.
func appendNumericText(dst []byte, num string) []byte {
	neg := strings.HasPrefix(num, "-")
	num = strings.TrimPrefix(num, "-")
	exp := 0
	if e := strings.IndexAny(num, "eE"); e >= 0 {
		for _, c := range strings.TrimPrefix(strings.TrimPrefix(num[e+1:], "+"), "-") {
			exp = exp*10 + int(c-'0')
			if exp > 1e6 {
				break // beyond numeric's range anyway
			}
		}
		if strings.HasPrefix(num[e+1:], "-") {
			exp = -exp
		}
		num = num[:e]
	}
	intPart, frac, _ := strings.Cut(num, ".")
	digits := intPart + frac
	point := len(intPart) + exp // where the point goes in digits
	scale := max(0, len(frac)-exp)
	var whole, fraction string
	switch {
	case point <= 0:
		whole, fraction = "0", strings.Repeat("0", -point)+digits
	case point >= len(digits):
		whole = digits + strings.Repeat("0", point-len(digits))
	default:
		whole, fraction = digits[:point], digits[point:]
	}
	if len(fraction) > scale {
		fraction = fraction[:scale] // only zeros past the scale (len(frac) - exp digits)
	}
	for len(fraction) < scale {
		fraction += "0"
	}
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	if neg && strings.Trim(whole+fraction, "0") != "" {
		dst = append(dst, '-')
	}
	dst = append(dst, whole...)
	if scale > 0 {
		dst = append(dst, '.')
		dst = append(dst, fraction...)
	}
	return dst
}

// appendJSONString writes s (UTF-8) as a JSON string the way escape_json does: " \ and
// the control characters escaped (\b \f \n \r \t, others \u00xx), the rest as it is.
func appendJSONString(dst, s []byte) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	for _, c := range s {
		switch c {
		case '"':
			dst = append(dst, `\"`...)
		case '\\':
			dst = append(dst, `\\`...)
		case '\b':
			dst = append(dst, `\b`...)
		case '\f':
			dst = append(dst, `\f`...)
		case '\n':
			dst = append(dst, `\n`...)
		case '\r':
			dst = append(dst, `\r`...)
		case '\t':
			dst = append(dst, `\t`...)
		default:
			if c < 0x20 {
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			} else {
				dst = append(dst, c)
			}
		}
	}
	return append(dst, '"')
}
