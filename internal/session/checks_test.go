package session

import (
	"testing"

	"github.com/pgwired/pgwired/internal/catalog"
)

func TestViolationQuery(t *testing.T) {
	tbl := &catalog.Table{Columns: []*catalog.TableColumn{{IRISName: "id"}, {IRISName: "value"}}}
	checks := []*catalog.Constraint{{Name: "a", CheckCond: "id > 0", Table: tbl}, {Name: "b", CheckCond: "%EXACT(\"value\") IN ('x')", Table: tbl}}
	got := violationQuery(checks, "SQLUser.t", "%ID > ?", " ORDER BY %ID")
	want := `SELECT TOP 1 CASE WHEN NOT (id > 0) THEN 1 WHEN NOT (%EXACT("value") IN ('x')) THEN 2 END, id, "value" FROM SQLUser.t WHERE %ID > ? AND (NOT (id > 0) OR NOT (%EXACT("value") IN ('x'))) ORDER BY %ID`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	got = violationQuery(checks[:1], "(SELECT 1 AS id, \"value\" FROM t WHERE id = ?) AS pgw_new", "", "")
	want = `SELECT TOP 1 CASE WHEN NOT (id > 0) THEN 1 END, id, "value" FROM (SELECT 1 AS id, "value" FROM t WHERE id = ?) AS pgw_new WHERE (NOT (id > 0))`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
