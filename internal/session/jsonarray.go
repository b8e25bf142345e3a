package session

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pgwired/pgwired/internal/iris"
)

// IRIS's JSON_ARRAYAGG returns "a JSON format array" of the group's non-NULL values
// (https://docs.intersystems.com/irislatest/csp/docbook/DocBook.UI.Page.cls?KEY=RSQL_jsonarrayagg).
// jsonArrayToList reads such an array, a flat one of scalars, and writes its elements
// to a $LIST, so that each element decodes as an item of the element's IRIS column does
// (iris.DecodeItem: the decoders accept every plausible item type). The page leaves open
// whether numbers come as JSON numbers or as strings, and whether dates and times come
// in their logical form ($HOROLOG day numbers, %PosixTime integers, seconds) or as ODBC
// text; both forms are read:
//
//   - for an element type that is not a character type (numbers, BIT, dates, times, time
//     stamps), a JSON number, or a JSON string holding only a number, becomes a numeric
//     item (an integer, else an exact decimal), which the type's decoder reads as the
//     number, the day number, the seconds or the %PosixTime value; other strings stay
//     text (2024-01-02, 2024-01-02 03:04:05.5), true and false are 1 and 0;
//   - for a character type every element is text, a number as written.
//
// Numbers may be in IRIS's canonical form, without the zero before the point (.5, -.25).
// "\u0000" alone (the page: an empty string is represented so) and "" are the empty
// string. Strings take JSON's escapes (\" \\ \/ \b \f \n \r \t \uXXXX with surrogate
// pairs); characters below U+0020 are also accepted unescaped, since the page names only
// " and \ as escaped. A JSON null becomes a NULL item (which the caller refuses:
// JSON_ARRAYAGG leaves NULLs out). Anything else, notably an array cut short (past
// JSON_ARRAYAGG's return type), is an error. It returns the number of elements.
func jsonArrayToList(w *iris.ListWriter, js []byte, textElems bool, scratch *[]byte) (int, error) {
	return jsonElements(js, func(p *jsonParser) error { return p.value(w, textElems, scratch) })
}

// jsonElements reads js, a JSON array, calling elem with the parser on each element
// (elem reads it), and returns how many there are. Anything but a whole array, notably
// one cut short, is an error.
func jsonElements(js []byte, elem func(p *jsonParser) error) (int, error) {
	p := jsonParser{s: js}
	p.ws()
	if !p.eat('[') {
		return 0, p.fail("no '[' at the start")
	}
	n := 0
	p.ws()
	if p.eat(']') {
		return 0, p.end()
	}
	for {
		if err := elem(&p); err != nil {
			return n, err
		}
		n++
		p.ws()
		switch {
		case p.eat(','):
			p.ws()
		case p.eat(']'):
			return n, p.end()
		case p.i >= len(p.s):
			return n, p.fail("it ends before its closing ']'")
		default:
			return n, p.fail("',' or ']' expected")
		}
	}
}

type jsonParser struct {
	s []byte
	i int
}

var errJSON = errors.New("not a JSON array")

func (p *jsonParser) fail(what string) error {
	return fmt.Errorf("%w: %s (at byte %d of %d)", errJSON, what, p.i, len(p.s))
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *jsonParser) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *jsonParser) end() error {
	p.ws()
	if p.i != len(p.s) {
		return p.fail("text after the closing ']'")
	}
	return nil
}

func (p *jsonParser) literal(word string) bool {
	if len(p.s)-p.i >= len(word) && string(p.s[p.i:p.i+len(word)]) == word {
		p.i += len(word)
		return true
	}
	return false
}

