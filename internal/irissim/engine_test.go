package irissim

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// newTestSession opens a fresh namespace and one session on it.
func newTestSession(t *testing.T) (*session, *namespace) {
	t.Helper()
	ns, err := openNamespace(t.TempDir(), "USER")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.close() })
	return newTestSessionOn(t, ns), ns
}

func newTestSessionOn(t *testing.T, ns *namespace) *session {
	t.Helper()
	s, err := newSession(context.Background(), ns, "_SYSTEM", "4242", "IRIS for UNIX 2025.1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.close() })
	return s
}

// mustExec runs statements that must succeed.
func mustExec(t *testing.T, s *session, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		res, err := s.execute(context.Background(), q, nil)
		if err != nil {
			t.Fatalf("%s: %v", q, err.Text())
		}
		if res.rows != nil {
			res.rows.Close()
		}
	}
}

// queryAll runs a query and renders rows as "a|b" strings.
func queryAll(t *testing.T, s *session, q string, args ...any) ([]string, []resultCol) {
	t.Helper()
	res, err := s.execute(context.Background(), q, args)
	if err != nil {
		t.Fatalf("%s: %v", q, err.Text())
	}
	if res.rows == nil {
		t.Fatalf("%s: not a query", q)
	}
	defer res.rows.Close()
	var out []string
	vals := make([]any, len(res.cols))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for res.rows.Next() {
		if err := res.rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				parts[i] = "NULL"
			case []byte:
				parts[i] = string(x)
			default:
				parts[i] = fmt.Sprint(x)
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := res.rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out, res.cols
}

// wantCode asserts that q fails with SQLCODE code.
func wantCode(t *testing.T, s *session, code int, q string, args ...any) *sqlError {
	t.Helper()
	res, err := s.execute(context.Background(), q, args)
	if err == nil {
		if res.rows != nil {
			for res.rows.Next() {
			}
			rerr := res.rows.Err()
			res.rows.Close()
			if rerr != nil {
				if se := mapSQLiteError(rerr, opSelect, nil); se.Code == code {
					return se
				}
				t.Fatalf("%s: want SQLCODE %d, got row error %v", q, code, rerr)
			}
		}
		t.Fatalf("%s: want SQLCODE %d, got success", q, code)
	}
	if err.Code != code {
		t.Fatalf("%s: want SQLCODE %d, got %d (%s)", q, code, err.Code, err.Msg)
	}
	return err
}

func TestEngineBasicDDLAndDML(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s,
		"CREATE TABLE People (ID BIGINT IDENTITY, Name VARCHAR(20) NOT NULL, Email VARCHAR(50) UNIQUE, Age INTEGER, Score NUMERIC(6,2), Born DATE)",
		"INSERT INTO People (Name, Email, Age, Score, Born) VALUES ('Alice', 'a@x', 30, 12.345, '1990-05-01')",
	)
	if _, err := s.execute(context.Background(), "INSERT INTO People (Name, Email, Age) VALUES ( :%qpar(1) , :%qpar(2) , :%qpar(3) )",
		[]any{"bob", "b@x", int64(41)}); err != nil {
		t.Fatal(err.Text())
	}
	rows, cols := queryAll(t, s, "SELECT ID, Name, Age, Score, Born FROM people WHERE name = 'alice'")
	if len(rows) != 1 || rows[0] != "1|Alice|30|12.35|1990-05-01" {
		t.Fatalf("rows = %q", rows)
	}
	if cols[1].name != "Name" || cols[1].typ.ODBC != odbcVarchar || cols[1].typ.MaxLen != 20 || cols[1].nullable != 0 || cols[1].table != "People" {
		t.Fatalf("col meta = %+v", cols[1])
	}
	if cols[0].typ.ODBC != odbcBigInt || cols[3].typ.ODBC != odbcNumeric || cols[3].typ.Scale != 2 || cols[4].typ.ODBC != odbcDate {
		t.Fatalf("types = %+v", cols)
	}
	rows, _ = queryAll(t, s, "SELECT Name FROM People WHERE %EXACT(Name) = 'alice'")
	if len(rows) != 0 {
		t.Fatalf("%%EXACT matched case-insensitively: %q", rows)
	}
	rows, _ = queryAll(t, s, "SELECT Name FROM People WHERE %EXACT(Name) LIKE 'b%' ORDER BY Name")
	if len(rows) != 1 || rows[0] != "bob" {
		t.Fatalf("exact like = %q", rows)
	}
	rows, _ = queryAll(t, s, "SELECT Name FROM People WHERE Name LIKE 'A%'")
	if len(rows) != 1 || rows[0] != "Alice" {
		t.Fatalf("like = %q", rows)
	}
	rows, _ = queryAll(t, s, "SELECT TOP 1 Name FROM People ORDER BY Age DESC")
	if len(rows) != 1 || rows[0] != "bob" {
		t.Fatalf("top = %q", rows)
	}
	rows, _ = queryAll(t, s, "SELECT Name FROM People ORDER BY Age OFFSET 1 ROWS FETCH FIRST 5 ROWS ONLY")
	if len(rows) != 1 || rows[0] != "bob" {
		t.Fatalf("fetch = %q", rows)
	}
	rows, _ = queryAll(t, s, "SELECT Name FROM People ORDER BY Age LIMIT 1 OFFSET 1")
	if len(rows) != 1 || rows[0] != "bob" {
		t.Fatalf("limit offset = %q", rows)
	}
	rows, _ = queryAll(t, s, "SELECT LAST_IDENTITY(), %ID FROM People WHERE Name = 'bob'")
	if rows[0] != "2|2" {
		t.Fatalf("last identity = %q", rows)
	}
	res, err := s.execute(context.Background(), "UPDATE People SET Age = Age + 1 WHERE Age > 0", nil)
	if err != nil || res.affected != 2 {
		t.Fatalf("update: %v %v", res, err)
	}
	res, err = s.execute(context.Background(), "DELETE FROM People WHERE Name = 'BOB'", nil)
	if err != nil || res.affected != 1 {
		t.Fatalf("delete: %+v %v", res, err)
	}
}

