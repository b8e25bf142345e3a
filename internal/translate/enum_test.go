package translate

import (
	"strings"
	"testing"
)

// enumCatalog: table t (a integer, m mood, n mood, s text), table u (k mood), enum types
// mood ('sad', 'ok', 'happy') and tier ('gold').
func enumCatalog() testCatalog {
	return testCatalog{
		types: map[string]uint32{"a": oidInt4, "m": 20001, "n": 20001, "s": oidText, "k": 20001, "g": 20002},
		names: map[string][]string{"t": {"a", "m", "n", "s"}, "u": {"k", "g"}},
		enums: []*EnumType{{OID: 20001, Name: "mood", Labels: []string{"sad", "ok", "happy"}}, {OID: 20002, Name: "tier", Labels: []string{"gold"}}},
	}
}

const moodRank = "CASE %EXACT(m) WHEN 'sad' THEN 1 WHEN 'ok' THEN 2 WHEN 'happy' THEN 3 END"

// Ordering follows the labels: ORDER BY keys, comparisons with literals and columns,
// BETWEEN, min/max, window and ordered-aggregate keys, SELECT * positions, and ORDER BY
// outside a DISTINCT or a derived table.
func TestWithCatalogEnumOrder(t *testing.T) {
	cat := enumCatalog()
	for _, c := range []struct{ sql, want string }{
		{"SELECT a FROM t ORDER BY m DESC, a",
			`SELECT a FROM t ORDER BY CASE WHEN m IS NULL THEN 0 ELSE 1 END, ` + moodRank + ` DESC, CASE WHEN a IS NULL THEN 1 ELSE 0 END, %EXACT(a)`},
		{"SELECT a FROM t WHERE m > 'sad' AND 'happy' >= m",
			`SELECT a FROM t WHERE ` + moodRank + ` > 1 AND 3 >= ` + moodRank},
		{"SELECT a FROM t WHERE m < n", `SELECT a FROM t WHERE CASE m WHEN 'sad' THEN 1 WHEN 'ok' THEN 2 WHEN 'happy' THEN 3 END < CASE n WHEN 'sad' THEN 1 WHEN 'ok' THEN 2 WHEN 'happy' THEN 3 END`},
		{"SELECT a FROM t WHERE m BETWEEN 'ok' AND 'happy'", `SELECT a FROM t WHERE ` + moodRank + ` BETWEEN 2 AND 3`},
		{"SELECT a FROM t WHERE m > $1", `SELECT a FROM t WHERE CASE m WHEN 'sad' THEN 1 WHEN 'ok' THEN 2 WHEN 'happy' THEN 3 END > CASE %EXACT(?) WHEN 'sad' THEN 1 WHEN 'ok' THEN 2 WHEN 'happy' THEN 3 END`},
		{"SELECT a FROM t WHERE m < 'happy'::mood", `SELECT a FROM t WHERE CASE m WHEN 'sad' THEN 1 WHEN 'ok' THEN 2 WHEN 'happy' THEN 3 END < 3`},
		{"SELECT min(m), max(m) FILTER (WHERE a > 1) FROM t",
			`SELECT CASE MIN(CASE m WHEN 'sad' THEN 1 WHEN 'ok' THEN 2 WHEN 'happy' THEN 3 END) WHEN 1 THEN 'sad' WHEN 2 THEN 'ok' WHEN 3 THEN 'happy' END AS "min", ` +
				`CASE MAX(CASE CASE WHEN a > 1 THEN m END WHEN 'sad' THEN 1 WHEN 'ok' THEN 2 WHEN 'happy' THEN 3 END) WHEN 1 THEN 'sad' WHEN 2 THEN 'ok' WHEN 3 THEN 'happy' END AS "max" FROM t`},
		{"SELECT a, rank() OVER (ORDER BY m) FROM t",
			`SELECT a, RANK() OVER (ORDER BY CASE WHEN m IS NULL THEN 1 ELSE 0 END, ` + moodRank + `) AS "rank" FROM t`},
		{"SELECT * FROM t ORDER BY 2", `SELECT * FROM t ORDER BY CASE WHEN m IS NULL THEN 1 ELSE 0 END, ` + moodRank},
		{"SELECT DISTINCT m AS x FROM t ORDER BY x",
			`SELECT * FROM (SELECT DISTINCT m AS "x" FROM t) AS sorted ORDER BY CASE WHEN x IS NULL THEN 1 ELSE 0 END, CASE %EXACT(x) WHEN 'sad' THEN 1 WHEN 'ok' THEN 2 WHEN 'happy' THEN 3 END`},
		{"SELECT y FROM (SELECT m AS y FROM t) s ORDER BY y",
			`SELECT y FROM (SELECT m AS "y" FROM t) AS s ORDER BY CASE WHEN y IS NULL THEN 1 ELSE 0 END, CASE %EXACT(y) WHEN 'sad' THEN 1 WHEN 'ok' THEN 2 WHEN 'happy' THEN 3 END`},
		{"SELECT m FROM t UNION SELECT k FROM u ORDER BY 1",
			`SELECT * FROM (SELECT m FROM t UNION SELECT k FROM u) AS setop ORDER BY CASE WHEN m IS NULL THEN 1 ELSE 0 END, CASE %EXACT(m) WHEN 'sad' THEN 1 WHEN 'ok' THEN 2 WHEN 'happy' THEN 3 END`},
		// Equality, GROUP BY and text are left alone.
		{"SELECT m, count(*) FROM t WHERE m = 'ok' OR m IN ('sad') GROUP BY m", `SELECT m, COUNT(*) AS "count" FROM t WHERE %EXACT(m) = 'ok' OR %EXACT(m) IN ('sad') GROUP BY %EXACT(m)`},
		{"SELECT a FROM t WHERE s > 'b' ORDER BY s", `SELECT a FROM t WHERE %EXACT(s) > 'b' ORDER BY CASE WHEN s IS NULL THEN 1 ELSE 0 END, %EXACT(s)`},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		q := plans[0].WithCatalog(cat)
		if q.CatalogError != nil {
			t.Errorf("%s: %v", c.sql, q.CatalogError)
			continue
		}
		if got := renderSQL(q); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
}

// Literals and casts must be labels (22P02), types must exist (42704); orderings that
// cannot follow the labels are refused (0A000), as are casts of other columns.
func TestWithCatalogEnumErrors(t *testing.T) {
	cat := enumCatalog()
	for _, c := range []struct{ sql, state, msg string }{
		{"SELECT a FROM t WHERE m = 'angry'", "22P02", `invalid input value for enum mood: "angry"`},
		{"SELECT a FROM t WHERE m IN ('ok', 'Happy')", "22P02", `invalid input value for enum mood: "Happy"`},
		{"SELECT a FROM t WHERE m BETWEEN 'sad' AND 'x'", "22P02", `"x"`},
		{"INSERT INTO t VALUES (1, 'meh')", "22P02", `invalid input value for enum mood: "meh"`},
		{"INSERT INTO t (m) VALUES ('ok'), ('nope')", "22P02", `"nope"`},
		{"UPDATE t SET n = 'x' WHERE a = 1", "22P02", `"x"`},
		{"SELECT 'x'::mood", "22P02", `invalid input value for enum mood: "x"`},
		{"SELECT 'x'::nosuch", "42704", `type "nosuch" does not exist`},
		{"SELECT pg_typeof('x'::mood)", "22P02", `"x"`},
		{"SELECT a FROM t WHERE m > upper(s)", "0A000", "comparing a value of enum type mood by order with this expression"},
		{"SELECT a FROM t, u WHERE m < g", "0A000", "comparing a value of enum type mood"},
		{"SELECT min(m) AS x FROM t ORDER BY x", "0A000", "ORDER BY this expression of enum type mood"},
		{"SELECT greatest(m, n) FROM t", "0A000", "greatest() of a value of enum type mood"},
		{"SELECT s::mood FROM t", "0A000", "a cast to enum type mood of a column of another type"},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		e := plans[0].WithCatalog(cat).CatalogError
		if e == nil || e.SQLState != c.state || !strings.Contains(e.Message, c.msg) {
			t.Errorf("%s: got %v, want %s %s", c.sql, e, c.state, c.msg)
		}
	}
}

// A cast's result column and parameter are of the enum type; pg_typeof names it.
func TestWithCatalogEnumCasts(t *testing.T) {
	cat := enumCatalog()
	plans, err := Translate("SELECT 'ok'::mood, pg_typeof(m), pg_typeof(NULL::mood), $1::mood FROM t WHERE n = $2::mood", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	q := plans[0].WithCatalog(cat)
	if q.CatalogError != nil {
		t.Fatal(q.CatalogError)
	}
	if got, want := q.SQL, `SELECT 'ok' AS "mood", 'mood' AS "pg_typeof", 'mood' AS "pg_typeof", ? AS "mood" FROM t WHERE n = ?`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if q.Columns[0].TypeOID != 20001 || q.Columns[3].TypeOID != 20001 {
		t.Errorf("columns %+v", q.Columns)
	}
	if len(q.EnumParams) != 2 || q.EnumParams[0].Param != 0 || q.EnumParams[1].Param != 1 || q.ParamTypes[1] != 20001 {
		t.Errorf("params %+v, types %v", q.EnumParams, q.ParamTypes)
	}
}
