package irissim

import (
	"strings"
	"testing"
)

// CAST to DATE reads only the ODBC form (a time stamp keeps its date) and fails with
// -146 otherwise; CAST to TIME(p) keeps p fraction digits, TIME none, and fails with
// -147 for what is no time. SQLite's date() and time() would answer NULL.
func TestDateTimeCasts(t *testing.T) {
	s, _ := newTestSession(t)
	rows, _ := queryAll(t, s, "SELECT CAST('2024-01-02' AS DATE), CAST('2024-01-02 10:11:12.5' AS DATE), "+
		"CAST('12:34:56.789' AS TIME), CAST('12:34:56.789' AS TIME(3)), CAST('12:34:56.789' AS TIME(2)), "+
		"CAST('2024-01-02 10:11:12.25' AS TIME(6)), CAST(NULL AS DATE), CAST(NULL AS TIME(3))")
	if want := "2024-01-02|2024-01-02|12:34:56|12:34:56.789|12:34:56.78|10:11:12.25|NULL|NULL"; strings.Join(rows, ";") != want {
		t.Errorf("got %v, want %s", rows, want)
	}
	wantCode(t, s, -146, "SELECT CAST('01/02/2024' AS DATE)")
	wantCode(t, s, -146, "SELECT CAST('2024-1-2' AS DATE)")
	wantCode(t, s, -147, "SELECT CAST('noon' AS TIME)")
}

// A table or view that a view references cannot be dropped (-321, IRIS's default
// RESTRICT); nothing is dropped.
func TestDropWithDependentViews(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s,
		"CREATE TABLE Base (id INTEGER, v INTEGER)",
		"CREATE TABLE Other (id INTEGER)",
		"CREATE VIEW BaseV AS SELECT id, v FROM Base",
		"CREATE VIEW BaseV2 AS SELECT id FROM BaseV",
	)
	if e := wantCode(t, s, -321, "DROP TABLE Base"); e.Msg != "Cannot DROP table 'SQLUser.Base': view 'SQLUser.BaseV' references it" {
		t.Errorf("DROP TABLE: %s", e.Msg)
	}
	if e := wantCode(t, s, -321, "DROP VIEW BaseV"); e.Msg != "Cannot DROP view 'SQLUser.BaseV': view 'SQLUser.BaseV2' references it" {
		t.Errorf("DROP VIEW: %s", e.Msg)
	}
	queryAll(t, s, "SELECT * FROM BaseV2")
	mustExec(t, s, "DROP TABLE Other", "DROP VIEW BaseV2", "DROP VIEW BaseV", "DROP TABLE Base")
}

// A subquery used as a value fails when it returns more than one row (the strict
// reading; SQLite takes the first), whether it is correlated or not; IN, EXISTS,
// quantified comparisons and derived tables are not affected.
func TestScalarSubqueryRows(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s,
		"CREATE TABLE Sq (id INTEGER, g INTEGER, v VARCHAR(5))",
		"INSERT INTO Sq VALUES (1, 1, 'a')", "INSERT INTO Sq VALUES (2, 1, 'b')", "INSERT INTO Sq VALUES (3, 2, 'c')",
	)
	rows, _ := queryAll(t, s, "SELECT id, (SELECT v FROM Sq z WHERE z.g = Sq.g AND z.id <> Sq.id), (SELECT TOP 1 v FROM Sq ORDER BY id) FROM Sq "+
		"WHERE id IN (SELECT id FROM Sq) AND EXISTS (SELECT 1 FROM Sq) AND g = ANY (SELECT g FROM Sq) AND id = (SELECT z.id FROM Sq z WHERE z.id = Sq.id) ORDER BY id")
	if want := "1|b|a;2|a|a;3|NULL|a"; strings.Join(rows, ";") != want {
		t.Errorf("got %v, want %s", rows, want)
	}
	for _, q := range []string{
		"SELECT (SELECT v FROM Sq WHERE g = 1)",
		"SELECT id FROM Sq WHERE g = (SELECT g FROM Sq WHERE id < 3)",
		"SELECT id, (SELECT v FROM Sq z WHERE z.g = Sq.g) FROM Sq",
		"UPDATE Sq SET v = (SELECT v FROM Sq WHERE g = 1) WHERE id = 3",
	} {
		if e := wantCode(t, s, -400, q); !strings.Contains(e.Msg, "more than one row returned by a subquery") {
			t.Errorf("%s: %s", q, e.Msg)
		}
	}
}

// Math functions refuse arguments outside their domain with -400 <ILLEGAL VALUE>, as
// IRIS's reference says for SQRT and POWER (SQLite would answer NULL or Infinity).
func TestMathDomainErrors(t *testing.T) {
	s, _ := newTestSession(t)
	for _, q := range []string{
		"SELECT SQRT(-1)", "SELECT LOG(0)", "SELECT LOG(-2.5)", "SELECT LOG10(0)",
		"SELECT POWER(0, -1)", "SELECT POWER(-8, 0.5)",
	} {
		if e := wantCode(t, s, -400, q); e.Msg != "Unexpected error occurred: <ILLEGAL VALUE>" {
			t.Errorf("%s: %s", q, e.Msg)
		}
	}
	mustExec(t, s, "SELECT SQRT(0), LOG(1), POWER(-2, 3), POWER(0, 0), SQRT(NULL), POWER(NULL, -1)")
}