func TestEngineRejectsNonIRIS(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE t (a INTEGER, b VARCHAR(10))")
	cases := []struct {
		code int
		sql  string
	}{
		{-25, "SELECT 1;"},
		{-1, "SELECT a::text FROM t"},
		{-1, "SELECT $1"},
		{-1, "SELECT ?"},
		{-1, "INSERT INTO t (a) VALUES (1) RETURNING a"},
		{-1, "INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING"},
		{-1, "INSERT INTO t (a) VALUES (1), (2)"},
		{-1, "SELECT * FROM t WHERE b ILIKE 'x'"},
		{-1, "SELECT * FROM t WHERE b ~ 'x'"},
		{-1, "BEGIN"},
		{-1, "RELEASE SAVEPOINT x"},
		{-1, "SELECT E'x'"},
		{-1, "SELECT $$x$$"},
		{-1, "SELECT 5 % 2"},
		{-1, "SELECT a FROM t WHERE a IS DISTINCT FROM 1"},
		{-1, "SELECT * FROM t WHERE b SIMILAR TO 'x'"},
		{-1, "SELECT ARRAY[1,2]"},
		{-1, "SELECT * FROM t LIMIT ALL"},
		{-1, "CREATE TABLE c (a INTEGER CHECK (a > 0))"},
		{-1, "CREATE TABLE c (a BOOLEAN)"},
		{-1, "SELECT (SELECT a FROM t ORDER BY a LIMIT 1)"},
		{-1, "WITH RECURSIVE r(n) AS (SELECT 1) SELECT n FROM r"},
		{-1, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"},
		{-29, "SELECT TRUE"},
		{-29, `SELECT "hello"`},
		{-29, "SELECT nosuch FROM t"},
		{-30, "SELECT * FROM nosuch"},
		{-30, "SELECT * FROM Other.nosuch"},
		{-359, "SELECT strftime('%Y', 'now')"},
		{-386, "SELECT TOP 1 a FROM t LIMIT 1"},
		{-386, "SELECT a FROM t LIMIT 1 FETCH FIRST 1 ROWS ONLY"},
	}
	for _, c := range cases {
		wantCode(t, s, c.code, c.sql)
	}
}

func TestEngineConstraintErrors(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s,
		"CREATE TABLE Dept (ID BIGINT IDENTITY, Code VARCHAR(5) NOT NULL, CONSTRAINT DeptPK PRIMARY KEY (Code))",
		"CREATE TABLE Emp (ID BIGINT IDENTITY, Name VARCHAR(10) NOT NULL, Tag VARCHAR, Dept VARCHAR(5) REFERENCES Dept(Code), Small TINYINT, D DATE, T TIME, TS TIMESTAMP)",
		"INSERT INTO Dept (Code) VALUES ('IT')",
	)
	wantCode(t, s, -119, "INSERT INTO Dept (Code) VALUES ('it')")
	wantCode(t, s, -108, "INSERT INTO Emp (Tag) VALUES ('x')")
	wantCode(t, s, -104, "INSERT INTO Emp (Name) VALUES ('12345678901')")
	wantCode(t, s, -104, "INSERT INTO Emp (Name, Tag) VALUES ('a', 'xy')")
	wantCode(t, s, -104, "INSERT INTO Emp (Name, Small) VALUES ('a', 128)")
	wantCode(t, s, -146, "INSERT INTO Emp (Name, D) VALUES ('a', '2024-13-01')")
	wantCode(t, s, -147, "INSERT INTO Emp (Name, T) VALUES ('a', '25:00:00')")
	wantCode(t, s, -146, "INSERT INTO Emp (Name, TS) VALUES ('a', 'yesterday')")
	wantCode(t, s, -111, "INSERT INTO Emp (ID, Name) VALUES (5, 'a')")
	wantCode(t, s, -121, "INSERT INTO Emp (Name, Dept) VALUES ('a', 'HR')")
	mustExec(t, s, "INSERT INTO Emp (Name, Dept, Tag) VALUES ('a', 'it', 'z')")
	wantCode(t, s, -105, "UPDATE Emp SET Tag = 'zz'")
	wantCode(t, s, -122, "UPDATE Emp SET Dept = 'HR'")
	wantCode(t, s, -124, "DELETE FROM Dept")
	wantCode(t, s, -201, "CREATE TABLE emp (a INTEGER)")
	mustExec(t, s, "CREATE TABLE IF NOT EXISTS emp (a INTEGER)")
	wantCode(t, s, -30, "DROP TABLE nosuch")
	mustExec(t, s, "CREATE INDEX EmpName ON Emp (Name)")
	wantCode(t, s, -324, "CREATE INDEX EmpName ON Emp (Tag)")
}

