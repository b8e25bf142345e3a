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
	"time"

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

// Chain tries methods in order; it is a wire.Authenticator.
type Chain struct {
	Methods         []Method
	Logger          *slog.Logger
	LogAuthAttempts bool // log failures in the main log (successes are logged at debug)
}

// Authenticate is wire.Authenticator.
func (ch *Chain) Authenticate(ctx context.Context, c *wire.ConnInfo, ex wire.AuthExchange) (wire.Identity, error) {
	start := time.Now()
	for _, m := range ch.Methods {
		id, err := m.Authenticate(ctx, c, ex)
		if errors.Is(err, ErrNotApplicable) {
			continue
		}
		ch.log(c, m.Name(), id, err, time.Since(start))
		if err != nil {
			return wire.Identity{}, err
		}
		if id.Method == "" {
			id.Method = m.Name()
		}
		return id, nil
	}
	err := wire.Fatalf("28000", "no authentication method accepts user %q from %s", c.User(), remoteHost(c))
	ch.log(c, "none", wire.Identity{}, err, time.Since(start))
	return wire.Identity{}, err
}

func (ch *Chain) log(c *wire.ConnInfo, method string, id wire.Identity, err error, d time.Duration) {
	if ch.Logger == nil {
		return
	}
	attrs := []any{"method", method, "user", c.User(), "source_ip", remoteHost(c), "connection_id", c.ID, "duration_ms", d.Milliseconds()}
	if err != nil {
		if ch.LogAuthAttempts {
			ch.Logger.Warn("authentication failed", append(attrs, "reason", err.Error())...)
		}
		return
	}
	ch.Logger.Debug("authentication succeeded", attrs...)
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
