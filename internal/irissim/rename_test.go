package irissim

import "testing"

// ALTER TABLE t ALTER [COLUMN] f RENAME g (IRIS ALTER TABLE synopsis): the data stays,
// and every constraint on the field keeps working under the new name, also foreign
// keys of other tables that reference it.
func TestAlterColumnRename(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE rp (id INTEGER NOT NULL, code VARCHAR(5), CONSTRAINT rp_pk PRIMARY KEY (id), CONSTRAINT rp_code UNIQUE (code))")
	mustExec(t, s, "CREATE TABLE rc (id INTEGER, pid INTEGER, CONSTRAINT rc_fk FOREIGN KEY (pid) REFERENCES rp (id) ON DELETE CASCADE)")
	mustExec(t, s, "ALTER TABLE rc ADD COLUMN note VARCHAR(5) NOT NULL DEFAULT 'x'")
	mustExec(t, s, "INSERT INTO rp (id, code) VALUES (1, 'a')")
	mustExec(t, s, "INSERT INTO rc (id, pid) VALUES (10, 1)")

	mustExec(t, s, "ALTER TABLE rp ALTER COLUMN id RENAME pid")
	mustExec(t, s, "ALTER TABLE rp ALTER code RENAME tag")
	mustExec(t, s, "ALTER TABLE rc ALTER COLUMN note RENAME remark")
	mustExec(t, s, "ALTER TABLE rc ALTER COLUMN pid RENAME parent")

	if got := oneRow(t, s, "SELECT pid, tag FROM rp"); got != "1|a" {
		t.Errorf("renamed columns read %q", got)
	}
	wantCode(t, s, -29, "SELECT id FROM rp")
	wantCode(t, s, -119, "INSERT INTO rp (pid, tag) VALUES (2, 'a')")  // unique, renamed
	wantCode(t, s, -119, "INSERT INTO rp (pid, tag) VALUES (1, 'b')")  // primary key, renamed
	wantCode(t, s, -121, "INSERT INTO rc (id, parent) VALUES (11, 9)") // foreign key, renamed on both sides
	wantCode(t, s, -108, "INSERT INTO rc (id, parent, remark) VALUES (12, 1, NULL)")
	mustExec(t, s, "DELETE FROM rp WHERE pid = 1")
	if got := oneRow(t, s, "SELECT COUNT(*) FROM rc"); got != "0" {
		t.Errorf("ON DELETE CASCADE after the rename left %s rows", got)
	}
	wantCode(t, s, -29, "ALTER TABLE rp ALTER COLUMN nothing RENAME x")
	wantCode(t, s, -306, "ALTER TABLE rp ALTER COLUMN pid RENAME tag")
	mustExec(t, s, "ALTER TABLE rc DROP COLUMN remark")
	if got := oneRow(t, s, "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'rp' AND ORDINAL_POSITION = 1"); got != "pid" {
		t.Errorf("INFORMATION_SCHEMA.COLUMNS shows %q", got)
	}
}

func TestAlterColumnRenameKeepsCounter(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE ra (n INTEGER AUTO_INCREMENT, v VARCHAR(5))")
	mustExec(t, s, "INSERT INTO ra (v) VALUES ('a')")
	mustExec(t, s, "INSERT INTO ra (v) VALUES ('b')")
	mustExec(t, s, "ALTER TABLE ra ALTER COLUMN n RENAME num")
	mustExec(t, s, "INSERT INTO ra (v) VALUES ('c')")
	if got := oneRow(t, s, "SELECT num FROM ra WHERE v = 'c'"); got != "3" {
		t.Errorf("AUTO_INCREMENT after the rename gave %q, want 3", got)
	}
}

