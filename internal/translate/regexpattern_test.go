package translate

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

// TestRegexPatternMatchesLikeARegex runs each translated pattern on the simulator's
// %PATTERN and compares with the regular expression's own answer (Go's engine reads
// this subset as PostgreSQL does; (?s): '.' matches a newline, as in PostgreSQL).
func TestRegexPatternMatchesLikeARegex(t *testing.T) {
	res := []string{"abc", "^abc", "abc$", "^abc$", "a.c", "^a.*c$", `\d+`, `^\d{2,3}$`,
		"[0-9]{4}-[0-9]{2}", "a?b+c*", "^x{2}y{1,}z{0,2}$", `\.`, `a\.b`, `"`, "ñ", "€$", "", "^", "$",
		`^"a""`, "^a?$", "b{2}", `^[0-9]+-?[0-9]*`}
	subjects := []string{"", "abc", "xabcx", "ab", "a.c", "a\nc", "123", "12-34", "2024-01-15", "aabbb",
		"xxyz", "xxyyzzz", "añb€", `"`, `"a""`, "ABC", "ac", "a", "bb"}
	db := newSim(t)
	defer db.close()
	for _, re := range res {
		p, ok := regexPattern(re)
		if !ok {
			t.Errorf("%q: not converted", re)
			continue
		}
		want := regexp.MustCompile("(?s)" + re)
		var q strings.Builder
		q.WriteString("SELECT ")
		for i, s := range subjects {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("CASE WHEN ")
			writeStringLit(&q, s)
			q.WriteString(" %PATTERN ")
			writeStringLit(&q, p)
			q.WriteString(" THEN 1 ELSE 0 END")
		}
		rows, err := queryRows(context.Background(), db.conn, q.String(), nil)
		if err != nil || len(rows) != 1 {
			t.Fatalf("%q as %q: %v %v", re, p, rows, err)
		}
		for i, s := range subjects {
			if got, w := rows[0][i] == "1", want.MatchString(s); got != w {
				t.Errorf("%q (pattern %q) on %q: %v, the regular expression says %v", re, p, s, got, w)
			}
		}
	}
	for _, re := range []string{"^$", "a|b", "(ab)", "[a-z]", `\w`, `\1`, "a{0}", "a{1,256}", "a**", "*a", "a{", "a{2,1}", `x\`} {
		if p, ok := regexPattern(re); ok {
			t.Errorf("%q converted to %q", re, p)
		}
	}
}
