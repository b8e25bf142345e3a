package translate

import (
	"reflect"
	"testing"
)

func TestCreateTableAs(t *testing.T) {
	for _, c := range []struct {
		sql, insert, query string
		cmd                CreateTableAs
	}{
		{"CREATE TABLE s.n (a, b) AS SELECT x, y FROM t WHERE z = $1 LIMIT 5", "INSERT INTO s.n SELECT x, y FROM t WHERE z = ? LIMIT 5", "SELECT x, y FROM t WHERE z = ? LIMIT 5",
			CreateTableAs{Schema: "s", Name: "n", Columns: []string{"a", "b"}, WithData: true}},
		{"CREATE TABLE IF NOT EXISTS n AS SELECT * FROM t WITH NO DATA", "INSERT INTO n SELECT * FROM t", "SELECT * FROM t",
			CreateTableAs{Name: "n", IfNotExists: true}},
		{"SELECT x INTO n FROM t", "INSERT INTO n SELECT x FROM t", "SELECT x FROM t", CreateTableAs{Name: "n", WithData: true}},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		p := plans[0]
		if p.Kind != KindCreateTableAs || p.Tag != "SELECT" || p.SQL != c.insert || p.CreateTableAs == nil {
			t.Fatalf("%s: kind %v tag %q SQL %q", c.sql, p.Kind, p.Tag, p.SQL)
		}
		got := *p.CreateTableAs
		if got.Query.SQL != c.query {
			t.Errorf("%s: query %q, want %q", c.sql, got.Query.SQL, c.query)
		}
		got.Query = nil
		if !reflect.DeepEqual(got, c.cmd) {
			t.Errorf("%s: %+v, want %+v", c.sql, got, c.cmd)
		}
	}
}
