package wire

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// DefaultServerVersion is reported as server_version unless
// Config.ParameterStatus overrides it. Clients parse the leading number.
const DefaultServerVersion = "16.4 (pgwired)"

var msgAuthenticationOk = []byte{'R', 0, 0, 0, 8, 0, 0, 0, 0}

func (c *conn) authenticate(ctx context.Context) error {
	c.info.Key = newBackendKey(c.srv.cfg.InstanceID, c.info.ID)
	auth := c.srv.cfg.Authenticate
	if auth == nil {
		return Fatalf(CodeInvalidAuthorization, "no authentication method is configured")
	}
	start := time.Now()
	id, err := auth.Authenticate(ctx, &c.info, (*authExchange)(c))
	if err != nil {
		if isClientGone(err) || errors.Is(err, context.DeadlineExceeded) || c.killed.Load() {
			return err
		}
		var coded interface{ SQLState() string }
		if !errors.As(err, &coded) {
			// The cause may be internal (an unreachable identity provider):
			// it is logged, the client only learns that it was refused.
			c.log.Warn("authentication error", "user", c.info.User(), "err", err)
			return Fatalf(CodeInvalidAuthorization, "authentication failed for user %q", c.info.Parameters["user"])
		}
		return err
	}
	c.info.Identity = id
	c.log.Debug("authenticated", "user", c.info.User(), "method", id.Method, "duration", time.Since(start))
	c.sendRaw(msgAuthenticationOk)
	return nil
}

// startSession creates the session and sends the greeting that ends the
// login: ParameterStatus*, BackendKeyData, ReadyForQuery (PostgreSQL's order).
func (c *conn) startSession(ctx context.Context) error {
	if c.srv.cfg.NewSession == nil {
		return Fatalf(CodeInternalError, "no session handler is configured")
	}
	sess, err := c.srv.cfg.NewSession(ctx, &c.info)
	if err != nil {
		return err
	}
	c.sess = sess
	c.reporter, _ = sess.(ParameterReporter)
	b := c.wr.begin()
	for _, kv := range c.parameterStatus() {
		b = appendParameterStatus(b, kv[0], kv[1])
	}
	b = append(b, 'K', 0, 0, 0, 12)
	b = binary.BigEndian.AppendUint32(b, c.info.Key.ProcessID)
	b = binary.BigEndian.AppendUint32(b, c.info.Key.Secret)
	c.wr.end(b)
	c.sendReadyForQuery()
	return c.wr.flush()
}

// parameterStatus merges wire's defaults with Config.ParameterStatus,
// sorted case-insensitively as PostgreSQL reports them.
func (c *conn) parameterStatus() [][2]string {
	ps := map[string]string{
		"application_name":              c.info.Parameters["application_name"],
		"client_encoding":               "UTF8",
		"DateStyle":                     "ISO, MDY",
		"default_transaction_read_only": "off",
		"in_hot_standby":                "off",
		"integer_datetimes":             "on",
		"IntervalStyle":                 "postgres",
		"is_superuser":                  "off",
		"server_encoding":               "UTF8",
		"server_version":                DefaultServerVersion,
		"session_authorization":         c.info.User(),
		"standard_conforming_strings":   "on",
		"TimeZone":                      "UTC",
	}
	if f := c.srv.cfg.ParameterStatus; f != nil {
		for k, v := range f(&c.info) {
			ps[k] = v
		}
	}
	out := make([][2]string, 0, len(ps))
	for k, v := range ps {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i][0]) < strings.ToLower(out[j][0]) })
	return out
}

// authExchange is the AuthExchange view of a connection during login.
type authExchange conn

func (a *authExchange) conn() *conn { return (*conn)(a) }

func (a *authExchange) RequestPassword(ctx context.Context) (string, error) {
	if err := a.Send(&pgproto3.AuthenticationCleartextPassword{}); err != nil {
		return "", err
	}
	msg, err := a.Receive(ctx)
	if err != nil {
		return "", err
	}
	pm, ok := msg.(*pgproto3.PasswordMessage)
	if !ok {
		return "", Fatalf(CodeProtocolViolation, "expected password response, got %T", msg)
	}
	return pm.Password, nil
}

func (a *authExchange) Send(msg pgproto3.BackendMessage) error {
	switch msg.(type) {
	case *pgproto3.AuthenticationCleartextPassword:
		a.authType = pgproto3.AuthTypeCleartextPassword
	case *pgproto3.AuthenticationMD5Password:
		a.authType = pgproto3.AuthTypeMD5Password
	case *pgproto3.AuthenticationSASL:
		a.authType = pgproto3.AuthTypeSASL
	case *pgproto3.AuthenticationSASLContinue:
		a.authType = pgproto3.AuthTypeSASLContinue
	case *pgproto3.AuthenticationSASLFinal:
		a.authType = pgproto3.AuthTypeSASLFinal
	case *pgproto3.AuthenticationGSS:
		a.authType = pgproto3.AuthTypeGSS
	case *pgproto3.AuthenticationGSSContinue:
		a.authType = pgproto3.AuthTypeGSSCont
	}
	if err := a.conn().send(msg); err != nil {
		return err
	}
	return a.conn().wr.flush()
}

func (a *authExchange) SetAuthType(authType uint32) { a.authType = authType }

// Receive reads the client's next authentication message. The login
// deadline applies; a context deadline that is earlier applies too.
func (a *authExchange) Receive(ctx context.Context) (pgproto3.FrontendMessage, error) {
	c := a.conn()
	if d, ok := ctx.Deadline(); ok {
		c.setDeadline(d)
	}
	typ, body, err := c.readMessage()
	if err != nil {
		return nil, err
	}
	var msg pgproto3.FrontendMessage
	switch typ {
	case 'p':
		msg = a.passwordMessageType()
	case 'X':
		return nil, &clientGoneError{io.EOF}
	default:
		return nil, Fatalf(CodeProtocolViolation, "expected authentication response, got message type %q", typ)
	}
	// Decoded SASL and GSS payloads alias the input; an auth method may keep
	// them across the next Receive, which reuses the read buffer.
	if err := msg.Decode(bytes.Clone(body)); err != nil {
		return nil, Fatalf(CodeProtocolViolation, "invalid authentication message: %v", err)
	}
	return msg, nil
}

// passwordMessageType picks the decoding of a 'p' message, which depends
// on the authentication request the server sent.
func (a *authExchange) passwordMessageType() pgproto3.FrontendMessage {
	switch a.authType {
	case pgproto3.AuthTypeSASL:
		return &pgproto3.SASLInitialResponse{}
	case pgproto3.AuthTypeSASLContinue, pgproto3.AuthTypeSASLFinal:
		return &pgproto3.SASLResponse{}
	case pgproto3.AuthTypeGSS, pgproto3.AuthTypeGSSCont:
		return &pgproto3.GSSResponse{}
	default:
		return &pgproto3.PasswordMessage{}
	}
}
