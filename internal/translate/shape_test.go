package translate

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLexShape(t *testing.T) {
	for _, c := range []struct {
		sql, key string
		lits     []string // tokens with their class: i:42, n:1.5, s:'x'
		ok       bool
	}{
		{"SELECT 1", "SELECT \x00i", []string{"i:1"}, true},
		{"SELECT a FROM t WHERE id = 42 AND name = 'it''s'", "SELECT a FROM t WHERE id = \x00i AND name = \x00s",
			[]string{"i:42", "s:'it''s'"}, true},
		{"SELECT 2147483647, 2147483648, 007, 1.50", "SELECT \x00i, \x00n, \x00i, \x00n",
			[]string{"i:2147483647", "n:2147483648", "i:007", "n:1.50"}, true},
		{"SELECT t1.a, $1, \"x1\" FROM t1 -- 5\n/* 'a' /* 6 */ */", "", nil, true},
		{"SELECT '\\' , 'a'", "SELECT \x00s , \x00s", []string{`s:'\'`, "s:'a'"}, true},
		{"SELECT x::varchar(20)", "SELECT x::varchar(\x00i)", []string{"i:20"}, true},
		{"SELECT E'a\\n'", "", nil, false},
		{"SELECT U&'d\\0061t'", "", nil, false},
		{"SELECT B'101', X'1f'", "", nil, false},
		{"SELECT 'a'\n'b'", "", nil, false},
		{"SELECT 'a' /* c */ 'b'", "", nil, false},
		{"SELECT $$x$$", "", nil, false},
		{"SELECT $tag$x$tag$", "", nil, false},
		{"SELECT 1e5", "", nil, false},
		{"SELECT .5", "", nil, false},
		{"SELECT 1.", "", nil, false},
		{"SELECT 0x1F", "", nil, false},
		{"SELECT 1_000", "", nil, false},
		{"SELECT 'unterminated", "", nil, false},
		{"SELECT \"unterminated", "", nil, false},
		{"SELECT 1 /* unterminated", "", nil, false},
		{"SELECT 'a\x00'", "", nil, false},
		{"SELECT date'2024-01-01'", "", nil, false},
	} {
		key, lits, ok := lexShape(c.sql, nil)
		if ok != c.ok {
			t.Errorf("%q: ok %v, want %v", c.sql, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		if key != c.key {
			t.Errorf("%q: key %q, want %q", c.sql, key, c.key)
		}
		var got []string
		for _, l := range lits {
			got = append(got, string(l.class)+":"+c.sql[l.at:l.end])
		}
		if !reflect.DeepEqual(got, c.lits) {
			t.Errorf("%q: literals %q, want %q", c.sql, got, c.lits)
		}
	}
}

// TestShapeTemplatesMatchTranslation is the soundness check of the shape cache: for
// every statement of the translation table and of the psql oracle scripts that
// templates, texts with other literals (keeping the tokens the translation read)
// must give exactly the plan the ordinary translation gives, or an error where it
// errs. A reader of literal values that does not declare itself shows up here.
func TestShapeTemplatesMatchTranslation(t *testing.T) {
	var corpus []string
	for _, c := range readCases(t) {
		corpus = append(corpus, c.input)
	}
	corpus = append(corpus, psqlScriptStatements(t)...)
	rng := rand.New(rand.NewPCG(1, 2))
	opt := DefaultOptions()
	var shaped, templated, checked int
	for _, sql := range corpus {
		_, lits, ok := lexShape(sql, nil)
		if !ok || len(lits) == 0 {
			continue
		}
		shaped++
		want, err := Translate(sql, opt)
		if err != nil || len(want) != 1 {
			continue
		}
		v := recordShape(sql, lits, want[0], opt)
		if v == nil {
			continue
		}
		templated++
		read := map[int]bool{}
		for _, r := range v.reads {
			read[r.lit] = r.token != ""
		}
		for range 8 {
			other := perturbLiterals(sql, lits, read, rng)
			_, olits, ok := lexShape(other, nil)
			if !ok || len(olits) != len(lits) {
				t.Fatalf("perturbed text does not lex alike: %q", other)
			}
			if !v.matches(other, olits) {
				continue // a literal whose properties were read has others now
			}
			got := v.instantiate(other, olits)
			want, err := Translate(other, opt)
			checked++
			if err != nil {
				t.Errorf("template gives a plan where translation fails:\n%s\n%s\nerror: %v", sql, other, err)
				continue
			}
			if !reflect.DeepEqual(got, want[0]) {
				t.Errorf("template differs from translation:\n%s\n%s\ntemplate: %#v\nwant:     %#v", sql, other, got, want[0])
			}
		}
	}
	t.Logf("%d statements with literals, %d templated, %d perturbed texts checked", shaped, templated, checked)
	if templated < shaped/3 {
		t.Errorf("only %d of %d statements with literals template", templated, shaped)
	}
}

// psqlScriptStatements reads the statements of the end-to-end psql scripts (one per
// line ending in ';'; psql commands skipped).
func psqlScriptStatements(t *testing.T) []string {
	files, err := filepath.Glob("../../test/e2e/testdata/psql/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no psql scripts: %v", err)
	}
	var out []string
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cur strings.Builder
		for _, line := range strings.Split(string(body), "\n") {
			if strings.HasPrefix(line, `\`) || strings.HasPrefix(line, "--") {
				continue
			}
			cur.WriteString(line)
			cur.WriteByte('\n')
			if strings.HasSuffix(strings.TrimSpace(line), ";") {
				out = append(out, strings.TrimSpace(cur.String()))
				cur.Reset()
			}
		}
	}
	return out
}

var (
	someInts    = []string{"0", "1", "2", "7", "42", "100", "0042", "65535", "2147483647"}
	someNumbers = []string{"0.5", "3.25", "1.000", "99999.99", "2147483648", "9007199254740993", "1234567890123456789"}
	someStrings = []string{"''", "'x'", "'it''s'", `'a\b'`, "'O''Brien'", "'2024-02-03'", "'2024-02-03 04:05:06'",
		"'abc def'", "'2024-02-03T04:05:06.5'", "'10:30'", "'1.5'", "'NaN'", "'%a_'", "'?'", "'12'", "'-1'", "'true'", "'1 day'", "'Ünïcödé'", "','"}
)

// perturbLiterals replaces every literal not in keep by another of its class.
func perturbLiterals(sql string, lits []literal, keep map[int]bool, rng *rand.Rand) string {
	var b strings.Builder
	last := 0
	for i, l := range lits {
		b.WriteString(sql[last:l.at])
		tok := sql[l.at:l.end]
		if !keep[i] {
			switch l.class {
			case litInt:
				tok = someInts[rng.IntN(len(someInts))]
			case litNum:
				tok = someNumbers[rng.IntN(len(someNumbers))]
			case litStr:
				tok = someStrings[rng.IntN(len(someStrings))]
			}
		}
		b.WriteString(tok)
		last = l.end
	}
	b.WriteString(sql[last:])
	return b.String()
}

func TestShapeTemplatesOrdinaryStatements(t *testing.T) {
	for _, sql := range []string{
		"SELECT abalance FROM pgbench_accounts WHERE aid = 4711",
		"INSERT INTO orders (customer, item, qty, price, note) VALUES (17, 'widget', 3, 9.99, 'it''s urgent')",
		"UPDATE orders SET qty = 5, note = 'x' WHERE id = 12",
		"DELETE FROM orders WHERE id = 12 AND note <> 'keep'",
		"SELECT id, name FROM users WHERE name = 'bob' AND age > 30 ORDER BY id",
		"SELECT id FROM users WHERE name LIKE 'b%' AND email ILIKE '%@example.com'",
		"SELECT count(*) FROM events WHERE created >= '2024-01-01 00:00:00' AND kind IN ('a', 'b', 'c')",
		"INSERT INTO t (a, b) VALUES (1, 'x') RETURNING id",
		"SELECT abalance FROM pgbench_accounts WHERE aid = 77 AND abalance > -1234567",
		"UPDATE accounts SET balance = balance + -12.50 WHERE id = 3",
	} {
		_, lits, ok := lexShape(sql, nil)
		plans, err := Translate(sql, DefaultOptions())
		if !ok || err != nil {
			t.Fatalf("%s: lex %v, translate %v", sql, ok, err)
		}
		v := recordShape(sql, lits, plans[0], DefaultOptions())
		if v == nil {
			t.Errorf("does not template: %s", sql)
			continue
		}
		for _, r := range v.reads {
			if r.token != "" {
				t.Errorf("%s: the translation reads %s", sql, sql[lits[r.lit].at:lits[r.lit].end])
			}
		}
	}
}

// TestCacheUsesShapes: texts that differ only in literals are translated once; a
// literal the translation reads (LIMIT, ORDER BY position) keeps its own template.
func TestCacheUsesShapes(t *testing.T) {
	c := NewCache(64, DefaultOptions())
	texts := []string{
		"SELECT name FROM users WHERE id = 1 LIMIT 5",
		"SELECT name FROM users WHERE id = 2 LIMIT 5",
		"SELECT name FROM users WHERE id = 3 LIMIT 10",
		"SELECT name FROM users WHERE id = 4 LIMIT 10",
		"SELECT name FROM users WHERE id = 0005 LIMIT 10",
		"SELECT name, id FROM users WHERE id = 6 ORDER BY 1",
		"SELECT name, id FROM users WHERE id = 7 ORDER BY 2",
		// With exact collation a text compared with a string that could not be a number,
		// date or time is compared %EXACT: a property of the literal, not its value.
		"SELECT id FROM users WHERE name = 'bob'",
		"SELECT id FROM users WHERE name = 'alice'",
		"SELECT id FROM users WHERE name = 'carol smith'",
		"SELECT id FROM users WHERE name = '2024-01-01'",
		"SELECT id FROM users WHERE name = '12'",
	}
	for _, sql := range texts {
		got, err := c.Translate(sql)
		want, werr := Translate(sql, DefaultOptions())
		if err != nil || werr != nil {
			t.Fatalf("%s: %v / %v", sql, err, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\ncache: %#v\nwant:  %#v", sql, got[0], want[0])
		}
	}
	sh := c.shapes.shard("SELECT name FROM users WHERE id = \x00i LIMIT \x00i")
	e := sh.shapes["SELECT name FROM users WHERE id = \x00i LIMIT \x00i"]
	if e == nil || len(e.variants) != 2 {
		t.Fatalf("want two templates (LIMIT 5, LIMIT 10), got %+v", e)
	}
	key := "SELECT id FROM users WHERE name = \x00s"
	if e := c.shapes.shard(key).shapes[key]; e == nil || len(e.variants) != 2 {
		t.Fatalf("want two templates (text, not text), got %+v", e)
	}
	if _, shapes, _ := c.Stats(); shapes != 4 {
		t.Errorf("%d texts filled into templates, want 4 (id = 4, 0005, 'carol smith', '12')", shapes)
	}
}

// TestShapeRecordingStops: a shape whose read literal changes every time (a LIMIT)
// is recorded a bounded number of times.
func TestShapeRecordingStops(t *testing.T) {
	c := NewCache(64, DefaultOptions())
	for i := range 100 {
		if _, err := c.Translate(fmt.Sprintf("SELECT id FROM t ORDER BY id LIMIT %d", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	key := "SELECT id FROM t ORDER BY id LIMIT \x00i"
	e := c.shapes.shard(key).shapes[key]
	if e == nil || e.recorded != maxRecordings || len(e.variants) != maxVariants {
		t.Fatalf("shape entry %+v, want %d recordings and %d templates", e, maxRecordings, maxVariants)
	}
}

// TestShapeRewrittenLiterals: time stamps psycopg2 writes in ISO form, and 'hh:mm'
// times, are rewritten into IRIS's ODBC form; the template rewrites the new literal.
func TestShapeRewrittenLiterals(t *testing.T) {
	c := NewCache(64, DefaultOptions())
	texts := []string{
		"INSERT INTO ev (at, t) VALUES ('2024-01-02T03:04:05'::timestamp, '10:30'::time)",
		"INSERT INTO ev (at, t) VALUES ('2024-05-06T07:08:09.123456'::timestamp, '7:05'::time)",
		"INSERT INTO ev (at, t) VALUES ('2025-12-31T23:59'::timestamp, '23:59'::time)",
		"INSERT INTO ev (at, t) VALUES ('2025-12-31 23:59:58'::timestamp, '23:59:58'::time)",
		"INSERT INTO ev (at, t) VALUES ('2025-12-31 23:59:57'::timestamp, '23:59:57'::time)",
		"INSERT INTO ev (at, t) VALUES ('2024-02-30T00:00:00'::timestamp, '1:00'::time)",
		"INSERT INTO ev (at, t) VALUES ('it''s'::timestamp, 'x'::time)",
	}
	for _, sql := range texts {
		got, err := c.Translate(sql)
		want, werr := Translate(sql, DefaultOptions())
		if (err == nil) != (werr == nil) || err == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\ncache: %v %#v\nwant:  %v %#v", sql, err, got, werr, want)
		}
	}
	if _, shapes, _ := c.Stats(); shapes != 4 {
		t.Errorf("%d texts filled into templates, want 4", shapes)
	}
}

func TestShapeHitAllocations(t *testing.T) {
	c := NewCache(64, DefaultOptions())
	if _, err := c.Translate("SELECT abalance FROM pgbench_accounts WHERE aid = 1"); err != nil {
		t.Fatal(err)
	}
	i := 2
	allocs := testing.AllocsPerRun(200, func() {
		i++
		if _, err := c.shapes.translate("SELECT abalance FROM pgbench_accounts WHERE aid = "+itoa(i), c.opt); err != nil {
			t.Fatal(err)
		}
	})
	// text, key, literals, plan, plan slice, IRIS text, Original
	if allocs > 8 {
		t.Errorf("a shape hit costs %.0f allocations", allocs)
	}
}

// FuzzShapeTemplate: for any text that templates, texts with other literals of the
// same classes (keeping the tokens the translation read) must translate exactly as
// the template fills them, or the template must not match them.
func FuzzShapeTemplate(f *testing.F) {
	for _, c := range readCases(f) {
		f.Add(c.input, uint64(1))
	}
	f.Add("SELECT a FROM t WHERE b = -5 AND c = 'x' AND d > '2024-01-02T03:04'::timestamp LIMIT 3", uint64(7))
	opt := DefaultOptions()
	f.Fuzz(func(t *testing.T, sql string, seed uint64) {
		_, lits, ok := lexShape(sql, nil)
		if !ok || len(lits) == 0 {
			return
		}
		for _, l := range lits {
			if l.at < 0 || l.end > len(sql) || l.at >= l.end {
				t.Fatalf("%q: literal at %d..%d", sql, l.at, l.end)
			}
		}
		want, err := Translate(sql, opt)
		if err != nil || len(want) != 1 {
			return
		}
		v := recordShape(sql, lits, want[0], opt)
		if v == nil {
			return
		}
		read := map[int]bool{}
		for _, r := range v.reads {
			read[r.lit] = r.token != ""
		}
		rng := rand.New(rand.NewPCG(seed, seed>>1|1))
		for range 4 {
			other := perturbLiterals(sql, lits, read, rng)
			_, olits, ok := lexShape(other, nil)
			if !ok || len(olits) != len(lits) || !v.matches(other, olits) {
				continue
			}
			got := v.instantiate(other, olits)
			want, err := Translate(other, opt)
			if err != nil {
				t.Fatalf("template gives a plan where translation fails:\n%s\n%s\nerror: %v", sql, other, err)
			}
			if len(want) != 1 || !reflect.DeepEqual(got, want[0]) {
				t.Fatalf("template differs from translation:\n%s\n%s\ntemplate: %#v\nwant:     %#v", sql, other, got, want)
			}
		}
	})
}
