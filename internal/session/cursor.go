package session

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// sqlCursor is a cursor declared with DECLARE (psql's FETCH_COUNT, psycopg2's named
// cursors, Django's iterator()): its rows come from one IRIS query and are held as
// heldRows describes; a WITH HOLD cursor's rest is read into memory when its transaction
// commits (PostgreSQL materialises those too).
type sqlCursor struct {
	heldRows
	name      string
	statement string // the DECLARE text, for pg_cursors
	created   time.Time
	committed bool // WITH HOLD and its transaction committed: ROLLBACK no longer drops it
}

func cursorMissing(name string) error {
	return &wire.Error{Code: "34000", Message: `cursor "` + name + `" does not exist`}
}

// declareCursor runs DECLARE: the query starts on IRIS and its rows wait for FETCH.
func (s *Session) declareCursor(ctx context.Context, p *translate.Plan, params []any, w wire.ResultWriter) error {
	cc := p.Cursor
	if _, ok := s.cursors[cc.Name]; ok {
		return &wire.Error{Code: "42P03", Message: `cursor "` + cc.Name + `" already exists`}
	}
	autocommit := s.tx == txIdle
	if autocommit && !cc.Hold {
		// PostgreSQL: without a transaction block the cursor would be gone at once.
		return &wire.Error{Code: "25P01", Message: "DECLARE CURSOR can only be used in transaction blocks"}
	}
	query := s.withColumnTypes(ctx, cc.Query)
	sql, args, err := s.prepareCall(ctx, query, params)
	if err != nil {
		return err
	}
	snap := s.zoneSnapshot(ctx, query.Columns)
	sctx, done := s.statementContext(ctx)
	defer done()
	rows, cancel, err := s.startHeld(ctx, sctx, func(qctx context.Context) (*iris.Rows, error) {
		return s.conn.Query(qctx, sql, args)
	})
	if err != nil {
		return err
	}
	c := &sqlCursor{name: cc.Name, statement: p.Original, created: time.Now()}
	c.holdable = cc.Hold
	c.what = `cursor "` + cc.Name + `"`
	c.fields = rowDescription(rows.Columns(), query.Columns, nil)
	markCatalogTypes(snap, rows.Columns(), query.Columns, c.fields)
	if err := unsupportedArrays(rows.Columns(), query.Columns, c.fields); err != nil {
		rows.Close()
		cancel()
		return err
	}
	c.quotients = quotientColumns(rows.Columns(), query.Columns, c.fields)
	if s.cursors == nil {
		s.cursors = map[string]*sqlCursor{}
	}
	s.cursors[cc.Name] = c
	s.holdRows(&c.heldRows, rows, cancel)
	if autocommit {
		// DECLARE … WITH HOLD outside a block commits at once: the rows are read now.
		if err := s.keepHeldRows(sctx); err != nil {
			delete(s.cursors, cc.Name)
			return err
		}
		c.committed = true
	}
	return w.CommandComplete("DECLARE CURSOR")
}

// fetchCursor runs FETCH and MOVE.
func (s *Session) fetchCursor(ctx context.Context, p *translate.Plan, formats []int16, w wire.ResultWriter) error {
	cc := p.Cursor
	c := s.cursors[cc.Name]
	if c == nil {
		return cursorMissing(cc.Name)
	}
	h := &c.heldRows
	if !allText(formats) {
		if h.rows == nil {
			return &wire.Error{Code: "0A000", Message: "binary results from a cursor whose rows pgwired holds in memory are not supported"}
		}
		fields := make([]pgproto3.FieldDescription, len(h.fields))
		copy(fields, h.fields)
		for i := range fields {
			fields[i].Format = formatFor(formats, i)
		}
		h.fields = fields
	}
	if !cc.Move {
		if err := w.RowDescription(h.fields); err != nil {
			return err
		}
	}
	count := cc.Count
	if count == translate.FetchAll {
		count = 0
	}
	sctx, done := s.statementContext(ctx)
	defer done()
	if h.rows != nil {
		stop := context.AfterFunc(sctx, h.cancel) // a cancel or timeout stops the read
		defer stop()
	}
	n, err := s.sendHeld(sctx, h, w, count, cc.Move)
	if err != nil {
		s.dropCursor(c, false)
		return err
	}
	verb := "FETCH "
	if cc.Move {
		verb = "MOVE "
	}
	return w.CommandComplete(verb + strconv.FormatInt(n, 10))
}

// closeCursor runs CLOSE name and CLOSE ALL.
func (s *Session) closeCursor(p *translate.Plan, w wire.ResultWriter) error {
	if p.Cursor.All {
		for _, c := range s.cursors {
			s.dropCursor(c, true)
		}
		return w.CommandComplete("CLOSE CURSOR ALL")
	}
	c := s.cursors[p.Cursor.Name]
	if c == nil {
		return cursorMissing(p.Cursor.Name)
	}
	s.dropCursor(c, true)
	return w.CommandComplete("CLOSE CURSOR")
}

// dropCursor forgets c (keepConn: see dropHeld).
func (s *Session) dropCursor(c *sqlCursor, keepConn bool) {
	s.dropHeld(&c.heldRows, keepConn)
	delete(s.cursors, c.name)
}

// cursorsAtCommit applies COMMIT to the cursors: WITH HOLD ones stay (their rows read
// into memory), the others close.
func (s *Session) cursorsAtCommit(ctx context.Context) error {
	for _, c := range s.cursors {
		if !c.holdable {
			s.dropCursor(c, true)
		}
	}
	if h := s.held; h != nil {
		if !h.holdable {
			s.dropHeld(h, true) // a suspended portal: it ends with the transaction
		} else if err := s.keepHeldRows(ctx); err != nil {
			return err // the commit fails and rolls back, which drops the cursor
		}
	}
	for _, c := range s.cursors {
		c.committed = true
	}
	return nil
}

// cursorsAtRollback applies ROLLBACK: only WITH HOLD cursors of earlier, committed
// transactions stay.
func (s *Session) cursorsAtRollback() {
	for _, c := range s.cursors {
		if !c.committed {
			s.dropCursor(c, false)
		}
	}
	if s.held != nil {
		s.dropHeld(s.held, false) // a suspended portal
	}
}

// closeAllCursors ends every cursor (session end, DISCARD ALL).
func (s *Session) closeAllCursors() {
	for _, c := range s.cursors {
		s.dropCursor(c, false)
	}
}

// fetchTarget is the cursor a FETCH (not MOVE) plan reads, if it exists: Describe
// names its columns.
func (s *Session) fetchTarget(p *translate.Plan) *sqlCursor {
	if p.Kind != translate.KindFetch || p.Cursor.Move {
		return nil
	}
	return s.cursors[p.Cursor.Name]
}

// DescribeCursor is wire.CursorDescriber.
func (s *Session) DescribeCursor(name string) ([]pgproto3.FieldDescription, bool) {
	if c := s.cursors[name]; c != nil {
		return c.fields, true
	}
	return nil, false
}

// cursorRows lists the cursors for pg_cursors.
func (s *Session) cursorRows() []catalog.Cursor {
	out := make([]catalog.Cursor, 0, len(s.cursors))
	for _, c := range s.cursors {
		out = append(out, catalog.Cursor{Name: c.name, Statement: c.statement, Holdable: c.holdable, Created: c.created})
	}
	return out
}
