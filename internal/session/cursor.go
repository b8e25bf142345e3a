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

// maxCursorMemory bounds the rows of one cursor held in pgwired's memory (see sqlCursor).
const maxCursorMemory = 256 << 20

// sqlCursor is a cursor declared with DECLARE (psql's FETCH_COUNT, psycopg2's named
// cursors, Django's iterator()). Its rows come from one IRIS query. While the client only
// fetches from it they stream from the IRIS connection; IRIS serves one open result per
// connection, so before anything else runs there the rest is read into memory (up to
// maxCursorMemory), as is a WITH HOLD cursor when its transaction commits (PostgreSQL
// materialises those too).
type sqlCursor struct {
	name      string
	statement string // the DECLARE text, for pg_cursors
	created   time.Time
	hold      bool
	fields    []pgproto3.FieldDescription // text format, as DECLARE without BINARY

	rows    *iris.Rows         // still open on the IRIS connection; nil once read to the end
	cancel  context.CancelFunc // ends the open query's context
	pending bool               // rows is positioned on a row not sent yet

	kept      [][][]byte // rows read into memory and not fetched yet
	keptBytes int
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
	sql, args, err := s.prepareCall(ctx, cc.Query, params)
	if err != nil {
		return err
	}
	// The result outlives this statement, so its context must too.
	qctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	sctx, done := s.statementContext(ctx)
	defer done()
	stop := context.AfterFunc(sctx, cancel) // a cancel or timeout while IRIS runs the query
	rows, err := s.conn.Query(qctx, sql, args)
	stop()
	if err != nil {
		cancel()
		return s.irisError(sctx, err)
	}
	c := &sqlCursor{name: cc.Name, statement: p.Original, created: time.Now(), hold: cc.Hold, fields: rowDescription(rows.Columns(), cc.Query.Columns, nil),
		rows: rows, cancel: cancel}
	if s.cursors == nil {
		s.cursors = map[string]*sqlCursor{}
	}
	s.cursors[cc.Name] = c
	s.streaming = c
	if autocommit {
		// DECLARE … WITH HOLD outside a block commits at once: the rows are read now.
		if err := s.keepStreamingRows(sctx); err != nil {
			return err
		}
		c.committed = true
	}
	return w.CommandComplete("DECLARE CURSOR")
}

// fetchCursor runs FETCH and MOVE: the next rows, from memory first, then from IRIS.
func (s *Session) fetchCursor(ctx context.Context, p *translate.Plan, formats []int16, w wire.ResultWriter) error {
	cc := p.Cursor
	c := s.cursors[cc.Name]
	if c == nil {
		return cursorMissing(cc.Name)
	}
	fields := c.fields
	if !allText(formats) {
		if len(c.kept) > 0 {
			return &wire.Error{Code: "0A000", Message: "binary results from a cursor whose rows pgwired holds in memory are not supported"}
		}
		fields = make([]pgproto3.FieldDescription, len(c.fields))
		copy(fields, c.fields)
		for i := range fields {
			fields[i].Format = formatFor(formats, i)
		}
	}
	if !cc.Move {
		if err := w.RowDescription(fields); err != nil {
			return err
		}
	}
	var n int64
	for n < cc.Count && len(c.kept) > 0 {
		if !cc.Move {
			if err := w.DataRow(c.kept[0]); err != nil {
				return err
			}
		}
		c.keptBytes -= rowBytes(c.kept[0])
		c.kept[0] = nil
		c.kept = c.kept[1:]
		n++
	}
	if n < cc.Count && c.rows != nil {
		sctx, done := s.statementContext(ctx)
		defer done()
		stop := context.AfterFunc(sctx, c.cancel)
		defer stop()
		var got int64
		var err error
		if cc.Move {
			got, err = s.skipRows(sctx, c, cc.Count-n)
		} else {
			max := 0 // all
			if left := cc.Count - n; left < int64(maxInt) {
				max = int(left)
			}
			got, err = s.streamRows(sctx, c.rows, fields, w, max, &c.pending)
		}
		n += got
		if err != nil {
			s.dropCursor(c, false)
			return err
		}
		if !c.pending {
			s.finishRows(c)
		}
	}
	verb := "FETCH "
	if cc.Move {
		verb = "MOVE "
	}
	return w.CommandComplete(verb + strconv.FormatInt(n, 10))
}

const maxInt = int(^uint(0) >> 1)

// skipRows moves past up to count rows of c's open result (MOVE).
func (s *Session) skipRows(ctx context.Context, c *sqlCursor, count int64) (int64, error) {
	var n int64
	for n < count {
		if !c.pending && !c.rows.Next() {
			break
		}
		c.pending = false
		n++
	}
	if n == count {
		c.pending = c.rows.Next()
	}
	if err := c.rows.Err(); err != nil {
		return n, s.irisError(ctx, err)
	}
	return n, nil
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

// dropCursor forgets c. An open result is read to its end when the connection must stay
// usable (keepConn: the transaction goes on); otherwise it is closed, which may drop the
// IRIS connection if much of it is left (iris.Rows.Close).
func (s *Session) dropCursor(c *sqlCursor, keepConn bool) {
	if c.rows != nil {
		if keepConn {
			for c.rows.Next() {
			}
		}
		s.finishRows(c)
	}
	c.kept, c.keptBytes = nil, 0
	delete(s.cursors, c.name)
}

func (s *Session) finishRows(c *sqlCursor) {
	c.rows.Close()
	c.cancel()
	c.rows, c.pending = nil, false
	if s.streaming == c {
		s.streaming = nil
	}
}

// keepStreamingRows reads the rest of the cursor whose result is open on the IRIS
// connection into memory, so that the connection can run something else.
func (s *Session) keepStreamingRows(ctx context.Context) error {
	c := s.streaming
	if c == nil {
		return nil
	}
	for c.pending || c.rows.Next() {
		c.pending = false
		row := make([][]byte, len(c.fields))
		size := 0
		for i := range c.fields {
			if c.rows.Item(i).IsNull() {
				continue
			}
			v, err := appendValue(nil, c.rows, i, &c.fields[i])
			if err != nil {
				s.dropCursor(c, false)
				return &wire.Error{Code: "XX000", Message: "cannot convert IRIS value of column " + string(c.fields[i].Name) + ": " + err.Error()}
			}
			row[i] = v
			size += len(v)
		}
		c.kept = append(c.kept, row)
		c.keptBytes += size + 24*len(row)
		if c.keptBytes > maxCursorMemory {
			s.dropCursor(c, false)
			return &wire.Error{Code: "54000", Message: `cursor "` + c.name + `" has more than ` + strconv.Itoa(maxCursorMemory>>20) +
				" MiB of rows left: pgwired reads them into memory before running another statement (or committing a WITH HOLD cursor); fetch them first"}
		}
	}
	err := c.rows.Err()
	s.finishRows(c)
	if err != nil {
		s.dropCursor(c, false)
		return s.irisError(ctx, err)
	}
	return nil
}

func rowBytes(row [][]byte) int {
	n := 24 * len(row)
	for _, v := range row {
		n += len(v)
	}
	return n
}

// cursorsAtCommit applies COMMIT to the cursors: WITH HOLD ones stay (their rows read
// into memory), the others close.
func (s *Session) cursorsAtCommit(ctx context.Context) error {
	for _, c := range s.cursors {
		if !c.hold {
			s.dropCursor(c, true)
		}
	}
	if err := s.keepStreamingRows(ctx); err != nil {
		return err
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
		out = append(out, catalog.Cursor{Name: c.name, Statement: c.statement, Holdable: c.hold, Created: c.created})
	}
	return out
}
