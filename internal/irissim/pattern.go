package irissim

import (
	"database/sql/driver"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"modernc.org/sqlite"
)

// %PATTERN (RSQL_pattern, GSQL "Pattern matching"): the whole exact value matches an
// ObjectScript pattern, a sequence of a repeat count (3, 1.3, .3, 3., .) followed by
// pattern codes (A letters, U upper case, L lower case, N digits, P punctuation, C
// control characters, E any character; several codes in a row are alternatives) or a
// quoted literal ("" for a quote). The simulator turns it into a Go regular expression
// and runs it through SQLite's REGEXP; the rewriter rejects REGEXP written by a client.

func registerPatternFunctions() {
	det := sqlite.MustRegisterDeterministicScalarFunction
	det("iris_pattern_regex", 1, fnPatternRegex)
	det("iris_matches_regex", -1, fnMatchesRegex)
	det("regexp", 2, fnRegexp)
}

var patternCodes = map[byte]string{
	'A': `\p{L}`, 'U': `\p{Lu}`, 'L': `\p{Ll}`, 'N': `0-9`,
	'P': `!-/:-@\[-` + "`" + `{-~\p{P}`, 'C': `\p{Cc}`, 'E': `\x{0}-\x{10FFFF}`,
}

// fnPatternRegex converts an ObjectScript pattern to an anchored regular expression.
// A malformed pattern is an error, as IRIS's pattern compiler refuses it (the
// SQLCODE is this simulator's choice).
func fnPatternRegex(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[0] == nil {
		return nil, nil
	}
	re, ok := patternToRegex(valueText(a[0]))
	if !ok {
		return nil, irisErr(-400, "Unexpected error occurred: <SYNTAX> invalid %PATTERN "+strconv.Quote(valueText(a[0])))
	}
	return re, nil
}

func patternToRegex(p string) (string, bool) {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	i := 0
	for i < len(p) {
		// Repeat count: n, n.m, .m, n. or . (a bare number is exact).
		j := i
		for j < len(p) && p[j] >= '0' && p[j] <= '9' {
			j++
		}
		lo, hi := p[i:j], ""
		dot := j < len(p) && p[j] == '.'
		if dot {
			k := j + 1
			for k < len(p) && p[k] >= '0' && p[k] <= '9' {
				k++
			}
			hi = p[j+1 : k]
			j = k
		}
		if j == i || j == len(p) {
			return "", false
		}
		var quant string
		switch {
		case !dot:
			quant = "{" + lo + "}"
		default:
			if lo == "" {
				lo = "0"
			}
			quant = "{" + lo + "," + hi + "}"
		}
		i = j
		if p[i] == '"' {
			var lit strings.Builder
			i++
			for {
				k := strings.IndexByte(p[i:], '"')
				if k < 0 {
					return "", false
				}
				lit.WriteString(p[i : i+k])
				i += k + 1
				if i < len(p) && p[i] == '"' {
					lit.WriteByte('"')
					i++
					continue
				}
				break
			}
			b.WriteString("(?:" + regexp.QuoteMeta(lit.String()) + ")" + quant)
			continue
		}
		var class strings.Builder
		for i < len(p) {
			c, ok := patternCodes[upperByte(p[i])]
			if !ok {
				break
			}
			class.WriteString(c)
			i++
		}
		if class.Len() == 0 {
			return "", false
		}
		b.WriteString("[" + class.String() + "]" + quant)
	}
	b.WriteString(`)$`)
	return b.String(), true
}

func upperByte(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

var regexCache sync.Map // pattern text → *regexp.Regexp

// fnRegexp is SQLite's regexp(re, x) behind "x REGEXP re": NULL when either is NULL.
func fnRegexp(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[0] == nil || a[1] == nil {
		return nil, nil
	}
	src := valueText(a[0])
	re, ok := regexCache.Load(src)
	if !ok {
		c, err := regexp.Compile(src)
		if err != nil {
			return nil, irisErr(-400, "Unexpected error occurred: <SYNTAX> "+err.Error())
		}
		re, _ = regexCache.LoadOrStore(src, c)
	}
	if re.(*regexp.Regexp).MatchString(valueText(a[1])) {
		return int64(1), nil
	}
	return int64(0), nil
}

// %MATCHES (RSQL_matches): the whole exact value, case-sensitively, against a glob: ?
// one character, * any run, [abc] one of the characters, [a-z] a range, and the
// negations [^A-Z] [^a-z] [^0-9] ("Only the specified literal ranges shown are
// supported"); \ (or the ESCAPE character) makes the next character literal. An empty
// pattern matches nothing ("it does not match"). Other bracket forms, a ] outside
// brackets and a trailing escape are not described and fail here (-400, this
// simulator's choice).

// fnMatchesRegex converts a %MATCHES glob (and ESCAPE character) to an anchored
// regular expression.
func fnMatchesRegex(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if len(a) < 1 || len(a) > 2 {
		return nil, irisErr(-1, "Invalid %MATCHES arguments")
	}
	for _, v := range a {
		if v == nil {
			return nil, nil
		}
	}
	esc := '\\'
	if len(a) == 2 {
		e := []rune(valueText(a[1]))
		if len(e) != 1 {
			return nil, irisErr(-400, "Unexpected error occurred: <SYNTAX> %MATCHES ESCAPE must be one character")
		}
		esc = e[0]
	}
	re, ok := matchesToRegex(valueText(a[0]), esc)
	if !ok {
		return nil, irisErr(-400, "Unexpected error occurred: <SYNTAX> invalid %MATCHES pattern "+strconv.Quote(valueText(a[0])))
	}
	return re, nil
}

func matchesToRegex(p string, esc rune) (string, bool) {
	if p == "" {
		return `^[^\x{0}-\x{10FFFF}]$`, true // matches nothing
	}
	rs := []rune(p)
	var b strings.Builder
	b.WriteString(`^(?s:`)
	lit := func(c rune) { b.WriteString(regexp.QuoteMeta(string(c))) }
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; {
		case c == esc:
			if i+1 == len(rs) {
				return "", false
			}
			i++
			lit(rs[i])
		case c == '?':
			b.WriteByte('.')
		case c == '*':
			b.WriteString(".*")
		case c == '[':
			end := i + 1
			for end < len(rs) && rs[end] != ']' {
				end++
			}
			if end == len(rs) {
				return "", false
			}
			class, ok := matchesClass(rs[i+1:end], esc)
			if !ok {
				return "", false
			}
			b.WriteString(class)
			i = end
		case c == ']':
			return "", false
		default:
			lit(c)
		}
	}
	b.WriteString(`)$`)
	return b.String(), true
}

// matchesClass converts the inside of a %MATCHES bracket expression: characters and
// ranges, or one of the three documented negations.
func matchesClass(rs []rune, esc rune) (string, bool) {
	switch string(rs) {
	case "^A-Z", "^a-z", "^0-9":
		return "[" + string(rs) + "]", true
	}
	if len(rs) == 0 {
		return "", false
	}
	hex := func(c rune) string { return `\x{` + strconv.FormatInt(int64(c), 16) + `}` }
	plain := func(c rune) bool { return c != esc && c != '^' && c != '-' && c != '[' }
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < len(rs); i++ {
		if !plain(rs[i]) {
			return "", false
		}
		b.WriteString(hex(rs[i]))
		if i+1 < len(rs) && rs[i+1] == '-' {
			if i+2 >= len(rs) || !plain(rs[i+2]) || rs[i+2] < rs[i] {
				return "", false
			}
			b.WriteString("-" + hex(rs[i+2]))
			i += 2
		}
	}
	b.WriteByte(']')
	return b.String(), true
}
