package irissim

import (
	"strings"
	"testing"
)

func TestQuantifiedComparisons(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s,
		"CREATE TABLE T (ID INTEGER, Name VARCHAR(10))",
		"INSERT INTO T (ID, Name) VALUES (1, 'a')",
		"INSERT INTO T (ID, Name) VALUES (3, 'b')",
		"INSERT INTO T (ID, Name) VALUES (5, 'c')",
		"CREATE TABLE W (Y INTEGER)",
		"INSERT INTO W (Y) VALUES (2)",
		"INSERT INTO W (Y) VALUES (4)",
		"CREATE TABLE N (Y INTEGER)",
		"INSERT INTO N (Y) VALUES (2)",
		"INSERT INTO N (Y) VALUES (NULL)",
		"CREATE TABLE E (Y INTEGER)",
	)
	for _, c := range []struct{ q, want string }{
		{"SELECT ID FROM T WHERE ID > ANY (SELECT Y FROM W) ORDER BY ID", "3;5"},
		{"SELECT ID FROM T WHERE ID > SOME (SELECT Y FROM W WHERE Y > 2) ORDER BY ID", "5"},
		{"SELECT ID FROM T WHERE T.ID < ALL (SELECT Y FROM W) ORDER BY ID", "1"},
		{"SELECT ID FROM T WHERE :%qpar(1) = ANY (SELECT Y FROM W) ORDER BY ID", "1;3;5"},
		// Empty subquery: ANY is false, ALL is true.
		{"SELECT COUNT(*) FROM T WHERE ID > ANY (SELECT Y FROM E)", "0"},
		{"SELECT COUNT(*) FROM T WHERE ID > ALL (SELECT Y FROM E)", "3"},
		// A NULL in the subquery makes a comparison unknown unless another row decides it.
		{"SELECT ID, CASE WHEN ID > ANY (SELECT Y FROM N) THEN 't' WHEN NOT (ID > ANY (SELECT Y FROM N)) THEN 'f' ELSE 'u' END FROM T ORDER BY ID", "1|u;3|t;5|t"},
		{"SELECT ID, CASE WHEN ID > ALL (SELECT Y FROM N) THEN 't' WHEN NOT (ID > ALL (SELECT Y FROM N)) THEN 'f' ELSE 'u' END FROM T ORDER BY ID", "1|f;3|u;5|u"},
	} {
		var args []any
		if strings.Contains(c.q, ":%qpar(1)") {
			args = []any{2}
		}
		rows, _ := queryAll(t, s, c.q, args...)
		if got := strings.Join(rows, ";"); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	// Outside the forms rewritten (an expression as operand) SQLite's syntax error stays an error.
	wantCode(t, s, -1, "SELECT ID FROM T WHERE ID + 1 > ANY (SELECT Y FROM W)")
}

func TestParenthesisedQueriesAndStar(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s,
		"CREATE TABLE T (A INTEGER, B INTEGER)",
		"INSERT INTO T (A, B) VALUES (1, 10)",
		"INSERT INTO T (A, B) VALUES (2, 20)",
		"INSERT INTO T (A, B) VALUES (3, 30)",
		"CREATE TABLE U (B INTEGER)",
		"INSERT INTO U (B) VALUES (2)",
		"INSERT INTO U (B) VALUES (3)",
	)
	for _, c := range []struct{ q, want string }{
		{"(SELECT A FROM T)", "1;2;3"},
		{"(SELECT A FROM T INTERSECT SELECT B FROM U) EXCEPT SELECT 3", "2"},
		{"SELECT 9 UNION (SELECT B FROM U UNION SELECT 1) ORDER BY 1", "1;2;3;9"},
		{"(SELECT TOP 1 A FROM T ORDER BY A DESC) UNION ALL SELECT B FROM U", "3;2;3"},
		{"SELECT COUNT(*) FROM ((SELECT A FROM T) UNION (SELECT B FROM U))", "3"},
		{"SELECT (SELECT MAX(B) FROM U) UNION SELECT 7 ORDER BY 1", "3;7"},
		{"SELECT T.*, X.B FROM T, U AS X WHERE T.A = X.B ORDER BY T.A", "2|20|2;3|30|3"},
		{"SELECT ROW_NUMBER() OVER (PARTITION BY A > 1 ORDER BY A DESC) FROM T ORDER BY A", "1;2;1"},
	} {
		rows, _ := queryAll(t, s, c.q)
		if got := strings.Join(rows, ";"); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	// A parenthesised derived table, IN list or scalar subquery is not a leg.
	if got := oneRow(t, s, "SELECT COUNT(*) FROM (SELECT A FROM T) WHERE A IN (SELECT B FROM U) AND A = (SELECT MAX(B) FROM U)"); got != "1" {
		t.Fatalf("subqueries = %q", got)
	}
}

func TestBareVector(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s,
		"CREATE TABLE V (E VECTOR)",
		"INSERT INTO V (E) VALUES (TO_VECTOR('1,2', DOUBLE))",
		"INSERT INTO V (E) VALUES (TO_VECTOR('1,2,3', DOUBLE))",
	)
	if got := oneRow(t, s, "SELECT COUNT(*) FROM V"); got != "2" {
		t.Fatalf("rows = %q", got)
	}
	wantCode(t, s, -1, "CREATE TABLE V2 (E VECTOR(DOUBLE))")
}
