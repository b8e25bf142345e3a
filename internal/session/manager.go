// Package session binds one PostgreSQL client session to IRIS: it runs translated plans on
// an IRIS connection, maps IRIS types and errors to PostgreSQL's, and keeps the
// transaction state PostgreSQL clients expect (I, T and E in ReadyForQuery).
package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/pgwired/pgwired/internal/auth"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// Config is what every session of one pgwired process shares.
type Config struct {
	Pool       *iris.Pool
	Translator *translate.Cache
	Namespace  string // IRIS namespace for databases "" and "postgres"
	// ServiceAccount, when set, is the IRIS login of every session (deployments that want
	// one IRIS user for all clients). It is never applied silently: config asks for it.
	ServiceAccount *iris.Credentials
	// StatementTimeout bounds each statement (0 = none); SET statement_timeout overrides it.
	StatementTimeout time.Duration
	// ServerVersion is the PostgreSQL version reported (server_version, version()).
	ServerVersion string
	// Version is pgwired's own version, appended to server_version.
	Version string
	// TransactionPooling returns a session's IRIS connection to the pool whenever the
	// session is idle outside a transaction block (POOL_MODE=transaction), so many clients
	// share POOL_SIZE connections; otherwise a session keeps its connection until it ends.
	TransactionPooling bool
	Logger             *slog.Logger
}

// Manager creates sessions and routes CancelRequests to the session that owns the key.
type Manager struct {
	cfg Config

	mu       sync.Mutex
	sessions map[wire.BackendKey]*Session
}

// NewManager returns a Manager for cfg.
func NewManager(cfg Config) *Manager {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Manager{cfg: cfg, sessions: map[wire.BackendKey]*Session{}}
}

// Credentials returns the IRIS login for a client that authenticated as user with password
// and asked for database.
func (m *Manager) Credentials(user, password, database string) iris.Credentials {
	if m.cfg.ServiceAccount != nil {
		c := *m.cfg.ServiceAccount
		c.Namespace = m.namespaceFor(database)
		return c
	}
	return iris.Credentials{Namespace: m.namespaceFor(database), Username: user, Password: password}
}

// namespaceFor maps a PostgreSQL database name to an IRIS namespace. "postgres" (the name
// tools use when they do not care) and "" mean the configured namespace.
func (m *Manager) namespaceFor(database string) string {
	if database == "" || strings.EqualFold(database, "postgres") {
		return m.cfg.Namespace
	}
	return strings.ToUpper(database)
}

// Login checks credentials by logging into IRIS: the connection it returns is then the
// session's own, so a login costs one IRIS round trip, not two.
func (m *Manager) Login(ctx context.Context, cred iris.Credentials) (*iris.Conn, error) {
	conn, err := m.cfg.Pool.Acquire(ctx, cred)
	if err != nil {
		return nil, backendError(err)
	}
	return conn, nil
}

// VerifyPassword is an auth.Verifier: it proves the password by logging into IRIS as the
// user, and hands the open connection to the session.
func (m *Manager) VerifyPassword(ctx context.Context, user, password, database string) (any, error) {
	cred := m.Credentials(user, password, database)
	if m.cfg.ServiceAccount != nil {
		// The service account cannot prove the client's password; log in as the user once
		// to check it, then let the session use the service account.
		probe, err := m.cfg.Pool.Acquire(ctx, iris.Credentials{Namespace: cred.Namespace, Username: user, Password: password})
		if err != nil {
			return nil, loginError(err)
		}
		m.cfg.Pool.Release(probe)
	}
	conn, err := m.cfg.Pool.Acquire(ctx, cred)
	if err != nil {
		return nil, loginError(err)
	}
	return &LoggedIn{Conn: conn, Creds: cred}, nil
}

// LoginAs opens the IRIS login of a user that a password-less method (SCRAM against
// pgwired's verifiers, GSSAPI) already proved: as the user with password (from the Wallet),
// or as the service account when one is configured, without the probe VerifyPassword makes.
func (m *Manager) LoginAs(ctx context.Context, user, password, database string) (any, error) {
	cred := m.Credentials(user, password, database)
	conn, err := m.cfg.Pool.Acquire(ctx, cred)
	if err != nil {
		return nil, loginError(err)
	}
	return &LoggedIn{Conn: conn, Creds: cred}, nil
}

