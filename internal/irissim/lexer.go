package irissim

import (
	"strconv"
	"strings"
)

// tokKind classifies a lexical token of IRIS SQL.
type tokKind uint8

const (
	tkEOF    tokKind = iota
	tkIdent          // bare identifier, including %-prefixed system names (%ID, %EXACT)
	tkQIdent         // "delimited identifier" (text keeps the quotes)
	tkString         // 'literal' (text keeps the quotes)
	tkNumber         // 12, 1.5, .5, 1E+2
	tkParam          // :%qpar(n); num holds n
	tkVar            // $USERNAME and other special variables (text upper-cased)
	tkOp             // operator or punctuation
)

// token is one lexeme. up is the upper-cased text of identifiers, used for
// keyword and name comparisons (IRIS identifiers are case-insensitive).
type token struct {
	kind tokKind
	text string
	up   string
	num  int
	pos  int
}

func (t token) is(kw string) bool { return t.kind == tkIdent && t.up == kw }
func (t token) op(s string) bool  { return t.kind == tkOp && t.text == s }
func (t token) isName() bool      { return t.kind == tkIdent || t.kind == tkQIdent }
func (t token) String() string    { return t.text }

func isLetter(c byte) bool     { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }
func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || c == '%' || isLetter(c) || c >= 0x80 }
func isIdentPart(c byte) bool {
	return isIdentStart(c) || isDigit(c) || c == '@' || c == '#' || c == '$'
}
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// upperIdent is the comparison form of an identifier (IRIS compares names upper-cased).
func upperIdent(s string) string { return strings.ToUpper(s) }

func errSyntax(msg string) *sqlError { return newSQLError(-1, msg) }

// identName returns the name an identifier token denotes: delimited
// identifiers lose their quotes ("" unescapes to ").
func identName(t token) string {
	if t.kind == tkQIdent {
		return strings.ReplaceAll(t.text[1:len(t.text)-1], `""`, `"`)
	}
	return t.text
}

// lex splits IRIS SQL into tokens. Besides tokenising it enforces the lexical
// rules where IRIS is stricter than SQLite, so nothing SQLite would quietly
// accept (backticks, $1, ?, E'..', X'..', a trailing ';') gets through.
func lex(src string, toks []token) ([]token, *sqlError) {
	toks = toks[:0]
	i, n := 0, len(src)
	for i < n {
		c := src[i]
		switch {
		case isSpace(c):
			i++
		case c == '-' && i+1 < n && src[i+1] == '-':
			// IRIS requires whitespace between code and a trailing comment (17--7 is not a comment).
			if i > 0 && !isSpace(src[i-1]) {
				return nil, errSyntax("Comment '--' must be separated from preceding code by a space")
			}
			for i < n && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, errSyntax("Unterminated comment")
			}
			i += end + 4
		case c == '\'':
			j, err := scanQuoted(src, i, '\'')
			if err != nil {
				return nil, newSQLError(-3, "Closing quote (') missing")
			}
			toks = append(toks, token{kind: tkString, text: src[i:j], pos: i})
			i = j
		case c == '"':
			j, err := scanQuoted(src, i, '"')
			if err != nil {
				return nil, newSQLError(-3, `Closing quote (") missing`)
			}
			if j-i == 2 {
				return nil, errSyntax(`Empty delimited identifier ""`)
			}
			t := token{kind: tkQIdent, text: src[i:j], pos: i}
			t.up = upperIdent(identName(t))
			toks = append(toks, t)
			i = j
		case isDigit(c) || (c == '.' && i+1 < n && isDigit(src[i+1])):
			j := scanNumber(src, i)
			if j < 0 {
				return nil, newSQLError(-2, "Exponent digits missing after 'E'")
			}
			if j < n && isIdentStart(src[j]) && src[j] != '%' {
				return nil, errSyntax("Invalid number " + src[i:j+1])
			}
			toks = append(toks, token{kind: tkNumber, text: src[i:j], pos: i})
			i = j
		case c == ':':
			t, j, err := scanParam(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = j
		case c == '$':
			j := i + 1
			for j < n && (isLetter(src[j]) || isDigit(src[j])) {
				j++
			}
			if j == i+1 || isDigit(src[i+1]) {
				return nil, errSyntax("Invalid character '$' (PostgreSQL parameters and dollar quoting are not IRIS SQL)")
			}
			up := upperIdent(src[i:j])
			toks = append(toks, token{kind: tkVar, text: up, up: up, pos: i})
			i = j
		case isIdentStart(c):
			j := i + 1
			for j < n && isIdentPart(src[j]) {
				j++
			}
			if j < n && src[j] == '\'' && j-i == 1 {
				// E'..', X'..', B'..', N'..' prefixed literals are not IRIS SQL.
				return nil, errSyntax("Prefixed string literal " + src[i:j+1] + " is not supported")
			}
			if c == '%' && j == i+1 {
				return nil, errSyntax("'%' is not an operator in IRIS SQL; use MOD() or #")
			}
			if j < n && src[j] == '&' && j-i == 1 && (c == 'U' || c == 'u') {
				return nil, errSyntax("U& literals are not supported")
			}
			t := token{kind: tkIdent, text: src[i:j], pos: i}
			t.up = upperIdent(t.text)
			toks = append(toks, t)
			i = j
		default:
			j, err := scanOp(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tkOp, text: src[i:j], pos: i})
			i = j
		}
	}
	toks = append(toks, token{kind: tkEOF, pos: n})
	return toks, nil
}

