package irissim

import "testing"

// ON UPDATE CASCADE / SET NULL (IRIS ref-action in CREATE/ALTER TABLE) carry or
// release the children of a re-keyed parent row; NO ACTION still refuses (-123).
func TestForeignKeyOnUpdateActions(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE FP (id INTEGER NOT NULL, code VARCHAR(5), CONSTRAINT fp_pk PRIMARY KEY (id), CONSTRAINT fp_code UNIQUE (code))")
	mustExec(t, s, "CREATE TABLE FC (id INTEGER, pid INTEGER, pcode VARCHAR(5), "+
		"CONSTRAINT fc_p FOREIGN KEY (pid) REFERENCES FP (id) ON UPDATE CASCADE, "+
		"CONSTRAINT fc_c FOREIGN KEY (pcode) REFERENCES FP (code) ON UPDATE SET NULL)")
	mustExec(t, s, "CREATE TABLE FN (id INTEGER, pid INTEGER, CONSTRAINT fn_p FOREIGN KEY (pid) REFERENCES FP (id))")
	mustExec(t, s, "INSERT INTO FP (id, code) VALUES (1, 'a')")
	mustExec(t, s, "INSERT INTO FP (id, code) VALUES (2, 'b')")
	mustExec(t, s, "INSERT INTO FC (id, pid, pcode) VALUES (10, 1, 'a')")
	mustExec(t, s, "INSERT INTO FN (id, pid) VALUES (20, 2)")
	mustExec(t, s, "UPDATE FP SET id = 5, code = 'z' WHERE id = 1")
	if got := oneRow(t, s, "SELECT pid, pcode FROM FC"); got != "5|NULL" {
		t.Errorf("child after re-keying its parent: %q, want 5|NULL", got)
	}
	wantCode(t, s, -123, "UPDATE FP SET id = 6 WHERE id = 2")
	mustExec(t, s, "UPDATE FP SET code = 'y' WHERE id = 2") // not referenced by FN
}

// A self-referencing ON DELETE CASCADE removes the whole subtree.
func TestForeignKeyCascadeRecursive(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE FT (id INTEGER NOT NULL, parent INTEGER, CONSTRAINT ft_pk PRIMARY KEY (id), "+
		"CONSTRAINT ft_up FOREIGN KEY (parent) REFERENCES FT (id) ON DELETE CASCADE)")
	for _, q := range []string{"INSERT INTO FT (id, parent) VALUES (1, NULL)", "INSERT INTO FT (id, parent) VALUES (2, 1)",
		"INSERT INTO FT (id, parent) VALUES (3, 2)", "INSERT INTO FT (id, parent) VALUES (4, NULL)"} {
		mustExec(t, s, q)
	}
	mustExec(t, s, "DELETE FROM FT WHERE id = 1")
	if got := oneRow(t, s, "SELECT COUNT(*) FROM FT"); got != "1" {
		t.Errorf("%s rows left, want 1", got)
	}
}
