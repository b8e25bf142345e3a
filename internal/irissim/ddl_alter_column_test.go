package irissim

import "testing"

// ALTER [COLUMN] f NULL | NOT NULL | datatype: what Django's migrations of
// contenttypes and auth send (DROP NOT NULL, varchar lengths).
func TestAlterColumnNullAndType(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE ac (id INTEGER NOT NULL, name VARCHAR(3) NOT NULL, n INTEGER, amt NUMERIC(5,2), CONSTRAINT ac_pk PRIMARY KEY (id))")
	mustExec(t, s, "ALTER TABLE ac ADD COLUMN extra VARCHAR(5) NOT NULL DEFAULT 'x'")
	mustExec(t, s, "INSERT INTO ac (id, name, n, amt) VALUES (1, 'abc', 5, 999.99)")
	wantCode(t, s, -104, "INSERT INTO ac (id, name) VALUES (2, 'abcd')")

	mustExec(t, s, "ALTER TABLE ac ALTER COLUMN name VARCHAR(10)")
	mustExec(t, s, "INSERT INTO ac (id, name) VALUES (2, 'abcd')")
	if got := oneRow(t, s, "SELECT CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'ac' AND COLUMN_NAME = 'name'"); got != "10" {
		t.Errorf("INFORMATION_SCHEMA shows length %q after the change", got)
	}
	wantCode(t, s, -104, "ALTER TABLE ac ALTER COLUMN name VARCHAR(3)") // 'abcd' would not fit
	wantCode(t, s, -104, "ALTER TABLE ac ALTER COLUMN amt NUMERIC(4,2)")
	mustExec(t, s, "ALTER TABLE ac ALTER COLUMN amt NUMERIC(8,2)")
	mustExec(t, s, "ALTER TABLE ac ALTER COLUMN n BIGINT")
	wantCode(t, s, -1, "ALTER TABLE ac ALTER COLUMN n VARCHAR(5)") // not simulated
	wantCode(t, s, -1, "ALTER TABLE ac ALTER COLUMN amt NUMERIC(8,3)")

	wantCode(t, s, -108, "INSERT INTO ac (id, name) VALUES (3, NULL)")
	mustExec(t, s, "ALTER TABLE ac ALTER COLUMN name NULL")
	mustExec(t, s, "INSERT INTO ac (id, name) VALUES (3, NULL)")
	mustExec(t, s, "ALTER TABLE ac ALTER extra NULL") // NOT NULL of ADD COLUMN (triggers)
	mustExec(t, s, "UPDATE ac SET extra = NULL WHERE id = 3")
	if got := oneRow(t, s, "SELECT IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'ac' AND COLUMN_NAME = 'name'"); got != "YES" {
		t.Errorf("IS_NULLABLE %q after ALTER COLUMN name NULL", got)
	}
	wantCode(t, s, -400, "ALTER TABLE ac ALTER COLUMN id NULL")
	mustExec(t, s, "CREATE TABLE ak (code VARCHAR(3), CONSTRAINT ak_pk PRIMARY KEY (code))")
	mustExec(t, s, "ALTER TABLE ak ALTER COLUMN code VARCHAR(10)") // a key column's type, not its NULL
	mustExec(t, s, "ALTER TABLE ak ALTER COLUMN code DEFAULT 'x'")
	wantCode(t, s, -400, "ALTER TABLE ak ALTER COLUMN code NULL")

	wantCode(t, s, -108, "ALTER TABLE ac ALTER COLUMN name NOT NULL") // a row has NULL
	mustExec(t, s, "UPDATE ac SET n = 0 WHERE n IS NULL")
	mustExec(t, s, "ALTER TABLE ac ALTER COLUMN n NOT NULL")
	wantCode(t, s, -108, "INSERT INTO ac (id, name, n) VALUES (4, 'z', NULL)")
	mustExec(t, s, "ALTER TABLE ac ALTER COLUMN n NULL")
	mustExec(t, s, "INSERT INTO ac (id, name, n) VALUES (4, 'z', NULL)")
	if got := oneRow(t, s, "SELECT COUNT(*) FROM ac"); got != "4" {
		t.Errorf("%s rows after the changes, want 4", got)
	}

	// DEFAULT / DROP DEFAULT, also of a column added with ALTER TABLE ADD COLUMN: the
	// rows that were there keep the value the default gave them.
	mustExec(t, s, "ALTER TABLE ac ADD COLUMN rank INTEGER NOT NULL DEFAULT 3")
	mustExec(t, s, "ALTER TABLE ac ALTER COLUMN rank DROP DEFAULT")
	if got := oneRow(t, s, "SELECT COUNT(*) FROM ac WHERE rank = 3"); got != "4" {
		t.Errorf("%s rows kept the default of the added column, want 4", got)
	}
	mustExec(t, s, "ALTER TABLE ac DROP COLUMN rank")
	mustExec(t, s, "ALTER TABLE ac ALTER COLUMN n DEFAULT 7")
	mustExec(t, s, "INSERT INTO ac (id, name) VALUES (5, 'd')")
	mustExec(t, s, "ALTER TABLE ac ALTER COLUMN extra DROP DEFAULT")
	mustExec(t, s, "UPDATE ac SET extra = 'x' WHERE extra IS NULL")
	mustExec(t, s, "ALTER TABLE ac ALTER COLUMN extra NOT NULL")
	wantCode(t, s, -108, "INSERT INTO ac (id, name) VALUES (6, 'e')") // no default for extra now
	mustExec(t, s, "ALTER TABLE ac ALTER COLUMN extra DEFAULT 'y'")
	mustExec(t, s, "INSERT INTO ac (id, name) VALUES (6, 'e')")
	if got := oneRow(t, s, "SELECT n, extra FROM ac WHERE id = 6"); got != "7|y" {
		t.Errorf("defaults gave %q, want 7|y", got)
	}
	if got := oneRow(t, s, "SELECT COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'ac' AND COLUMN_NAME = 'n'"); got != "7" {
		t.Errorf("COLUMN_DEFAULT %q, want 7", got)
	}
	mustExec(t, s, "ALTER TABLE ac ALTER COLUMN n DROP DEFAULT")
	mustExec(t, s, "INSERT INTO ac (id, name) VALUES (7, 'f')")
	if got := oneRow(t, s, "SELECT COUNT(*) FROM ac WHERE id = 7 AND n IS NULL"); got != "1" {
		t.Errorf("DROP DEFAULT left a default")
	}
}

