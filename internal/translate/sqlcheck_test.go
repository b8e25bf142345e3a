package translate

import (
	"errors"
	"fmt"
	"strings"
)

// countMarkers counts "?" parameter markers outside string literals and
// delimited identifiers.
func countMarkers(sql string) int {
	n := 0
	scanSQL(sql, func(c byte) {
		if c == '?' {
			n++
		}
	})
	return n
}

// irisSyntaxCheck is the "re-parses" test for emitted IRIS SQL. IRIS SQL is not
// PostgreSQL SQL, so no parser here accepts it; instead the check enforces the
// lexical rules every emitted statement must satisfy:
//   - string literals and delimited identifiers are closed;
//   - parentheses and {fn …} braces balance outside literals;
//   - no ';' (IRIS SQLCODE -25), no "--" (IRIS comment), no PostgreSQL-only
//     tokens: "::" casts, "$n" parameters (IRIS special variables such as
//     $ZVERSION are letters after '$'), "~" regex operators;
//   - it starts with a statement keyword.
func irisSyntaxCheck(sql string) error {
	depth, braces := 0, 0
	var bad error
	prev := byte(0)
	ok := scanSQL(sql, func(c byte) {
		if bad != nil {
			return
		}
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				bad = errors.New("unbalanced ')'")
			}
		case '{':
			braces++
		case '}':
			braces--
		case ';':
			bad = errors.New("';' in statement")
		case '~':
			bad = errors.New("'~' operator")
		case ':':
			if prev == ':' {
				bad = errors.New("'::' cast")
			}
		case '-':
			if prev == '-' {
				bad = errors.New("'--' comment")
			}
		}
		prev = c
	})
	if !ok {
		return errors.New("unterminated literal or identifier")
	}
	if bad != nil {
		return bad
	}
	if depth != 0 || braces != 0 {
		return fmt.Errorf("unbalanced parentheses (%d) or braces (%d)", depth, braces)
	}
	for i := 0; i+1 < len(sql); i++ {
		if sql[i] == '$' && sql[i+1] >= '0' && sql[i+1] <= '9' && !insideLiteral(sql, i) {
			return errors.New("PostgreSQL $n parameter")
		}
	}
	first := strings.ToUpper(strings.Fields(sql)[0])
	switch first {
	case "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "TRUNCATE", "WITH",
		"START", "COMMIT", "ROLLBACK", "SAVEPOINT", "SET", "(SELECT", "LOCK", "UNLOCK":
		return nil
	}
	return fmt.Errorf("unexpected first word %q", first)
}

// scanSQL calls f for every byte outside '…' literals and "…" identifiers; it
// reports false if one is left open.
func scanSQL(sql string, f func(c byte)) bool {
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		if c == '\'' || c == '"' {
			j := i + 1
			for ; j < len(sql); j++ {
				if sql[j] == c {
					if j+1 < len(sql) && sql[j+1] == c {
						j++
						continue
					}
					break
				}
			}
			if j >= len(sql) {
				return false
			}
			i = j
			continue
		}
		f(c)
	}
	return true
}

func insideLiteral(sql string, pos int) bool {
	inside := false
	var quote byte
	for i := 0; i < pos; i++ {
		c := sql[i]
		if inside {
			if c == quote {
				inside = false
			}
			continue
		}
		if c == '\'' || c == '"' {
			inside, quote = true, c
		}
	}
	return inside
}
