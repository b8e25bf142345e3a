package irissim

import (
	"context"
	"strings"
	"testing"

	"github.com/pgwired/pgwired/internal/iris"
)

func TestNativeClassMethods(t *testing.T) {
	srv, addr := startServer(t, Config{Version: "IRIS for UNIX (Ubuntu) 2025.1 (Build 223U)"})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	if v, err := c.ClassMethod(ctx, "%SYSTEM.Version", "GetVersion"); err != nil || v != "IRIS for UNIX (Ubuntu) 2025.1 (Build 223U)" {
		t.Fatalf("GetVersion = %v %v", v, err)
	}
	if v, err := c.ClassMethod(ctx, "%SYSTEM.Version", "GetNumber"); err != nil || v != "2025.1" {
		t.Fatalf("GetNumber = %v %v", v, err)
	}
	if v, err := c.ClassMethod(ctx, "%IRIS.Wallet", "IsEnabled"); err != nil || v != int64(1) {
		t.Fatalf("IsEnabled = %v %v", v, err)
	}
	srv.SetWalletSecret("USER", "pgwire-user-alice", "s3cret")
	if v, err := c.ClassMethod(ctx, "%IRIS.Wallet", "GetSecret", "pgwire-user-alice"); err != nil || v != "s3cret" {
		t.Fatalf("GetSecret = %v %v", v, err)
	}
	if _, err := c.ClassMethod(ctx, "%IRIS.Wallet", "SetSecret", "k2", "v2"); err != nil {
		t.Fatal(err)
	}
	if v, _ := c.ClassMethod(ctx, "%IRIS.Wallet", "GetSecret", "k2"); v != "v2" {
		t.Fatalf("secret after SetSecret = %v", v)
	}
	_, err := c.ClassMethod(ctx, "%IRIS.Wallet", "GetSecret", "missing")
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("missing secret: %v", err)
	}
	_, err = c.ClassMethod(ctx, "%No.Such", "M")
	if err == nil || !strings.Contains(err.Error(), "<CLASS DOES NOT EXIST> *%No.Such") {
		t.Fatalf("unknown class: %v", err)
	}
	_, err = c.ClassMethod(ctx, "%SYSTEM.Version", "Nope")
	if err == nil || !strings.Contains(err.Error(), "<METHOD DOES NOT EXIST>") {
		t.Fatalf("unknown method: %v", err)
	}
	if got := rowsOf(t, c, "SELECT 1"); got[0][0] != int64(1) {
		t.Fatal("connection unusable after native errors")
	}
}