// ALTER TABLE t RENAME t2 (IRIS ALTER TABLE synopsis): the rows, keys, indexes, NOT NULL
// fields, counters and foreign keys (its own and other tables' that reference it) all
// work under the new name.
func TestAlterTableRename(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s,
		"CREATE TABLE rt (id INTEGER AUTO_INCREMENT NOT NULL, code VARCHAR(5) UNIQUE, up INTEGER, CONSTRAINT rt_pk PRIMARY KEY (id), CONSTRAINT rt_up FOREIGN KEY (up) REFERENCES rt (id))",
		"CREATE TABLE rk (n BIGINT IDENTITY, v VARCHAR(5))",
		"CREATE TABLE rc (id INTEGER, pid INTEGER, CONSTRAINT rc_fk FOREIGN KEY (pid) REFERENCES rt (id) ON DELETE CASCADE)",
		"ALTER TABLE rt ADD COLUMN note VARCHAR(5) NOT NULL DEFAULT 'x'",
		"CREATE INDEX rt_note ON rt (note)",
		"INSERT INTO rt (code) VALUES ('a')",
		"INSERT INTO rk (v) VALUES ('a')",
		"INSERT INTO rc (id, pid) VALUES (10, 1)",
	)
	mustExec(t, s, "ALTER TABLE rt RENAME rt2", "ALTER TABLE SQLUser.rk RENAME SQLUser.rk2")
	wantCode(t, s, -30, "SELECT * FROM rt")
	if got := oneRow(t, s, "SELECT id, code, note FROM rt2"); got != "1|a|x" {
		t.Errorf("renamed table reads %q", got)
	}
	mustExec(t, s, "INSERT INTO rt2 (code, up) VALUES ('b', 1)", "INSERT INTO rk2 (v) VALUES ('b')")
	if got := oneRow(t, s, "SELECT id FROM rt2 WHERE code = 'b'"); got != "2" {
		t.Errorf("AUTO_INCREMENT after the rename gave %q, want 2", got)
	}
	if got := oneRow(t, s, "SELECT n FROM rk2 WHERE v = 'b'"); got != "2" {
		t.Errorf("IDENTITY after the rename gave %q, want 2", got)
	}
	wantCode(t, s, -119, "INSERT INTO rt2 (code) VALUES ('a')")             // unique
	wantCode(t, s, -108, "INSERT INTO rt2 (code, note) VALUES ('c', NULL)") // NOT NULL of an added column
	wantCode(t, s, -121, "INSERT INTO rt2 (code, up) VALUES ('d', 9)")      // its own foreign key
	wantCode(t, s, -121, "INSERT INTO rc (id, pid) VALUES (11, 9)")         // another table's, referencing it
	wantCode(t, s, -124, "DELETE FROM rt2 WHERE id = 1")                    // rt_up references row 1
	mustExec(t, s, "DELETE FROM rt2 WHERE id = 2", "DELETE FROM rt2 WHERE id = 1")
	if got := oneRow(t, s, "SELECT COUNT(*) FROM rc"); got != "0" {
		t.Errorf("ON DELETE CASCADE after the rename left %s rows", got)
	}
	if got := oneRow(t, s, "SELECT REFERENCED_TABLE_NAME FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE WHERE CONSTRAINT_NAME = 'rc_fk'"); got != "rt2" {
		t.Errorf("the foreign key of rc references %q", got)
	}
	if got := oneRow(t, s, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN ('rt', 'rt2')"); got != "1" {
		t.Errorf("INFORMATION_SCHEMA.TABLES lists %s of rt, rt2", got)
	}
	mustExec(t, s, "DROP INDEX rt_note ON rt2", "DROP TABLE rc", "ALTER TABLE rt2 DROP CONSTRAINT rt_up", "DROP TABLE rt2")
	if got := oneRow(t, s, `SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%rt%' AND name NOT LIKE '%rk%'`); got != "0" {
		t.Errorf("%s SQLite objects of the renamed table are left", got)
	}
}

func TestAlterTableRenameRefused(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE ra (x INTEGER)", "CREATE TABLE rb (x INTEGER)", "CREATE VIEW rv AS SELECT x FROM rb", "CREATE SCHEMA other")
	wantCode(t, s, -201, "ALTER TABLE ra RENAME rb")
	wantCode(t, s, -201, "ALTER TABLE ra RENAME rv")
	wantCode(t, s, -201, "ALTER TABLE ra RENAME RA")
	wantCode(t, s, -30, "ALTER TABLE nosuch RENAME rz")
	wantCode(t, s, -1, "ALTER TABLE ra RENAME other.ra")
	wantCode(t, s, -400, "ALTER TABLE rb RENAME rc")
	if got := oneRow(t, s, "SELECT COUNT(*) FROM rv"); got != "0" {
		t.Errorf("the view reads %q after the refused rename", got)
	}
	mustExec(t, s, "INSERT INTO rb (x) VALUES (1)")
	wantCode(t, s, -1, "ALTER TABLE rv RENAME rw")
}
