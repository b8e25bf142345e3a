package irissim

import (
	"strings"
	"testing"
)

func TestReverseAndRepeat(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct{ q, want string }{
		// RSQL_reverse: NULL stays NULL, characters reversed whole, numbers in canonical form.
		{"SELECT REVERSE('Hello World!'), REVERSE(''), REVERSE(NULL), REVERSE('añb€'), REVERSE(120)", "!dlroW olleH||NULL|€bña|021"},
		// RSQL_repeat: 0 gives an empty string; negative, NULL or non-numeric counts NULL;
		// the integer part of a fraction; REPLICATE is the same function.
		{"SELECT REPEAT('ab', 3), REPEAT('ab', 0), REPEAT('', 5), REPEAT(NULL, 2), REPEAT('ab', 2.9)", "ababab|||NULL|abab"},
		{"SELECT REPEAT('ab', -1), REPEAT('ab', NULL), REPEAT('ab', 'x'), REPLICATE('é', 2)", "NULL|NULL|NULL|éé"},
	} {
		if got := oneRow(t, s, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	wantCode(t, s, -400, "SELECT REPEAT('abc', 2000000)")
}

func TestCharAndASCII(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct{ q, want string }{
		// RSQL_char: codes 0–65535, NULL outside the range and for NULL, an empty
		// string for a non-numeric string.
		{"SELECT CHAR(90), {fn CHAR(955)}, CHAR(65535), CHAR(65536), CHAR(-1), CHAR(NULL), CHAR('x')", "Z|λ|\uffff|NULL|NULL|NULL|"},
		// RSQL_ascii: NULL for NULL and for an empty string; numbers in canonical form.
		{"SELECT ASCII('Z'), {fn ASCII('ZEBRA')}, ASCII(''), ASCII(NULL), ASCII(+007), ASCII('+007'), ASCII('é')", "90|90|NULL|NULL|55|43|233"},
	} {
		if got := oneRow(t, s, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	wantCode(t, s, -400, "SELECT CHAR(65.5)")
}

func TestXMLAGG(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE W (G INTEGER, V VARCHAR(20))")
	mustExec(t, s, "INSERT INTO W (G, V) VALUES (1, 'a')")
	mustExec(t, s, "INSERT INTO W (G, V) VALUES (1, NULL)")
	mustExec(t, s, "INSERT INTO W (G, V) VALUES (1, 'b')")
	mustExec(t, s, "INSERT INTO W (G, V) VALUES (2, '')")
	mustExec(t, s, "INSERT INTO W (G, V) VALUES (3, NULL)")
	// RSQL_xmlagg: NULLs are skipped, empty strings add nothing (only empty strings
	// give one), a group of NULLs gives NULL.
	rows, _ := queryAll(t, s, "SELECT G, XMLAGG(V), XMLAGG('; ' || V) FROM W GROUP BY G ORDER BY G")
	if got := strings.Join(rows, ";"); got != "1|ab|; a; b;2||; ;3|NULL|NULL" {
		t.Fatalf("XMLAGG per group = %q", got)
	}
	if got := oneRow(t, s, "SELECT XMLAGG(V) FROM W WHERE G > 5"); got != "NULL" {
		t.Fatalf("XMLAGG of no rows = %q", got)
	}
	// The translation of string_agg(x, sep): the leading separator cut off.
	if got := oneRow(t, s, "SELECT SUBSTRING(XMLAGG(' | ' || V), CHAR_LENGTH(' | ') + 1) FROM W WHERE G = 1"); got != "a | b" {
		t.Fatalf("string_agg form = %q", got)
	}
	if got := oneRow(t, s, "SELECT XMLAGG(G) FROM W WHERE G < 3"); got != "1112" {
		t.Fatalf("XMLAGG of numbers = %q", got)
	}
	// LIST (RSQL_LIST): commas, an empty string keeps its place; DISTINCT for both.
	rows, _ = queryAll(t, s, "SELECT G, LIST(V), LIST(DISTINCT V), XMLAGG(DISTINCT V) FROM W GROUP BY G ORDER BY G")
	if got := strings.Join(rows, ";"); got != "1|a,b|a,b|ab;2|||;3|NULL|NULL|NULL" {
		t.Fatalf("LIST per group = %q", got)
	}
	mustExec(t, s, "INSERT INTO W (G, V) VALUES (4, 'q')")
	mustExec(t, s, "INSERT INTO W (G, V) VALUES (4, 'Q')")
	mustExec(t, s, "INSERT INTO W (G, V) VALUES (4, 'q')")
	if got := oneRow(t, s, "SELECT LIST(DISTINCT %EXACT(V)), XMLAGG(DISTINCT %EXACT('-' || V)) FROM W WHERE G = 4"); got != "q,Q|-q-Q" {
		t.Fatalf("DISTINCT exact values = %q", got)
	}
	// No aggregate orders its values in IRIS: ORDER BY in the arguments is a syntax error.
	for _, q := range []string{"SELECT XMLAGG(V ORDER BY V) FROM W", "SELECT LIST(V ORDER BY V DESC) FROM W", "SELECT SUM(G ORDER BY V) FROM W"} {
		wantCode(t, s, -1, q)
	}
	if got := oneRow(t, s, "SELECT LIST(V) FROM W WHERE G = (SELECT TOP 1 G FROM W ORDER BY G)"); got != "a,b" {
		t.Fatalf("ORDER BY in a subquery argument = %q", got)
	}
	// IRIS has no STRING_AGG, INITCAP or MD5 SQL function: unknown functions are -359.
	for _, q := range []string{"SELECT STRING_AGG(V, ',') FROM W", "SELECT INITCAP(V) FROM W", "SELECT MD5(V) FROM W"} {
		wantCode(t, s, -359, q)
	}
}

// TestMatchesPredicate: %MATCHES matches the whole exact value against a glob
// (RSQL_matches); NULL on either side is unknown.
func TestMatchesPredicate(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct{ q, want string }{
		{`SELECT 'abc' %MATCHES 'a*', 'abc' %MATCHES 'a?c', 'abc' %MATCHES 'a?', 'ABC' %MATCHES 'a*', 'a.c' %MATCHES 'a.c', 'abc' %MATCHES 'a.c'`, "1|1|0|0|1|0"},
		{`SELECT 'b7' %MATCHES '[a-c][0-9]', 'x7' %MATCHES '[abc]?', 'Q' %MATCHES '[^a-z]', 'q' %MATCHES '[^a-z]', '5' %MATCHES '[^0-9]', '' %MATCHES '*'`, "1|0|1|0|0|1"},
		{`SELECT '?x' %MATCHES '\?*', 'ax' %MATCHES '\?*', 'a*b' %MATCHES '*\**', 'a\b' %MATCHES '*\\*', 'a%b' %MATCHES 'a#%b' ESCAPE '#', 'a*b' %MATCHES 'a#*b' ESCAPE '#'`, "1|0|1|1|1|1"},
		{`SELECT 'line1' || CHAR(10) || 'x' %MATCHES 'line1?x', 'é' %MATCHES '?', '' %MATCHES '', 'a' %MATCHES ''`, "1|1|0|0"},
		{`SELECT COUNT(*) FROM (SELECT NULL AS v) AS n WHERE v %MATCHES '*' OR NOT (v %MATCHES '*') OR 'a' %MATCHES NULL`, "0"},
		{`SELECT 'abc' NOT %MATCHES 'a*', NOT ('abc' %MATCHES 'x*')`, "0|1"},
	} {
		if got := oneRow(t, s, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	mustExec(t, s, "CREATE TABLE MT (V VARCHAR(10))")
	mustExec(t, s, "INSERT INTO MT (V) VALUES ('Apple')")
	// Exact value, whatever the column's (SQLUPPER) collation.
	if got := oneRow(t, s, `SELECT COUNT(*) FROM MT WHERE V %MATCHES 'a*'`); got != "0" {
		t.Fatalf("%%MATCHES on a SQLUPPER column = %s rows", got)
	}
	for _, bad := range []string{`'[abc'`, `'a]'`, `'[^abc]'`, `'[a-]'`, `'a\'`, `'[]'`} {
		wantCode(t, s, -400, `SELECT 'a' %MATCHES `+bad)
	}
	wantCode(t, s, -400, `SELECT 'a' %MATCHES 'a' ESCAPE 'ab'`)
}

// TestPatternPredicate: %PATTERN matches the whole exact value against an ObjectScript
// pattern (counts before codes or quoted literals).
func TestPatternPredicate(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct{ q, want string }{
		{`SELECT '123-45-6789' %PATTERN '3N1"-"2N1"-"4N', '12-345' %PATTERN '3N1"-"2N', 'abc' %PATTERN '.E1"b".E', 'ABC' %PATTERN '.E1"b".E'`, "1|0|1|0"},
		{`SELECT '' %PATTERN '.E', 'a"b' %PATTERN '1"a""b"', 'x1' %PATTERN '1.3A1N', 'éA' %PATTERN '1L1U', 'a.b' %PATTERN '1A1P1A'`, "1|1|1|1|1"},
		{`SELECT 'ab' %PATTERN '1.N', NOT ('ab' %PATTERN '1.N'), 'aaaa' %PATTERN '2.3"a"', 'aa' %PATTERN '.3"a"'`, "0|1|0|1"},
		{`SELECT COUNT(*) FROM (SELECT NULL AS v) AS n WHERE v %PATTERN '.E' OR NOT (v %PATTERN '.E')`, "0"},
	} {
		if got := oneRow(t, s, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	mustExec(t, s, "CREATE TABLE PT (V VARCHAR(20))")
	mustExec(t, s, "INSERT INTO PT (V) VALUES ('Abc')")
	// The exact value, whatever the column's collation (SQLUPPER here).
	if got := oneRow(t, s, `SELECT COUNT(*) FROM PT WHERE V %PATTERN '1"A"2L'`); got != "1" {
		t.Errorf("exact match = %s", got)
	}
	if got := oneRow(t, s, `SELECT COUNT(*) FROM PT WHERE V %PATTERN '1"a"2L'`); got != "0" {
		t.Errorf("case-insensitive match = %s", got)
	}
	wantCode(t, s, -400, `SELECT 'a' %PATTERN '1"a'`)
	wantCode(t, s, -400, `SELECT 'a' %PATTERN 'N'`)
	wantCode(t, s, -1, `SELECT 'a' REGEXP 'a'`)
}

func TestTranslateFunction(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct{ q, want string }{
		// RSQL_d_translate: replace by position, delete what has no replacement, the
		// two-argument form deletes; NULL stays NULL.
		{"SELECT $TRANSLATE('abcabc', 'abc', 'xy'), $TRANSLATE('a.b-c', '.-'), $TRANSLATE('héllo', 'é', 'e'), $TRANSLATE(NULL, 'a', 'b')", "xyxy|abc|hello|NULL"},
		{"SELECT $TRANSLATE('abc', 'a', 'xyz'), $TRANSLATE('aaa', 'aa', 'xy'), $TRANSLATE('', 'a', 'b')", "xbc|xxx|"},
	} {
		if got := oneRow(t, s, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	wantCode(t, s, -359, "SELECT TRANSLATE('a', 'a', 'b')")
}

func TestJustify(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct{ q, want string }{
		// RSQL_d_justify: with decimal, a canonical number rounded or zero-padded (a leading
		// zero before the point), NULL and non-numbers as 0; right-justified, never cut.
		{"SELECT $JUSTIFY(75.5, 0, 2), $JUSTIFY(-.5, 0, 2), $JUSTIFY(1.005, 0, 2), $JUSTIFY(NULL, 0, 1)", "75.50|-0.50|1.01|0.0"},
		{"SELECT $JUSTIFY('abc', 5), $JUSTIFY(12, 6, 1), $JUSTIFY(123456, 3, 0), $JUSTIFY('x', 0, 2)", "  abc|  12.0|123456|0.00"},
	} {
		if got := oneRow(t, s, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
}
