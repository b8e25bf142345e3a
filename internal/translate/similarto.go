package translate

import (
	"strings"
	"unicode"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// x [NOT] SIMILAR TO 'pattern' [ESCAPE 'c'] → x %MATCHES 'glob'. IRIS's %MATCHES
// (RSQL_matches) matches the whole exact value, case-sensitively, against a glob: ?
// one character, * any run, [abc] and [a-z] one of a set, [^A-Z] [^a-z] [^0-9] (only
// these negations are documented), \ making the next character literal. A SIMILAR TO
// pattern made of literal characters, % and _, and bracket lists of characters and
// ranges reads the same: % is *, _ is ?, and characters special to the glob are
// escaped. The regular-expression operators of SIMILAR TO (| * + ? {…} (…)) have no
// glob form and are 0A000, as are class escapes (\d) and other bracket forms.
//
// PostgreSQL's parser writes the pattern as similar_to_escape(pattern [, escape]).

// globError says why a SIMILAR TO pattern has no %MATCHES form.
type globError struct {
	state, msg string
}

// similarGlob converts a SIMILAR TO pattern into a %MATCHES glob. nul reports whether
// the glob matches the one-character string $CHAR(0) (a single _ or negated bracket
// among % signs) while the pattern does not match the empty string. esc < 0: no
// escape character.
func similarGlob(pat string, esc rune) (glob string, nul bool, gerr *globError) {
	minLen, wild := 0, 0 // characters the pattern needs, how many of them by _ or [^…]
	unsupported := func(what string) (string, bool, *globError) {
		return "", false, &globError{stateUnsupported, unsupportedMessage("SIMILAR TO with " + what)}
	}
	var b strings.Builder
	literal := func(c rune) {
		if strings.ContainsRune(`*?[]\`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
		minLen++
	}
	rs := []rune(pat)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == esc:
			if i+1 == len(rs) {
				return unsupported("an escape character at the end of the pattern")
			}
			i++
			d := rs[i]
			switch {
			case d == '"':
				return unsupported("escape-double-quote separators")
			case d >= 0x80 || unicode.IsLetter(d) || unicode.IsDigit(d):
				// PostgreSQL hands \d, \w, \1 … to its regular-expression engine.
				return unsupported("class or other regular-expression escapes (\\" + string(d) + ")")
			}
			literal(d)
		case c == '%':
			b.WriteByte('*')
		case c == '_':
			b.WriteByte('?')
			minLen++
			wild++
		case c == '[':
			end := i + 1
			for end < len(rs) && rs[end] != ']' {
				end++
			}
			if end == len(rs) {
				return "", false, &globError{"2201B", "invalid regular expression: brackets [] not balanced"}
			}
			class := string(rs[i+1 : end])
			if !globClass(class, esc) {
				return unsupported("a bracket expression other than a list of characters and ranges, [^A-Z], [^a-z] or [^0-9]")
			}
			b.WriteString("[" + class + "]")
			minLen++
			if class[0] == '^' {
				wild++
			}
			i = end
		case strings.ContainsRune("|*+?{}()", c):
			return unsupported("the regular-expression operators | * + ? {…} (…)")
		default:
			// . ^ $ \ and ] are literal characters in SIMILAR TO (PostgreSQL escapes them).
			literal(c)
		}
	}
	return b.String(), minLen == 1 && wild == 1, nil
}

// globClass reports whether the inside of a bracket expression reads the same in a
// regular expression and in %MATCHES: characters and ranges a-z (no ^, -, \, [, ],
// * or ? as characters, no escape character), or exactly one documented negation.
func globClass(class string, esc rune) bool {
	switch class {
	case "^A-Z", "^a-z", "^0-9":
		return true
	case "":
		return false
	}
	rs := []rune(class)
	plain := func(c rune) bool { return c != esc && !strings.ContainsRune(`^-\[]*?`, c) }
	for i := 0; i < len(rs); i++ {
		if !plain(rs[i]) {
			return false
		}
		if i+1 < len(rs) && rs[i+1] == '-' {
			if i+2 >= len(rs) || !plain(rs[i+2]) || rs[i+2] < rs[i] {
				return false
			}
			i += 2
		}
	}
	return true
}

// similarTo writes x [NOT] SIMILAR TO p [ESCAPE e] for a literal pattern and escape.
// IRIS keeps an empty string as $CHAR(0) and %MATCHES reads the logical value, where
// a lone ? or [^A-Z] would match it: such a glob gets AND CHAR_LENGTH(x) > 0. The
// empty pattern is CHAR_LENGTH(x) = 0.
func (e *emitter) similarTo(a *pg_query.A_Expr) {
	fc, ok := a.Rexpr.Node.(*pg_query.Node_FuncCall)
	if !ok || len(fc.FuncCall.Args) < 1 || len(fc.FuncCall.Args) > 2 {
		e.unsupported(a.Location, "SIMILAR TO")
	}
	args := fc.FuncCall.Args
	esc := '\\'
	if len(args) == 2 {
		v, isLit := e.stringConst(args[1])
		if !isLit {
			e.unsupported(a.Location, "SIMILAR TO with an ESCAPE other than a string literal")
		}
		switch utf8.RuneCountInString(v) {
		case 0:
			esc = -1
		case 1:
			esc, _ = utf8.DecodeRuneInString(v)
		default:
			panic(bailout{&Error{SQLState: "22025", Message: "invalid escape string", Hint: "Escape string must be empty or one character."}})
		}
	}
	c, isLit := stringConstNode(args[0])
	if !isLit {
		e.unsupported(a.Location, "SIMILAR TO with a pattern other than a string literal")
	}
	if !e.constHas(c, func(v string) bool { _, _, err := similarGlob(v, esc); return err == nil }) {
		e.readConst(c)
		_, _, err := similarGlob(c.Val.(*pg_query.A_Const_Sval).Sval.Sval, esc)
		if err.state == stateUnsupported {
			panic(bailout{&Error{SQLState: err.state, Message: err.msg, Position: e.position(a.Location)}})
		}
		panic(bailout{&Error{SQLState: err.state, Message: err.msg}})
	}
	not := opName(a) == "!~"
	if not {
		e.w("NOT (")
	}
	switch {
	case e.constHas(c, isEmpty):
		e.w("CHAR_LENGTH(")
		e.value(a.Lexpr)
		e.w(") = 0")
	case e.constHas(c, func(v string) bool { _, nul, _ := similarGlob(v, esc); return nul }):
		e.wb('(')
		e.operand(a.Lexpr)
		e.w(" %MATCHES ")
		e.stringLitOf(c, func(v string) string { g, _, _ := similarGlob(v, esc); return g })
		e.w(" AND CHAR_LENGTH(")
		e.value(a.Lexpr)
		e.w(") > 0)")
	default:
		e.operand(a.Lexpr)
		e.w(" %MATCHES ")
		e.stringLitOf(c, func(v string) string { g, _, _ := similarGlob(v, esc); return g })
	}
	if not {
		e.wb(')')
	}
}
