package wire

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Startup packet codes (PostgreSQL's pqcomm.h).
const (
	codeCancelRequest = 1234<<16 | 5678
	codeSSLRequest    = 1234<<16 | 5679
	codeGSSENCRequest = 1234<<16 | 5680
	protocol30        = 3 << 16
	// tlsHandshakeRecord is the first byte of a TLS ClientHello: a client
	// using PostgreSQL 17 "direct TLS" starts with it instead of SSLRequest.
	tlsHandshakeRecord = 0x16
	alpnPostgres       = "postgresql"
)

// errQuietClose ends the connection without a message to the client
// (a CancelRequest, a failed TLS handshake, a non-PostgreSQL client).
var errQuietClose = errors.New("connection closed during startup")

// login runs everything up to the first ReadyForQuery under the login
// timeout. It returns false when the connection must be closed.
func (c *conn) login() bool {
	deadline := time.Now().Add(c.srv.cfg.LoginTimeout)
	c.setDeadline(deadline)
	ctx, cancel := context.WithDeadline(c.ctx, deadline)
	defer cancel()

	outcome := LoginRejected
	var err error
	if c.proxyTrusted() {
		if err = c.readProxyHeader(); err == nil && c.info.ProxyAddr != nil {
			// From here on every line names the real client, and the balancer too.
			c.log = c.srv.log.With("conn_id", c.info.ID, "remote", c.info.RemoteAddr, "proxy", c.info.ProxyAddr)
		}
	}
	if err == nil {
		err = c.startup(ctx)
	}
	if err == nil {
		outcome = LoginAuthFailed
		err = c.authenticate(ctx)
	}
	if err == nil {
		outcome = LoginFailed
		err = c.startSession(ctx)
	}
	if err != nil {
		c.observeLoginFailure(outcome, err)
		c.loginFailed(err)
		return false
	}
	c.srv.cfg.Observer.LoginDone(LoginAccepted)
	c.setDeadline(time.Time{})
	return true
}

// observeLoginFailure reports a failed login unless it was a quiet close
// (a CancelRequest is not a connection). A client that vanished or timed out
// is a failure whatever the phase: it says nothing about the server's policy.
func (c *conn) observeLoginFailure(phase LoginOutcome, err error) {
	switch {
	case errors.Is(err, errQuietClose):
		return
	case isClientGone(err), c.killed.Load(),
		errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		phase = LoginFailed
	}
	c.srv.cfg.Observer.LoginDone(phase)
}

func (c *conn) loginFailed(err error) {
	var we *Error
	switch {
	case errors.As(err, new(*errProxyHeader)):
		c.log.Warn("connection refused", "err", err)
	case errors.Is(err, errQuietClose):
	case c.killed.Load():
		c.connectionLost(err)
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		c.fatal(Fatalf(CodeQueryCanceled, "canceling authentication due to timeout"))
	case isClientGone(err):
		c.connectionLost(err)
	case errors.As(err, &we):
		c.fatal(we)
	default:
		c.fatal(toWireError(err))
	}
}

// startup negotiates encryption and reads the StartupMessage, answering
// SSLRequest, GSSENCRequest and CancelRequest on the way.
func (c *conn) startup(ctx context.Context) error {
	var tlsConfig *tls.Config // nil: TLS not offered
	if c.srv.cfg.TLSConfig != nil {
		tlsConfig = c.srv.cfg.TLSConfig()
	}
	if tlsConfig != nil {
		first, err := c.rd.peekByte()
		if err != nil {
			return &clientGoneError{err}
		}
		if first == tlsHandshakeRecord {
			if err := c.startTLS(ctx, tlsConfig, true); err != nil {
				return err
			}
		}
	}
	for {
		code, body, err := c.readStartupPacket()
		if err != nil {
			return err
		}
		switch code {
		case codeSSLRequest:
			if err := c.handleSSLRequest(ctx, tlsConfig); err != nil {
				return err
			}
		case codeGSSENCRequest:
			// GSSAPI encryption is not offered; the client falls back to
			// TLS or plaintext on the same connection.
			c.sendRaw([]byte{'N'})
			if err := c.wr.flush(); err != nil {
				return err
			}
		case codeCancelRequest:
			c.handleCancelRequest(body)
			return errQuietClose
		default:
			return c.handleStartupMessage(code, body)
		}
	}
}

// readStartupPacket reads one length-prefixed packet without a type byte.
func (c *conn) readStartupPacket() (code uint32, body []byte, err error) {
	b, err := c.rd.next(4)
	if err != nil {
		return 0, nil, &clientGoneError{err}
	}
	n := int(int32(binary.BigEndian.Uint32(b))) - 4
	if n < 4 || n > maxStartupPacketLen {
		// Probably not a PostgreSQL client: like PostgreSQL, do not answer.
		if looksLikeProxyHeader(b) {
			c.log.Warn("PROXY protocol header from an address not in PROXY_PROTOCOL_TRUSTED; connection closed")
			return 0, nil, errQuietClose
		}
		c.log.Info("invalid length of startup packet", "length", n+4)
		return 0, nil, errQuietClose
	}
	if body, err = c.rd.next(n); err != nil {
		return 0, nil, &clientGoneError{err}
	}
	return binary.BigEndian.Uint32(body), body[4:], nil
}

func (c *conn) handleSSLRequest(ctx context.Context, tlsConfig *tls.Config) error {
	if c.info.TLS != nil {
		return Fatalf(CodeProtocolViolation, "SSLRequest received on an encrypted connection")
	}
	if tlsConfig == nil {
		c.sendRaw([]byte{'N'})
		return c.wr.flush()
	}
	c.sendRaw([]byte{'S'})
	if err := c.wr.flush(); err != nil {
		return err
	}
	if c.rd.buffered() > 0 {
		// Plaintext sent before the handshake could be injected by a
		// man in the middle (CVE-2021-23222).
		return Fatalf(CodeProtocolViolation, "received unencrypted data after SSL request")
	}
	return c.startTLS(ctx, tlsConfig, false)
}

// startTLS replaces the connection's transport by TLS. direct is
// PostgreSQL 17's TLS-first connection, which must negotiate ALPN
// "postgresql" so that it cannot be confused with another protocol.
func (c *conn) startTLS(ctx context.Context, cfg *tls.Config, direct bool) error {
	cfg = cfg.Clone()
	if !slices.Contains(cfg.NextProtos, alpnPostgres) {
		cfg.NextProtos = append(slices.Clip(cfg.NextProtos), alpnPostgres)
	}
	var transport net.Conn = c.nc
	if direct {
		// The ClientHello bytes already read belong to the handshake.
		pending := bytes.Clone(c.rd.buf[c.rd.rp:c.rd.wp])
		c.rd.rp = c.rd.wp
		transport = &prefixConn{Conn: c.nc, prefix: pending}
	}
	c.rd.release()
	tc := tls.Server(transport, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		c.log.Info("TLS handshake failed", "err", err)
		return errQuietClose
	}
	state := tc.ConnectionState()
	c.rw, c.rd.src, c.wr.dst = tc, tc, tc
	c.info.TLS = &state
	if direct && state.NegotiatedProtocol != alpnPostgres {
		return Fatalf(CodeProtocolViolation, "received direct SSL connection request without ALPN protocol negotiation extension")
	}
	return nil
}

// prefixConn replays bytes read before the TLS handshake started.
type prefixConn struct {
	net.Conn
	prefix []byte
}

func (p *prefixConn) Read(b []byte) (int, error) {
	if len(p.prefix) > 0 {
		n := copy(b, p.prefix)
		p.prefix = p.prefix[n:]
		return n, nil
	}
	return p.Conn.Read(b)
}

// handleStartupMessage parses a StartupMessage of protocol 3.x and checks
// whether the client may proceed.
func (c *conn) handleStartupMessage(version uint32, body []byte) error {
	major, minor := version>>16, version&0xffff
	if major != 3 {
		return Fatalf(CodeFeatureNotSupported, "unsupported frontend protocol %d.%d: server supports 3.0 to 3.0", major, minor)
	}
	c.info.ProtocolVersion = version
	params := make(map[string]string, 8)
	var unknownOptions []string
	for {
		if len(body) == 0 {
			return Fatalf(CodeProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
		}
		if body[0] == 0 {
			break
		}
		name, rest, ok1 := cutCString(body)
		value, rest, ok2 := cutCString(rest)
		if !ok1 || !ok2 {
			return Fatalf(CodeProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
		}
		body = rest
		if strings.HasPrefix(name, "_pq_.") {
			unknownOptions = append(unknownOptions, name)
			continue
		}
		params[name] = value
	}
	c.info.Parameters = params

	if minor > 0 || len(unknownOptions) > 0 {
		npv := pgproto3.NegotiateProtocolVersion{NewestMinorProtocol: protocol30, UnrecognizedOptions: unknownOptions}
		if err := c.send(&npv); err != nil {
			return err
		}
	}
	if params["user"] == "" {
		return Fatalf(CodeInvalidAuthorization, "no PostgreSQL user name specified in startup packet")
	}
	if err := checkStartupParameters(params); err != nil {
		return err
	}
	if c.overLimit {
		return Fatalf(CodeTooManyConnections, "sorry, too many clients already")
	}
	if c.srv.cfg.TLSRequired && c.info.TLS == nil {
		return &Error{
			Severity: SeverityFatal,
			Code:     CodeInvalidAuthorization,
			Message:  "TLS is required: this server does not accept unencrypted connections",
			Hint:     "Connect with sslmode=require (or verify-ca / verify-full).",
		}
	}
	return nil
}

// checkStartupParameters refuses what wire cannot honour rather than
// letting a client believe it got it.
func checkStartupParameters(params map[string]string) error {
	switch strings.ToLower(params["replication"]) {
	case "", "false", "off", "no", "0":
	default:
		return Fatalf(CodeFeatureNotSupported, "replication connections are not supported")
	}
	// Everything is sent in UTF-8 and no conversion exists: a client asking
	// for another encoding would silently get mangled text.
	if enc, ok := params["client_encoding"]; ok {
		switch strings.ToUpper(strings.ReplaceAll(enc, "-", "")) {
		case "UTF8", "UNICODE", "SQL_ASCII", "AUTO":
		default:
			return Fatalf(CodeFeatureNotSupported, "client_encoding %q is not supported: the server only speaks UTF8", enc)
		}
	}
	return nil
}

// cutCString splits a NUL-terminated string off b.
func cutCString(b []byte) (s string, rest []byte, ok bool) {
	i := bytes.IndexByte(b, 0)
	if i < 0 {
		return "", nil, false
	}
	return string(b[:i]), b[i+1:], true
}
