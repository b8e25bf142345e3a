package irissim

import "testing"

// The %msg of a constraint failure names the table, the constraint and its fields as
// IRIS's generated filer code does: pgwired reads the names back to give PostgreSQL's
// message and ConstraintName.
func TestConstraintFailureMessages(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s,
		"CREATE TABLE Cust (id INTEGER PRIMARY KEY, email VARCHAR(20) UNIQUE, name VARCHAR(20) NOT NULL)",
		"CREATE TABLE Ord (id INTEGER, n INTEGER, cust INTEGER, CONSTRAINT ord_pk PRIMARY KEY (id, n), CONSTRAINT ord_cust FOREIGN KEY (cust) REFERENCES Cust (id))",
		"CREATE SCHEMA Shop",
		"CREATE TABLE Shop.Pair (a INTEGER, b INTEGER)",
		"CREATE UNIQUE INDEX PairAB ON Shop.Pair (a, b)",
		"INSERT INTO Cust VALUES (1, 'a@x', 'Ann')",
		"INSERT INTO Cust VALUES (2, 'b@x', 'Bob')",
		"INSERT INTO Ord VALUES (1, 1, 1)",
		"INSERT INTO Shop.Pair VALUES (1, 2)",
	)
	for _, c := range []struct {
		code     int
		sql, msg string
	}{
		{-119, "INSERT INTO Cust VALUES (1, 'c@x', 'Bo')", "Table 'SQLUser.Cust', Constraint 'CUSTPKEY1' (Field 'id') failed unique check"},
		{-120, "UPDATE Cust SET email = 'a@x' WHERE id = 2", "Table 'SQLUser.Cust', Constraint 'CUSTUNIQUE2' (Field 'email') failed unique check"},
		{-119, "INSERT INTO Cust VALUES (3, 'a@x', 'Bo')", "Table 'SQLUser.Cust', Constraint 'CUSTUNIQUE2' (Field 'email') failed unique check"},
		{-119, "INSERT INTO Ord VALUES (1, 1, 1)", "Table 'SQLUser.Ord', Constraint 'ord_pk' (Fields 'id','n') failed unique check"},
		{-119, "INSERT INTO Shop.Pair VALUES (1, 2)", "Table 'Shop.Pair', Constraint 'PairAB' (Fields 'a','b') failed unique check"},
		{-108, "INSERT INTO Cust (id) VALUES (4)", "'name' in table 'SQLUser.Cust' is a required field"},
		{-121, "INSERT INTO Ord VALUES (2, 1, 9)", "Table 'SQLUser.Ord', Foreign Key Constraint 'ord_cust' (Field 'cust') failed referential integrity check"},
		{-122, "UPDATE Ord SET cust = 9", "Table 'SQLUser.Ord', Foreign Key Constraint 'ord_cust' (Field 'cust') failed referential integrity check"},
	} {
		if e := wantCode(t, s, c.code, c.sql); e.Msg != c.msg {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, e.Msg, c.msg)
		}
	}
}
