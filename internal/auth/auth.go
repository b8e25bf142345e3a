// Package auth decides who a client is. Each method is a small behaviour registered by
// name; a Chain tries the configured methods in order. Methods know nothing about SQL:
// the password method proves a password by calling a Verifier (in pgwired, a login into
// IRIS as that user), whose result becomes the session's backend login.
package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pgwired/pgwired/internal/auth/audit"
	"github.com/pgwired/pgwired/internal/wire"
)

// Method is one authentication method.
type Method interface {
	Name() string
	// Authenticate talks to the client through ex. It returns ErrNotApplicable when it
	// cannot judge this client (the chain then tries the next method); any other error
	// ends the login.
	Authenticate(ctx context.Context, c *wire.ConnInfo, ex wire.AuthExchange) (wire.Identity, error)
}

// ErrNotApplicable lets a method pass the client on to the next one.
var ErrNotApplicable = errors.New("authentication method not applicable")

// Chain tries methods in order; it is a wire.Authenticator. Every attempt, whatever its
// outcome, writes one audit event and is reported to the Observer.
type Chain struct {
	Methods         []Method
	Logger          *slog.Logger
	LogAuthAttempts bool       // log failures in the main log (successes are logged at debug)
	Audit           audit.Sink // nil: no audit trail
	Observer        Observer   // nil: no metrics
	Throttle        *Throttle  // nil: failed logins are not slowed down
	// Rules, when set, pick the one method per client from Methods (AUTH_HBA_FILE);
	// SetRules replaces them on reload.
	rules atomic.Pointer[HBA]
}

// SetRules installs (or, with nil, removes) pg_hba-style rules.
func (ch *Chain) SetRules(h *HBA) { ch.rules.Store(h) }

// methodsFor returns the methods to try for c: all of them in order, or the one the rules
// name.
func (ch *Chain) methodsFor(c *wire.ConnInfo) ([]Method, error) {
	h := ch.rules.Load()
	if h == nil {
		return ch.Methods, nil
	}
	name, err := h.Match(c)
	if err != nil {
		return nil, err
	}
	for _, m := range ch.Methods {
		if m.Name() == name {
			return []Method{m}, nil
		}
	}
	return nil, fmt.Errorf("AUTH_HBA_FILE names method %q, which is not configured", name)
}

// Observer is told the outcome of every attempt; internal/ops implements it for
// pgwire_auth_duration_seconds{method} and the connection counters.
type Observer interface {
	ObserveAuth(method string, d time.Duration, ok bool)
}

// Authenticate is wire.Authenticator.
func (ch *Chain) Authenticate(ctx context.Context, c *wire.ConnInfo, ex wire.AuthExchange) (wire.Identity, error) {
	start := time.Now()
	ip, user := remoteHost(c), c.User()
	if err := wait(ctx, ch.Throttle.Delay(ip, user)); err != nil {
		return wire.Identity{}, err
	}
	ctx, note := audit.WithNote(ctx, &audit.Note{Username: user, SourceIP: ip, ConnectionID: c.ID})
	ex = &passwordOnce{AuthExchange: ex}
	methods, err := ch.methodsFor(c)
	if err != nil {
		ch.throttle(ip, user, err)
		ch.record(c, "hba", wire.Identity{}, note, err, time.Since(start))
		return wire.Identity{}, err
	}
	for _, m := range methods {
		id, err := m.Authenticate(ctx, c, ex)
		if errors.Is(err, ErrNotApplicable) {
			continue
		}
		ch.throttle(ip, user, err)
		method := m.Name()
		if err == nil {
			if id.Method == "" {
				id.Method = method
			}
			method = id.Method // e.g. scram-sha-256-plus when the client bound the channel
		}
		ch.record(c, method, id, note, err, time.Since(start))
		if err != nil {
			return wire.Identity{}, err
		}
		return id, nil
	}
	err = wire.Fatalf("28000", "no authentication method accepts user %q from %s", c.User(), remoteHost(c))
	ch.throttle(ip, user, err)
	ch.record(c, "none", wire.Identity{}, note, err, time.Since(start))
	return wire.Identity{}, err
}

// throttle counts refusals (SQLSTATE class 28) against the address and user; an OAuth
// server that is down or a client that hung up is nobody's guess.
func (ch *Chain) throttle(ip, user string, err error) {
	if err == nil {
		ch.Throttle.Succeeded(user)
		return
	}
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) && strings.HasPrefix(coded.SQLState(), "28") {
		ch.Throttle.Failed(ip, user)
	}
}

// passwordOnce asks the client for its password at most once per login: when a method
// passes the client on after reading the password (an OAuth server that is down), the
// next method gets the same password without a second prompt.
type passwordOnce struct {
	wire.AuthExchange
	asked    bool
	password string
}

func (p *passwordOnce) RequestPassword(ctx context.Context) (string, error) {
	if p.asked {
		return p.password, nil
	}
	pw, err := p.AuthExchange.RequestPassword(ctx)
	if err != nil {
		return "", err
	}
	p.asked, p.password = true, pw
	return pw, nil
}