func TestStreamsAndVectors(t *testing.T) {
	_, addr := startServer(t, Config{})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	if _, err := c.Exec(ctx, "CREATE TABLE Doc (ID BIGINT IDENTITY, Body LONGVARCHAR, Emb VECTOR(DOUBLE, 3))", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(ctx, "CREATE INDEX DocEmb ON Doc (Emb) AS HNSW(Distance='Cosine')", nil); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("héllo ", 20000)
	if _, err := c.Exec(ctx, "INSERT INTO Doc (Body, Emb) VALUES (?, TO_VECTOR(?, DOUBLE, 3))", []any{long, "1,0,0"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(ctx, "INSERT INTO Doc (Body, Emb) VALUES ('short', TO_VECTOR('0,1,0', DOUBLE))", nil); err != nil {
		t.Fatal(err)
	}
	rows, err := c.Query(ctx, "SELECT Body, VECTOR_COSINE(Emb, TO_VECTOR('1,0,0', DOUBLE)) AS sim FROM Doc ORDER BY sim DESC", nil)
	if err != nil {
		t.Fatal(err)
	}
	cols := rows.Columns()
	if cols[0].ODBCType != iris.ODBCLongVarChar || cols[1].ODBCType != iris.ODBCDouble {
		t.Fatalf("columns = %+v", cols)
	}
	var bodies []string
	var sims []float64
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, v[0].(string))
		sims = append(sims, v[1].(float64))
	}
	rows.Close()
	if len(bodies) != 2 || bodies[0] != long || bodies[1] != "short" || sims[0] != 1 || sims[1] != 0 {
		t.Fatalf("bodies %d, sims %v", len(bodies), sims)
	}
	_, err = c.Query(ctx, "SELECT VECTOR_COSINE(Emb, TO_VECTOR('1,0', DOUBLE)) FROM Doc", nil)
	if se := sqlCode(t, err); se.SQLCODE != -257 {
		t.Fatalf("length mismatch: %+v", se)
	}
}

func TestInformationSchema(t *testing.T) {
	_, addr := startServer(t, Config{})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	for _, q := range []string{
		"CREATE SCHEMA Sales",
		"CREATE TABLE Sales.Customer (ID BIGINT IDENTITY, Name VARCHAR(40) NOT NULL, Code VARCHAR(8), CONSTRAINT CustCode UNIQUE (Code))",
		"CREATE TABLE Sales.Orders (OrderNo INTEGER NOT NULL, Cust BIGINT, Amount NUMERIC(10,2) DEFAULT 0, PRIMARY KEY (OrderNo), CONSTRAINT OrdCust FOREIGN KEY (Cust) REFERENCES Sales.Customer (ID))",
		"CREATE INDEX OrdAmount ON Sales.Orders (Amount)",
		"CREATE VIEW Sales.Big AS SELECT OrderNo, Amount FROM Sales.Orders WHERE Amount > 100",
	} {
		if _, err := c.Exec(ctx, q, nil); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	got := rowsOf(t, c, "SELECT TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'sales' ORDER BY TABLE_NAME")
	if len(got) != 3 || got[0][0] != "Big" || got[0][1] != "VIEW" || got[1][0] != "Customer" || got[1][1] != "BASE TABLE" {
		t.Fatalf("TABLES = %v", got)
	}
	got = rowsOf(t, c, "SELECT COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, IS_NULLABLE, COLUMN_DEFAULT, AUTO_INCREMENT, PRIMARY_KEY FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", "Sales", "Orders")
	want := [][]any{
		{"OrderNo", int64(1), "integer", nil, int64(10), int64(0), "NO", nil, "NO", "YES"},
		{"Cust", int64(2), "bigint", nil, int64(19), int64(0), "YES", nil, "NO", "NO"},
		{"Amount", int64(3), "numeric", nil, int64(10), int64(2), "YES", "0", "NO", "NO"},
	}
	if len(got) != len(want) {
		t.Fatalf("COLUMNS = %v", got)
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Fatalf("COLUMNS row %d col %d = %#v, want %#v (row %v)", i, j, got[i][j], want[i][j], got[i])
			}
		}
	}
	// Materialised columns carry declared types even when the first value is NULL.
	rows, err := c.Query(ctx, "SELECT CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, TABLE_NAME FROM INFORMATION_SCHEMA.COLUMNS", nil)
	if err != nil {
		t.Fatal(err)
	}
	if cols := rows.Columns(); cols[0].ODBCType != iris.ODBCInteger || cols[1].ODBCType != iris.ODBCInteger || cols[2].ODBCType != iris.ODBCVarChar {
		t.Fatalf("INFORMATION_SCHEMA.COLUMNS types = %+v", cols)
	}
	rows.Close()
	got = rowsOf(t, c, "SELECT CONSTRAINT_NAME, COLUMN_NAME, CONSTRAINT_TYPE, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = 'Sales' AND TABLE_NAME = 'Orders' ORDER BY CONSTRAINT_NAME")
	if len(got) != 2 || got[0][0] != "OrdCust" || got[0][3] != "Customer" || got[0][4] != "ID" || got[1][2] != "PRIMARY KEY" {
		t.Fatalf("KEY_COLUMN_USAGE = %v", got)
	}
	got = rowsOf(t, c, "SELECT INDEX_NAME, COLUMN_NAME, NON_UNIQUE FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'Orders' ORDER BY INDEX_NAME")
	if len(got) != 2 || got[0][0] != "OrdAmount" || got[0][2] != true || got[1][0] != "ORDERSPKEY1" || got[1][1] != "OrderNo" || got[1][2] != false {
		t.Fatalf("INDEXES = %v", got)
	}
	got = rowsOf(t, c, "SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA WHERE NOT SCHEMA_NAME %STARTSWITH '%' ORDER BY SCHEMA_NAME")
	if len(got) != 2 || got[0][0] != "INFORMATION_SCHEMA" || got[1][0] != "Sales" {
		t.Fatalf("SCHEMATA = %v", got)
	}
	got = rowsOf(t, c, "SELECT UPDATE_RULE, DELETE_RULE, UNIQUE_CONSTRAINT_TABLE FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_NAME = 'OrdCust'")
	if len(got) != 1 || got[0][2] != "Customer" {
		t.Fatalf("REFERENTIAL_CONSTRAINTS = %v", got)
	}
	// Qualified names work in DML and joins; the FK is enforced.
	c.Exec(ctx, "INSERT INTO Sales.Customer (Name, Code) VALUES ('Acme', 'AC')", nil)
	if _, err := c.Exec(ctx, "INSERT INTO Sales.Orders (OrderNo, Cust, Amount) VALUES (1, 1, 250)", nil); err != nil {
		t.Fatal(err)
	}
	_, err = c.Exec(ctx, "INSERT INTO Sales.Orders (OrderNo, Cust) VALUES (2, 99)", nil)
	if se := sqlCode(t, err); se.SQLCODE != -121 {
		t.Fatalf("FK: %+v", se)
	}
	got = rowsOf(t, c, "SELECT c.Name, o.Amount FROM Sales.Orders o JOIN Sales.Customer c ON c.ID = o.Cust")
	if len(got) != 1 || got[0][0] != "Acme" {
		t.Fatalf("join = %v", got)
	}
	got = rowsOf(t, c, "SELECT OrderNo FROM Sales.Big")
	if len(got) != 1 {
		t.Fatalf("view = %v", got)
	}
}

