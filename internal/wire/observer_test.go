package wire

import (
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// recordingObserver keeps what a Server reported.
type recordingObserver struct {
	mu         sync.Mutex
	logins     []LoginOutcome
	statements []bool // failed?
	errors     []string
}

func (o *recordingObserver) LoginDone(x LoginOutcome) {
	o.mu.Lock()
	o.logins = append(o.logins, x)
	o.mu.Unlock()
}

func (o *recordingObserver) StatementDone(d time.Duration, failed bool) {
	o.mu.Lock()
	o.statements = append(o.statements, failed)
	o.mu.Unlock()
}

func (o *recordingObserver) ErrorSent(code string) {
	o.mu.Lock()
	o.errors = append(o.errors, code)
	o.mu.Unlock()
}

// waitLogins waits for n login reports: a refused connection's goroutine reports just
// after the client read its FATAL.
func (o *recordingObserver) waitLogins(t *testing.T, n int) []LoginOutcome {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		o.mu.Lock()
		got := append([]LoginOutcome(nil), o.logins...)
		o.mu.Unlock()
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
	}
}

func TestObserverSeesLoginsStatementsAndErrors(t *testing.T) {
	obs := &recordingObserver{}
	ts := startServer(t, func(c *Config) { c.Observer = obs; c.MaxConnections = 1 })

	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	rc.send(&pgproto3.Query{String: "series 2"})
	for range 2 {
		rc.receive() // RowDescription, DataRow...
	}
	for {
		if _, ok := rc.receive().(*pgproto3.ReadyForQuery); ok {
			break
		}
	}
	rc.send(&pgproto3.Query{String: "fail 42P01 no such table"})
	rc.expectError("ERROR", "42P01")
	rc.expect(&pgproto3.ReadyForQuery{TxStatus: 'I'})
	rc.send(&pgproto3.Parse{Query: "series 1"}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{})
	for {
		if _, ok := rc.receive().(*pgproto3.ReadyForQuery); ok {
			break
		}
	}

	// Over MAX_CONNECTIONS: refused before authentication.
	over := dialRaw(t, ts.addr)
	over.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "bob"}})
	over.expectError("FATAL", CodeTooManyConnections)
	over.expectClosed()

	rc.send(&pgproto3.Terminate{})
	rc.expectClosed()

	// A wrong password.
	bad := dialRaw(t, ts.addr)
	bad.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "carol"}})
	bad.expect(&pgproto3.AuthenticationCleartextPassword{})
	bad.send(&pgproto3.PasswordMessage{Password: "wrong"})
	bad.expectError("FATAL", CodeInvalidPassword)
	bad.expectClosed()

	logins := obs.waitLogins(t, 3)
	want := []LoginOutcome{LoginAccepted, LoginRejected, LoginAuthFailed}
	if len(logins) != len(want) {
		t.Fatalf("logins %v, want %v", logins, want)
	}
	for i := range want {
		if logins[i] != want[i] {
			t.Errorf("login %d: %s, want %s", i, logins[i], want[i])
		}
	}
	obs.mu.Lock()
	defer obs.mu.Unlock()
	if len(obs.statements) != 3 || obs.statements[0] || !obs.statements[1] || obs.statements[2] {
		t.Errorf("statements (failed?) = %v, want [false true false]", obs.statements)
	}
	wantErrs := []string{"42P01", CodeTooManyConnections, CodeInvalidPassword}
	if len(obs.errors) != len(wantErrs) {
		t.Fatalf("errors %v, want %v", obs.errors, wantErrs)
	}
	for i := range wantErrs {
		if obs.errors[i] != wantErrs[i] {
			t.Errorf("error %d: %s, want %s", i, obs.errors[i], wantErrs[i])
		}
	}
}
