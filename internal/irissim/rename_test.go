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
