package irissim

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"

	"github.com/pgwired/pgwired/internal/iris"
)

// request is one message read from the client. buf is returned to the pool
// after the message has been handled.
type request struct {
	h       iris.Header
	payload []byte
	buf     *[]byte
}

// No-reply opcodes the client package has no constant for (Appendix A).
var (
	opReadCommitted   = [2]byte{'R', 'C'}
	opReadUncommitted = [2]byte{'R', 'U'}
	opCloseStream     = [2]byte{'C', 'S'}
)

var requestBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// maxPooledRequest keeps one huge request (a big parameter) from pinning its buffer.
const maxPooledRequest = 1 << 20

func putRequestBuf(buf *[]byte, payload []byte) {
	if cap(payload) > maxPooledRequest {
		return
	}
	*buf = payload[:0]
	requestBufs.Put(buf)
}

// serverConn is one client connection.
type serverConn struct {
	srv *Server
	nc  net.Conn
	br  *bufio.Reader

	// ctx is cancelled when the socket closes: the running statement is
	// interrupted and the transaction rolled back (pgwired cancels that way).
	ctx    context.Context
	cancel context.CancelFunc

	loggedIn bool
	features int // granted feature mask
	ns       *namespace
	nsName   string
	user     string
	job      string
	sess     *session

	stmts   map[uint32]*prepared // statements cached by id (PP, DQ, DU)
	cursor  *cursor              // most recently opened cursor
	lastErr *sqlError            // text for OE
	streams streamStore

	out iris.MessageBuffer
}

func newServerConn(s *Server, nc net.Conn) *serverConn {
	ctx, cancel := context.WithCancel(context.Background())
	return &serverConn{
		srv: s, nc: nc, br: bufio.NewReaderSize(nc, 16<<10),
		ctx: ctx, cancel: cancel,
		job:   strconv.FormatInt(s.jobs.Add(1), 10),
		stmts: map[uint32]*prepared{},
	}
}

// serve runs the connection: a reader goroutine feeds requests so that a
// closed socket is noticed (and the statement cancelled) while one runs.
func (c *serverConn) serve() {
	defer c.cleanup()
	inbox := make(chan request, 4)
	go c.readLoop(inbox)
	for req := range inbox {
		keep := c.handle(req)
		putRequestBuf(req.buf, req.payload)
		if !keep {
			c.nc.Close()
			c.cancel()
			for r := range inbox { // drain until the reader stops
				requestBufs.Put(r.buf)
			}
			return
		}
	}
}

func (c *serverConn) readLoop(inbox chan<- request) {
	defer close(inbox)
	defer c.cancel()
	for {
		buf := requestBufs.Get().(*[]byte)
		h, payload, err := iris.ReadMessage(c.br, *buf)
		if err != nil {
			requestBufs.Put(buf)
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				c.srv.log.Debug("irissim: read", "job", c.job, "err", err)
			}
			return
		}
		select {
		case inbox <- request{h: h, payload: payload, buf: buf}:
		case <-c.ctx.Done():
			requestBufs.Put(buf)
			return
		}
	}
}

func (c *serverConn) cleanup() {
	c.cancel()
	c.nc.Close()
	c.closeCursor()
	if c.sess != nil {
		if err := c.sess.close(); err != nil {
			c.srv.log.Debug("irissim: session close", "job", c.job, "err", err)
		}
	}
}

// handle dispatches one request; false means close the connection.
func (c *serverConn) handle(req request) bool {
	h := req.h
	if !c.loggedIn {
		switch h.Code {
		case iris.OpHandshake:
			return c.handshake(h, req.payload)
		case iris.OpConnect:
			return c.login(h, req.payload)
		}
		return false
	}
	var err error
	switch h.Code {
	case iris.OpDirectQuery:
		err = c.directQuery(h, req.payload)
	case iris.OpDirectUpdate:
		err = c.directUpdate(h, req.payload)
	case iris.OpPrepare:
		err = c.prepare(h, req.payload)
	case iris.OpPreparedQuery:
		err = c.preparedQuery(h, req.payload)
	case iris.OpPreparedUpdate:
		err = c.preparedUpdate(h, req.payload)
	case iris.OpFetchData:
		err = c.fetch(h)
	case iris.OpGetError:
		err = c.getError(h, req.payload)
	case iris.OpCommit:
		err = c.txEnd(h, true)
	case iris.OpRollback:
		err = c.txEnd(h, false)
	case iris.OpGeneratedKeys:
		err = c.generatedKeys(h)
	case iris.OpReadStream:
		err = c.readStream(h, req.payload)
	case iris.OpClassMethod, iris.OpClassMethodVoid:
		err = c.classMethod(h, req.payload)
	case iris.OpCloseStatement:
		delete(c.stmts, h.StatementID)
	case iris.OpCloseCursor:
		if c.cursor != nil && (h.StatementID == 0 || c.cursor.stmtID == h.StatementID) {
			c.closeCursor()
		}
	case iris.OpResetConnection:
		c.reset()
	case iris.OpAutoCommitOn:
		c.sess.autoCommit = true
	case iris.OpAutoCommitOff:
		c.sess.autoCommit = false
	case opReadCommitted, opReadUncommitted, opCloseStream:
		// No-reply messages (S4's list); isolation is SQLite's, see doc.go.
	case iris.OpDisconnect:
		return false
	case iris.OpHandshake, iris.OpConnect:
		return false
	default:
		err = c.reply(h, -400, nil)
		c.lastErr = sqlErrorf(-400, "Unsupported message %s", h.String())
	}
	if err != nil {
		c.srv.log.Debug("irissim: write", "job", c.job, "err", err)
		return false
	}
	return true
}

