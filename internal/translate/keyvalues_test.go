package translate

import (
	"fmt"
	"testing"
)

func TestStatementKeyValues(t *testing.T) {
	render := func(kv KeyValues) string {
		s := kv.Table + " cols=" + fmt.Sprint(kv.Columns) + " vals=["
		for _, v := range kv.Values {
			switch {
			case v == nil:
				s += " ?"
			case v.Null:
				s += " NULL"
			case v.Param >= 0:
				s += fmt.Sprintf(" $%d", v.Param+1)
			default:
				s += " " + v.Text
			}
		}
		s += " ] where="
		for _, k := range []string{"id", "a", "Mixed"} {
			if v, ok := kv.Where[k]; ok {
				s += fmt.Sprintf("%s:%s%d ", k, v.Text, v.Param)
			}
		}
		return s
	}
	for _, c := range []struct{ sql, want string }{
		{"INSERT INTO t (a, b) VALUES ('x', $2)", "t cols=[a b] vals=[ x $2 ] where="},
		{"INSERT INTO s.t VALUES (1, NULL, '2024-01-01'::date, -5, a + 1)", "t cols=[] vals=[ 1 NULL 2024-01-01 -5 ? ] where="},
		{"INSERT INTO t VALUES (1), (2)", "t cols=[] vals=[ ] where="},
		{"UPDATE t SET a = 'v', b = b + 1 WHERE id = 3 AND 7 = a AND \"Mixed\" = $1", "t cols=[a b] vals=[ v ? ] where=id:3-1 a:7-1 Mixed:0 "},
		{"DELETE FROM t WHERE id = 1 OR a = 2", "t cols=[] vals=[ ] where="},
		{"DELETE FROM t WHERE id = 1", "t cols=[] vals=[ ] where=id:1-1 "},
	} {
		kv, ok := StatementKeyValues(c.sql)
		if got := render(kv); !ok || got != c.want {
			t.Errorf("%s:\n got %s (ok %v)\nwant %s", c.sql, got, ok, c.want)
		}
	}
	for _, sql := range []string{"SELECT 1", "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)", "not sql"} {
		if _, ok := StatementKeyValues(sql); ok {
			t.Errorf("%s: ok", sql)
		}
	}
}