// value reads one scalar and appends it to w.
func (p *jsonParser) value(w *iris.ListWriter, textElems bool, scratch *[]byte) error {
	if p.i >= len(p.s) {
		return p.fail("it ends where a value was expected")
	}
	switch c := p.s[p.i]; {
	case c == '"':
		s, err := p.str((*scratch)[:0])
		*scratch = s
		if err != nil {
			return err
		}
		switch {
		case len(s) == 0 || (len(s) == 1 && s[0] == 0):
			w.Empty() // IRIS's '' ($CHAR(0)), shown as "\u0000"
		case !textElems && isJSONNumber(s):
			return appendNumber(w, s)
		case isASCIIBytes(s):
			w.Bytes(s) // as String writes it, without a string copy
		default:
			w.String(string(s))
		}
	case c == '-' || c == '.' || (c >= '0' && c <= '9'):
		start := p.i
		p.i++
		for p.i < len(p.s) && isNumberByte(p.s[p.i]) {
			p.i++
		}
		num := p.s[start:p.i]
		if !isJSONNumber(num) {
			return p.fail(fmt.Sprintf("%q is not a number", num))
		}
		if textElems {
			w.String(string(num))
			return nil
		}
		return appendNumber(w, num)
	case p.literal("true"):
		if textElems {
			w.String("true")
		} else {
			w.Int(1)
		}
	case p.literal("false"):
		if textElems {
			w.String("false")
		} else {
			w.Int(0)
		}
	case p.literal("null"):
		w.Null()
	default:
		return p.fail(fmt.Sprintf("unexpected %q", c))
	}
	return nil
}

func isNumberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'
}

// isJSONNumber accepts JSON's number syntax, also without the digit before the point
// (IRIS's canonical .5 and -.5): -?digits?(.digits)?([eE][+-]?digits)?, with a digit
// before or after the point.
func isJSONNumber(s []byte) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	intDigits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		intDigits++
	}
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			fracDigits++
		}
		if fracDigits == 0 {
			return false
		}
	}
	if intDigits+fracDigits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		expDigits := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			expDigits++
		}
		if expDigits == 0 {
			return false
		}
	}
	return i == len(s)
}

// appendNumber writes number text as an integer item when it is one that fits int64,
// else as a decimal item (the text itself when no decimal item holds it exactly).
func appendNumber(w *iris.ListWriter, num []byte) error {
	integral := true
	for _, c := range num {
		if c == '.' || c == 'e' || c == 'E' {
			integral = false
			break
		}
	}
	if integral {
		if v, err := strconv.ParseInt(string(num), 10, 64); err == nil {
			w.Int(v)
			return nil
		}
	}
	return w.Decimal(string(num))
}

// str reads a JSON string at p.i (on its opening quote) and appends its characters,
// UTF-8, to dst.
func (p *jsonParser) str(dst []byte) ([]byte, error) {
	p.i++ // "
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return dst, nil
		case c != '\\':
			// Plain bytes, a run at a time (the text is UTF-8 already).
			start := p.i
			for p.i < len(p.s) && p.s[p.i] != '"' && p.s[p.i] != '\\' {
				p.i++
			}
			dst = append(dst, p.s[start:p.i]...)
			continue
		}
		if p.i+1 >= len(p.s) {
			break
		}
		p.i += 2
		switch e := p.s[p.i-1]; e {
		case '"', '\\', '/':
			dst = append(dst, e)
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return dst, p.fail(`a \u escape without four hex digits`)
			}
			if utf16.IsSurrogate(r) {
				lo := rune(-1)
				if r < 0xDC00 && p.i+1 < len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
					p.i += 2
					lo, ok = p.hex4()
					if !ok {
						return dst, p.fail(`a \u escape without four hex digits`)
					}
				}
				if r = utf16.DecodeRune(r, lo); r == utf8.RuneError {
					return dst, p.fail("an unpaired UTF-16 surrogate")
				}
			}
			dst = utf8.AppendRune(dst, r)
		default:
			return dst, p.fail(fmt.Sprintf(`unknown escape \%c`, e))
		}
	}
	return dst, p.fail("a string without its closing quote")
}

func (p *jsonParser) hex4() (rune, bool) {
	if len(p.s)-p.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range p.s[p.i : p.i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

func isASCIIBytes(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
