package translate

import (
	"math"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// CursorCommand describes the SQL-level cursor statements. The session keeps the cursors:
// a cursor is a query whose rows the client takes in pieces (psql's FETCH_COUNT,
// psycopg2's named cursors, Django's iterator()).
type CursorCommand struct {
	Name string // the cursor (folded as PostgreSQL folds it); "" with All
	// DECLARE: the plan of the cursor's query (KindQuery, one IRIS call) and WITH HOLD.
	Query *Plan
	Hold  bool
	// FETCH / MOVE: how many rows forward (FetchAll for ALL); Move sends none.
	Count int64
	Move  bool
	// CLOSE ALL.
	All bool
}

// FetchAll is CursorCommand.Count for FETCH ALL / FORWARD ALL.
const FetchAll = math.MaxInt64

// PostgreSQL's CURSOR_OPT_* bits in DeclareCursorStmt.Options (nodes/parsenodes.h).
const (
	cursorOptBinary = 0x0001
	cursorOptScroll = 0x0002
	cursorOptHold   = 0x0020
)

func (t *translator) declareCursor(d *pg_query.DeclareCursorStmt) *Plan {
	switch {
	case d.Options&cursorOptBinary != 0:
		t.unsupported(-1, "DECLARE … BINARY CURSOR")
	case d.Options&cursorOptScroll != 0:
		t.unsupported(-1, "DECLARE … SCROLL CURSOR (cursors only move forward)")
	}
	q := t.statement(d.Query)
	if q.Kind != KindQuery || len(q.Steps) > 0 || q.SQL == "" || q.Setval != nil {
		t.unsupported(-1, "DECLARE CURSOR for this query (only a query IRIS answers in one statement)")
	}
	return &Plan{Kind: KindDeclareCursor, Tag: "DECLARE CURSOR", NumParams: q.NumParams,
		Cursor: &CursorCommand{Name: d.Portalname, Query: q, Hold: d.Options&cursorOptHold != 0}}
}

func (t *translator) fetch(f *pg_query.FetchStmt) *Plan {
	verb := "FETCH"
	if f.Ismove {
		verb = "MOVE"
	}
	// The grammar turns NEXT into FORWARD 1 and a bare count into FORWARD n; PRIOR,
	// FIRST, LAST, ABSOLUTE, RELATIVE and negative counts move backward or jump.
	if f.Direction != pg_query.FetchDirection_FETCH_FORWARD || f.HowMany < 0 {
		t.unsupported(-1, verb+" other than FORWARD (cursors only move forward)")
	}
	if f.HowMany == 0 {
		t.unsupported(-1, verb+" FORWARD 0 (re-reading the current row)")
	}
	n := f.HowMany
	if n == math.MaxInt64 { // FETCH_ALL in PostgreSQL's grammar
		n = FetchAll
	}
	return &Plan{Kind: KindFetch, Tag: verb, Cursor: &CursorCommand{Name: f.Portalname, Count: n, Move: f.Ismove}}
}
