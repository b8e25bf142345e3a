package translate

import (
	"errors"
	"testing"
)

func TestCursorStatements(t *testing.T) {
	for _, tc := range []struct {
		sql   string
		kind  Kind
		tag   string
		check func(t *testing.T, c *CursorCommand)
	}{
		{"DECLARE c NO SCROLL CURSOR FOR SELECT a FROM t WHERE b = $1", KindDeclareCursor, "DECLARE CURSOR", func(t *testing.T, c *CursorCommand) {
			if c.Name != "c" || c.Hold || c.Query == nil || c.Query.Kind != KindQuery || c.Query.SQL != "SELECT a FROM t WHERE b = ?" {
				t.Errorf("got %+v / %+v", c, c.Query)
			}
		}},
		{`DECLARE "Big" CURSOR WITH HOLD FOR SELECT 1 FROM t`, KindDeclareCursor, "DECLARE CURSOR", func(t *testing.T, c *CursorCommand) {
			if c.Name != "Big" || !c.Hold {
				t.Errorf("got %+v", c)
			}
		}},
		{"FETCH FORWARD 100 FROM c", KindFetch, "FETCH", func(t *testing.T, c *CursorCommand) {
			if c.Name != "c" || c.Count != 100 || c.Move {
				t.Errorf("got %+v", c)
			}
		}},
		{"FETCH c", KindFetch, "FETCH", func(t *testing.T, c *CursorCommand) {
			if c.Count != 1 {
				t.Errorf("got %+v", c)
			}
		}},
		{"FETCH ALL IN c", KindFetch, "FETCH", func(t *testing.T, c *CursorCommand) {
			if c.Count != FetchAll {
				t.Errorf("got %+v", c)
			}
		}},
		{"MOVE 5 c", KindFetch, "MOVE", func(t *testing.T, c *CursorCommand) {
			if c.Count != 5 || !c.Move {
				t.Errorf("got %+v", c)
			}
		}},
		{"CLOSE c", KindCloseCursor, "CLOSE CURSOR", func(t *testing.T, c *CursorCommand) {
			if c.Name != "c" || c.All {
				t.Errorf("got %+v", c)
			}
		}},
		{"CLOSE ALL", KindCloseCursor, "CLOSE CURSOR", func(t *testing.T, c *CursorCommand) {
			if !c.All {
				t.Errorf("got %+v", c)
			}
		}},
	} {
		plans, err := Translate(tc.sql, DefaultOptions())
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		p := plans[0]
		if p.Kind != tc.kind || p.Tag != tc.tag || p.Cursor == nil {
			t.Errorf("%s: kind %v tag %q cursor %v", tc.sql, p.Kind, p.Tag, p.Cursor)
			continue
		}
		tc.check(t, p.Cursor)
	}
}

// Cursors only move forward, over one IRIS query: everything else is 0A000 naming it.
func TestCursorStatementsRefused(t *testing.T) {
	for _, sql := range []string{
		"DECLARE c SCROLL CURSOR FOR SELECT a FROM t",
		"DECLARE c BINARY CURSOR FOR SELECT a FROM t",
		"DECLARE c CURSOR FOR SELECT relname FROM pg_class",
		"FETCH BACKWARD 1 FROM c",
		"FETCH PRIOR FROM c",
		"FETCH -2 FROM c",
		"FETCH ABSOLUTE 3 FROM c",
		"FETCH LAST FROM c",
		"FETCH FORWARD 0 FROM c",
	} {
		_, err := Translate(sql, DefaultOptions())
		var te *Error
		if !errors.As(err, &te) || te.SQLState != "0A000" {
			t.Errorf("%s: got %v, want 0A000", sql, err)
		}
	}
}
