package wire

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

const (
	// sessionCloseTimeout bounds Session.Close after the client is gone.
	sessionCloseTimeout = 10 * time.Second
	// farewellTimeout bounds writing a last FATAL to a client that may not read.
	farewellTimeout = time.Second
)

// conn is one client connection, served by one goroutine running serve.
type conn struct {
	srv *Server
	nc  net.Conn // the socket; TLS wraps it
	rw  net.Conn // nc or the *tls.Conn over it
	rd  msgReader
	wr  msgWriter
	log *slog.Logger

	ctx    context.Context // canceled when the connection is killed or ends
	cancel context.CancelFunc
	killed atomic.Bool

	info         ConnInfo
	overLimit    bool   // refused with 53300 after the startup message
	slotReleased bool   // its MAX_CONNECTIONS slot is given back (Server.releaseSlot)
	authType     uint32 // decodes 'p' messages during authentication

	sess       Session
	reporter   ParameterReporter            // sess, when it reports parameter changes at transaction end
	stmts      map[string]PreparedStatement // allocated on first Parse
	portals    map[string]Portal            // allocated on first Bind
	skipToSync bool                         // an extended-protocol message failed: ignore input until Sync
	ready      bool                         // ReadyForQuery sent, no message since: the session is idle
	resumeFn   func()                       // resumeOnInput, bound once
	idleLimit  *Error                       // what to report when the armed idle timeout fires; nil = not armed
	results    resultWriter
	bind       bindMsg // reused decoding scratch
}

func newConn(s *Server, nc net.Conn, id uint64) *conn {
	ctx, cancel := context.WithCancel(context.Background())
	c := &conn{
		srv:    s,
		nc:     nc,
		rw:     nc,
		ctx:    ctx,
		cancel: cancel,
		info: ConnInfo{
			ID:         id,
			RemoteAddr: nc.RemoteAddr(),
			LocalAddr:  nc.LocalAddr(),
			StartedAt:  time.Now(),
		},
	}
	c.rd.src = nc
	c.wr.dst = nc
	if s.cfg.SocketIO != nil {
		c.rd.src, c.wr.dst = s.cfg.SocketIO(nc)
	}
	c.results.c = c
	c.resumeFn = c.resumeOnInput // one method value, so parking allocates nothing
	return c
}

// serve runs the connection from accept to close.
//
// After the login the session moves to a fresh goroutine: the login runs deep (TLS, the
// auth chain, the IRIS login) and a goroutine keeps its grown stack until a GC finds it
// mostly unused, so every idle session would otherwise pin the login's stack.
func (c *conn) serve() {
	c.log = c.srv.log.With("conn_id", c.info.ID, "remote", c.info.RemoteAddr)
	if c.loginOrTeardown() {
		go c.serveCommands(false)
	}
}

func (c *conn) loginOrTeardown() (ok bool) {
	defer func() {
		if !ok {
			c.teardown()
			c.srv.connDone(c)
		}
	}()
	defer c.recoverPanic()
	return c.login()
}

func (c *conn) serveCommands(resumed bool) {
	parked := false
	defer func() {
		if !parked {
			c.teardown()
			c.srv.connDone(c)
		}
	}()
	defer c.recoverPanic()
	parked = c.commandLoop(resumed)
}

// parkIdleFrom is the number of open connections from which an idle session waits for its
// next message in a fresh goroutine (resumeOnInput). A goroutine keeps the stack its
// deepest query grew (4 KiB for a repeated statement, 16 KiB or more through the parser;
// the runtime never shrinks a parked one below a quarter used), so with thousands of idle
// clients waiting in the goroutine that ran the query would pin that stack for each. A
// fresh goroutine has to grow its stack again on the next query, though (measured: about
// a tenth more CPU per never-seen statement at 64 clients), which only pays off when there
// are many connections.
var parkIdleFrom int64 = 256

// resumeOnInput waits for an idle client's next bytes, then serves them, in a goroutine
// with a shallow stack (see parkIdleFrom).
func (c *conn) resumeOnInput() {
	c.rd.fill()
	c.serveCommands(true)
}

// recoverPanic confines a bug in a session (or here) to its connection:
// the client gets FATAL XX000 and the daemon keeps serving the others.
func (c *conn) recoverPanic() {
	r := recover()
	if r == nil {
		return
	}
	c.log.Error("panic while serving connection", "panic", r, "stack", string(debug.Stack()))
	if c.wr.resetAfterError() {
		c.fatal(Fatalf(CodeInternalError, "internal error"))
	}
}

// kill makes the goroutine give up: its context is canceled and blocked
// reads and writes return at once.
func (c *conn) kill() {
	c.killed.Store(true)
	c.cancel()
	_ = c.nc.SetDeadline(time.Now())
}

// setDeadline sets the socket deadline unless the connection was killed,
// in which case the kill's immediate deadline must stay in force.
func (c *conn) setDeadline(t time.Time) {
	_ = c.nc.SetDeadline(t)
	if c.killed.Load() {
		_ = c.nc.SetDeadline(time.Now())
	}
}