// A column may name a data type class with parameters instead of a DDL type
// (RSQL_datatype); pgwired writes %Library.Integer(MINVAL=0, …) for CHECK (c >= 0).
func TestIntegerClassWithMinval(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE pc (id INTEGER, q %Library.Integer(MAXVAL=2147483647,MINVAL=0), w %SmallInt(MINVAL=-5, MAXVAL=5) NOT NULL)")
	mustExec(t, s, "ALTER TABLE pc ADD COLUMN b %Library.BigInt(MAXVAL=9223372036854775807,MINVAL=0)")
	mustExec(t, s, "INSERT INTO pc (id, q, w, b) VALUES (1, 0, -5, 0)")
	mustExec(t, s, "INSERT INTO pc (id, q, w) VALUES (2, NULL, 5)")
	wantCode(t, s, -104, "INSERT INTO pc (id, q, w) VALUES (3, -1, 0)")
	wantCode(t, s, -104, "INSERT INTO pc (id, q, w) VALUES (3, 1, 6)")
	wantCode(t, s, -104, "INSERT INTO pc (id, q, w, b) VALUES (3, 1, 0, -2)")
	wantCode(t, s, -105, "UPDATE pc SET q = -1 WHERE id = 1")
	if got := oneRow(t, s, "SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'pc' AND COLUMN_NAME = 'w'"); got != "smallint" {
		t.Errorf("DATA_TYPE %q, want smallint", got)
	}
	wantCode(t, s, -1, "CREATE TABLE pd (q %Library.String(MAXLEN=5))")
}

// %DESCRIPTION of a column shows in INFORMATION_SCHEMA.COLUMNS.DESCRIPTION (pgwired marks
// the TIMESTAMP columns it creates for timestamptz so).
func TestColumnDescription(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE cd (a TIMESTAMP %DESCRIPTION 'timestamptz' NOT NULL, b TIMESTAMP)")
	mustExec(t, s, "ALTER TABLE cd ADD COLUMN c TIMESTAMP %DESCRIPTION 'it''s'")
	if got := oneRow(t, s, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'cd' AND DESCRIPTION = 'timestamptz'"); got != "1" {
		t.Errorf("%s columns described timestamptz, want 1", got)
	}
	if got := oneRow(t, s, "SELECT DESCRIPTION FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'cd' AND COLUMN_NAME = 'c'"); got != "it's" {
		t.Errorf("description %q", got)
	}
	wantCode(t, s, -108, "INSERT INTO cd (b) VALUES ('2024-01-01 00:00:00')")
}
