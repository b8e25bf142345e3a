package wire

import "time"

// Observer is told what happens on connections, for metrics. Its methods
// run on connection goroutines, concurrently: they must be safe for
// concurrent use, must not block, and StatementDone and ErrorSent must not
// allocate, since they sit on the per-statement path.
type Observer interface {
	// LoginDone reports how a login ended. Connections closed quietly during
	// startup (a CancelRequest, a failed TLS handshake) are not reported.
	LoginDone(outcome LoginOutcome)
	// StatementDone reports one Query message or one Execute message, with
	// the time the session took and whether it failed.
	StatementDone(d time.Duration, failed bool)
	// ErrorSent reports the SQLSTATE of every ErrorResponse sent to a client.
	ErrorSent(sqlstate string)
}

// LoginOutcome is how a login ended.
type LoginOutcome uint8

// Login outcomes, in the order a login can fail.
const (
	// LoginRejected: refused before authentication (too many clients, TLS
	// required, an invalid startup packet).
	LoginRejected LoginOutcome = iota
	// LoginAuthFailed: the authenticator refused the client.
	LoginAuthFailed
	// LoginFailed: the client vanished, the login timed out, or the session
	// could not be created (IRIS unreachable, unknown database).
	LoginFailed
	// LoginAccepted: the session started and the client got ReadyForQuery.
	LoginAccepted
)

// String names the outcome as metrics label it.
func (o LoginOutcome) String() string {
	switch o {
	case LoginRejected:
		return "rejected"
	case LoginAuthFailed:
		return "auth_failed"
	case LoginFailed:
		return "failed"
	case LoginAccepted:
		return "accepted"
	}
	return "unknown"
}

// nopObserver is the Observer of a Server configured without one, so that
// the hot path needs no nil check.
type nopObserver struct{}

func (nopObserver) LoginDone(LoginOutcome)            {}
func (nopObserver) StatementDone(time.Duration, bool) {}
func (nopObserver) ErrorSent(string)                  {}
