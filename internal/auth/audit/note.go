package audit

import (
	"context"
	"sync"
)

// Note collects what happened during one login attempt that the method itself does not
// return: whether the Wallet was read and which IRIS user the session logged in as. The
// chain puts a Note in the context; the Wallet and the backend login mark it.
type Note struct {
	// Who is the attempt's client: copied into events recorded on its behalf (wallet_access).
	Username     string
	SourceIP     string
	ConnectionID uint64

	mu             sync.Mutex
	walletAccessed bool
	irisUser       string
	tokenCached    bool
}

type noteKey struct{}

// WithNote returns ctx carrying n.
func WithNote(ctx context.Context, n *Note) (context.Context, *Note) {
	return context.WithValue(ctx, noteKey{}, n), n
}

// NoteFrom returns the Note in ctx, or nil; every Note method accepts a nil receiver.
func NoteFrom(ctx context.Context) *Note {
	n, _ := ctx.Value(noteKey{}).(*Note)
	return n
}

// WalletRead records that the Wallet was read for this attempt.
func (n *Note) WalletRead() {
	if n == nil {
		return
	}
	n.mu.Lock()
	n.walletAccessed = true
	n.mu.Unlock()
}

// LoggedInAs records the IRIS user of the session.
func (n *Note) LoggedInAs(irisUser string) {
	if n == nil {
		return
	}
	n.mu.Lock()
	n.irisUser = irisUser
	n.mu.Unlock()
}

// WalletAccessed reports whether WalletRead was called.
func (n *Note) WalletAccessed() bool {
	if n == nil {
		return false
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.walletAccessed
}

// IRISUser is what LoggedInAs recorded.
func (n *Note) IRISUser() string {
	if n == nil {
		return ""
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.irisUser
}

// Stamp fills e's client fields from n (nil-safe).
func (n *Note) Stamp(e *Event) {
	if n == nil {
		return
	}
	e.Username, e.SourceIP, e.ConnectionID = n.Username, n.SourceIP, n.ConnectionID
}

// TokenFromCache records that an OAuth token from pgwired's cache proved the password.
func (n *Note) TokenFromCache() {
	if n == nil {
		return
	}
	n.mu.Lock()
	n.tokenCached = true
	n.mu.Unlock()
}

// TokenCached reports whether TokenFromCache was called.
func (n *Note) TokenCached() bool {
	if n == nil {
		return false
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.tokenCached
}
