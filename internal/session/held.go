package session

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/wire"
)

// maxHeldMemory bounds the rows of one held result kept in pgwired's memory.
const maxHeldMemory = 256 << 20

// heldRows is a result the client reads in pieces: a portal suspended by Execute's row
// limit (pgjdbc's fetch size), a SQL cursor (DECLARE). IRIS serves one open result per
// connection, so while the client only reads this one its rows stream from IRIS, and
// before anything else runs on the connection the rest is read into memory (at most
// maxHeldMemory), where later reads find it. The session knows the one still open on
// the connection (Session.held).
type heldRows struct {
	what      string                      // for errors: `cursor "c"`, "portal"
	fields    []pgproto3.FieldDescription // the encoding of the rows (formats included)
	quotients []quotient                  // columns pgwired divides itself
	holdable  bool                        // a WITH HOLD cursor: kept in memory at COMMIT

	rows    *iris.Rows         // open on the IRIS connection; nil once read to the end
	cancel  context.CancelFunc // ends the open query's context
	pending bool               // rows is positioned on a row not sent yet

	kept      [][][]byte // rows read into memory and not sent yet
	keptBytes int
}

// startHeld starts a query whose result outlives the statement: query runs under a
// context that is not the statement context sctx, but a cancel or timeout while IRIS runs
// it still stops it. An error is mapped as the statement's.
func (s *Session) startHeld(ctx, sctx context.Context, query func(context.Context) (*iris.Rows, error)) (*iris.Rows, context.CancelFunc, error) {
	qctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(sctx, cancel)
	rows, err := query(qctx)
	stop()
	if err != nil {
		cancel()
		return nil, nil, s.irisError(sctx, err)
	}
	return rows, cancel, nil
}

// holdRows starts holding rows, the result now open on the session's connection.
func (s *Session) holdRows(h *heldRows, rows *iris.Rows, cancel context.CancelFunc) {
	h.rows, h.cancel, h.pending = rows, cancel, false
	s.held = h
}

// more reports whether rows remain.
func (h *heldRows) more() bool { return len(h.kept) > 0 || h.rows != nil }

// sendHeld writes up to max rows (0: all); skip moves past them instead (MOVE). Rows come
// from memory once kept there, else from the open result.
func (s *Session) sendHeld(ctx context.Context, h *heldRows, w wire.ResultWriter, max int64, skip bool) (int64, error) {
	var n int64
	if h.rows == nil {
		for (max == 0 || n < max) && len(h.kept) > 0 {
			if !skip {
				if err := w.DataRow(h.kept[0]); err != nil {
					return n, err
				}
			}
			h.keptBytes -= rowBytes(h.kept[0])
			h.kept[0] = nil
			h.kept = h.kept[1:]
			n++
		}
		return n, nil
	}
	var err error
	if skip {
		n, err = skipRows(h, max)
	} else {
		limit := 0 // all
		if max > 0 && max < int64(maxInt) {
			limit = int(max)
		}
		n, err = s.streamRows(ctx, h.rows, h.fields, h.quotients, w, limit, &h.pending)
	}
	if err != nil {
		s.dropHeld(h, false)
		return n, err
	}
	if !h.pending {
		return n, s.endHeld(ctx, h)
	}
	return n, nil
}

const maxInt = int(^uint(0) >> 1)

// skipRows moves past up to count rows (0: all) of h's open result.
func skipRows(h *heldRows, count int64) (int64, error) {
	var n int64
	for count == 0 || n < count {
		if !h.pending && !h.rows.Next() {
			return n, nil
		}
		h.pending = false
		n++
	}
	h.pending = h.rows.Next()
	return n, nil
}

// endHeld closes h's result after its last row, reporting an error IRIS ended it with.
func (s *Session) endHeld(ctx context.Context, h *heldRows) error {
	err := h.rows.Err()
	s.closeHeld(h)
	if err != nil {
		return s.irisError(ctx, err)
	}
	return nil
}

func (s *Session) closeHeld(h *heldRows) {
	if h.rows != nil {
		h.rows.Close()
		h.cancel()
		h.rows, h.pending = nil, false
	}
	if s.held == h {
		s.held = nil
	}
}

// dropHeld ends h. An open result is read to its end when the connection must stay
// usable (keepConn: the transaction goes on); otherwise it is closed, which may drop the
// IRIS connection if much of it is left (iris.Rows.Close).
func (s *Session) dropHeld(h *heldRows, keepConn bool) {
	if keepConn && h.rows != nil {
		for h.rows.Next() {
		}
	}
	s.closeHeld(h)
	h.kept, h.keptBytes = nil, 0
}

// keepHeldRows reads the rest of the result open on the IRIS connection into memory, so
// that the connection can run something else.
func (s *Session) keepHeldRows(ctx context.Context) error {
	h := s.held
	if h == nil {
		return nil
	}
	for h.pending || h.rows.Next() {
		h.pending = false
		row := make([][]byte, len(h.fields))
		for i := range h.fields {
			if h.rows.Item(i).IsNull() || sessionWritten(h.quotients, i) {
				continue
			}
			v, err := appendValue(nil, h.rows, i, &h.fields[i])
			if err != nil {
				s.dropHeld(h, false)
				return conversionError(err, h.fields[i].Name)
			}
			row[i] = v
		}
		if _, err := appendQuotients(nil, row, h.rows, h.quotients, h.fields); err != nil {
			s.dropHeld(h, false)
			return toWireError(err)
		}
		h.kept = append(h.kept, row)
		h.keptBytes += rowBytes(row)
		if h.keptBytes > maxHeldMemory {
			s.dropHeld(h, false)
			return &wire.Error{Code: "54000", Message: "the open " + h.what + " has more than " + strconv.Itoa(maxHeldMemory>>20) +
				" MiB of rows left: pgwired reads them into memory before running another statement (or committing a WITH HOLD cursor); read them first"}
		}
	}
	return s.endHeld(ctx, h)
}

func rowBytes(row [][]byte) int {
	n := 24 * len(row)
	for _, v := range row {
		n += len(v)
	}
	return n
}