// UsesServiceAccount tells whether sessions log into IRIS as the service account.
func (m *Manager) UsesServiceAccount() bool { return m.cfg.ServiceAccount != nil }

func loginError(err error) error {
	var le *iris.LoginError
	if errors.As(err, &le) {
		return fmt.Errorf("%w: IRIS: %s", auth.ErrBadPassword, le.Message)
	}
	return backendError(err)
}

// LoggedIn is put in wire.Identity.Extra by an authentication method that already holds
// the session's IRIS connection (the password method logs in to check the password).
type LoggedIn struct {
	Conn  *iris.Conn
	Creds iris.Credentials
}

// IRISUsername names the IRIS user of the login (auth.IRISUser, for the audit line).
func (li *LoggedIn) IRISUsername() string { return li.Creds.Username }

// NewSession is wire.Config.NewSession.
func (m *Manager) NewSession(ctx context.Context, ci *wire.ConnInfo) (wire.Session, error) {
	var conn *iris.Conn
	var cred iris.Credentials
	if li, ok := ci.Identity.Extra.(*LoggedIn); ok && li != nil {
		conn, cred = li.Conn, li.Creds
	} else {
		cred = m.Credentials(ci.User(), "", ci.Database())
		var err error
		if conn, err = m.Login(ctx, cred); err != nil {
			return nil, err
		}
	}
	s := newSession(m, ci, conn, cred)
	m.mu.Lock()
	m.sessions[ci.Key] = s
	m.mu.Unlock()
	return s, nil
}

// Cancel is wire.Config.Cancel: it interrupts the statement the session with this key is
// running, if any. Keys are random, so a wrong key cancels nothing.
func (m *Manager) Cancel(key wire.BackendKey) {
	m.mu.Lock()
	s := m.sessions[key]
	m.mu.Unlock()
	if s != nil {
		s.cancelRunning()
	}
}

func (m *Manager) forget(s *Session) {
	m.mu.Lock()
	if m.sessions[s.key] == s {
		delete(m.sessions, s.key)
	}
	m.mu.Unlock()
}

// backendError turns a failure to get an IRIS connection into what the client sees.
func backendError(err error) error {
	var le *iris.LoginError
	switch {
	case errors.As(err, &le):
		return &wire.Error{Severity: wire.SeverityFatal, Code: "28P01", Message: "password authentication failed", Detail: "IRIS: " + le.Message}
	case errors.Is(err, iris.ErrPoolTimeout):
		return &wire.Error{Severity: wire.SeverityFatal, Code: "53300", Message: "no IRIS connection available: POOL_SIZE reached and the wait timed out"}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return &wire.Error{Severity: wire.SeverityFatal, Code: "08006", Message: "timed out connecting to IRIS"}
	}
	return &wire.Error{Severity: wire.SeverityFatal, Code: "08006", Message: "could not connect to IRIS", Detail: err.Error()}
}

// ServerVersion is the server_version a client sees: PostgreSQL's version first (clients
// parse the leading number), then what really answers, the way distributions append
// theirs. extra is the wire.Identity.Extra of the login (*LoggedIn), if any.
func (m *Manager) ServerVersion(extra any) string {
	v := m.cfg.ServerVersion + " (pgwired " + m.cfg.Version
	if li, ok := extra.(*LoggedIn); ok && li != nil && li.Conn != nil {
		if iv := irisRelease(li.Conn.ServerInfo().Version); iv != "" {
			v += " on InterSystems IRIS " + iv
		}
	}
	return v + ")"
}

// irisRelease finds the release number (2025.1, 2024.1.2) in IRIS's $ZVERSION text.
func irisRelease(zv string) string {
	for _, f := range strings.Fields(zv) {
		if len(f) >= 6 && f[4] == '.' && strings.Trim(f, "0123456789.") == "" {
			return f
		}
	}
	return ""
}
