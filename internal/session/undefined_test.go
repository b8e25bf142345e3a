package session

import (
	"testing"

	"github.com/pgwired/pgwired/internal/wire"
)

func TestLocateUndefined(t *testing.T) {
	for _, c := range []struct {
		code, msg, sql, stmt string
		wantMsg              string
		wantPos              int32
	}{
		{"42P01", "Table or view not found: Table 'SQLUSER.NOSUCH' not found", "SELECT * FROM nosuch", "SELECT * FROM nosuch",
			`relation "nosuch" does not exist`, 15},
		{"42P01", "Table or view not found: Table 'SQLUSER.NOSUCH' not found", "SELECT 1;\n  SELECT * FROM NoSuch x;", "SELECT * FROM NoSuch x",
			`relation "nosuch" does not exist`, 27},
		{"42P01", "Table or view not found: Table 'APP.ORDERS' not found", `SELECT 'orders' FROM app."ORDERS"`, `SELECT 'orders' FROM app."ORDERS"`,
			`relation "app.ORDERS" does not exist`, 22},
		{"42703", `Field not found in the applicable tables: Field '"NOCOL" - SHOULD THIS BE A STRING LITERAL IN SINGLE-QUOTES?' not found in the applicable tables`,
			"SELECT nocol FROM t", "SELECT nocol FROM t", `column "nocol" does not exist`, 8},
		{"42703", "Field not found in the applicable tables: Field 'T.NOCOL' not found in the applicable tables",
			"SELECT id, /* nocol */ t.NoCol -- nocol\nFROM t", "SELECT id, /* nocol */ t.NoCol -- nocol\nFROM t", `column t.nocol does not exist`, 24},
		{"42703", "Field not found in the applicable tables: Field 'É' not found in the applicable tables",
			"SELECT 'é', é FROM t", "SELECT 'é', é FROM t", `column "é" does not exist`, 13},
		// Not in the text (a name pgwired generated): unchanged.
		{"42703", "Field not found in the applicable tables: Field 'ZZZ' not found in the applicable tables",
			"SELECT 'zzz' FROM t", "SELECT 'zzz' FROM t", "Field not found in the applicable tables: Field 'ZZZ' not found in the applicable tables", 0},
	} {
		in := &wire.Error{Code: c.code, Message: c.msg, Detail: "IRIS"}
		got := locateUndefined(in, c.sql, c.stmt).(*wire.Error)
		// PostgreSQL's message has no DETAIL; an error left as IRIS wrote it keeps IRIS's.
		wantDetail := ""
		if c.wantPos == 0 {
			wantDetail = "IRIS"
		}
		if got.Message != c.wantMsg || got.Position != c.wantPos || got.Code != c.code || got.Detail != wantDetail {
			t.Errorf("%q: %q at %d (detail %q), want %q at %d (detail %q)", c.sql, got.Message, got.Position, got.Detail, c.wantMsg, c.wantPos, wantDetail)
		}
	}
}