// reply writes one message (header + payload) in one write.
func (c *serverConn) reply(req iris.Header, code int, build func(w *iris.ListWriter)) error {
	c.out.Start(iris.Header{Count: req.Count, StatementID: req.StatementID, Code: iris.ReplyCode(code)})
	if build != nil {
		build(&c.out.ListWriter)
	}
	return c.out.Send(c.nc)
}

// replyError answers with a negative SQLCODE and an empty payload; OE fetches the text.
func (c *serverConn) replyError(req iris.Header, e *sqlError) error {
	c.lastErr = e
	return c.reply(req, e.Code, nil)
}

// handshake answers HS: negotiated version, Unicode flag, locale.
func (c *serverConn) handshake(h iris.Header, payload []byte) bool {
	version := uint16(iris.ProtocolVersion)
	if len(payload) >= 2 {
		version = min(binary.LittleEndian.Uint16(payload), iris.ProtocolVersion)
	}
	c.out.Start(iris.Header{Count: h.Count, StatementID: h.StatementID})
	c.out.Raw(binary.LittleEndian.AppendUint16(nil, version))
	c.out.Raw([]byte{1, 0})
	c.out.String("UNICODE")
	return c.out.Send(c.nc) == nil
}

// login answers CN. A failed login gets 417 and the socket is closed.
func (c *serverConn) login(h iris.Header, payload []byte) bool {
	r := iris.NewListReader(payload)
	var items [12]iris.Item
	n := 0
	for r.More() && n < len(items) {
		it, err := r.Next()
		if err != nil {
			break
		}
		items[n] = it
		n++
	}
	if n < 3 {
		c.reply(h, iris.CodeLoginFailed, func(w *iris.ListWriter) { w.String("Malformed login request") })
		return false
	}
	nsName, _ := items[0].Text()
	nsName = strings.ToUpper(nsName)
	userName := string(iris.Unscramble(items[1].Bytes()))
	password := string(iris.Unscramble(items[2].Bytes()))
	ns := c.srv.namespace(nsName)
	if ns == nil {
		c.reply(h, iris.CodeLoginFailed, func(w *iris.ListWriter) {
			w.String("Namespace '" + nsName + "' does not exist")
		})
		return false
	}
	u, ok := c.srv.checkLogin(userName, password)
	if !ok {
		c.srv.log.Info("irissim: login failed", "user", userName, "namespace", nsName)
		c.reply(h, iris.CodeLoginFailed, func(w *iris.ListWriter) { w.String("Access Denied") })
		return false
	}
	requested, autoCommit := 0, int64(1)
	if n >= 12 {
		if v, err := items[11].Int(); err == nil {
			requested = int(v)
		}
		if v, err := items[9].Int(); err == nil {
			autoCommit = v // 1 on, 2 off (explicit), 0 none
		}
	}
	sess, err := newSession(c.ctx, ns, u.name, c.job, c.srv.cfg.Version)
	if err != nil {
		c.reply(h, iris.CodeLoginFailed, func(w *iris.ListWriter) { w.String("Server error: " + err.Error()) })
		return false
	}
	sess.autoCommit = autoCommit != 2
	c.sess, c.ns, c.nsName, c.user, c.loggedIn = sess, ns, nsName, u.name, true
	c.features = requested & iris.FeatureFastSelect
	err = c.reply(h, iris.CodeOK, func(w *iris.ListWriter) {
		w.String(c.srv.cfg.Version + "|/usr/irissys")
		w.Int(1) // delimited identifiers on
		w.Int(0)
		w.Int(0) // isolation level: server default
		w.String(c.job)
		w.Int(0)
		w.Int(int64(c.features))
	})
	return err == nil
}

// reset implements RN: close cursors and statements, roll back.
func (c *serverConn) reset() {
	c.closeCursor()
	clear(c.stmts)
	c.streams.clear()
	if c.sess != nil && c.sess.inTx {
		c.sess.rollbackAll(c.ctx)
	}
}

func (c *serverConn) txEnd(h iris.Header, commit bool) error {
	var e *sqlError
	if commit {
		e = c.sess.commit(c.ctx)
	} else {
		e = c.sess.rollbackAll(c.ctx)
	}
	if e != nil {
		return c.replyError(h, e)
	}
	return c.reply(h, iris.CodeOK, nil)
}

// getError answers OE with the text of the last error.
func (c *serverConn) getError(h iris.Header, payload []byte) error {
	e := c.lastErr
	if e == nil {
		code := 0
		r := iris.NewListReader(payload)
		if r.More() {
			if it, err := r.Next(); err == nil {
				v, _ := it.Int()
				code = int(v)
			}
		}
		e = sqlErrorf(code, "No error text recorded")
	}
	return c.reply(h, iris.CodeOK, func(w *iris.ListWriter) { w.String(e.Text()) })
}
