package iris

import "errors"

// maxDrainBatches bounds how many batches Close fetches and discards to bring the
// protocol back in step. CC (close cursor) would be cheaper, but its payload is
// unconfirmed (§4.1: neither driver sends it), and a no-reply message we got
// wrong would desynchronise silently; past this bound a new connection is
// cheaper than the rest of the result, so the connection is dropped instead.
const maxDrainBatches = 16

// Rows streams a result set batch by batch (§4.4, §4.5): only the current batch
// is held, and rows are decoded in place. A Conn reuses one Rows for every
// query, so a *Rows is valid until Close; items and RawRow until the next Next.
type Rows struct {
	c        *Conn
	shape    *statementShape
	ownShape statementShape // metadata of the last DQ
	stmtID   uint32

	batch  ListReader
	more   bool // the last data message had code 0 and rows: FD may bring more
	active bool // rows still to read, or a call still bound to the context
	err    error

	row   []Item
	slots []Item // fast-select row items, indexed by slot−1
}

var nullItem = Item{Undefined: true}

// open reads the first data message of a statement whose metadata is shape.
func (r *Rows) open(shape *statementShape, stmt uint32) error {
	c := r.c
	h, payload, err := c.recv(&c.inBuf)
	if err != nil {
		return err
	}
	return r.start(shape, stmt, h, payload)
}

// start takes a data message already read (PQ replies come without metadata).
func (r *Rows) start(shape *statementShape, stmt uint32, h Header, payload []byte) error {
	if code := h.ReturnCode(); isError(code) {
		return r.c.serverError(code)
	}
	r.shape, r.stmtID, r.err = shape, stmt, nil
	r.batch.Reset(payload)
	r.more = h.ReturnCode() == CodeOK && len(payload) > 0
	if cap(r.row) < len(shape.columns) {
		r.row = make([]Item, len(shape.columns))
	}
	r.row = r.row[:len(shape.columns)]
	r.active = true
	r.c.busy = true
	return nil
}

// Columns describes the result columns. The slice is reused by the next query
// on the same Conn; copy it to keep it.
func (r *Rows) Columns() []Column { return r.shape.columns }

// Next advances to the next row, fetching the next batch with FD when the current
// one is used up and the server said more may follow.
func (r *Rows) Next() bool {
	if !r.active {
		return false
	}
	for !r.batch.More() {
		if !r.more {
			r.finish()
			return false
		}
		if err := r.fetch(); err != nil {
			r.err = err
			r.finish()
			return false
		}
	}
	if err := r.decodeRow(); err != nil {
		r.err = r.c.protocolError("row", err)
		r.finish()
		return false
	}
	return true
}

// fetch asks for the next batch (§4.5): statement id of the cursor, empty payload.
func (r *Rows) fetch() error {
	c := r.c
	c.start(OpFetchData, r.stmtID)
	h, payload, err := c.roundTrip(&c.inBuf)
	if err != nil {
		r.more = false
		return err
	}
	code := h.ReturnCode()
	if isError(code) {
		r.more = false
		return c.serverError(code)
	}
	r.batch.Reset(payload)
	// An FD reply with an empty payload ends the result whatever its code (§4.5).
	r.more = code == CodeOK && len(payload) > 0
	return nil
}

func (r *Rows) decodeRow() error {
	if !r.shape.fastRows() {
		for i := range r.row {
			it, err := r.batch.Next()
			if err != nil {
				return err
			}
			r.row[i] = it
		}
		return nil
	}
	// Fast select: one type-1 item holding the row as a sub-list; column i is
	// item slot(i); an empty row item or missing trailing items are NULL (§4.4).
	it, err := r.batch.Next()
	if err != nil {
		return err
	}
	r.slots = r.slots[:0]
	sub := NewListReader(it.Data)
	if it.Undefined || it.Type != TypeString {
		sub.Reset(nil)
	}
	for sub.More() {
		si, err := sub.Next()
		if err != nil {
			return err
		}
		r.slots = append(r.slots, si)
	}
	for i := range r.row {
		idx := r.shape.columns[i].slot - 1
		if idx >= 0 && idx < len(r.slots) {
			r.row[i] = r.slots[idx]
		} else {
			r.row[i] = nullItem
		}
	}
	return nil
}

// Item returns column i of the current row without decoding; it aliases the
// batch buffer and is valid until the next call to Next.
func (r *Rows) Item(i int) Item { return r.row[i] }

// RawRow returns the current row's items (reused by Next).
func (r *Rows) RawRow() []Item { return r.row }

// Value decodes column i of the current row (§9); stream columns are read from
// the server here, on demand.
func (r *Rows) Value(i int) (any, error) {
	if !r.active {
		return nil, errors.New("iris: Value called without a current row")
	}
	return r.c.decodeValue(&r.shape.columns[i], r.row[i])
}

// Values decodes the whole current row into a new slice.
func (r *Rows) Values() ([]any, error) {
	vals := make([]any, len(r.row))
	for i := range r.row {
		v, err := r.Value(i)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	return vals, nil
}

// Err returns the error that ended iteration, if any.
func (r *Rows) Err() error { return r.err }

// Close ends the result. If the server may still hold rows, they are fetched and
// discarded (up to maxDrainBatches; beyond that the connection is closed rather
// than read to the end). Closing twice is harmless.
func (r *Rows) Close() error {
	if !r.active {
		return nil
	}
	for drained := 0; r.more && r.err == nil; drained++ {
		if drained == maxDrainBatches {
			r.more = false
			r.c.fail("close rows", errors.New("abandoned a large result"))
			break
		}
		if err := r.fetch(); err != nil {
			r.err = err
		}
	}
	r.batch.Reset(nil)
	r.finish()
	return nil
}

func (r *Rows) finish() {
	if !r.active {
		return
	}
	r.active = false
	r.c.busy = false
	r.c.exit()
}