func scanQuoted(src string, i int, q byte) (int, error) {
	for j := i + 1; j < len(src); j++ {
		if src[j] == q {
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			return j + 1, nil
		}
	}
	return 0, errUnterminated
}

type lexError string

func (e lexError) Error() string { return string(e) }

const errUnterminated = lexError("unterminated")

// scanNumber returns the end of a numeric literal, or -1 for "1E" without digits.
func scanNumber(src string, i int) int {
	n := len(src)
	for i < n && isDigit(src[i]) {
		i++
	}
	if i < n && src[i] == '.' {
		i++
		for i < n && isDigit(src[i]) {
			i++
		}
	}
	if i < n && (src[i] == 'e' || src[i] == 'E') {
		j := i + 1
		if j < n && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j >= n || !isDigit(src[j]) {
			return -1
		}
		for j < n && isDigit(src[j]) {
			j++
		}
		i = j
	}
	return i
}

// scanParam reads the client-side parameter marker " :%qpar(n) ". Any other
// use of ':' (host variables, '::' casts) is rejected as IRIS rejects it.
func scanParam(src string, i int) (token, int, *sqlError) {
	const prefix = ":%qpar("
	if len(src) > i+1 && src[i+1] == ':' {
		return token{}, 0, errSyntax("'::' casts are not IRIS SQL; use CAST(x AS type)")
	}
	if !strings.HasPrefix(strings.ToLower(src[i:min(len(src), i+len(prefix))]), prefix) {
		return token{}, 0, errSyntax("Host variable or ':' not allowed here")
	}
	j := i + len(prefix)
	k := j
	for k < len(src) && isDigit(src[k]) {
		k++
	}
	if k == j || k >= len(src) || src[k] != ')' {
		return token{}, 0, errSyntax("Malformed parameter marker")
	}
	num, err := strconv.Atoi(src[j:k])
	if err != nil || num < 1 {
		return token{}, 0, errSyntax("Malformed parameter marker")
	}
	return token{kind: tkParam, text: src[i : k+1], num: num, pos: i}, k + 1, nil
}

// scanOp reads operators. Only IRIS operators are accepted; SQLite or
// PostgreSQL-only ones ('==', '~', '->', '<<', '&', '[', '?', ';') fail here.
func scanOp(src string, i int) (int, *sqlError) {
	two := ""
	if i+1 < len(src) {
		two = src[i : i+2]
	}
	switch two {
	case "<>", "!=", "<=", ">=", "||":
		return i + 2, nil
	case "==", "->", "<<", ">>", "!~", "~*", "&&", "@>", "<@":
		return 0, errSyntax("Operator " + two + " is not IRIS SQL")
	}
	switch c := src[i]; c {
	case '(', ')', ',', '.', '+', '-', '*', '/', '=', '<', '>', '\\', '#', '{', '}':
		return i + 1, nil
	case ';':
		return 0, newSQLError(-25, "Input encountered after end of query")
	case '?':
		return 0, errSyntax("'?' parameter markers must be sent as :%qpar(n)")
	case '[', ']':
		return 0, errSyntax("Arrays and the '[' contains operator are not supported")
	default:
		return 0, errSyntax("Invalid character '" + string(c) + "'")
	}
}

// stringValue returns the value of a quoted literal token, a doubled quote unescaped.
func stringValue(t token) string {
	return strings.ReplaceAll(t.text[1:len(t.text)-1], "''", "'")
}
