package translate

import (
	"fmt"
	"strings"
	"testing"
)

// renderDivisions shows a plan's divisions as "col@table|table, …" per division, and
// checks that each points at a '/' of the SQL.
func renderDivisions(t *testing.T, p *Plan) string {
	var out []string
	for _, d := range p.Divisions {
		if d.At >= len(p.SQL) || p.SQL[d.At] != '/' {
			t.Fatalf("division at %d is not a '/' in %q", d.At, p.SQL)
		}
		var cols []string
		for _, c := range d.Columns {
			var tables []string
			for _, tr := range c.Tables {
				tables = append(tables, strings.TrimPrefix(tr.Schema+"."+tr.Name, "."))
			}
			cols = append(cols, c.Column+"@"+strings.Join(tables, "|"))
		}
		out = append(out, strings.Join(cols, " "))
	}
	return strings.Join(out, "; ")
}

func TestDivisionsNeedingColumnTypes(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		{"SELECT a / b FROM t", "a@t b@t"},
		{"SELECT a / 2 FROM s.t", "a@s.t"},
		{"SELECT x.a / u.b FROM t x JOIN u ON u.id = x.id", "a@t b@u"},
		{"SELECT a / b FROM t, u", "a@t|u b@t|u"},
		{"SELECT t.a / s.t.b FROM t, s.t", "a@t b@s.t"},
		{"SELECT (a + 1) / (b * 2), -a / 3 FROM t", "a@t b@t; a@t"},
		{"SELECT a / b / c FROM t", "a@t b@t; a@t b@t c@t; a@t b@t"}, // the last: the hidden dividend (quotient.go)
		// ORDER BY writes its key twice (NULLs last).
		{"SELECT a / b FROM t WHERE c / 2 > 1 ORDER BY a / 3", "a@t b@t; c@t; a@t; a@t"},
		{"SELECT sum(a) / count(*), max(a) / min(b), abs(a) / 2 FROM t GROUP BY a", "a@t; a@t b@t; a@t"},
		{"SELECT (SELECT t.a / u.b FROM u) FROM t", "a@t b@u"},
		{"UPDATE t SET a = b / 2 WHERE c / 3 > 0", "b@t; c@t"},
		{"DELETE FROM t AS x WHERE x.a / 2 = 1", "a@t"},
		// Known integers need no catalog: IRIS's "\" is written at once.
		{"SELECT count(*) / 2, 7 / 2, length(s) / 2 FROM t GROUP BY s", ""},
		// Not integers, or not known: left to IRIS's "/".
		{"SELECT a / 2.5, a / b::numeric, avg(a) / 2, a / upper(b) FROM t GROUP BY a, b", ""},
		{"WITH t AS (SELECT 1 AS a) SELECT a / 2 FROM t", ""},
		{"SELECT a / 2 FROM (SELECT a + 1 AS a FROM t) s", ""},
		{"SELECT a / 2 FROM (SELECT count(*) AS a FROM t) s, t", ""},
		{"SELECT a / 2 FROM (SELECT * FROM t) s, t", ""},
		// A derived table's or WITH query's column that is a table column as it is.
		{"SELECT a / 2 FROM (SELECT a FROM t) s", "a@t"},
		{"SELECT s.x / 2 FROM (SELECT a AS x FROM t) s", "a@t"},
		{"SELECT a / 2 FROM (SELECT * FROM t) AS s", "a@t"},
		{"SELECT y / 2 FROM (SELECT a FROM t UNION SELECT b FROM u) AS s(y)", "a@t"},
		{"WITH w AS (SELECT a FROM t), v(z) AS (SELECT a FROM w) SELECT z / 2 FROM v", "a@t"},
		{"SELECT b / 2 FROM (SELECT a FROM t) s, u", "b@u"},
		{"SELECT x / 2 FROM (SELECT max(a) AS x FROM t) s JOIN u ON true", "a@t"},
		{"SELECT nope.a / 2 FROM t", ""},
		{"SELECT a / 2", ""},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		if got := renderDivisions(t, plans[0]); got != c.want {
			t.Errorf("%s\n got %q\nwant %q\nSQL %s", c.sql, got, c.want, plans[0].SQL)
		}
	}
}

