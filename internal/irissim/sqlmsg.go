package irissim

import (
	"context"
	"errors"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
)

// prepared is a statement cached under its id (PP, or DQ/DU with addToCache).
type prepared struct {
	text   string
	query  bool
	cols   []resultCol // the shape announced to the client (queries)
	fast   bool        // rows announced in fast-select form
	params []irisType
}

// maxCachedStatements bounds the per-connection statement cache; a client
// that finds a statement gone gets 404 and falls back to DQ/DU.
const maxCachedStatements = 1024

func (c *serverConn) cache(id uint32, p *prepared) {
	if len(c.stmts) >= maxCachedStatements {
		clear(c.stmts)
	}
	c.stmts[id] = p
}

func (c *serverConn) malformed(h iris.Header, err error) error {
	return c.replyError(h, sqlErrorf(-400, "Unexpected error occurred: <LIST> %v", err))
}

// statementContext bounds a statement by the connection and its timeout.
func (c *serverConn) statementContext(timeout int64) (context.Context, context.CancelFunc) {
	if timeout > 0 {
		return context.WithTimeout(c.ctx, time.Duration(timeout)*time.Second)
	}
	return context.WithCancel(c.ctx)
}

func (c *serverConn) directQuery(h iris.Header, payload []byte) error {
	c.closeCursor()
	req, err := parseRequest(h.Code, payload)
	if err != nil {
		return c.malformed(h, err)
	}
	if len(req.sets) != 1 {
		return c.replyError(h, errSyntax("A query takes exactly one parameter set"))
	}
	ctx, cancel := c.statementContext(req.timeout)
	res, serr := c.sess.execute(ctx, req.text, req.sets[0])
	if serr != nil {
		cancel()
		return c.replyError(h, timeoutAware(ctx, serr))
	}
	if res.rows == nil {
		// DML through DQ: an empty result.
		cancel()
		if err := c.reply(h, iris.CodeOK, func(w *iris.ListWriter) {
			c.writeMetadata(w, nil, false, res.params)
		}); err != nil {
			return err
		}
		return c.reply(h, iris.CodeNoMoreData, nil)
	}
	cur := newCursor(h.StatementID, res, cancel, req.maxRows)
	c.streams.newResult(h.StatementID)
	if e := cur.advance(); e != nil {
		cur.close()
		return c.replyError(h, timeoutAware(ctx, e))
	}
	cur.inferTypes()
	fast := c.features&iris.FeatureFastSelect != 0
	cur.fast = fast
	c.cache(h.StatementID, &prepared{text: req.text, query: true, cols: cur.cols, fast: fast, params: res.params})
	if err := c.reply(h, iris.CodeOK, func(w *iris.ListWriter) {
		c.writeMetadata(w, cur.cols, fast, res.params)
	}); err != nil {
		cur.close()
		return err
	}
	c.cursor = cur
	return c.sendBatch(h)
}

// timeoutAware reports an expired query timeout as IRIS's timeout error.
func timeoutAware(ctx context.Context, e *sqlError) *sqlError {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return newSQLError(-400, "<INTERRUPT> query timeout expired")
	}
	return e
}

func (c *serverConn) directUpdate(h iris.Header, payload []byte) error {
	c.closeCursor()
	req, err := parseRequest(h.Code, payload)
	if err != nil {
		return c.malformed(h, err)
	}
	counts, params, serr := c.runUpdate(req)
	if serr != nil {
		return c.replyError(h, serr)
	}
	c.cache(h.StatementID, &prepared{text: req.text, query: isQueryText(req.text), params: params})
	return c.reply(h, iris.CodeOK, func(w *iris.ListWriter) {
		if c.features&iris.FeatureFastSelect != 0 {
			w.Int(0) // statement feature: none
		}
		writeParams(w, params)
		w.Int(1) // addToCache
		for _, n := range counts {
			w.Int(n)
		}
	})
}

// runUpdate executes req once per parameter set and returns rows affected.
func (c *serverConn) runUpdate(req *sqlRequest) ([]int64, []irisType, *sqlError) {
	counts := make([]int64, 0, len(req.sets))
	var params []irisType
	if len(req.sets) > 1 {
		if c.sess.kept == nil {
			c.sess.kept = &batchStmts{}
		}
		c.sess.batch = c.sess.kept
		defer func() {
			c.sess.batch.trim()
			c.sess.batch = nil
		}()
	}
	oneByOne := 0 // sets before this index run alone (a multi-row INSERT of them failed)
	for k := 0; k < len(req.sets); k++ {
		if k > 0 && k >= oneByOne && req.timeout == 0 {
			n, ok := c.sess.insertRows(c.ctx, req.text, req.sets[k:])
			if ok {
				for range n {
					counts = append(counts, 1)
				}
				k += n - 1
				continue
			}
			oneByOne = k + n
		}
		args := req.sets[k]
		ctx, cancel := c.statementContext(req.timeout)
		res, serr := c.sess.execute(ctx, req.text, args)
		if serr != nil {
			cancel()
			return nil, nil, timeoutAware(ctx, serr)
		}
		if res.rows != nil { // a query sent as an update: run it, count nothing
			for res.rows.Next() {
			}
			rerr := res.rows.Err()
			res.rows.Close()
			if rerr != nil {
				cancel()
				return nil, nil, mapSQLiteError(rerr, opSelect, nil)
			}
		}
		cancel()
		counts = append(counts, res.affected)
		params = res.params
	}
	return counts, params, nil
}

