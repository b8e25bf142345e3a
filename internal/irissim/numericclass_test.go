package irissim

import "testing"

// %Library.Numeric(MAXVAL, MINVAL, SCALE), the class behind IRIS's NUMERIC(p,s): the
// precision comes from MAXVAL, and MINVAL bounds the values the field accepts (pgwired
// writes CHECK (price > 0) so).
func TestNumericClassBounds(t *testing.T) {
	s, _ := newTestSession(t)
	mustExec(t, s, "CREATE TABLE nc (id INTEGER, price %Library.Numeric(MAXVAL=999.99,MINVAL=0.01,SCALE=2), r %Numeric(MAXVAL=0.99,MINVAL=-0.99,SCALE=2))")
	mustExec(t, s, "INSERT INTO nc (id, price, r) VALUES (1, 0.01, -0.99)")
	mustExec(t, s, "INSERT INTO nc (id, price) VALUES (2, 999.99)")
	wantCode(t, s, -104, "INSERT INTO nc (id, price) VALUES (3, 0)")
	wantCode(t, s, -104, "INSERT INTO nc (id, price) VALUES (3, 0.004)") // rounds to 0.00
	wantCode(t, s, -104, "INSERT INTO nc (id, price) VALUES (3, 1000)")
	wantCode(t, s, -105, "UPDATE nc SET price = price - 1 WHERE id = 1")
	wantCode(t, s, -104, "INSERT INTO nc (id, r) VALUES (3, 1)")
	if got := oneRow(t, s, "SELECT NUMERIC_PRECISION || ',' || NUMERIC_SCALE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'nc' AND COLUMN_NAME = 'price'"); got != "5,2" {
		t.Errorf("price is NUMERIC(%s), want 5,2", got)
	}
	if got := oneRow(t, s, "SELECT NUMERIC_PRECISION || ',' || NUMERIC_SCALE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'nc' AND COLUMN_NAME = 'r'"); got != "2,2" {
		t.Errorf("r is NUMERIC(%s), want 2,2", got)
	}
	wantCode(t, s, -1, "CREATE TABLE nc2 (p %Library.Numeric(MINVAL=1,SCALE=0))")
}
