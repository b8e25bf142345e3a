package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/pgwired/pgwired/internal/wire"
)

// Cert authenticates a client by the TLS client certificate it presented, which the TLS
// handshake already verified against TLS_CLIENT_CA_FILE. The startup user must be the
// certificate's Common Name or one of its Subject Alternative Names (a DNS name, an email
// address, or an email address's local part), compared case-insensitively. A client
// without a verified certificate is passed on to the next method.
type Cert struct {
	Login BackendLogin
}

// Name is Method.Name.
func (Cert) Name() string { return "cert" }

// Authenticate is Method.Authenticate.
func (m Cert) Authenticate(ctx context.Context, c *wire.ConnInfo, _ wire.AuthExchange) (wire.Identity, error) {
	if c.TLS == nil || len(c.TLS.VerifiedChains) == 0 || len(c.TLS.VerifiedChains[0]) == 0 {
		return wire.Identity{}, fmt.Errorf("no verified client certificate: %w", ErrNotApplicable)
	}
	cert := c.TLS.VerifiedChains[0][0]
	user := c.User()
	names := append([]string{cert.Subject.CommonName}, cert.DNSNames...)
	for _, e := range cert.EmailAddresses {
		local, _, _ := strings.Cut(e, "@")
		names = append(names, e, local)
	}
	matched := false
	for _, n := range names {
		if n != "" && strings.EqualFold(n, user) {
			matched = true
			break
		}
	}
	if !matched {
		return wire.Identity{}, &wire.Error{Severity: wire.SeverityFatal, Code: "28000",
			Message: fmt.Sprintf("certificate authentication failed for user %q", user),
			Detail:  fmt.Sprintf("the client certificate (CN=%s) names neither this user in its CN nor in its SANs", cert.Subject.CommonName)}
	}
	extra, err := m.Login(ctx, user, c.Database())
	if err != nil {
		return wire.Identity{}, err
	}
	return wire.Identity{User: user, Method: "cert", Extra: extra}, nil
}
