package iris

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure one connection.
type Options struct {
	Addr      string // host:port of the superserver (1972)
	Namespace string // e.g. "USER"; upper-cased before login
	Username  string
	Password  string

	// TLSConfig, when set, wraps the socket in TLS before the first IRIS byte
	// (implicit TLS, §8, §10.12). ServerName defaults to Addr's host.
	TLSConfig *tls.Config

	DialTimeout time.Duration // 0: no timeout beyond the context
	KeepAlive   time.Duration // TCP keep-alive period; 0: Go's default (15 s); < 0: off

	// Shown in the IRIS process list (CN items 4–6). Defaults: the OS user,
	// the host name and "pgwired".
	AppName, ClientHost, OSUser string

	MaxMessageSize int // largest reply payload accepted; 0: DefaultMaxMessageSize

	// SocketIO, when set, gives the reader and writer for the plain (non-TLS) socket
	// instead of the net.Conn itself; pgwired passes netio's, which spare the Go
	// runtime a thread wake-up per call. Deadlines and Close still go to the net.Conn.
	SocketIO func(net.Conn) (io.Reader, io.Writer)
}

// Conn is one logged-in SuperServer connection. It is not safe for concurrent
// use: the protocol is strictly one request at a time (§1.2). A Conn whose
// protocol state became unknown (I/O error, malformed reply, context cancelled
// during a call) closes itself and reports Broken; callers must discard it.
type Conn struct {
	netConn net.Conn
	w       io.Writer // writes requests: netConn, or Options.SocketIO's writer
	r       *bufio.Reader
	maxMsg  int
	info    ServerInfo

	count    uint32 // next request count (§4.1)
	nextStmt uint32 // next statement id (§4.1)

	out    MessageBuffer // request being built
	inBuf  []byte        // data-message payloads; the current Rows aliases it
	auxBuf []byte        // replies read while Rows holds inBuf (OE, JS)
	sqlBuf []byte        // SQL text after ? rewriting
	rows   Rows          // reused by every Query: one open result at a time
	busy   bool          // a Rows is open

	broken      atomic.Bool
	closeOnce   sync.Once
	interruptFn func() // c.interrupt, bound once to avoid a per-call allocation
	stopWatch   func() bool
	callCtx     context.Context
	hasDeadline bool
	createdAt   time.Time

	// attached is the caller's per-connection state (pgwired's prepared-statement cache):
	// it lives and dies with the connection, whoever holds it next.
	attached any
}

// ServerInfo describes the server and session as reported by HS and CN (§2).
type ServerInfo struct {
	Version         string // version text, the part of the server information before '|'
	InstallDir      string // the part after '|'
	ProtocolVersion int
	Unicode         bool
	Locale          string
	JobID           string // server process id
	Namespace, User string
	Features        int // granted feature mask: requested AND server's (§2.2)
	IsolationLevel  int
}

// ServerInfo returns what the server reported at login.
func (c *Conn) ServerInfo() ServerInfo { return c.info }

// Broken reports whether the connection is unusable.
func (c *Conn) Broken() bool { return c.broken.Load() }

// Attached returns what the last SetAttached stored on this connection (nil at first).
func (c *Conn) Attached() any { return c.attached }

// SetAttached keeps v with the connection, so that state bound to this IRIS process
// (prepared statements) travels with it through the pool to its next holder.
func (c *Conn) SetAttached(v any) { c.attached = v }

// CreatedAt is when the connection was established (the pool's MaxLifetime).
func (c *Conn) CreatedAt() time.Time { return c.createdAt }

// Connect dials, optionally starts TLS, and logs in (HS + CN).
func Connect(ctx context.Context, opts Options) (*Conn, error) {
	if opts.Addr == "" || opts.Namespace == "" || opts.Username == "" {
		return nil, errors.New("iris: Addr, Namespace and Username are required")
	}
	d := net.Dialer{Timeout: opts.DialTimeout, KeepAlive: opts.KeepAlive}
	nc, err := d.DialContext(ctx, "tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("iris: dial %s: %w", opts.Addr, err)
	}
	if opts.TLSConfig != nil {
		cfg := opts.TLSConfig.Clone()
		if cfg.ServerName == "" {
			if host, _, err := net.SplitHostPort(opts.Addr); err == nil {
				cfg.ServerName = host
			}
		}
		tc := tls.Client(nc, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			nc.Close()
			return nil, fmt.Errorf("iris: TLS handshake with %s: %w", opts.Addr, err)
		}
		nc = tc
	}
	c := newConn(nc, opts.MaxMessageSize)
	if opts.SocketIO != nil && opts.TLSConfig == nil {
		r, w := opts.SocketIO(nc)
		c.r.Reset(r)
		c.w = w
	}
	if err := c.login(ctx, opts); err != nil {
		c.closeNet()
		return nil, err
	}
	return c, nil
}

func newConn(nc net.Conn, maxMsg int) *Conn {
	if maxMsg <= 0 {
		maxMsg = DefaultMaxMessageSize
	}
	c := &Conn{
		netConn:   nc,
		w:         nc,
		r:         bufio.NewReaderSize(nc, 32<<10),
		maxMsg:    maxMsg,
		inBuf:     make([]byte, 0, 8<<10),
		auxBuf:    make([]byte, 0, 1<<10),
		createdAt: time.Now(),
	}
	c.interruptFn = c.interrupt
	c.rows.c = c
	return c
}

