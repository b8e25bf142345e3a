package auth

import (
	"context"
	"errors"
	"fmt"

	"github.com/pgwired/pgwired/internal/wallet"
	"github.com/pgwired/pgwired/internal/wire"
)

// WalletLogin is the BackendLogin of deployments where each user logs into IRIS as
// themselves: the IRIS password comes from the Wallet key pgwire-user-{user} and login
// opens the session with it. A missing key or a password IRIS refuses is the operator's
// to fix, not the client's, so neither reads as 28P01 (which tells a client to retype).
func WalletLogin(w *wallet.Wallet, login Verifier) BackendLogin {
	return func(ctx context.Context, user, database string) (any, error) {
		key := wallet.UserKey(user)
		pw, err := w.Get(ctx, key)
		if errors.Is(err, wallet.ErrNotFound) {
			return nil, &wire.Error{Severity: wire.SeverityFatal, Code: "28000",
				Message: fmt.Sprintf("no IRIS password for user %q in the Wallet", user),
				Hint:    fmt.Sprintf("Store it with: pgwired wallet set %s", key)}
		}
		if err != nil {
			return nil, fmt.Errorf("reading the IRIS password of %q: %w", user, err)
		}
		extra, err := login(ctx, user, pw, database)
		if errors.Is(err, ErrBadPassword) {
			w.Forget(key)
			return nil, &wire.Error{Severity: wire.SeverityFatal, Code: "28000",
				Message: fmt.Sprintf("IRIS refused the Wallet password for user %q", user),
				Hint:    fmt.Sprintf("Update the Wallet key %s.", key)}
		}
		return extra, err
	}
}

// WalletScram reads SCRAM verifiers from the Wallet keys pgwire-scram-{user}.
type WalletScram struct{ Wallet *wallet.Wallet }

// ScramVerifier is ScramSecrets.ScramVerifier.
func (ws WalletScram) ScramVerifier(ctx context.Context, user string) (ScramVerifier, error) {
	s, err := ws.Wallet.Get(ctx, wallet.ScramKey(user))
	if errors.Is(err, wallet.ErrNotFound) {
		return ScramVerifier{}, ErrNoVerifier
	}
	if err != nil {
		return ScramVerifier{}, err
	}
	v, err := ParseScramVerifier(s)
	if err != nil {
		return ScramVerifier{}, fmt.Errorf("wallet key %s: %w", wallet.ScramKey(user), err)
	}
	return v, nil
}
