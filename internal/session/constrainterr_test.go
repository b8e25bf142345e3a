package session

import "testing"

func TestParseConstraintFailure(t *testing.T) {
	for _, c := range []struct {
		code                              int
		msg                               string
		ok                                bool
		schema, table, constraint, column string
	}{
		{-119, " Table 'SQLUser.t', Constraint 'TPKEY1' (Field 'id') failed unique check", true, "SQLUser", "t", "TPKEY1", ""},
		{-120, "Table 'Shop.Pair', Constraint 'PairAB' (Fields 'a','b') failed unique check", true, "Shop", "Pair", "PairAB", ""},
		{-121, "Table 'SQLUser.c', Foreign Key Constraint 'CFKEY2' (Field 'pid') failed referential integrity check", true, "SQLUser", "c", "CFKEY2", ""},
		{-108, "'name' in table 'SQLUser.t' is a required field", true, "SQLUser", "t", "", "name"},
		{-124, "At least 1 Row exists in table 'SQLUser.c' which references this row via FOREIGN KEY 'CFKEY2'", true, "SQLUser", "c", "CFKEY2", ""},
		{-123, "FOREIGN KEY constraint 'CFKEY2' on table 'SQLUser.c' failed referential check upon UPDATE of referenced row", true, "SQLUser", "c", "CFKEY2", ""},
		{-119, "Table 't.id' failed unique check", false, "", "", "", ""},
		{-121, "Table 'SQLUser.c', Constraint 'X' (Field 'a') failed unique check", false, "", "", "", ""},
		{-108, "'name' in table 't' is a required field", false, "", "", "", ""},
		{-104, "Field 'SQLUser.t.c' (value 'x') failed validation", false, "", "", "", ""},
	} {
		f, ok := parseConstraintFailure(c.code, c.msg)
		if ok != c.ok || ok && (f.schema != c.schema || f.table != c.table || f.constraint != c.constraint || f.column != c.column) {
			t.Errorf("%d %q: got %+v %v", c.code, c.msg, f, ok)
		}
	}
}

func TestDependentObjectsSQLSTATE(t *testing.T) {
	for _, code := range []int{-320, -321} {
		if got := sqlStateForSQLCODE(code, ""); got != "2BP01" {
			t.Errorf("%d: %s", code, got)
		}
	}
	if rest, ok := cutAfterFold("Cannot drop TABLE 'SQLUser.t': …", "DROP "); !ok || rest != "TABLE 'SQLUser.t': …" {
		t.Errorf("cutAfterFold: %q %v", rest, ok)
	}
}

func TestScalarSubquerySQLSTATE(t *testing.T) {
	if got := sqlStateForSQLCODE(-400, "Unexpected error occurred: more than one row returned by a subquery used as an expression"); got != "21000" {
		t.Errorf("got %s", got)
	}
}
