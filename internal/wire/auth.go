package wire

import (
	"context"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Authenticator decides who the client is. It runs after the startup
// message, inside the login timeout, and talks to the client through ex.
// A returned error that carries a SQLSTATE (an *Error, or any error with a
// SQLState() string method; typically 28P01 or 28000) is sent to the client
// as a FATAL ErrorResponse; any other error is reported as 28000
// "authentication failed" without its text.
type Authenticator interface {
	Authenticate(ctx context.Context, c *ConnInfo, ex AuthExchange) (Identity, error)
}

// AuthenticatorFunc adapts a function to Authenticator.
type AuthenticatorFunc func(ctx context.Context, c *ConnInfo, ex AuthExchange) (Identity, error)

// Authenticate calls f.
func (f AuthenticatorFunc) Authenticate(ctx context.Context, c *ConnInfo, ex AuthExchange) (Identity, error) {
	return f(ctx, c, ex)
}

// AuthExchange is the authentication conversation with the client.
type AuthExchange interface {
	// RequestPassword sends AuthenticationCleartextPassword and returns the
	// password from the client's PasswordMessage.
	RequestPassword(ctx context.Context) (string, error)
	// Send sends and flushes one message (AuthenticationSASL,
	// AuthenticationGSSContinue, ...). Sending an Authentication* request
	// also sets the auth type used to decode the client's next 'p' message.
	Send(msg pgproto3.BackendMessage) error
	// Receive reads the client's next message; a 'p' message is decoded
	// according to the current auth type (PasswordMessage,
	// SASLInitialResponse, SASLResponse or GSSResponse).
	Receive(ctx context.Context) (pgproto3.FrontendMessage, error)
	// SetAuthType overrides the auth type used to decode 'p' messages
	// (pgproto3.AuthTypeSASL, ...).
	SetAuthType(authType uint32)
}

// Identity is the outcome of a successful authentication.
type Identity struct {
	// User is the authenticated user; empty means the startup user.
	User string
	// Database is the database to connect to; empty means the startup one.
	Database string
	// Method names the method that succeeded ("password", "scram-sha-256", ...).
	Method string
	// Extra carries method-specific data for the session layer (e.g. the
	// client's password for a backend login, a Kerberos principal).
	Extra any
}
