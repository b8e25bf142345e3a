package translate

import (
	"strconv"
	"strings"
	"unicode"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// IRIS SQL has no regular-expression predicate. Its %PATTERN predicate matches the
// whole (exact) value against an ObjectScript pattern: counts (3, 1.3, .3, 3., .)
// before codes (N digits, E any character) or quoted literals. A PostgreSQL
// regular expression made only of literal characters, '.', [0-9] or \d, the
// quantifiers * + ? {n} {n,} {n,m} and the anchors ^ and $ reads the same as such a
// pattern: an unanchored start or end becomes .E (any characters). Anything else
// (classes, alternation, groups, \w, back references, ~* and !~*) stays 0A000.

// regexMatch writes x ~ 're' as x %PATTERN 'pattern' and x !~ 're' as its negation.
func (e *emitter) regexMatch(a *pg_query.A_Expr, op string) {
	c, ok := stringConstNode(a.Rexpr)
	if op == "~*" || op == "!~*" || !ok || !e.constHas(c, isPatternRegex) {
		e.unsupported(a.Location, "regular-expression match ("+op+") other than ~ or !~ with a literal pattern of characters, '.', [0-9], \\d, anchors and quantifiers")
	}
	if op == "!~" {
		e.w("NOT (")
	}
	e.operand(a.Lexpr)
	e.w(" %PATTERN ")
	e.stringLitOf(c, regexToPattern)
	if op == "!~" {
		e.wb(')')
	}
}

func isPatternRegex(re string) bool {
	_, ok := regexPattern(re)
	return ok
}

func regexToPattern(re string) string {
	p, _ := regexPattern(re)
	return p
}

// patItem is one pattern element: a code (N, E) or a literal character, repeated
// min to max times (max < 0: no limit).
type patItem struct {
	code     byte
	lit      rune
	min, max int
}

// regexMaxRepeat is PostgreSQL's bound for {n,m} (RE_DUP_MAX).
const regexMaxRepeat = 255

// regexPattern converts re to an ObjectScript pattern; ok is false outside the subset.
func regexPattern(re string) (string, bool) {
	rs := []rune(re)
	i := 0
	startAnchor, endAnchor := false, false
	if len(rs) > 0 && rs[0] == '^' {
		startAnchor = true
		i++
	}
	var items []patItem
	for i < len(rs) {
		c := rs[i]
		var it patItem
		switch {
		case c == '$' && i == len(rs)-1:
			endAnchor = true
			i++
			continue
		case c == '.':
			it.code = 'E'
			i++
		case c == '\\':
			if i+1 >= len(rs) {
				return "", false
			}
			d := rs[i+1]
			switch {
			case d == 'd':
				it.code = 'N'
			case d >= 0x80 || unicode.IsLetter(d) || unicode.IsDigit(d):
				return "", false // \w, \s, \b, \1, \u…: classes, escapes, back references
			default:
				it.lit = d // an escaped punctuation character stands for itself
			}
			i += 2
		case c == '[':
			if !strings.HasPrefix(string(rs[i:min(i+5, len(rs))]), "[0-9]") {
				return "", false
			}
			it.code = 'N'
			i += 5
		case strings.ContainsRune("^$()|*+?{}]", c):
			return "", false
		default:
			it.lit = c
			i++
		}
		it.min, it.max = 1, 1
		if i < len(rs) {
			switch rs[i] {
			case '*':
				it.min, it.max = 0, -1
				i++
			case '+':
				it.min, it.max = 1, -1
				i++
			case '?':
				it.min, it.max = 0, 1
				i++
			case '{':
				end := i + 1
				for end < len(rs) && rs[end] != '}' {
					end++
				}
				if end == len(rs) {
					return "", false
				}
				lo, hi, ok := repeatBounds(string(rs[i+1 : end]))
				if !ok {
					return "", false
				}
				it.min, it.max = lo, hi
				i = end + 1
			}
			if i < len(rs) && strings.ContainsRune("*+?{", rs[i]) {
				return "", false // non-greedy or stacked quantifiers
			}
		}
		items = append(items, it)
	}
	var b strings.Builder
	if !startAnchor {
		b.WriteString(".E")
	}
	for k := 0; k < len(items); k++ {
		it := items[k]
		b.WriteString(patternCount(it.min, it.max))
		if it.code != 0 {
			b.WriteByte(it.code)
			continue
		}
		b.WriteByte('"')
		for {
			if it.lit == '"' {
				b.WriteString(`""`)
			} else {
				b.WriteRune(it.lit)
			}
			// Single literal characters in a row form one literal string.
			if it.min != 1 || it.max != 1 || k+1 >= len(items) {
				break
			}
			next := items[k+1]
			if next.code != 0 || next.min != 1 || next.max != 1 {
				break
			}
			k++
			it = next
		}
		b.WriteByte('"')
	}
	if !endAnchor {
		b.WriteString(".E")
	}
	if b.Len() == 0 {
		return "", false // '^$': an empty pattern, which IRIS would read as $CHAR(0)
	}
	return b.String(), true
}

// repeatBounds reads the inside of {n}, {n,} or {n,m}.
func repeatBounds(s string) (lo, hi int, ok bool) {
	a, b, comma := strings.Cut(s, ",")
	lo, err := strconv.Atoi(a)
	if err != nil || lo < 0 || lo > regexMaxRepeat || a != strconv.Itoa(lo) {
		return 0, 0, false
	}
	switch {
	case !comma:
		hi = lo
	case b == "":
		hi = -1
	default:
		if hi, err = strconv.Atoi(b); err != nil || hi < lo || hi > regexMaxRepeat || b != strconv.Itoa(hi) {
			return 0, 0, false
		}
	}
	if hi == 0 {
		return 0, 0, false // {0}: matches nothing of the atom; rare, left out
	}
	return lo, hi, true
}

// patternCount writes an ObjectScript repeat count: n, n.m, .m, n. or . .
func patternCount(lo, hi int) string {
	switch {
	case lo == hi:
		return strconv.Itoa(lo)
	case hi < 0 && lo == 0:
		return "."
	case hi < 0:
		return strconv.Itoa(lo) + "."
	case lo == 0:
		return "." + strconv.Itoa(hi)
	}
	return strconv.Itoa(lo) + "." + strconv.Itoa(hi)
}
