package translate

import (
	"strconv"
	"strings"
)

// bytea values reach IRIS as VARBINARY, a string whose characters are the bytes. A
// PostgreSQL bytea literal ('\xdeadbeef', the escape form 'a\000b', or plain text, whose
// bytes are its UTF-8) is not those characters: IRIS would store the literal's text.
// pgwired decodes it as PostgreSQL's byteain does and writes an IRIS string expression
// of the bytes: runs of printable ASCII as quoted literals, every other byte as
// CHAR(n) (RSQL_char: the character of code n, 0 to 65535), joined with ||. psycopg2
// sends bytes so ('\x…'::bytea), and so do drivers that interpolate parameters.

// decodeBytea reads v as PostgreSQL's bytea input does, with its errors.
func decodeBytea(v string) ([]byte, *Error) {
	if strings.HasPrefix(v, `\x`) {
		return decodeByteaHex(v[2:])
	}
	out := make([]byte, 0, len(v))
	for i := 0; i < len(v); {
		c := v[i]
		switch {
		case c != '\\':
			out = append(out, c)
			i++
		case i+1 < len(v) && v[i+1] == '\\':
			out = append(out, '\\')
			i += 2
		case i+3 < len(v) && v[i+1] >= '0' && v[i+1] <= '3' && isOctal(v[i+2]) && isOctal(v[i+3]):
			out = append(out, (v[i+1]-'0')<<6|(v[i+2]-'0')<<3|(v[i+3]-'0'))
			i += 4
		default:
			return nil, &Error{SQLState: "22P02", Message: "invalid input syntax for type bytea"}
		}
	}
	return out, nil
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// decodeByteaHex reads the digits after \x: pairs of hex digits, white space between
// pairs (PostgreSQL's hex_decode).
func decodeByteaHex(h string) ([]byte, *Error) {
	out := make([]byte, 0, len(h)/2)
	for i := 0; i < len(h); {
		c := h[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			i++
			continue
		}
		hi, ok := hexDigit(c)
		if !ok {
			return nil, invalidHexDigit(h[i:])
		}
		if i+1 >= len(h) {
			return nil, &Error{SQLState: "22023", Message: "invalid hexadecimal data: odd number of digits"}
		}
		lo, ok := hexDigit(h[i+1])
		if !ok {
			return nil, invalidHexDigit(h[i+1:])
		}
		out = append(out, hi<<4|lo)
		i += 2
	}
	return out, nil
}

func invalidHexDigit(rest string) *Error {
	r := []rune(rest)[0]
	return &Error{SQLState: "22023", Message: "invalid hexadecimal digit: \"" + string(r) + "\""}
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// needsByteaDecoding: v read as bytea is not its own characters (a backslash form, or
// bytes beyond ASCII, which are UTF-8 in PostgreSQL and one character each in IRIS).
func needsByteaDecoding(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' || v[i] >= 0x80 {
			return true
		}
	}
	return false
}

// irisBinary is the IRIS expression whose characters are the bytes b. The one byte 0
// alone would be $CHAR(0), which is how IRIS stores the empty string (iris-sql.md), so
// the caller refuses it (zeroByteOnly).
func irisBinary(b []byte) string {
	if len(b) == 0 {
		return "''"
	}
	var s strings.Builder
	for i := 0; i < len(b); {
		if s.Len() > 0 {
			s.WriteString(" || ")
		}
		if printable(b[i]) {
			j := i
			for j < len(b) && printable(b[j]) {
				j++
			}
			writeStringLit(&s, string(b[i:j]))
			i = j
			continue
		}
		s.WriteString("CHAR(")
		s.WriteString(strconv.Itoa(int(b[i])))
		s.WriteByte(')')
		i++
	}
	return s.String()
}

func printable(c byte) bool { return c >= 0x20 && c < 0x7f }

// byteaLiteralError is PostgreSQL's error for the first literal given to a bytea column
// (Plan.ColumnLiterals) that is not valid bytea input, nil if there is none.
func byteaLiteralError(sql string, lits []ColumnLiteral, cat Catalog) *Error {
	for _, l := range lits {
		if l.TypeOf || l.End > len(sql) || l.At >= l.End {
			continue
		}
		lit := sql[l.At:l.End]
		if len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' || !strings.Contains(lit, `\`) {
			continue
		}
		if oid, ok := cat.ColumnType(l.Column); ok && oid == oidBytea {
			b, err := decodeBytea(strings.ReplaceAll(lit[1:len(lit)-1], "''", "'"))
			if err != nil {
				return err
			}
			if zeroByteOnly(b) {
				return errZeroByte()
			}
		}
	}
	return nil
}

// zeroByteOnly: b is the one byte 0, which IRIS would read as an empty string.
func zeroByteOnly(b []byte) bool { return len(b) == 1 && b[0] == 0 }

func errZeroByte() *Error {
	return &Error{SQLState: stateUnsupported, Message: unsupportedMessage("a bytea value of the single byte 0 in the SQL text (IRIS stores the empty string as $CHAR(0))")}
}
