package wire

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"time"
)

// Defaults applied by NewServer to zero Config fields.
const (
	// DefaultLoginTimeout matches PostgreSQL's authentication_timeout.
	DefaultLoginTimeout = time.Minute
	// DefaultMaxMessageSize bounds one frontend message (a Query text, a
	// Bind with its parameters, one CopyData). PostgreSQL allows 1 GiB;
	// a proxy holding one message in memory per connection wants less.
	DefaultMaxMessageSize = 64 << 20
)

// Config configures a Server. NewSession and Authenticate are required
// for a useful server; a nil Authenticate rejects every login (fail closed).
type Config struct {
	// TLSConfig returns the TLS configuration for a new connection; nil (or
	// a nil result) means TLS is not offered. A function so that reloaded
	// certificates apply to the next connection.
	TLSConfig func() *tls.Config
	// TLSRequired refuses plaintext sessions with FATAL 28000, after the
	// startup message (like a pg_hba "hostssl"-only configuration).
	TLSRequired bool
	// LoginTimeout bounds everything from accept to the first
	// ReadyForQuery: TLS handshake, startup, authentication, NewSession.
	LoginTimeout time.Duration
	// IdleInTransactionTimeout ends a session that waits longer than this
	// for the client's next command inside a transaction block (FATAL
	// 25P03), so an abandoned transaction cannot hold locks and a pooled
	// backend connection forever. 0 disables it.
	IdleInTransactionTimeout time.Duration
	// IdleSessionTimeout ends a session idle outside a transaction (FATAL
	// 57P05). 0 disables it.
	IdleSessionTimeout time.Duration
	// MaxMessageSize is the largest frontend message body accepted; larger
	// ones end the connection with FATAL 54000 without being read.
	MaxMessageSize int
	// MaxConnections caps concurrent client connections (0 = unlimited);
	// beyond it a client gets FATAL 53300 after its startup message.
	MaxConnections int
	// ProxyTrusted lists the load balancers whose connections start with a PROXY header
	// (versions 1 and 2) giving the real client address; a connection from them without
	// one is refused, a header from anyone else closes the connection. Empty: disabled.
	ProxyTrusted []netip.Prefix
	// SocketIO, when set, gives the reader and writer for a client's plain socket
	// instead of the net.Conn itself (cmd/pgwired passes internal/netio's, which spare
	// the Go runtime a thread wake-up per call); TLS replaces them with the TLS conn.
	SocketIO func(net.Conn) (io.Reader, io.Writer)
	// Authenticate identifies the client.
	Authenticate Authenticator
	// NewSession creates the session for an authenticated client; c.Key is
	// the key later passed to Cancel. ctx ends with the login (do not keep
	// it); Session methods get the connection's own context. An error with
	// a SQLSTATE (e.g. 3D000, 53300) is sent as FATAL.
	NewSession func(ctx context.Context, c *ConnInfo) (Session, error)
	// Cancel receives CancelRequests for keys this server issued. It must
	// only cancel the statement of the session that was given this key.
	Cancel func(key BackendKey)
	// InstanceID (0..MaxInstanceID) is written into every BackendKey so that
	// instances behind one load balancer can tell whose key a CancelRequest
	// carries. Values outside the range are truncated: the caller validates.
	InstanceID int
	// CancelPeers maps the other instances' ids to their PostgreSQL listen
	// addresses (host:port); a CancelRequest for one of them is forwarded
	// there once. Nil: keys of other instances are dropped.
	CancelPeers map[int]string
	// Logger receives connection-level events; slog.Default() when nil.
	Logger *slog.Logger
	// ParameterStatus returns run-time parameters reported to the client
	// after authentication; they override wire's defaults (server_version,
	// TimeZone, ...).
	ParameterStatus func(c *ConnInfo) map[string]string
	// Observer receives login outcomes, statement timings and SQLSTATEs
	// for metrics; nil observes nothing.
	Observer Observer
}

func (c Config) withDefaults() Config {
	if c.LoginTimeout <= 0 {
		c.LoginTimeout = DefaultLoginTimeout
	}
	if c.MaxMessageSize <= 0 {
		c.MaxMessageSize = DefaultMaxMessageSize
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	c.InstanceID &= MaxInstanceID
	if c.Observer == nil {
		c.Observer = nopObserver{}
	}
	return c
}