func TestWithCatalog(t *testing.T) {
	types := map[string]uint32{"a": oidInt4, "b": oidInt8, "c": oidNumeric, "flag": oidBool, "name": oidText, "ts": oidTimestamp, "note": oidVarchar}
	cat := testCatalog{types: types, names: map[string][]string{"t": {"a", "b", "c", "flag", "name"}, "u": {"ts", "note"}}, scales: map[string]int{"c": 2}}
	for _, c := range []struct{ sql, want string }{
		{"SELECT a / b, a / c FROM t WHERE a / b > 1", `SELECT a \ b AS "?column?", a / c AS "?column?", a, b, a, c FROM t WHERE (a \ b) > 1`},
		{"SELECT a FROM t WHERE flag = 't' AND 'no' <> flag AND name = 't'", `SELECT a FROM t WHERE %EXACT(flag) = 1 AND 0 <> %EXACT(flag) AND %EXACT(name) = 't'`},
		{"SELECT a FROM t WHERE flag IN ('yes', ' Of ', 'TR') ORDER BY a LIMIT 2 OFFSET $1", `SELECT a FROM t WHERE %EXACT(flag) IN (1, 0, 1) ORDER BY CASE WHEN a IS NULL THEN 1 ELSE 0 END, %EXACT(a) LIMIT 2 OFFSET {$1}`},
		{"INSERT INTO t (a, flag, name) VALUES (1, 'on', 'on')", `INSERT INTO t (a, flag, name) VALUES (1, 1, 'on')`},
		{"UPDATE t SET flag = 'f', name = 'f' WHERE a / b = 1", `UPDATE t SET flag = 0, name = 'f' WHERE (a \ b) = 1`},
		{"UPDATE u SET ts = '2024-01-02T03:04' WHERE ts < '2024-01-01 10:00' AND note = '2024-01-01 10:00' AND ts <> '2024-01-01 10:00:00'",
			`UPDATE u SET ts = '2024-01-02 03:04:00' WHERE %EXACT(ts) < '2024-01-01 10:00:00' AND %EXACT(note) = '2024-01-01 10:00' AND %EXACT(ts) <> '2024-01-01 10:00:00'`},
		// Not a boolean word: not recorded, IRIS gets it (PostgreSQL: 22P02).
		{"SELECT a FROM t WHERE flag = 'maybe'", "SELECT a FROM t WHERE %EXACT(flag) = 'maybe'"},
		// pg_typeof of a column: its type's name; a column the catalog does not know stays
		// PG_TYPEOF(…), which IRIS refuses.
		// A numeric(p,2) column made text keeps two fraction digits; others stay.
		{"SELECT c::text, 'x' || c || name, a::text FROM t", `SELECT CASE WHEN c IS NULL THEN NULL ELSE $JUSTIFY(c, 0, 2) END AS "c", ('x' || CASE WHEN c IS NULL THEN NULL ELSE $JUSTIFY(c, 0, 2) END) || name AS "?column?", CAST(a AS VARCHAR(3641144)) AS "a" FROM t`},
		// ORDER BY k of SELECT *: the k-th column of the tables the star expands.
		{"SELECT * FROM t ORDER BY 2 DESC, 5 NULLS FIRST", `SELECT * FROM t ORDER BY CASE WHEN b IS NULL THEN 0 ELSE 1 END, %EXACT(b) DESC, CASE WHEN name IS NULL THEN 0 ELSE 1 END, %EXACT(name)`},
		{"SELECT * FROM t x JOIN u ON true ORDER BY 7", `SELECT * FROM t AS x JOIN u ON 1 = 1 ORDER BY CASE WHEN u.note IS NULL THEN 1 ELSE 0 END, %EXACT(u.note)`},
		{"SELECT u.* FROM t JOIN u ON true ORDER BY 1", `SELECT u.* FROM t JOIN u ON 1 = 1 ORDER BY CASE WHEN u.ts IS NULL THEN 1 ELSE 0 END, %EXACT(u.ts)`},
		{"SELECT * FROM t ORDER BY 9", `SELECT * FROM t ORDER BY 9`},
		{"SELECT pg_typeof(a), pg_typeof(t.flag), pg_typeof(c) || '!', pg_typeof(zz) FROM t", `SELECT 'integer' AS "pg_typeof", 'boolean' AS "pg_typeof", 'numeric' || '!' AS "?column?", PG_TYPEOF(zz) AS "pg_typeof" FROM t`},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		p := plans[0]
		before := p.SQL
		if got := renderSQL(p.WithCatalog(cat)); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.sql, got, c.want)
		}
		if p.SQL != before {
			t.Errorf("the shared plan changed: %q", p.SQL)
		}
	}
	p, _ := Translate("SELECT a / c FROM t WHERE name = 'x'", DefaultOptions())
	if q := p[0].WithCatalog(cat); q != p[0] {
		t.Error("nothing to change: want the plan itself")
	}
}

