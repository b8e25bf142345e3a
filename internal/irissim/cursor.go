package irissim

import (
	"context"
	"database/sql"

	"github.com/pgwired/pgwired/internal/iris"
)

// fetch answers FD from the most recent cursor (S1 sends statement id 0).
func (c *serverConn) fetch(h iris.Header) error {
	if c.cursor == nil {
		return c.reply(h, iris.CodeNoMoreData, nil)
	}
	return c.sendBatch(h)
}

func (c *serverConn) closeCursor() {
	if c.cursor != nil {
		c.cursor.close()
		c.cursor = nil
	}
}

// sendBatch writes the next data message of the current cursor: up to
// FetchBatchRows rows or FetchBatchBytes bytes; code 100 on the last one.
func (c *serverConn) sendBatch(h iris.Header) error {
	cur := c.cursor
	bw := &cur.batch
	bw.Reset()
	rows := 0
	for cur.pending && rows < c.srv.batchSz && bw.Len() < c.srv.batchB {
		c.encodeRow(bw, cur)
		rows++
		cur.sent++
		if cur.maxRows > 0 && cur.sent >= cur.maxRows {
			cur.pending = false
			break
		}
		if e := cur.advance(); e != nil {
			c.closeCursor()
			return c.replyError(h, e)
		}
	}
	code := iris.CodeOK
	if !cur.pending {
		code = iris.CodeNoMoreData
		c.closeCursor()
	}
	return c.reply(h, code, func(w *iris.ListWriter) { w.Raw(bw.List()) })
}

// cursor is an open result set streamed batch by batch.
type cursor struct {
	stmtID  uint32
	rows    *sql.Rows
	cols    []resultCol
	cancel  context.CancelFunc
	vals    []any
	ptrs    []any
	pending bool // vals holds a row not sent yet
	fast    bool
	sent    int64
	maxRows int64
	batch   iris.ListWriter
	scratch []byte
}

func newCursor(id uint32, res *result, cancel context.CancelFunc, maxRows int64) *cursor {
	cur := &cursor{stmtID: id, rows: res.rows, cols: res.cols, cancel: cancel, maxRows: maxRows}
	cur.vals = make([]any, len(res.cols))
	cur.ptrs = make([]any, len(res.cols))
	for i := range cur.vals {
		cur.ptrs[i] = &cur.vals[i]
	}
	return cur
}

// advance scans the next row into vals.
func (cur *cursor) advance() *sqlError {
	if !cur.rows.Next() {
		cur.pending = false
		if err := cur.rows.Err(); err != nil {
			return mapSQLiteError(err, opSelect, nil)
		}
		return nil
	}
	if err := cur.rows.Scan(cur.ptrs...); err != nil {
		cur.pending = false
		return mapSQLiteError(err, opSelect, nil)
	}
	cur.pending = true
	return nil
}

// inferTypes types expression columns from the first row's values.
func (cur *cursor) inferTypes() {
	for i := range cur.cols {
		if cur.cols[i].typed {
			continue
		}
		var v any
		if cur.pending {
			v = cur.vals[i]
		}
		cur.cols[i].typ = typeOfValue(v)
		cur.cols[i].typed = true
		cur.cols[i].nullable = 2
	}
}

func typeOfValue(v any) irisType {
	switch x := v.(type) {
	case int64:
		if x >= -2147483648 && x <= 2147483647 {
			return typeByName["INTEGER"]
		}
		return typeByName["BIGINT"]
	case float64:
		return typeByName["DOUBLE"]
	case []byte:
		t := typeByName["VARBINARY"]
		t.MaxLen = max(odbcVarcharMax, len(x))
		return t
	}
	t := typeByName["VARCHAR"]
	t.MaxLen = odbcVarcharMax
	if s, ok := v.(string); ok && len(s) > odbcVarcharMax {
		t.MaxLen = len(s)
	}
	return t
}

func (cur *cursor) close() {
	if cur.rows != nil {
		cur.rows.Close()
	}
	if cur.cancel != nil {
		cur.cancel()
	}
}

// writeMetadata writes the DQ/PP metadata: statement feature, columns, parameters, addToCache.
func (c *serverConn) writeMetadata(w *iris.ListWriter, cols []resultCol, fast bool, params []irisType) {
	if c.features&iris.FeatureFastSelect != 0 {
		if fast {
			w.Int(1)
			w.Int(int64(len(cols)))
		} else {
			w.Int(0)
		}
	}
	w.Int(int64(len(cols)))
	for i := range cols {
		slot := 0
		if fast {
			slot = i + 1
		}
		writeColumn(w, &cols[i], slot)
	}
	writeParams(w, params)
	w.Int(1) // addToCache
}

// writeColumn writes the 10 (or 11 with a slot) metadata items of one column.
func writeColumn(w *iris.ListWriter, col *resultCol, slot int) {
	t := &col.typ
	w.String(col.name)
	w.Int(int64(t.ODBC))
	w.Int(int64(t.metaPrecision()))
	w.Int(int64(t.Scale))
	w.Int(int64(col.nullable))
	w.String(col.name)
	w.String(col.table)
	w.String(col.schema)
	w.String("")
	var flags [12]byte
	identity := col.table != "" && col.ident
	if identity || col.autoInc {
		flags[0] = 1 // autoIncrement
	}
	if t.isStringish() && col.exact {
		flags[1] = 1 // caseSensitive
	}
	if col.table == "" {
		flags[3] = 1 // readOnly
		flags[7] = 1 // expression
	}
	if identity {
		flags[9], flags[11] = 1, 1 // identity, rowId
	}
	w.Bytes(flags[:])
	if slot > 0 {
		w.Int(int64(slot))
	}
}

// writeParams writes the parameter info: count, then type/precision/scale/nullable.
// Types come from context (column compared with, or column assigned); the
// rest are described as VARCHAR.
func writeParams(w *iris.ListWriter, params []irisType) {
	w.Int(int64(len(params)))
	for i := range params {
		w.Int(int64(params[i].ODBC))
		w.Int(int64(params[i].metaPrecision()))
		w.Int(int64(params[i].Scale))
		w.Int(1)
	}
}

// encodeRow appends the pending row, in fast-select form when announced.
func (c *serverConn) encodeRow(w *iris.ListWriter, cur *cursor) {
	mark := 0
	if cur.fast {
		mark = w.BeginList()
	}
	for i := range cur.cols {
		cur.scratch = encodeValue(w, &cur.cols[i], cur.vals[i], cur.scratch, &c.streams, cur.stmtID)
	}
	if cur.fast {
		w.EndList(mark)
	}
}