// Close sends DC (no reply, §2.5) when the connection is healthy and closes the socket.
// An open Rows is abandoned; its server cursor dies with the connection.
func (c *Conn) Close() error {
	if c.busy {
		c.rows.batch.Reset(nil)
		c.rows.finish()
	}
	if !c.broken.Load() {
		c.netConn.SetWriteDeadline(time.Now().Add(time.Second))
		c.start(OpDisconnect, 0)
		c.out.Send(c.netConn) // best effort: the socket closes either way
	}
	c.broken.Store(true)
	c.closeNet()
	return nil
}

func (c *Conn) closeNet() {
	c.closeOnce.Do(func() { c.netConn.Close() })
}

// enter starts a call bound to ctx: deadline on the socket, and cancellation
// closes the connection (its protocol state would be unknown otherwise).
func (c *Conn) enter(ctx context.Context) error {
	if c.broken.Load() {
		return ErrBadConn
	}
	if c.busy {
		return errors.New("iris: connection busy: close the open Rows first")
	}
	if err := ctx.Err(); err != nil {
		return err // nothing sent yet: the connection stays good
	}
	c.callCtx = ctx
	if dl, ok := ctx.Deadline(); ok {
		c.netConn.SetDeadline(dl)
		c.hasDeadline = true
	}
	if ctx.Done() != nil {
		c.stopWatch = context.AfterFunc(ctx, c.interruptFn)
	}
	return nil
}

// exit ends the call started by enter.
func (c *Conn) exit() {
	if c.stopWatch != nil {
		c.stopWatch() // if the watcher already ran, the connection is broken: fine
		c.stopWatch = nil
	}
	if c.hasDeadline && !c.broken.Load() {
		c.netConn.SetDeadline(time.Time{})
	}
	c.hasDeadline = false
	c.callCtx = nil
}

// interrupt runs on the context's goroutine when a call's context ends: mark the
// connection broken and close the socket, which unblocks any read or write.
func (c *Conn) interrupt() {
	c.broken.Store(true)
	c.closeNet()
}

// fail marks the connection broken after an I/O or protocol error and returns
// an error matching ErrBadConn (and the context's error if that was the cause).
func (c *Conn) fail(op string, err error) error {
	c.broken.Store(true)
	c.closeNet()
	if ctx := c.callCtx; ctx != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		} else if _, ok := ctx.Deadline(); ok && errors.Is(err, os.ErrDeadlineExceeded) {
			// The socket deadline came from ctx and fired before its timer did.
			err = context.DeadlineExceeded
		}
	}
	return &badConnError{op: op, cause: err}
}

// protocolError fails the connection because a reply did not parse.
func (c *Conn) protocolError(what string, err error) error {
	if err != nil {
		return c.fail(what, fmt.Errorf("%w: %v", ErrProtocol, err))
	}
	return c.fail(what, ErrProtocol)
}

// start begins a request carrying the next count (§4.1); send consumes the count,
// so a request abandoned before sending (bad parameter) leaves no gap.
func (c *Conn) start(op [2]byte, stmt uint32) {
	c.out.Start(Header{Count: c.count, StatementID: stmt, Code: op})
}

// newStatementID allocates the id for DQ, DU, PP and JS (§4.1; S1 starts at 0).
func (c *Conn) newStatementID() uint32 {
	id := c.nextStmt
	c.nextStmt++
	return id
}

// send writes the built request in one Write call.
func (c *Conn) send() error {
	c.count++
	if err := c.out.Send(c.w); err != nil {
		return c.fail("write "+c.out.hdr.String(), err)
	}
	return nil
}

// recv reads one reply into *buf and checks that it answers the last request.
func (c *Conn) recv(buf *[]byte) (Header, []byte, error) {
	h, payload, err := ReadMessageLimit(c.r, *buf, c.maxMsg)
	if cap(payload) > cap(*buf) {
		*buf = payload[:0]
	}
	if err != nil {
		return h, nil, c.fail("read reply", err)
	}
	// The server echoes the request count (§1.2); anything else means we are
	// out of step. Statement ids are not compared: bit 31 is a flag (§10.17).
	if h.Count != c.out.hdr.Count {
		return h, nil, c.protocolError("read reply", fmt.Errorf("reply count %d to request %d", h.Count, c.out.hdr.Count))
	}
	return h, payload, nil
}

// roundTrip sends the built request and reads its reply into *buf.
func (c *Conn) roundTrip(buf *[]byte) (Header, []byte, error) {
	if err := c.send(); err != nil {
		return Header{}, nil, err
	}
	return c.recv(buf)
}

// isError reports a reply code that is neither OK nor "no more data" (§5).
func isError(code int) bool { return code != CodeOK && code != CodeNoMoreData }

// serverError fetches the text for an error code with OE (§5) and returns an
// *SQLError for negative codes, else a *ServerError. Statement id 0, code as
// read (int16).
func (c *Conn) serverError(code int) error {
	c.start(OpGetError, 0)
	c.out.Int(int64(code))
	_, payload, err := c.roundTrip(&c.auxBuf)
	if err != nil {
		return err
	}
	text := ""
	r := NewListReader(payload)
	if r.More() {
		it, err := r.Next()
		if err != nil {
			return c.protocolError("OE reply", err)
		}
		text, _ = it.Text()
	}
	// Positive SQL codes happen when a server drops the sign (§10.1); the text tells.
	if code < 0 || looksLikeSQLError(text) {
		return parseSQLError(code, text)
	}
	return &ServerError{Code: code, Message: text}
}

func looksLikeSQLError(text string) bool {
	return len(text) > 10 && text[:10] == "[SQLCODE: "
}