func TestCollationResultsOverTheWire(t *testing.T) {
	_, addr := startServer(t, Config{})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	c.Exec(ctx, "CREATE TABLE Names (Name VARCHAR(20))", nil)
	for _, n := range []string{"Alice", "alice", "Bob"} {
		c.Exec(ctx, "INSERT INTO Names (Name) VALUES (?)", []any{n})
	}
	if got := rowsOf(t, c, "SELECT Name FROM Names WHERE Name = 'alice'"); len(got) != 2 {
		t.Fatalf("'=' on a default column = %v", got)
	}
	if got := rowsOf(t, c, "SELECT Name FROM Names WHERE %EXACT(Name) = 'alice'"); len(got) != 1 || got[0][0] != "alice" {
		t.Fatalf("%%EXACT = %v", got)
	}
	got := rowsOf(t, c, "SELECT DISTINCT Name FROM Names ORDER BY Name")
	if len(got) != 2 || got[0][0] != "ALICE" || got[1][0] != "BOB" {
		t.Fatalf("DISTINCT = %v", got)
	}
	got = rowsOf(t, c, "SELECT DISTINCT %EXACT(Name) AS n FROM Names ORDER BY n")
	if len(got) != 3 || got[0][0] != "Alice" {
		t.Fatalf("DISTINCT %%EXACT = %v", got)
	}
	got = rowsOf(t, c, "SELECT Name, COUNT(*) AS n FROM Names GROUP BY Name ORDER BY Name")
	if len(got) != 2 || got[0][0] != "ALICE" || got[0][1] != int64(2) {
		t.Fatalf("GROUP BY = %v", got)
	}
}