// IRISUser is implemented by Identity.Extra values that hold a backend login, so that the
// audit line can name the IRIS user (which differs from the client's with a service account).
type IRISUser interface {
	IRISUsername() string
}

func (ch *Chain) record(c *wire.ConnInfo, method string, id wire.Identity, note *audit.Note, err error, d time.Duration) {
	if ch.Observer != nil {
		ch.Observer.ObserveAuth(method, d, err == nil)
	}
	user := c.User()
	if id.User != "" {
		user = id.User
	}
	if ch.Audit != nil {
		e := audit.Event{
			Event: audit.AuthSuccess, Method: method, Username: user, SourceIP: remoteHost(c),
			ConnectionID: c.ID, WalletAccessed: note.WalletAccessed(),
			DurationMS: float64(d.Microseconds()) / 1000,
		}
		if err != nil {
			e.Event, e.FailureReason = audit.AuthFailure, FailureReason(err)
		} else {
			if note.TokenCached() {
				cached := true
				e.Cached = &cached
			}
			e.IRISUsername = note.IRISUser()
			if iu, ok := id.Extra.(IRISUser); ok && e.IRISUsername == "" {
				e.IRISUsername = iu.IRISUsername()
			}
		}
		ch.Audit.Record(e)
	}
	if ch.Logger == nil {
		return
	}
	attrs := []any{"method", method, "user", user, "source_ip", remoteHost(c), "connection_id", c.ID, "duration_ms", d.Milliseconds()}
	if err != nil {
		if ch.LogAuthAttempts {
			ch.Logger.Warn("authentication failed", append(attrs, "reason", FailureReason(err))...)
		}
		return
	}
	ch.Logger.Debug("authentication succeeded", attrs...)
}

// FailureReason is the audit and log text for a failed attempt: the SQLSTATE, message and
// detail the client saw (which never quote a password), or the error text for internal
// errors.
func FailureReason(err error) string {
	var we *wire.Error
	if errors.As(err, &we) {
		if we.Detail != "" {
			return we.Code + ": " + we.Message + " (" + we.Detail + ")"
		}
		return we.Code + ": " + we.Message
	}
	return err.Error()
}

func remoteHost(c *wire.ConnInfo) string {
	if c.RemoteAddr == nil {
		return ""
	}
	s := c.RemoteAddr.String()
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ':' {
			h := s[:i]
			if len(h) > 1 && h[0] == '[' && h[len(h)-1] == ']' {
				h = h[1 : len(h)-1]
			}
			return h
		}
	}
	return s
}

// Verifier proves a user's password, typically by logging into IRIS as that user. It
// returns data for the session (the open IRIS connection) or an error; a wrong password
// must be reported as ErrBadPassword so the client gets 28P01.
type Verifier func(ctx context.Context, user, password, database string) (extra any, err error)

// ErrBadPassword is what a Verifier returns for credentials the backend refused.
var ErrBadPassword = errors.New("bad password")

// Password asks for the password in clear and proves it with Verify. It asks only inside
// TLS unless AllowWithoutTLS says otherwise, so a password never crosses the network in
// clear by accident.
type Password struct {
	Verify          Verifier
	AllowWithoutTLS bool
}

// Name is Method.Name.
func (p *Password) Name() string { return "password" }

// Authenticate is Method.Authenticate.
func (p *Password) Authenticate(ctx context.Context, c *wire.ConnInfo, ex wire.AuthExchange) (wire.Identity, error) {
	if c.TLS == nil && !p.AllowWithoutTLS {
		return wire.Identity{}, &wire.Error{Severity: wire.SeverityFatal, Code: "28000",
			Message: "password authentication requires an encrypted connection",
			Hint:    "Connect with sslmode=require (or prefer), or set AUTH_ALLOW_CLEARTEXT_WITHOUT_TLS=true on trusted networks."}
	}
	user := c.User()
	pw, err := ex.RequestPassword(ctx)
	if err != nil {
		return wire.Identity{}, err
	}
	if pw == "" {
		return wire.Identity{}, failedFor(user)
	}
	extra, err := p.Verify(ctx, user, pw, c.Database())
	if err != nil {
		if errors.Is(err, ErrBadPassword) {
			return wire.Identity{}, failedFor(user)
		}
		return wire.Identity{}, err
	}
	return wire.Identity{User: user, Method: "password", Extra: extra}, nil
}

func failedFor(user string) error {
	return wire.Fatalf("28P01", "password authentication failed for user %q", user)
}

// Trust accepts every client as the user it names. Only an explicit AUTH_METHODS=trust
// enables it; the session then logs into IRIS without a password of the client's.
type Trust struct{}

// Name is Method.Name.
func (Trust) Name() string { return "trust" }

// Authenticate is Method.Authenticate.
func (Trust) Authenticate(_ context.Context, c *wire.ConnInfo, _ wire.AuthExchange) (wire.Identity, error) {
	if c.User() == "" {
		return wire.Identity{}, fmt.Errorf("no user name in the startup message: %w", ErrNotApplicable)
	}
	return wire.Identity{User: c.User(), Method: "trust"}, nil
}