func TestParseBool(t *testing.T) {
	for in, want := range map[string]int{"t": 1, "TRUE": 1, " yes ": 1, "y": 1, "on": 1, "1": 1, "tr": 1,
		"f": 0, "False": 0, "no": 0, "n": 0, "off": 0, "of": 0, "0": 0,
		"o": -1, "": -1, "2": -1, "yess": -1, "onn": -1, "maybe": -1, "10": -1} {
		v, ok := parseBool(in)
		got := -1
		if ok {
			got = map[bool]int{true: 1, false: 0}[v]
		}
		if got != want {
			t.Errorf("parseBool(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestShapeTemplatesMoveDivisions: a literal before a division changes its offset.
func TestShapeTemplatesMoveDivisions(t *testing.T) {
	c := NewCache(16, DefaultOptions())
	for _, n := range []int{1, 22, 333333} {
		sql := fmt.Sprintf("SELECT 'x%d', a / b FROM t WHERE id = %d", n, n)
		got, err := c.Translate(sql)
		if err != nil {
			t.Fatal(err)
		}
		if want := renderDivisions(t, got[0]); want != "a@t b@t" {
			t.Errorf("%s: divisions %q", sql, want)
		}
	}
	if _, shapes, _ := c.Stats(); shapes != 1 {
		t.Errorf("%d shape hits, want 1", shapes)
	}
}

func TestWithParamTypes(t *testing.T) {
	oids := []uint32{oidInt8, oidBool, 0, oidNumeric}
	for _, c := range []struct{ sql, want string }{
		{"SELECT $1, $2 AS b, $3, $4", `SELECT CAST(? AS BIGINT) AS "?column?", CAST(? AS BIT) AS "b", CAST(? AS VARCHAR(3641144)) AS "?column?", ? AS "?column?"`},
		{"SELECT a FROM t WHERE a = $1 ORDER BY a LIMIT 2 OFFSET $2", `SELECT a FROM t WHERE a = ? ORDER BY CASE WHEN a IS NULL THEN 1 ELSE 0 END, %EXACT(a) LIMIT 2 OFFSET {$2}`},
		{"SELECT $1, a / b FROM t WHERE flag = 't' LIMIT 3 OFFSET $2", `SELECT CAST(? AS BIGINT) AS "?column?", a / b AS "?column?", a, b FROM t WHERE %EXACT(flag) = 't' LIMIT 3 OFFSET {$2}`},
		// Not the query's own select list: typed by their context in PostgreSQL.
		{"SELECT a FROM t WHERE a IN (SELECT $1)", `SELECT a FROM t WHERE a IN (SELECT ? AS "?column?")`},
		{"SELECT $1 UNION SELECT 2", `SELECT ? AS "?column?" UNION SELECT 2 AS "?column?"`},
		{"INSERT INTO t (a) SELECT $1", `INSERT INTO t (a) SELECT ? AS "?column?"`},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		q := plans[0].WithParamTypes(oids)
		if got := renderSQL(q); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.sql, got, c.want)
		}
		// The divisions and literals still point at their places.
		for _, d := range q.Divisions {
			if q.SQL[d.At] != '/' {
				t.Errorf("%s: division moved off its '/': %q", c.sql, q.SQL)
			}
		}
		for _, l := range q.ColumnLiterals {
			if q.SQL[l.At] != '\'' || q.SQL[l.End-1] != '\'' {
				t.Errorf("%s: literal moved: %q", c.sql, q.SQL[l.At:l.End])
			}
		}
	}
}

// testCatalog is a Catalog of one table t.
type testCatalog struct {
	types  map[string]uint32
	names  map[string][]string
	pks    map[string][]string
	scales map[string]int
	enums  []*EnumType
}

func (c testCatalog) ColumnType(col CatalogColumn) (uint32, bool) {
	if col.Column == "" {
		names := c.names[col.Tables[0].Name]
		if col.Position < 1 || col.Position > len(names) {
			return 0, false
		}
		col.Column = names[col.Position-1]
	}
	oid, ok := c.types[col.Column]
	return oid, ok
}

func (c testCatalog) ColumnNames(t TableRef) []string { return c.names[t.Name] }

func (c testCatalog) ColumnTable(col CatalogColumn) (int, bool) {
	found := -1
	for i, t := range col.Tables {
		for _, n := range c.names[t.Name] {
			if n == col.Column {
				if found >= 0 {
					return 0, false
				}
				found = i
			}
		}
	}
	return found, found >= 0
}

func (c testCatalog) PrimaryKey(t TableRef) []string { return c.pks[t.Name] }

func (c testCatalog) ColumnScale(col CatalogColumn) int { return c.scales[col.Column] }

func (c testCatalog) Enum(oid uint32, name TableRef) *EnumType {
	for _, t := range c.enums {
		if oid != 0 && t.OID == oid || oid == 0 && t.Name == name.Name {
			return t
		}
	}
	return nil
}

// TestWithCatalogSteps: the rows of a multi-row INSERT, and the INSERT of ON CONFLICT,
// are steps of their own.
func TestWithCatalogSteps(t *testing.T) {
	cat := testCatalog{types: map[string]uint32{"a": oidInt4, "b": oidInt8, "c": oidNumeric, "flag": oidBool, "name": oidText},
		names: map[string][]string{"t": {"a", "b", "c", "flag", "name"}}}
	for _, c := range []struct {
		sql  string
		want []string
	}{
		{"INSERT INTO t (a, flag) VALUES (1, 't'), (2, 'off')", []string{
			"INSERT INTO t (a, flag) VALUES (1, 1)", "INSERT INTO t (a, flag) VALUES (2, 0)"}},
		{"INSERT INTO t VALUES (1, 2, 3, 'yes'), (4, 5, 6, 'no')", []string{
			"INSERT INTO t (a, b, c, flag) VALUES (1, 2, 3, 1)", "INSERT INTO t (a, b, c, flag) VALUES (4, 5, 6, 0)"}},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		p := plans[0]
		q := p.WithCatalog(cat)
		var got []string
		for _, st := range q.Steps {
			got = append(got, st.SQL)
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s\n got %q\nwant %q", c.sql, got, c.want)
		}
		if p.Steps[0].SQL == q.Steps[0].SQL || !p.NeedsCatalog() || q.NeedsCatalog() {
			t.Errorf("%s: the shared plan changed, or the result still needs the catalog", c.sql)
		}
	}
	plans, err := Translate("INSERT INTO t (a, flag) VALUES (1, 'yes') ON CONFLICT DO NOTHING", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !plans[0].NeedsCatalog() || !strings.Contains(fmt.Sprint(plans[0].WithCatalog(cat).Steps), "VALUES (1, 1)") {
		t.Errorf("ON CONFLICT's INSERT keeps its boolean word: %+v", plans[0].WithCatalog(cat).Steps)
	}
}

func TestWithCatalogDateArithmetic(t *testing.T) {
	cat := testCatalog{types: map[string]uint32{"a": oidInt4, "d": oidDate, "e": oidDate, "ts": oidTimestamp, "x": oidNumeric},
		names: map[string][]string{"t": {"a", "d", "e", "ts", "x"}}}
	for _, c := range []struct{ sql, want string }{
		{"SELECT d + 30, d - 1, 7 + d, d - e, d + a, a + d, d - a FROM t",
			`SELECT CAST(DATEADD('dd', 30, d) AS DATE) AS "?column?", CAST(DATEADD('dd', -(1), d) AS DATE) AS "?column?", ` +
				`CAST(DATEADD('dd', 7, d) AS DATE) AS "?column?", DATEDIFF('dd', e, d) AS "?column?", ` +
				`CAST(DATEADD('dd', a, d) AS DATE) AS "?column?", CAST(DATEADD('dd', a, d) AS DATE) AS "?column?", ` +
				`CAST(DATEADD('dd', -(a), d) AS DATE) AS "?column?" FROM t`},
		// Numbers stay numbers; a time stamp plus an integer is left to IRIS.
		{"SELECT a + 1, a - a, x + 1, ts + 1, 1 - d FROM t", `SELECT a + 1 AS "?column?", a - a AS "?column?", x + 1 AS "?column?", ts + 1 AS "?column?", 1 - d AS "?column?" FROM t`},
		{"UPDATE t SET d = d + $1 WHERE e - d > 3", `UPDATE t SET d = CAST(DATEADD('dd', ?, d) AS DATE) WHERE (DATEDIFF('dd', d, e)) > 3`},
		{"SELECT x.d + 1 FROM t x WHERE x.d - 2 < x.e", `SELECT CAST(DATEADD('dd', 1, x.d) AS DATE) AS "?column?" FROM t AS x WHERE (CAST(DATEADD('dd', -(2), x.d) AS DATE)) < x.e`},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if got := renderSQL(plans[0].WithCatalog(cat)); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
	// RETURNING reads the target table's columns too.
	plans, err := Translate("INSERT INTO t (a, d) VALUES (1, '2024-01-01') RETURNING d + 1, a / 2", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprint(plans[0].WithCatalog(cat).Steps); !strings.Contains(s, `CAST(DATEADD('dd', 1, d) AS DATE)`) || !strings.Contains(s, `a \ 2`) {
		t.Errorf("RETURNING: %s", s)
	}
}

// An interval times a column is exact only for an integer column: WithCatalog refuses the
// plan otherwise (IRIS's DATEADD counts whole units).
func TestWithCatalogIntervalTimesColumn(t *testing.T) {
	cat := testCatalog{types: map[string]uint32{"a": oidInt4, "ts": oidTimestamp, "x": oidNumeric},
		names: map[string][]string{"t": {"a", "ts", "x"}}}
	for _, c := range []struct {
		sql     string
		refused bool
	}{
		{"SELECT ts + interval '1 hour' * a FROM t", false},
		{"UPDATE t SET ts = ts - a * interval '1 day' WHERE a > 0", false},
		{"SELECT ts + interval '1 hour' * x FROM t", true},
		{"SELECT a FROM t WHERE ts < ts + interval '1 day' * x", true},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		e := plans[0].WithCatalog(cat).CatalogError
		if refused := e != nil; refused != c.refused {
			t.Errorf("%s: CatalogError %v, want refused %v", c.sql, e, c.refused)
		} else if refused && (e.SQLState != "0A000" || !strings.Contains(e.Message, "column x")) {
			t.Errorf("%s: %s %s", c.sql, e.SQLState, e.Message)
		}
	}
}

// A ROWS frame to CURRENT ROW is the default frame only over unique keys: WithCatalog
// refuses it unless the window's keys hold the table's primary key.
func TestWithCatalogRowsFrameNeedsUniqueKeys(t *testing.T) {
	cat := testCatalog{types: map[string]uint32{"id": oidInt4, "g": oidInt4, "x": oidInt4},
		names: map[string][]string{"t": {"id", "g", "x"}}, pks: map[string][]string{"t": {"id"}}}
	for _, c := range []struct {
		sql     string
		refused bool
	}{
		{"SELECT sum(x) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t", false},
		{"SELECT sum(x) OVER (PARTITION BY g ORDER BY x, id ROWS UNBOUNDED PRECEDING) FROM t", false},
		{"SELECT sum(x) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t", true},
		{"SELECT sum(x) OVER (PARTITION BY id ORDER BY x ROWS UNBOUNDED PRECEDING) FROM t", false},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if e := plans[0].WithCatalog(cat).CatalogError; (e != nil) != c.refused {
			t.Errorf("%s: CatalogError %v, want refused %v", c.sql, e, c.refused)
		}
	}
	if _, err := Translate("SELECT sum(t.x) OVER (ORDER BY t.id ROWS UNBOUNDED PRECEDING) FROM t JOIN u ON u.id = t.id", DefaultOptions()); err == nil {
		t.Error("a ROWS frame over a join was accepted")
	}
}

// UPDATE … FROM … RETURNING and DELETE … USING … RETURNING read the target's rows by
// RowID: an unqualified column of the list must be the target's alone (42702 when another table has it too, refused
// when only another table has it).
func TestWithCatalogUpdateFromReturning(t *testing.T) {
	cat := testCatalog{types: map[string]uint32{"id": oidInt4, "a": oidInt4, "x": oidInt4, "tid": oidInt4},
		names: map[string][]string{"t": {"id", "a"}, "u": {"tid", "x"}, "w": {"id", "x"}}}
	for _, c := range []struct{ sql, state string }{
		{"UPDATE t SET a = u.x FROM u WHERE u.tid = t.id RETURNING a, id", ""},
		{"UPDATE t SET a = u.x FROM u WHERE u.tid = t.id RETURNING x", "0A000"},
		{"UPDATE t SET a = w.x FROM w WHERE w.id = t.id RETURNING id", "42702"},
		{"UPDATE t SET a = w.x FROM w WHERE w.id = t.id RETURNING t.id, a + 1", ""},
		{"UPDATE t SET a = 1 FROM t AS t2 WHERE t2.id = t.id RETURNING a", "42702"},
		{"UPDATE t SET a = u.x FROM u WHERE u.tid = t.id RETURNING nope", ""}, // IRIS reports it
		{"DELETE FROM t USING u WHERE u.tid = t.id RETURNING a", ""},
		{"DELETE FROM t USING u WHERE u.tid = t.id RETURNING x", "0A000"},
		{"DELETE FROM t USING w WHERE w.id = t.id RETURNING id", "42702"},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if !plans[0].NeedsCatalog() {
			t.Errorf("%s: does not ask for the catalog", c.sql)
		}
		state := ""
		if e := plans[0].WithCatalog(cat).CatalogError; e != nil {
			state = e.SQLState
		}
		if state != c.state {
			t.Errorf("%s: CatalogError %q, want %q", c.sql, state, c.state)
		}
	}
}
