package irissim

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

func oneRow(t *testing.T, s *session, q string, args ...any) string {
	t.Helper()
	rows, _ := queryAll(t, s, q, args...)
	if len(rows) != 1 {
		t.Fatalf("%s: %d rows %q", q, len(rows), rows)
	}
	return rows[0]
}

func TestDialectExpressions(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct{ q, want string }{
		{"SELECT LENGTH('ab  '), CHAR_LENGTH('ab  '), LENGTH(''), LENGTH(NULL)", "2|4|0|NULL"},
		{"SELECT 7 \\ 2, 7 # 3, MOD(7, 3), POWER(2, 10)", "3|1|1|1024"},
		{"SELECT 'a' || 'b', CONCAT('x', 'y'), UPPER('é'), LOWER('AB')", "ab|xy|É|ab"},
		{"SELECT SUBSTRING('hello', 2, 3), LEFT('hello', 2), RIGHT('hello', 2), TRIM('  x  ')", "ell|he|lo|x"},
		{"SELECT %SQLUPPER('ab '), COALESCE(NULL, 'z'), NULLIF(1, 1), CASE WHEN 1 = 1 THEN 'y' ELSE 'n' END", " AB|z|NULL|y"},
		{"SELECT CAST('12' AS INTEGER) + 1, CAST(3 AS VARCHAR(5)) || 'x', CAST('2.5' AS DOUBLE)", "13|3x|2.5"},
		{"SELECT 7 / 2, CAST('abcdef' AS VARCHAR(3)), CAST(2.567 AS NUMERIC(5,2)), CAST('2024-05-01 10:00:00' AS DATE)", "3.5|abc|2.57|2024-05-01"},
		{"SELECT $USERNAME, $NAMESPACE, $JOB, $TLEVEL", "_SYSTEM|USER|4242|0"},
		{"SELECT 'abc' %STARTSWITH 'AB', 'abc' %STARTSWITH 'x%'", "1|0"},
		{"SELECT 1 WHERE 'Abc' = 'abc'", ""},
		{"SELECT VECTOR_DOT_PRODUCT(TO_VECTOR('1,2,3', INT), TO_VECTOR('[4,5,6]', DOUBLE))", "32"},
	} {
		rows, _ := queryAll(t, s, c.q)
		got := strings.Join(rows, ";")
		if got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	h := oneRow(t, s, "SELECT $HOROLOG, $ZTIMESTAMP, $ZVERSION")
	if !regexp.MustCompile(`^\d{5},\d{1,5}\|\d{5},\d{1,5}\.\d{3}\|IRIS for UNIX 2025\.1$`).MatchString(h) {
		t.Fatalf("special variables = %q", h)
	}
	if got := oneRow(t, s, "SELECT GETDATE(), CURRENT_DATE"); !regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\|\d{4}-\d\d-\d\d$`).MatchString(got) {
		t.Fatalf("dates = %q", got)
	}
	wantCode(t, s, -1, "SELECT $NOSUCHVAR")
	wantCode(t, s, -1, "SELECT 1 FROM t WHERE x IS TRUE")
}

func TestDialectCollationAndGrouping(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE P (Name VARCHAR(20), Code VARCHAR(5) COLLATE %EXACT)")
	for _, v := range []string{"Alice", "alice", "Bob", "bob  "} {
		if _, err := s.execute(context.Background(), "INSERT INTO P (Name, Code) VALUES (:%qpar(1), :%qpar(1))", []any{v}); err != nil {
			t.Fatal(err.Text())
		}
	}
	if got := oneRow(t, s, "SELECT COUNT(*) FROM P WHERE Name = 'ALICE'"); got != "2" {
		t.Fatalf("SQLUPPER '=' matched %s rows", got)
	}
	if got := oneRow(t, s, "SELECT COUNT(*) FROM P WHERE Name = 'bob'"); got != "2" {
		t.Fatalf("trailing blanks: %s rows", got)
	}
	if got := oneRow(t, s, "SELECT COUNT(*) FROM P WHERE Code = 'alice'"); got != "1" {
		t.Fatalf("%%EXACT column matched %s rows", got)
	}
	if got := oneRow(t, s, "SELECT COUNT(DISTINCT Name) FROM P"); got != "2" {
		t.Fatalf("DISTINCT over SQLUPPER = %s", got)
	}
	if got := oneRow(t, s, "SELECT COUNT(DISTINCT %EXACT(Name)) FROM P"); got != "4" {
		t.Fatalf("DISTINCT %%EXACT = %s", got)
	}
	res, err := s.execute(context.Background(), "SELECT Name, COUNT(*) FROM P GROUP BY Name", nil)
	if err != nil {
		t.Fatal(err.Text())
	}
	res.rows.Close()
	if !res.cols[0].upper || res.cols[1].upper {
		t.Fatalf("GROUP BY column not marked for upper-casing: %+v", res.cols)
	}
	rows, _ := queryAll(t, s, "SELECT Name FROM P WHERE Name LIKE 'AL%' ORDER BY %EXACT(Name)")
	if strings.Join(rows, ",") != "Alice,alice" {
		t.Fatalf("LIKE/ORDER BY %%EXACT = %q", rows)
	}
	if got := oneRow(t, s, "SELECT LIST(Name) FROM (SELECT TOP 2 Name FROM P ORDER BY %EXACT(Name))"); got != "Alice,Bob" {
		t.Fatalf("LIST = %q", got)
	}
	rows, _ = queryAll(t, s, "SELECT Name FROM P WHERE Name = 'alice' UNION ALL SELECT 'x'")
	if len(rows) != 3 {
		t.Fatalf("UNION ALL = %q", rows)
	}
}

func TestDialectInsertOrUpdateAndCounters(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s,
		"CREATE TABLE K (ID BIGINT IDENTITY, Code VARCHAR(5) UNIQUE, Qty INTEGER, Seq INTEGER AUTO_INCREMENT)",
		"INSERT OR UPDATE INTO K (Code, Qty) VALUES ('a', 1)",
		"INSERT OR UPDATE INTO K (Code, Qty) VALUES ('A', 5)",
		"INSERT INTO K (Code, Qty, Seq) VALUES ('b', 2, 40)",
		"INSERT INTO K (Code, Qty, Seq) VALUES ('c', 3, 0)",
		"INSERT INTO K SET Code = 'd', Qty = 4",
	)
	rows, _ := queryAll(t, s, "SELECT Code, Qty, Seq FROM K ORDER BY ID")
	// Explicit AUTO_INCREMENT values are kept and do not move the counter.
	if strings.Join(rows, ";") != "A|5|1;b|2|40;c|3|2;d|4|3" {
		t.Fatalf("rows = %q", rows)
	}
	wantCode(t, s, -120, "UPDATE K SET Code = 'B' WHERE Code = 'c'")
	wantCode(t, s, -107, "UPDATE K SET ID = 9")
	wantCode(t, s, -105, "UPDATE K SET Seq = 9")
	wantCode(t, s, -377, "INSERT INTO K (Code, Code) VALUES ('x', 'y')")
	wantCode(t, s, -116, "INSERT INTO K (Code, Qty) VALUES ('x')")
	mustExec(t, s, "TRUNCATE TABLE K", "INSERT INTO K (Code) VALUES ('z')")
	if got := oneRow(t, s, "SELECT ID, LAST_IDENTITY(), Seq FROM K"); got != "1|1|1" {
		t.Fatalf("after TRUNCATE = %q", got)
	}
	mustExec(t, s, "CREATE TABLE Src (v VARCHAR(5))", "INSERT INTO Src (v) VALUES ('p')", "INSERT INTO Src (v) VALUES ('q')",
		"INSERT INTO K (Code, Qty) SELECT v, 7 FROM Src")
	if got := oneRow(t, s, "SELECT COUNT(*) FROM K WHERE Qty = 7"); got != "2" {
		t.Fatalf("INSERT SELECT inserted %s", got)
	}
	mustExec(t, s, "CREATE TABLE Long (v VARCHAR(10))", "INSERT INTO Long (v) VALUES ('0123456789')")
	wantCode(t, s, -104, "INSERT INTO K (Code) SELECT v FROM Long")
}

func TestDialectAlterTable(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s,
		"CREATE TABLE A (x INTEGER)",
		"INSERT INTO A (x) VALUES (1)",
		"INSERT INTO A (x) VALUES (1)",
		"ALTER TABLE A ADD COLUMN y VARCHAR(3) DEFAULT 'd'",
		"ALTER TABLE A ADD z INTEGER NOT NULL DEFAULT 0",
	)
	if got := oneRow(t, s, "SELECT COUNT(*), MIN(y), MIN(z) FROM A"); got != "2|d|0" {
		t.Fatalf("after ADD COLUMN = %q", got)
	}
	wantCode(t, s, -108, "INSERT INTO A (x, z) VALUES (2, NULL)")
	wantCode(t, s, -125, "ALTER TABLE A ADD CONSTRAINT AX UNIQUE (x)")
	mustExec(t, s, "DELETE FROM A WHERE y = 'd'", "ALTER TABLE A ADD CONSTRAINT AX UNIQUE (x)", "INSERT INTO A (x) VALUES (1)")
	wantCode(t, s, -119, "INSERT INTO A (x) VALUES (1)")
	wantCode(t, s, -311, "ALTER TABLE A ADD CONSTRAINT AX UNIQUE (y)")
	mustExec(t, s, "ALTER TABLE A DROP CONSTRAINT AX", "INSERT INTO A (x) VALUES (1)")
	wantCode(t, s, -315, "ALTER TABLE A DROP CONSTRAINT AX")
	mustExec(t, s, "ALTER TABLE A DROP COLUMN y")
	wantCode(t, s, -29, "SELECT y FROM A")
	mustExec(t, s, "CREATE INDEX AZ ON A (z)", "DROP INDEX AZ", "CREATE INDEX AZ ON A (z)", "DROP INDEX A.AZ",
		"CREATE SCHEMA S2", "CREATE TABLE S2.B (q INTEGER)", "CREATE INDEX BQ ON S2.B (q)", "DROP INDEX S2.BQ")
	wantCode(t, s, -333, "DROP INDEX AZ")
	mustExec(t, s, "CREATE VIEW V AS SELECT x FROM A", "DROP VIEW V")
	wantCode(t, s, -30, "DROP VIEW V")
	wantCode(t, s, -1, "ALTER TABLE A ADD CHECK (x > 0)")
	mustExec(t, s, "CREATE TABLE Parent (ID BIGINT IDENTITY, n INTEGER)", "CREATE TABLE Child (p BIGINT)",
		"INSERT INTO Child (p) VALUES (5)")
	wantCode(t, s, -127, "ALTER TABLE Child ADD CONSTRAINT CP FOREIGN KEY (p) REFERENCES Parent")
	mustExec(t, s, "DELETE FROM Child", "ALTER TABLE Child ADD CONSTRAINT CP FOREIGN KEY (p) REFERENCES Parent")
	wantCode(t, s, -121, "INSERT INTO Child (p) VALUES (5)")
	wantCode(t, s, -320, "DROP TABLE Parent")
}

func TestDialectCommitModeExplicit(t *testing.T) {
	s, ns := newTestSession(t)
	other := newTestSessionOn(t, ns)
	mustExec(t, s, "CREATE TABLE E (n INTEGER)", "SET TRANSACTION %COMMITMODE EXPLICIT", "INSERT INTO E (n) VALUES (1)")
	if got := oneRow(t, s, "SELECT $TLEVEL"); got != "1" {
		t.Fatalf("EXPLICIT mode did not open a transaction: $TLEVEL %s", got)
	}
	if got := oneRow(t, other, "SELECT COUNT(*) FROM E"); got != "0" {
		t.Fatalf("uncommitted row visible: %s", got)
	}
	mustExec(t, s, "ROLLBACK", "SET TRANSACTION %COMMITMODE IMPLICIT", "INSERT INTO E (n) VALUES (2)")
	if got := oneRow(t, other, "SELECT COUNT(*) FROM E"); got != "1" {
		t.Fatalf("IMPLICIT mode row not committed: %s", got)
	}
}

func TestPrepareTypesParameters(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE Q (a INTEGER, b NUMERIC(5,2), c VARCHAR(7))")
	cols, params, err := s.describe(context.Background(), "SELECT a, c AS cc, COUNT(*) AS n, 1.50 AS k FROM Q WHERE b > :%qpar(1) AND c = :%qpar(2) GROUP BY a, c")
	if err != nil {
		t.Fatal(err.Text())
	}
	if len(cols) != 4 || cols[0].typ.ODBC != odbcInteger || cols[1].name != "cc" || cols[1].typ.MaxLen != 7 ||
		cols[2].typ.ODBC != odbcBigInt || cols[3].typ.ODBC != odbcNumeric || cols[3].typ.Scale != 2 {
		t.Fatalf("cols = %+v", cols)
	}
	if len(params) != 2 || params[0].ODBC != odbcNumeric || params[0].Scale != 2 || params[1].MaxLen != 7 {
		t.Fatalf("params = %+v", params)
	}
	params, err = s.prepareStatement(context.Background(), "UPDATE Q SET c = :%qpar(1) WHERE a = :%qpar(2)")
	if err != nil || len(params) != 2 || params[0].ODBC != odbcVarchar || params[1].ODBC != odbcInteger {
		t.Fatalf("update params = %+v %v", params, err)
	}
	if _, err := s.prepareStatement(context.Background(), "INSERT INTO Nope (a) VALUES (:%qpar(1))"); err == nil || err.Code != -30 {
		t.Fatalf("PP of unknown table: %v", err)
	}
	if _, err := s.prepareStatement(context.Background(), "DELETE FROM Q WHERE zz = 1"); err == nil || err.Code != -29 {
		t.Fatalf("PP of unknown field: %v", err)
	}
	if got := oneRow(t, s, "SELECT COUNT(*) FROM Q"); got != "0" {
		t.Fatalf("prepare ran the statement: %s rows", got)
	}
}

func TestDialectDateAndMathFunctions(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct{ q, want string }{
		{"SELECT DATEADD('dd', 3, '2024-02-27'), DATEADD(month, 1, '2024-01-31 10:00:00')", "2024-03-01 00:00:00|2024-02-29 10:00:00"},
		// IRIS's DATEADD reference: the highest valid day of the month, leap years counted.
		{"SELECT DATEADD('mm', 1, '2023-01-31'), DATEADD('yy', 1, '2024-02-29'), DATEADD('yy', 4, '2024-02-29'), DATEADD('qq', -1, '2024-05-31'), DATEADD('mm', -14, '2024-03-31')", "2023-02-28 00:00:00|2025-02-28 00:00:00|2028-02-29 00:00:00|2024-02-29 00:00:00|2023-01-31 00:00:00"},
		// Milliseconds and microseconds (the DATEADD table: "precision of 3", "of 6").
		{"SELECT DATEADD('ms', 1500, '1970-01-01 00:00:00'), DATEADD('mcs', -250, DATEADD('s', 2, '1970-01-01 00:00:00'))", "1970-01-01 00:00:01.5|1970-01-01 00:00:01.99975"},
		{"SELECT DATEDIFF('dd', '2024-01-01', '2024-03-01'), DATEDIFF('yy', '2023-12-31', '2024-01-01'), DATEDIFF('s', '1970-01-01 00:00:00', '1970-01-02 00:00:00')", "60|1|86400"},
		{"SELECT DATEPART('yyyy', '2024-05-17'), DATEPART('dw', '2024-05-17'), DATEPART('q', '2024-05-17'), DATEPART('hh', '2024-05-17 13:45:00')", "2024|6|2|13"},
		{"SELECT LPAD('7', 3, '0'), RPAD('ab', 4), {fn TRUNCATE(3.789, 1)}, ROUND(2.5, 0)", "007|ab  |3.7|3"},
		{"SELECT GREATEST(1, 5, 2), LEAST(3, 4), ABS(-2), CEILING(1.2), FLOOR(1.8), SQRT(16), POWER(2, 3)", "5|3|2|2|1|4|8"},
		{"SELECT TRIM(LEADING 'x' FROM 'xxaxx'), TRIM(TRAILING 'x' FROM 'xxaxx'), TRIM(BOTH FROM '  a  '), {fn LEFT('hello', 3)}", "axx|xxa|a|hel"},
		{"SELECT STDDEV_POP(v), VAR_SAMP(v) FROM (SELECT 2 AS v UNION ALL SELECT 4 UNION ALL SELECT 4 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 5 UNION ALL SELECT 7 UNION ALL SELECT 9)", "2|4.571428571428571"},
	} {
		if got := oneRow(t, s, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	wantCode(t, s, -8, "SELECT DATEADD('fortnight', 1, '2024-01-01')")
	wantCode(t, s, -8, "SELECT DATEDIFF('mcs', '2024-01-01', '2024-01-02')")
	wantCode(t, s, -1, "SELECT {d '2024-01-01'}")
	wantCode(t, s, -1, "SELECT TRUNCATE(3.789, 1)")
	wantCode(t, s, -1, "SELECT PERCENT_RANK() OVER (ORDER BY 1)")
	wantCode(t, s, -1, "SELECT COUNT(*) FILTER (WHERE 1 = 1)")
	if got := oneRow(t, s, "SELECT ROW_NUMBER() OVER (ORDER BY 1)"); got != "1" {
		t.Errorf("ROW_NUMBER() OVER = %q", got)
	}
}

func TestExpressionColumnNames(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE Q (a INTEGER)")
	mustExec(t, s, "ALTER TABLE Q ADD COLUMN p NUMERIC(6,2)")
	cols, _, err := s.describe(context.Background(), "SELECT a, a + 1, COUNT(*), MAX(a) AS m, Q.a, %ID, p * 2 AS p2, a / 2 AS h, 'x' || a AS s FROM Q GROUP BY a")
	if err != nil {
		t.Fatal(err.Text())
	}
	var names []string
	for _, c := range cols {
		names = append(names, c.name)
	}
	if strings.Join(names, ",") != "a,Expression_2,Aggregate_3,m,a,ID,p2,h,s" {
		t.Fatalf("names = %v", names)
	}
	if cols[1].typ.ODBC != odbcInteger || cols[2].typ.ODBC != odbcBigInt || cols[6].typ.ODBC != odbcNumeric ||
		cols[6].typ.Scale != 2 || cols[7].typ.ODBC != odbcDouble || cols[8].typ.ODBC != odbcVarchar {
		t.Fatalf("types = %+v", cols)
	}
}

// TestUnionLimitBinding: TOP belongs to its leg; a trailing LIMIT without
// ORDER BY limits only the last leg; after ORDER BY it limits the union.
func TestUnionLimitBinding(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE U3 (n INTEGER)")
	for _, v := range []string{"1", "2", "3"} {
		mustExec(t, s, "INSERT INTO U3 (n) VALUES ("+v+")")
	}
	for _, c := range []struct {
		q    string
		rows int
	}{
		{"SELECT TOP 1 n FROM U3 UNION ALL SELECT n FROM U3", 4},
		{"SELECT n FROM U3 UNION ALL SELECT n FROM U3 LIMIT 1", 4},
		{"SELECT n FROM U3 UNION ALL SELECT n FROM U3 ORDER BY n LIMIT 1", 1},
		{"SELECT n FROM U3 UNION ALL SELECT TOP 2 n FROM U3", 5},
	} {
		rows, _ := queryAll(t, s, c.q)
		if len(rows) != c.rows {
			t.Errorf("%s: %d rows, want %d", c.q, len(rows), c.rows)
		}
	}
}

// A zero divisor fails in IRIS (<DIVIDE>); SQLite alone would answer NULL.
func TestDivisionByZero(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE dv (a INTEGER, b INTEGER)")
	mustExec(t, s, "INSERT INTO dv (a, b) VALUES (6, 0)")
	for _, q := range []string{"SELECT 1/0", "SELECT 1 \\ 0", "SELECT 1.5/0.0", "SELECT a/b FROM dv", "SELECT dv.a/dv.b FROM dv", "SELECT a/(b*2) FROM dv",
		"SELECT a/'0' FROM dv", "SELECT a/'abc' FROM dv", "SELECT MOD(5, 0)", "SELECT MOD(a, b) FROM dv", "SELECT {fn MOD(a, b)} FROM dv"} {
		wantCode(t, s, -400, q)
	}
	// A parameter bound as text divides like the number it stands for.
	for _, zero := range []any{"0", "0.0", "-0", "x"} {
		wantCode(t, s, -400, "SELECT a/:%qpar(1) FROM dv", zero)
	}
	if got := oneRow(t, s, "SELECT a/:%qpar(1) FROM dv", "4abc"); got != "1.5" {
		t.Errorf("6/'4abc' = %q, want 1.5", got)
	}
	for q, want := range map[string]string{
		"SELECT 7/2": "3.5", "SELECT 1/(1+1)": "0.5", "SELECT 10/-4": "-2.5", "SELECT 3 * 4 / 2 + 1": "7",
		"SELECT 1/NULL": "NULL", "SELECT 7 \\ 2": "3", "SELECT MOD(-7, 3)": "-1", "SELECT MOD(7, -3)": "1", "SELECT MOD(a, NULL) FROM dv": "NULL", "SELECT a/(b+3) FROM dv": "2", "SELECT ABS(a)/2 FROM dv": "3",
	} {
		if got := oneRow(t, s, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
}

// TestAggregateResultTypes: SUM/MIN/MAX (and value window functions) report the
// type IRIS documents, derived from the argument, not from the first value.
func TestAggregateResultTypes(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE G (a INTEGER, b BIGINT, p NUMERIC(10,2), f DOUBLE, d DATE)")
	cols, _, err := s.describe(context.Background(), "SELECT SUM(a), SUM(b), SUM(p), SUM(f), MAX(p), MIN(d), SUM(p) OVER (ORDER BY a), LAG(p, 1, 0) OVER (ORDER BY a), SUM(DISTINCT p * 2), ABS(-p) FROM G")
	if err != nil {
		t.Fatal(err.Text())
	}
	want := []struct{ odbc, prec, scale int }{
		{odbcInteger, 10, 0}, {odbcBigInt, 19, 0}, {odbcNumeric, 18, 2}, {odbcDouble, 15, 0},
		{odbcNumeric, 10, 2}, {odbcDate, -1, 0}, {odbcNumeric, 18, 2}, {odbcNumeric, 10, 2}, {odbcNumeric, 18, 2}, {odbcNumeric, -1, 2},
	}
	for i, w := range want {
		c := cols[i].typ
		if c.ODBC != w.odbc || c.Scale != w.scale || w.prec >= 0 && c.Precision != w.prec {
			t.Errorf("column %d: %+v, want %+v", i+1, c, w)
		}
	}
}

// CEILING and FLOOR return their argument's type with a scale of 0 (RSQL_ceiling), so a
// NUMERIC result is a decimal, never a float's -0.
func TestCeilingFloorTypes(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE CF (a INTEGER, p NUMERIC(10,2), f DOUBLE)")
	cols, _, err := s.describe(context.Background(), "SELECT CEILING(p), FLOOR(p), CEILING(f), FLOOR(a) FROM CF")
	if err != nil {
		t.Fatal(err.Text())
	}
	want := []struct{ odbc, scale int }{{odbcNumeric, 0}, {odbcNumeric, 0}, {odbcDouble, 0}, {odbcInteger, 0}}
	for i, w := range want {
		if c := cols[i].typ; c.ODBC != w.odbc || c.Scale != w.scale {
			t.Errorf("column %d: %+v, want %+v", i+1, c, w)
		}
	}
}

// COALESCE, GREATEST/LEAST and CASE are typed from their arguments (the highest
// precedence, RSQL_greatest), not from the first row: an integral first value of a
// NUMERIC column must not make the column INTEGER and fail the next row.
func TestUnionTypes(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE UT (id INTEGER, p NUMERIC(10,2), q INTEGER, f DOUBLE, v VARCHAR(5), d DATE)")
	cols, _, err := s.describe(context.Background(), "SELECT COALESCE(p, 0), GREATEST(COALESCE(p, 30), 30), CASE WHEN id > 0 THEN p END, "+
		"COALESCE(q, 0), COALESCE(f, p), IFNULL(v, 'x'), CASE WHEN id = 1 THEN 'a' ELSE NULL END, COALESCE(d, CURRENT_DATE), COALESCE(d, q), "+
		"COALESCE(30, p), COALESCE(p, q, 0) FROM UT")
	if err != nil {
		t.Fatal(err.Text())
	}
	want := []struct{ odbc, scale int }{{odbcNumeric, 2}, {odbcNumeric, 2}, {odbcNumeric, 2}, {odbcInteger, 0}, {odbcDouble, 0},
		{odbcVarchar, 0}, {odbcVarchar, 0}, {odbcDate, 0}, {odbcVarchar, 0}, {odbcVarchar, 0}, {odbcVarchar, 0}}
	for i, w := range want {
		if c := cols[i].typ; c.ODBC != w.odbc || c.Scale != w.scale {
			t.Errorf("column %d: %+v, want %+v", i+1, c, w)
		}
	}
	mustExec(t, s, "INSERT INTO UT (id, p) VALUES (1, 100)")
	mustExec(t, s, "INSERT INTO UT (id, p) VALUES (2, 50.25)")
	res, qerr := s.execute(context.Background(), "SELECT COALESCE(p, 0) FROM UT ORDER BY id", nil)
	if qerr != nil {
		t.Fatal(qerr.Text())
	}
	res.rows.Close()
	if c := res.cols[0].typ; c.ODBC != odbcNumeric || c.Scale != 2 {
		t.Errorf("COALESCE(p, 0) over an integral first row: %+v", c)
	}
}

// A view's computed columns are typed when it is created (SUM of a NUMERIC(8,2) is
// NUMERIC(18,2)), and a query over the view reports those types, not the first row's.
func TestViewColumnTypes(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE VT (id INTEGER, grp INTEGER, amt NUMERIC(8,2))")
	mustExec(t, s, "INSERT INTO VT (id, grp, amt) VALUES (1, NULL, 5)")
	mustExec(t, s, "INSERT INTO VT (id, grp, amt) VALUES (2, 1, 20.5)")
	mustExec(t, s, "CREATE VIEW VS AS SELECT grp, COUNT(*) AS n, SUM(amt) AS total FROM VT GROUP BY grp")
	for _, q := range []string{"SELECT * FROM VS ORDER BY grp", "SELECT total, n FROM VS", "SELECT v.total FROM VS v"} {
		res, err := s.execute(context.Background(), q, nil)
		if err != nil {
			t.Fatal(err.Text())
		}
		res.rows.Close()
		for _, c := range res.cols {
			want := map[string]int{"GRP": odbcInteger, "N": odbcBigInt, "TOTAL": odbcNumeric}[upperIdent(c.name)]
			if !c.typed || c.typ.ODBC != want || c.name == "total" && c.typ.Scale != 2 {
				t.Errorf("%s: column %s typed %v as %+v", q, c.name, c.typed, c.typ)
			}
		}
	}
}

// A literal in exponent form is typed with the scale of its decimal form: 1e-5 is
// .00001 (scale 5), not a NUMERIC of scale 0 that would show it as 0.
func TestExponentLiteralType(t *testing.T) {
	s, _ := newTestSession(t)
	cols, _, err := s.describe(context.Background(), "SELECT 1e-5, 2.5E3, 1.25")
	if err != nil {
		t.Fatal(err.Text())
	}
	for i, want := range []int{5, 0, 2} {
		if c := cols[i].typ; c.ODBC != odbcNumeric || c.Scale != want {
			t.Errorf("column %d: %+v, want NUMERIC scale %d", i+1, c, want)
		}
	}
}

// A scalar subquery is typed as its select item: MAX of a NUMERIC(8,2) whose first
// value is a whole number must stay NUMERIC for the rows after it.
func TestScalarSubqueryType(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE SQ (id INTEGER, amt NUMERIC(8,2))")
	mustExec(t, s, "INSERT INTO SQ (id, amt) VALUES (1, 100)")
	mustExec(t, s, "INSERT INTO SQ (id, amt) VALUES (2, 50.25)")
	res, err := s.execute(context.Background(), "SELECT id, (SELECT MAX(b.amt) FROM SQ b WHERE b.id = a.id) AS m, (SELECT b.amt FROM SQ b WHERE b.id = a.id) FROM SQ a ORDER BY id", nil)
	if err != nil {
		t.Fatal(err.Text())
	}
	res.rows.Close()
	for _, c := range res.cols[1:] {
		if c.typ.ODBC != odbcNumeric || c.typ.Scale != 2 {
			t.Errorf("%s: %+v, want NUMERIC scale 2", c.name, c.typ)
		}
	}
}

// TestDerivedTableResultTypes: a column computed in a WITH query or a derived
// table keeps its type in the outer query, qualified or not.
func TestDerivedTableResultTypes(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE G (a INTEGER, p NUMERIC(10,2))")
	for _, q := range []string{
		"WITH s AS (SELECT a, SUM(p) AS total FROM G GROUP BY a) SELECT a, total FROM s",
		"WITH s AS (SELECT a, SUM(p) AS total FROM G GROUP BY a), u AS (SELECT x.total FROM s x) SELECT a, u.total FROM u, G",
		"SELECT a, d.total FROM (SELECT SUM(p) AS total FROM G) AS d, G",
		"SELECT a, total FROM (SELECT MAX(p) total FROM G) d, G",
		"SELECT * FROM (SELECT a, g.p AS total FROM G g UNION ALL SELECT NULL, NULL) AS s",
	} {
		cols, _, err := s.describe(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %s", q, err.Text())
		}
		if c := cols[1].typ; c.ODBC != odbcNumeric || c.Scale != 2 {
			t.Errorf("%s: total is %+v", q, c)
		}
	}
}

// TestRoundAndTimeCasts: ROUND with negative scales, and CASTs that keep part of a
// time stamp.
func TestRoundAndTimeCasts(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct{ q, want string }{
		{"SELECT CAST(CAST('2024-01-15 10:20:30' AS TIMESTAMP) AS TIME), CAST(CAST('2024-01-15 10:20:30' AS TIMESTAMP) AS DATE)", "10:20:30|2024-01-15"},
		{"SELECT ROUND(1234.5678, -2), ROUND(1250, -2), ROUND(-1250, -2), ROUND(49, -2), ROUND(51, -2)", "1200|1300|-1300|0|100"},
		{"SELECT ROUND(2.675, 2), ROUND(-2.5, 0), ROUND(2.5, 0), ROUND(0.05, 1), ROUND(7, 2), ROUND(123.456, 5)", "2.68|-3|3|0.1|7|123.456"},
	} {
		if got := oneRow(t, s, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
}

// TestPieceFunction: $PIECE is an IRIS SQL function; an empty piece is
// ObjectScript's "", which SQL returns as NULL.
func TestPieceFunction(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct{ q, want string }{
		{"SELECT $PIECE('a@b.c', '@', 2), $PIECE('a,b,c', ','), $PIECE('a,b,c', ',', 2, 3), $PIECE('a::b', '::', 2)", "b.c|a|b,c|b"},
		{"SELECT $PIECE('a,,c', ',', 2), $PIECE('a,b', ',', 5), $PIECE(NULL, ',', 1), $PIECE('abc', '', 1)", "NULL|NULL|NULL|NULL"},
	} {
		if got := oneRow(t, s, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	wantCode(t, s, -1, "SELECT $NOSUCHVAR")
}

// TestCastToTimestampIsStrict: IRIS reads a string cast to TIMESTAMP in the ODBC form only.
func TestCastToTimestampIsStrict(t *testing.T) {
	s, _ := newTestSession(t)
	for q, want := range map[string]string{
		"SELECT CAST('2024-01-02 03:04:05' AS TIMESTAMP)":    "2024-01-02 03:04:05",
		"SELECT CAST('2024-01-02 03:04:05.25' AS TIMESTAMP)": "2024-01-02 03:04:05.25",
		"SELECT CAST('2024-01-02' AS TIMESTAMP)":             "2024-01-02 00:00:00",
		"SELECT CAST(NULL AS TIMESTAMP)":                     "NULL",
	} {
		if got := oneRow(t, s, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	for _, q := range []string{"SELECT CAST('2024-01-02T03:04:05' AS TIMESTAMP)", "SELECT CAST('2024-01-02 03:04:05+02:00' AS TIMESTAMP)", "SELECT CAST('soon' AS TIMESTAMP)"} {
		wantCode(t, s, -146, q)
	}
}