func (c *conn) teardown() {
	if c.sess != nil {
		c.closeSession()
	}
	c.cancel()
	c.srv.releaseSlot(c)
	_ = c.rw.Close()
	c.rd.release()
	c.wr.releaseBuf()
	c.log.Debug("connection closed")
}

// closeSession releases portals, statements and the session; a panic in
// them must not skip the rest of teardown.
func (c *conn) closeSession() {
	defer c.recoverPanic()
	c.closeAllPortals()
	for name := range c.stmts {
		c.closeStatement(name)
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.ctx), sessionCloseTimeout)
	defer cancel()
	if err := c.sess.Close(ctx); err != nil {
		c.log.Warn("session close failed", "err", err)
	}
}

// readMessage reads the next message. It validates the frame before the
// body is read, so a hostile length never causes an allocation.
func (c *conn) readMessage() (typ byte, body []byte, err error) {
	typ, n, err := c.rd.header()
	if err != nil {
		return 0, nil, &clientGoneError{err}
	}
	c.ready = false
	if c.idleLimit != nil {
		c.disarmIdleTimeout()
	}
	if !isFrontendMessageType(typ) {
		return 0, nil, Fatalf(CodeProtocolViolation, "invalid frontend message type %d", typ)
	}
	switch {
	case n < 0:
		return 0, nil, Fatalf(CodeProtocolViolation, "invalid message length")
	case n > c.srv.cfg.MaxMessageSize:
		return 0, nil, Fatalf(CodeProgramLimitExceeded, "message of %d bytes exceeds the limit of %d bytes", n, c.srv.cfg.MaxMessageSize)
	case n > smallMessageLimit && !mayBeLarge(typ):
		return 0, nil, Fatalf(CodeProtocolViolation, "invalid message length")
	}
	if body, err = c.rd.next(n); err != nil {
		return 0, nil, &clientGoneError{err}
	}
	return typ, body, nil
}

func isFrontendMessageType(t byte) bool {
	switch t {
	case 'Q', 'P', 'B', 'D', 'E', 'C', 'S', 'H', 'X', 'F', 'd', 'c', 'f', 'p':
		return true
	}
	return false
}

// mayBeLarge reports the message types that carry user data
// (PostgreSQL's PQ_LARGE_MESSAGE_LIMIT class).
func mayBeLarge(t byte) bool {
	switch t {
	case 'Q', 'P', 'B', 'F', 'd', 'f', 'p':
		return true
	}
	return false
}

// send appends one pgproto3-encoded message to the output buffer.
func (c *conn) send(msg pgproto3.BackendMessage) error {
	b, err := msg.Encode(c.wr.begin())
	if err != nil {
		return err
	}
	c.wr.end(b)
	return c.wr.err
}

func (c *conn) sendRaw(msg []byte) {
	c.wr.end(append(c.wr.begin(), msg...))
}

func (c *conn) sendReadyForQuery() {
	status := byte('I')
	if c.sess != nil {
		status = c.sess.TxStatus()
		if c.reporter != nil {
			for _, kv := range c.reporter.PendingParameterStatus() {
				c.wr.end(appendParameterStatus(c.wr.begin(), kv[0], kv[1]))
			}
		}
	}
	c.wr.end(appendReadyForQuery(c.wr.begin(), status))
	c.ready = true
}

// sendError reports err to the client (not flushed).
func (c *conn) sendError(err *Error) {
	c.srv.cfg.Observer.ErrorSent(err.SQLState())
	resp := err.response()
	if e := c.send(&resp); e != nil {
		c.log.Warn("encoding ErrorResponse failed", "err", e)
	}
}

// fatal sends a FATAL error and flushes it; the caller then closes.
func (c *conn) fatal(err *Error) {
	if !err.fatal() {
		cp := *err
		cp.Severity = SeverityFatal
		err = &cp
	}
	c.log.Info("closing connection", "sqlstate", err.SQLState(), "reason", err.Message)
	c.sendError(err)
	c.setDeadline(time.Now().Add(farewellTimeout))
	_ = c.wr.flush()
}

// connectionLost decides what to tell a client whose connection broke.
// A read error from a killed connection means shutdown, which PostgreSQL
// announces; a genuine EOF or reset needs no message.
func (c *conn) connectionLost(err error) {
	switch {
	case c.killed.Load():
		_ = c.nc.SetDeadline(time.Now().Add(farewellTimeout))
		if c.wr.resetAfterError() {
			c.sendError(Fatalf(CodeAdminShutdown, "terminating connection due to administrator command"))
			_ = c.wr.flush()
		}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		c.log.Debug("client disconnected")
	case errors.Is(err, os.ErrDeadlineExceeded) && c.idleLimit != nil:
		c.fatal(c.idleLimit)
	case errors.Is(err, os.ErrDeadlineExceeded):
		c.log.Info("connection timed out")
	default:
		c.log.Debug("client connection lost", "err", err)
	}
}