func (c *serverConn) prepare(h iris.Header, payload []byte) error {
	req, err := parseRequest(h.Code, payload)
	if err != nil {
		return c.malformed(h, err)
	}
	p := &prepared{text: req.text, query: isQueryText(req.text)}
	var serr *sqlError
	if p.query {
		p.cols, p.params, serr = c.sess.describe(c.ctx, req.text)
		p.fast = c.features&iris.FeatureFastSelect != 0
	} else {
		p.params, serr = c.sess.prepareStatement(c.ctx, req.text)
	}
	if serr != nil {
		return c.replyError(h, serr)
	}
	c.cache(h.StatementID, p)
	return c.reply(h, iris.CodeOK, func(w *iris.ListWriter) {
		if p.query {
			c.writeMetadata(w, p.cols, p.fast, p.params)
			return
		}
		if c.features&iris.FeatureFastSelect != 0 {
			w.Int(0)
		}
		writeParams(w, p.params)
		w.Int(1)
	})
}

func (c *serverConn) preparedQuery(h iris.Header, payload []byte) error {
	c.closeCursor()
	p := c.stmts[h.StatementID]
	if p == nil || !p.query {
		return c.reply(h, iris.CodeStmtNotFound, nil)
	}
	req, err := parseRequest(h.Code, payload)
	if err != nil {
		return c.malformed(h, err)
	}
	if len(req.sets) != 1 {
		return c.replyError(h, errSyntax("A query takes exactly one parameter set"))
	}
	ctx, cancel := c.statementContext(req.timeout)
	res, serr := c.sess.execute(ctx, p.text, req.sets[0])
	if serr != nil {
		cancel()
		return c.replyError(h, timeoutAware(ctx, serr))
	}
	if res.rows == nil || len(res.cols) != len(p.cols) {
		cancel()
		if res.rows != nil {
			res.rows.Close()
		}
		return c.reply(h, iris.CodeStmtNotFound, nil) // shape changed: let the client re-run direct
	}
	res.cols = p.cols // values are encoded as the PP metadata announced
	cur := newCursor(h.StatementID, res, cancel, req.maxRows)
	c.streams.newResult(h.StatementID)
	cur.fast = p.fast
	if e := cur.advance(); e != nil {
		cur.close()
		return c.replyError(h, timeoutAware(ctx, e))
	}
	c.cursor = cur
	return c.sendBatch(h)
}

func (c *serverConn) preparedUpdate(h iris.Header, payload []byte) error {
	c.closeCursor()
	p := c.stmts[h.StatementID]
	if p == nil {
		return c.reply(h, iris.CodeStmtNotFound, nil)
	}
	req, err := parseRequest(h.Code, payload)
	if err != nil {
		return c.malformed(h, err)
	}
	req.text = p.text
	counts, _, serr := c.runUpdate(req)
	if serr != nil {
		return c.replyError(h, serr)
	}
	return c.reply(h, iris.CodeOK, func(w *iris.ListWriter) {
		for _, n := range counts {
			w.Int(n)
		}
	})
}

// generatedKeys answers GG: column info for the key, then its value (code 100).
func (c *serverConn) generatedKeys(h iris.Header) error {
	var id any
	err := c.sess.conn.QueryRowContext(c.ctx, "SELECT NULLIF(last_insert_rowid(), 0)").Scan(&id)
	if err != nil {
		return c.replyError(h, mapSQLiteError(err, opSelect, nil))
	}
	col := resultCol{name: "ID", typ: typeByName["BIGINT"], typed: true, nullable: 0}
	return c.reply(h, iris.CodeNoMoreData, func(w *iris.ListWriter) {
		w.Int(1)
		writeColumn(w, &col, 0)
		if id == nil {
			w.Null()
		} else {
			w.Int(id.(int64))
		}
	})
}

// readStream answers JS with the raw bytes of a stream handed out in a row.
func (c *serverConn) readStream(h iris.Header, payload []byte) error {
	r := iris.NewListReader(payload)
	it, err := nextItem(&r)
	if err != nil {
		return c.reply(h, iris.CodeStreamNotFound, nil)
	}
	handle, _ := it.Text()
	data, ok := c.streams.get(handle)
	if !ok {
		return c.reply(h, iris.CodeStreamNotFound, nil)
	}
	if r.More() { // length: -1 = everything
		if n, err := nextInt(&r); err == nil && n >= 0 && n < int64(len(data)) {
			data = data[:n]
		}
	}
	return c.reply(h, iris.CodeOK, func(w *iris.ListWriter) { w.Raw(data) })
}