func TestEngineTransactions(t *testing.T) {
	s, ns := newTestSession(t)
	other := newTestSessionOn(t, ns)
	mustExec(t, s, "CREATE TABLE acct (n INTEGER)")
	mustExec(t, s, "START TRANSACTION", "INSERT INTO acct (n) VALUES (1)", "START TRANSACTION")
	rows, _ := queryAll(t, s, "SELECT $TLEVEL, COUNT(*) FROM acct")
	if rows[0] != "1|1" {
		t.Fatalf("in tx = %q", rows)
	}
	rows, _ = queryAll(t, other, "SELECT COUNT(*) FROM acct")
	if rows[0] != "0" {
		t.Fatalf("other session sees uncommitted rows: %q", rows)
	}
	mustExec(t, s, "SAVEPOINT a", "INSERT INTO acct (n) VALUES (2)", "ROLLBACK TO SAVEPOINT a")
	rows, _ = queryAll(t, s, "SELECT COUNT(*) FROM acct")
	if rows[0] != "1" {
		t.Fatalf("after rollback to = %q", rows)
	}
	wantCode(t, s, -375, "ROLLBACK TO SAVEPOINT a")
	if s.inTx {
		t.Fatal("transaction still open after -375")
	}
	rows, _ = queryAll(t, s, "SELECT COUNT(*) FROM acct")
	if rows[0] != "0" {
		t.Fatalf("-375 did not roll back: %q", rows)
	}
	mustExec(t, s, "COMMIT", "ROLLBACK WORK", "START TRANSACTION ISOLATION LEVEL READ COMMITTED", "INSERT INTO acct (n) VALUES (3)", "COMMIT WORK")
	rows, _ = queryAll(t, other, "SELECT COUNT(*) FROM acct")
	if rows[0] != "1" {
		t.Fatalf("committed row not visible: %q", rows)
	}
}

var _ = sql.ErrNoRows
