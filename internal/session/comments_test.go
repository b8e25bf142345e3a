package session

import (
	"context"
	"strings"
	"testing"
)

// rowsWriter keeps the rows a statement returns, as text ("NULL" for NULL).
type rowsWriter struct {
	copyWriter
	rows []string
}

func (w *rowsWriter) DataRow(vals [][]byte) error {
	var fields []string
	for _, v := range vals {
		if v == nil {
			fields = append(fields, "NULL")
		} else {
			fields = append(fields, string(v))
		}
	}
	w.rows = append(w.rows, strings.Join(fields, "|"))
	return nil
}

func queryText(t *testing.T, s *Session, sql string) string {
	t.Helper()
	w := &rowsWriter{}
	if err := s.SimpleQuery(context.Background(), sql, w); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return strings.Join(w.rows, "\n")
}

// A column IRIS describes itself (%DESCRIPTION, as a class's documentation gives one)
// shows that description as its comment; COMMENT … IS NULL hides it with a NULL row, and
// a new comment replaces it.
func TestCommentOverIRISDescription(t *testing.T) {
	s, direct := copySession(t)
	ctx := context.Background()
	if _, err := direct.Exec(ctx, "CREATE TABLE SQLUser.cm_ext (id INTEGER %DESCRIPTION 'kept by IRIS', n INTEGER)", nil); err != nil {
		t.Fatal(err)
	}
	s.invalidateCatalog()
	q := "SELECT col_description('cm_ext'::regclass, 1), col_description('cm_ext'::regclass, 2)"
	if got := queryText(t, s, q); got != "kept by IRIS|NULL" {
		t.Fatalf("before: %s", got)
	}
	run(t, s, "COMMENT ON COLUMN cm_ext.id IS NULL")
	run(t, s, "COMMENT ON COLUMN cm_ext.n IS NULL") // nothing to hide: no row
	if got := queryText(t, s, q); got != "NULL|NULL" {
		t.Fatalf("after IS NULL: %s", got)
	}
	if n := scalar(t, direct, "SELECT COUNT(*) FROM "+commentTableSQL+" WHERE COMMENT_TEXT IS NULL"); n != int64(1) {
		t.Fatalf("%v NULL rows, want 1", n)
	}
	run(t, s, "COMMENT ON COLUMN cm_ext.id IS 'mine'")
	if got := queryText(t, s, q); got != "mine|NULL" {
		t.Fatalf("after a comment: %s", got)
	}
	run(t, s, "DROP TABLE cm_ext")
	if n := scalar(t, direct, "SELECT COUNT(*) FROM "+commentTableSQL); n != int64(0) {
		t.Fatalf("%v rows left after DROP TABLE", n)
	}
}
