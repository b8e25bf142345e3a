package irissim

import (
	"strings"
	"testing"
)

// TestJSONArrayAgg: JSON_ARRAYAGG (RSQL_jsonarrayagg) is a JSON array of the non-NULL
// values ([] when all are NULL), an empty string as "\u0000", " and \ escaped and nothing else;
// DISTINCT over the values; numbers canonical (.5, -.25), dates as ODBC text (the
// simulator's choices); no ORDER BY; the result is VARCHAR(8192), cut beyond it.
func TestJSONArrayAgg(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE W (G INTEGER, V VARCHAR(20), N INTEGER, P NUMERIC(10,2), D DATE, B BIT, F DOUBLE)")
	for _, v := range []string{
		"(1, 'a', 10, 1.5, '2024-01-02', 1, 0.5)",
		"(1, NULL, NULL, NULL, NULL, NULL, NULL)",
		"(1, '', 10, 2, '1999-12-31', 0, 100000000000000000000)",
		"(1, 'a', -3, -0.25, '2024-01-02', 1, -0.0000001)",
		"(1, 'A', 7, 0.5, '2024-01-03', 0, 3)",
		"(2, NULL, NULL, NULL, NULL, NULL, NULL)",
		`(3, 'say "hi"', 1, 100, '2000-01-01', 1, 2)`,
		`(3, 'back\slash', 2, 0, '2000-01-01', 1, 2)`,
		"(3, 'it''s', 3, 0, '2000-01-01', 1, 2)",
		"(3, 'tab	ü', 4, 0, '2000-01-01', 1, 2)",
	} {
		mustExec(t, s, "INSERT INTO W (G, V, N, P, D, B, F) VALUES "+v)
	}
	rows, cols := queryAll(t, s, "SELECT G, JSON_ARRAYAGG(V), JSON_ARRAYAGG(N), JSON_ARRAYAGG(P), JSON_ARRAYAGG(D), JSON_ARRAYAGG(B), JSON_ARRAYAGG(F) FROM W GROUP BY G ORDER BY G")
	want := []string{
		`1|["a","\u0000","a","A"]|[10,10,-3,7]|[1.5,2,-.25,.5]|["2024-01-02","1999-12-31","2024-01-02","2024-01-03"]|[1,0,1,0]|[.5,100000000000000000000,-.0000001,3]`,
		"2|[]|[]|[]|[]|[]|[]",
		`3|["say \"hi\"","back\\slash","it's","tab	ü"]|[1,2,3,4]|[100,0,0,0]|["2000-01-01","2000-01-01","2000-01-01","2000-01-01"]|[1,1,1,1]|[2,2,2,2]`,
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Fatalf("JSON_ARRAYAGG per group\n got %q\nwant %q", rows, want)
	}
	if c := cols[1]; c.typ.Name != "VARCHAR" || c.typ.MaxLen != 8192 {
		t.Errorf("JSON_ARRAYAGG is %s(%d), want VARCHAR(8192)", c.typ.Name, c.typ.MaxLen)
	}
	// DISTINCT, exact or by the column's collation.
	if got := oneRow(t, s, "SELECT JSON_ARRAYAGG(DISTINCT %EXACT(V)), JSON_ARRAYAGG(DISTINCT N) FROM W WHERE G = 1"); got != `["a","\u0000","A"]|[10,-3,7]` {
		t.Errorf("DISTINCT: %s", got)
	}
	if got := oneRow(t, s, "SELECT JSON_ARRAYAGG(V) FROM W WHERE G > 5"); got != "NULL" {
		t.Errorf("JSON_ARRAYAGG of no rows = %q", got)
	}
	wantCode(t, s, -1, "SELECT JSON_ARRAYAGG(V ORDER BY V) FROM W")
	wantCode(t, s, -359, "SELECT %DLIST(V) FROM W") // not simulated: its ODBC-mode value is comma-joined text

	// Beyond VARCHAR(8192): the first 8192 characters, no closing bracket.
	mustExec(t, s, "CREATE TABLE L (S VARCHAR(100))")
	for i := 0; i < 100; i++ {
		mustExec(t, s, "INSERT INTO L (S) VALUES ('"+strings.Repeat("x", 98)+"')")
	}
	got := oneRow(t, s, "SELECT JSON_ARRAYAGG(S) FROM L")
	if len(got) != 8192 || !strings.HasPrefix(got, `["xxx`) || strings.HasSuffix(got, "]") {
		t.Errorf("long JSON_ARRAYAGG: %d characters ending %q", len(got), got[len(got)-10:])
	}
	// 81 values of 98 characters: [ + 81 × 100 + 80 commas + ] = 8182 characters, whole;
	// with a value of 7 characters more (, "yyyyyyy") exactly 8192, whole; of 8, cut.
	mustExec(t, s, "INSERT INTO L (S) VALUES ('yyyyyyy')", "INSERT INTO L (S) VALUES ('yyyyyyyy')")
	for _, c := range []struct {
		where string
		n     int
		whole bool
	}{{"%ID <= 81", 8182, true}, {"%ID <= 81 OR %ID = 101", 8192, true}, {"%ID <= 81 OR %ID = 102", 8192, false}} {
		got = oneRow(t, s, "SELECT JSON_ARRAYAGG(S) FROM L WHERE "+c.where)
		if len(got) != c.n || strings.HasSuffix(got, `"]`) != c.whole {
			t.Errorf("JSON_ARRAYAGG where %s: %d characters ending %q", c.where, len(got), got[len(got)-5:])
		}
	}
}
