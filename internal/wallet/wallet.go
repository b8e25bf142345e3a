// Package wallet reads and writes secrets in the IRIS Wallet over the Native API: the IRIS
// passwords of users that a password-less method proved (pgwire-user-{user}), SCRAM
// verifiers (pgwire-scram-{user}) and the OAuth client secret (pgwire-oauth-client).
//
// The class and method names (%IRIS.Wallet GetSecret/SetSecret/IsEnabled by default, as
// the deployment checklist names them) are not in InterSystems' published class reference,
// so they are configurable; see docs/WALLET_TROUBLESHOOTING.md.
package wallet

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/pgwired/pgwired/internal/auth/audit"
)

// Names are the ObjectScript class and methods that hold the secrets.
type Names struct {
	Class     string // default %IRIS.Wallet
	Get       string // GetSecret(key) → value
	Set       string // SetSecret(key, value)
	IsEnabled string // IsEnabled() → 1
}

// DefaultNames are the deployment checklist's.
var DefaultNames = Names{Class: "%IRIS.Wallet", Get: "GetSecret", Set: "SetSecret", IsEnabled: "IsEnabled"}

// Caller is the part of an IRIS connection the Wallet uses (*iris.Conn has it).
type Caller interface {
	ClassMethod(ctx context.Context, class, method string, args ...any) (any, error)
	ClassMethodVoid(ctx context.Context, class, method string, args ...any) error
}

// Dialer lends an IRIS connection (logged in with the service account) for one call;
// release gives it back.
type Dialer func(ctx context.Context) (c Caller, release func(broken bool), err error)

// Config configures a Wallet.
type Config struct {
	Names Names
	Dial  Dialer
	// CacheTTL keeps values read for this long (0 = no cache): a login storm then costs one
	// IRIS round trip per user, and a changed secret is seen within TTL.
	CacheTTL time.Duration
	// Audit receives a wallet_access event per read when LogAccess (LOG_WALLET_ACCESS).
	Audit     audit.Sink
	LogAccess bool
	// OnFetch is called for each read that goes to IRIS (not for cache hits):
	// pgwire_wallet_access_total.
	OnFetch func()
	Now     func() time.Time // tests
}

// ErrNotFound is returned for a key the Wallet does not hold.
var ErrNotFound = errors.New("wallet: no such key")

// Wallet is a cached view of the IRIS Wallet. It is safe for concurrent use.
type Wallet struct {
	cfg Config

	mu    sync.Mutex
	cache map[string]entry
}

type entry struct {
	value   string
	expires time.Time
}

// New returns a Wallet for cfg.
func New(cfg Config) *Wallet {
	if cfg.Names == (Names{}) {
		cfg.Names = DefaultNames
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Audit == nil {
		cfg.Audit = audit.Discard
	}
	return &Wallet{cfg: cfg, cache: map[string]entry{}}
}

// Key names, shared by the daemon and `pgwired wallet`.
func UserKey(user string) string  { return "pgwire-user-" + user }
func ScramKey(user string) string { return "pgwire-scram-" + user }

// OAuthClientKey holds the OAuth client secret.
const OAuthClientKey = "pgwire-oauth-client"

// Get returns the secret under key. A missing key is ErrNotFound (wrapped with the key
// name); a failed call is reported with the class and method so that an operator can tell
// a missing class from a missing key.
func (w *Wallet) Get(ctx context.Context, key string) (string, error) {
	start := w.cfg.Now()
	note := audit.NoteFrom(ctx)
	note.WalletRead()
	w.mu.Lock()
	e, ok := w.cache[key]
	w.mu.Unlock()
	if ok && start.Before(e.expires) {
		w.record(note, key, start, true, nil)
		return e.value, nil
	}
	v, err := w.fetch(ctx, key)
	w.record(note, key, start, false, err)
	if err != nil {
		return "", err
	}
	if w.cfg.CacheTTL > 0 {
		w.mu.Lock()
		w.cache[key] = entry{value: v, expires: start.Add(w.cfg.CacheTTL)}
		w.mu.Unlock()
	}
	return v, nil
}

func (w *Wallet) fetch(ctx context.Context, key string) (string, error) {
	if w.cfg.OnFetch != nil {
		w.cfg.OnFetch()
	}
	c, release, err := w.cfg.Dial(ctx)
	if err != nil {
		return "", fmt.Errorf("wallet: connecting to IRIS: %w", err)
	}
	v, err := c.ClassMethod(ctx, w.cfg.Names.Class, w.cfg.Names.Get, key)
	release(err != nil && !isMissingKey(err))
	if err != nil {
		if isMissingKey(err) {
			return "", fmt.Errorf("%w: %q", ErrNotFound, key)
		}
		return "", fmt.Errorf("wallet: %s.%s(%q): %w", w.cfg.Names.Class, w.cfg.Names.Get, key, err)
	}
	s, ok := v.(string)
	if !ok && v != nil {
		s = fmt.Sprint(v)
	}
	if s == "" { // ObjectScript's "" for a key never set
		return "", fmt.Errorf("%w: %q", ErrNotFound, key)
	}
	return s, nil
}

// isMissingKey recognises IRIS's "does not exist" answer for a key (as opposed to a
// missing class or method, which must not read as a missing key).
func isMissingKey(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "does not exist") && !strings.Contains(msg, "<CLASS DOES NOT EXIST>") &&
		!strings.Contains(msg, "<METHOD DOES NOT EXIST>")
}

// Set stores value under key and forgets the cached value.
func (w *Wallet) Set(ctx context.Context, key, value string) error {
	c, release, err := w.cfg.Dial(ctx)
	if err != nil {
		return fmt.Errorf("wallet: connecting to IRIS: %w", err)
	}
	err = c.ClassMethodVoid(ctx, w.cfg.Names.Class, w.cfg.Names.Set, key, value)
	release(err != nil)
	w.mu.Lock()
	delete(w.cache, key)
	w.mu.Unlock()
	if err != nil {
		return fmt.Errorf("wallet: %s.%s(%q): %w", w.cfg.Names.Class, w.cfg.Names.Set, key, err)
	}
	return nil
}

// Forget drops key from the cache, e.g. after IRIS refused the password read from it: the
// next Get then sees a value an operator has just corrected.
func (w *Wallet) Forget(key string) {
	w.mu.Lock()
	delete(w.cache, key)
	w.mu.Unlock()
}

// Enabled asks IRIS whether the Wallet is usable (health checks, start-up).
func (w *Wallet) Enabled(ctx context.Context) (bool, error) {
	c, release, err := w.cfg.Dial(ctx)
	if err != nil {
		return false, fmt.Errorf("wallet: connecting to IRIS: %w", err)
	}
	v, err := c.ClassMethod(ctx, w.cfg.Names.Class, w.cfg.Names.IsEnabled)
	release(err != nil)
	if err != nil {
		return false, fmt.Errorf("wallet: %s.%s(): %w", w.cfg.Names.Class, w.cfg.Names.IsEnabled, err)
	}
	switch x := v.(type) {
	case int64:
		return x != 0, nil
	case string:
		return x != "" && x != "0", nil
	}
	return false, nil
}

func (w *Wallet) record(note *audit.Note, key string, start time.Time, cached bool, err error) {
	if !w.cfg.LogAccess {
		return
	}
	e := audit.Event{Event: audit.WalletAccess, WalletAccessed: true, WalletKey: key, Cached: &cached,
		DurationMS: float64(w.cfg.Now().Sub(start).Microseconds()) / 1000}
	note.Stamp(&e)
	if err != nil {
		e.FailureReason = err.Error()
	}
	w.cfg.Audit.Record(e)
}
