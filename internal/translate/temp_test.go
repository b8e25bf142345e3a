package translate

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestTempTables(t *testing.T) {
	opt := DefaultOptions()
	plans, err := Translate("CREATE TEMP TABLE n (a int)", opt)
	if err != nil {
		t.Fatal(err)
	}
	if p := plans[0]; p.TempTable != "n" || p.SQL != "" || len(p.Steps) > 0 {
		t.Errorf("without the session's schema: only the name, got %+v", p)
	}
	opt.TempSchema, opt.TempTables = "PGWTEMPX", map[string]bool{"t": true}
	for _, c := range []struct{ sql, want string }{
		{"CREATE TEMPORARY TABLE n (a int)", "CREATE TABLE PGWTEMPX.n (a INTEGER)"},
		{"SELECT t.a FROM t JOIN u ON u.a = t.a", "SELECT t.a FROM PGWTEMPX.t JOIN u ON u.a = t.a"},
		{"SELECT a FROM pg_temp.t, public.t", "SELECT a FROM PGWTEMPX.t, SQLUser.t"},
		{"INSERT INTO t VALUES (1)", "INSERT INTO PGWTEMPX.t VALUES (1)"},
		{"WITH t AS (SELECT 1 AS a) SELECT a FROM t", `WITH t AS (SELECT 1 AS "a") SELECT a FROM t`},
		{"DROP TABLE t", "DROP TABLE PGWTEMPX.t"},
	} {
		plans, err := Translate(c.sql, opt)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if got := renderSQL(plans[0]); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
	plans, err = Translate("DROP TABLE IF EXISTS u, t", opt)
	if err != nil {
		t.Fatal(err)
	}
	if p := plans[0]; !reflect.DeepEqual(p.TempDrops, []string{"t"}) || !strings.Contains(fmt.Sprint(p.Steps), "'PGWTEMPX'") {
		t.Errorf("DROP of a temporary table: drops %v, steps %v", p.TempDrops, p.Steps)
	}
	if _, err := Translate("CREATE TEMP TABLE public.n (a int)", opt); err == nil || !strings.Contains(err.Error(), "non-temporary schema") {
		t.Errorf("a temporary table in public: %v, want 42P16", err)
	}
	// The session keeps its temporary tables by name.
	if _, err := Translate("ALTER TABLE t RENAME TO t2", opt); err == nil || !strings.Contains(err.Error(), "RENAME of a temporary table") {
		t.Errorf("renaming a temporary table: %v, want 0A000", err)
	}
}
