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
