// Package audit writes the authentication audit trail: one JSON object per line in
// AUDIT_LOG_FILE, one line per login attempt and per Wallet read. The field names are a
// contract with the people who ship these lines to a SIEM; no field ever holds a password,
// token or secret, only the outcome and who/where/how long.
package audit

import (
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/pgwired/pgwired/internal/logfile"
)

// Event names.
const (
	AuthSuccess        = "authentication_success"
	AuthFailure        = "authentication_failure"
	WalletAccess       = "wallet_access"
	OAuthTokenRefresh  = "oauth_token_refresh"
	OAuthTokenCacheHit = "oauth_token_cache_hit"
)

// Event is one audit line. Fields without omitempty are always present so that a line
// can be filtered on them without guessing whether a missing key means empty.
type Event struct {
	Timestamp      time.Time `json:"-"`
	Event          string    `json:"event"`
	Method         string    `json:"method"`
	Username       string    `json:"username"`
	IRISUsername   string    `json:"iris_username"`
	SourceIP       string    `json:"source_ip"`
	ConnectionID   uint64    `json:"connection_id"`
	WalletAccessed bool      `json:"wallet_accessed"`
	DurationMS     float64   `json:"duration_ms"`
	FailureReason  string    `json:"failure_reason,omitempty"`
	// WalletKey names the key read by a wallet_access event (the key, never its value).
	WalletKey string `json:"wallet_key,omitempty"`
	// Cached tells whether a wallet_access or OAuth event was served from pgwired's cache.
	Cached *bool `json:"cached,omitempty"`
}

// line is Event with the timestamp first and formatted as the contract says (RFC 3339,
// UTC, milliseconds), so `head` of the file reads in time order at a glance.
type line struct {
	Timestamp string `json:"timestamp"`
	Event
}

// Sink receives audit events. A nil Sink (or Discard) drops them.
type Sink interface {
	Record(Event)
}

// Discard is the Sink used when AUDIT_LOG_ENABLED is false.
var Discard Sink = discard{}

type discard struct{}

func (discard) Record(Event) {}

// File is a Sink appending JSON lines to a file that Reopen can replace after logrotate
// moved it away (SIGHUP). Writes are serialised; one line is one write(2) so concurrent
// readers never see half a line.
type File struct {
	path string
	now  func() time.Time

	// Logger reports write failures (a full disk): an audit trail that silently stopped
	// is worse than one that complains. Nil: failures are dropped.
	Logger *slog.Logger

	out *logfile.File
	mu  sync.Mutex // guards buf
	buf []byte
}

// OpenFile opens (creating, appending) the audit log at path with mode 0640: the audit
// trail names users and addresses, so it is not world-readable.
func OpenFile(path string) (*File, error) {
	out, err := logfile.Open(path)
	if err != nil {
		return nil, err
	}
	return &File{path: path, out: out, now: time.Now}, nil
}

// Record is Sink.Record.
func (a *File) Record(e Event) {
	ts := e.Timestamp
	if ts.IsZero() {
		ts = a.now()
	}
	l := line{Timestamp: ts.UTC().Format("2006-01-02T15:04:05.000Z07:00"), Event: e}
	b, err := json.Marshal(l)
	if err == nil {
		a.mu.Lock()
		a.buf = append(append(a.buf[:0], b...), '\n')
		_, err = a.out.Write(a.buf)
		a.mu.Unlock()
	}
	if err != nil && a.Logger != nil {
		a.Logger.Error("cannot write the audit log", "file", a.path, "event", e.Event, "error", err)
	}
}

// Reopen switches to a freshly opened file at the same path; on failure the old file
// stays in use.
func (a *File) Reopen() error { return a.out.Reopen() }

// Close closes the file.
func (a *File) Close() error { return a.out.Close() }

// Path is the file's path.
func (a *File) Path() string { return a.path }
