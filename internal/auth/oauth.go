package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/pgwired/pgwired/internal/auth/audit"
	"github.com/pgwired/pgwired/internal/wire"
)

// OAuth exchanges the client's password for a token with the OAuth 2.0 resource-owner
// password grant (RFC 6749 §4.3) at the token endpoint. Tokens are cached by (user, keyed
// hash of the password) until they expire, so a reconnecting client costs no round trip;
// an expired token with a refresh token is refreshed instead of asking for a new grant.
// With an introspection endpoint (RFC 7662) every token is also checked for being active
// and issued to this user, and a client may present an access token as its password.
//
// After the token, the session logs into IRIS with Login (the client's password, per the
// identity model: OAuth users have the same password in IRIS, or a Wallet entry).
type OAuth struct {
	Config oauth2.Config // ClientID, ClientSecret, Endpoint.TokenURL, Scopes
	// IntrospectionURL enables RFC 7662 checks (empty: none).
	IntrospectionURL string
	// HTTPClient carries the timeout; the daemon's stays well inside the 5 s login SLA.
	HTTPClient *http.Client
	// Login opens the IRIS session with the client's user and password.
	Login Verifier
	// TokenLogin opens the IRIS session of a client that presented an access token as its
	// password (the token is no IRIS password): the Wallet or the service account. Nil
	// refuses tokens as passwords.
	TokenLogin BackendLogin
	// Unavailable says what to do when the endpoint cannot be reached: false ends the login
	// with SQLSTATE 08006; true passes the client to the next method (a password method
	// gets the same password without asking the client again).
	PassOnWhenUnavailable bool
	AllowWithoutTLS       bool
	Audit                 audit.Sink
	// CacheHit reports each validation answered by the cache or not (pgwire metrics).
	CacheHit func(hit bool)
	Now      func() time.Time

	once  sync.Once
	cache *tokenCache
}

// ErrOAuthUnavailable marks a token endpoint that could not be reached.
var ErrOAuthUnavailable = errors.New("OAuth server unavailable")

// Name is Method.Name.
func (o *OAuth) Name() string { return "oauth" }

func (o *OAuth) init() {
	o.once.Do(func() {
		if o.Now == nil {
			o.Now = time.Now
		}
		if o.Audit == nil {
			o.Audit = audit.Discard
		}
		if o.HTTPClient == nil {
			o.HTTPClient = &http.Client{Timeout: 4 * time.Second}
		}
		o.Config.Endpoint.AuthStyle = oauth2.AuthStyleInHeader
		o.cache = newTokenCache(10000)
	})
}

// Authenticate is Method.Authenticate.
func (o *OAuth) Authenticate(ctx context.Context, c *wire.ConnInfo, ex wire.AuthExchange) (wire.Identity, error) {
	o.init()
	if c.TLS == nil && !o.AllowWithoutTLS {
		return wire.Identity{}, &wire.Error{Severity: wire.SeverityFatal, Code: "28000",
			Message: "OAuth authentication requires an encrypted connection", Hint: "Connect with sslmode=require."}
	}
	user := c.User()
	pw, err := ex.RequestPassword(ctx)
	if err != nil {
		return wire.Identity{}, err
	}
	if pw == "" || user == "" {
		return wire.Identity{}, failedFor(user)
	}
	viaToken, err := o.validate(ctx, user, pw)
	if err != nil {
		if errors.Is(err, ErrOAuthUnavailable) && o.PassOnWhenUnavailable {
			return wire.Identity{}, fmt.Errorf("%w: %w", ErrNotApplicable, err)
		}
		return wire.Identity{}, err
	}
	if viaToken {
		extra, err := o.TokenLogin(ctx, user, c.Database())
		if err != nil {
			return wire.Identity{}, err
		}
		return wire.Identity{User: user, Method: "oauth", Extra: extra}, nil
	}
	extra, err := o.Login(ctx, user, pw, c.Database())
	if errors.Is(err, ErrBadPassword) {
		return wire.Identity{}, &wire.Error{Severity: wire.SeverityFatal, Code: "28000",
			Message: fmt.Sprintf("the OAuth server accepted user %q but IRIS refused the same password", user),
			Hint:    "OAuth users log into IRIS with their own password: keep the two in step."}
	}
	if err != nil {
		return wire.Identity{}, err
	}
	return wire.Identity{User: user, Method: "oauth", Extra: extra}, nil
}

// validate proves (user, password) with a cached, refreshed or new token; viaToken
// reports that the password was itself an access token.
func (o *OAuth) validate(ctx context.Context, user, pw string) (viaToken bool, err error) {
	key := o.cache.key(user, pw)
	now := o.Now()
	tok, fresh := o.cache.get(key, now)
	if tok != nil && fresh {
		o.cacheHit(ctx, true)
		return false, nil
	}
	o.cacheHit(ctx, false)
	hctx := context.WithValue(ctx, oauth2.HTTPClient, o.HTTPClient)
	var next *oauth2.Token
	if tok != nil && tok.RefreshToken != "" {
		// The cached token was granted for this very password: refresh it instead of a
		// new grant. If the refresh fails, a new grant decides.
		next, err = o.Config.TokenSource(hctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
		o.recordRefresh(ctx, now, err)
	}
	if next == nil || err != nil {
		next, err = o.Config.PasswordCredentialsToken(hctx, user, pw)
	}
	tok = next
	if err != nil {
		return o.tokenError(hctx, user, pw, err)
	}
	if o.IntrospectionURL != "" {
		if err := o.introspect(hctx, tok.AccessToken, user); err != nil {
			return false, err
		}
	}
	o.cache.put(key, tok, now)
	return false, nil
}

// tokenError maps a failed grant: invalid_grant is the client's wrong password (28P01),
// unless the "password" is an access token that introspection vouches for; other OAuth
// errors are pgwired's configuration (28000); no answer at all is ErrOAuthUnavailable.
func (o *OAuth) tokenError(hctx context.Context, user, pw string, err error) (viaToken bool, _ error) {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		if re.ErrorCode == "invalid_grant" {
			if o.IntrospectionURL != "" && o.TokenLogin != nil && o.introspect(hctx, pw, user) == nil {
				return true, nil // token as password: active and issued to this user
			}
			return false, failedFor(user)
		}
		if re.Response != nil && re.Response.StatusCode >= 500 {
			return false, o.unavailable(fmt.Errorf("token endpoint answered %s", re.Response.Status))
		}
		return false, &wire.Error{Severity: wire.SeverityFatal, Code: "28000",
			Message: "the OAuth server refused pgwired's request",
			Detail:  "OAuth error " + strings.TrimSpace(re.ErrorCode+" "+re.ErrorDescription),
			Hint:    "Check OAUTH_CLIENT_ID and the client secret."}
	}
	return false, o.unavailable(err)
}

func (o *OAuth) unavailable(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // the URL is in the configuration; keep the cause short
	}
	return &unavailableError{cause: err}
}

// unavailableError is what a client sees when the token endpoint is down: 08006, so that
// it retries later instead of asking its user for another password.
type unavailableError struct{ cause error }

func (e *unavailableError) Error() string {
	return "authentication service unavailable: the OAuth token endpoint cannot be reached (" + e.cause.Error() + ")"
}
func (e *unavailableError) SQLState() string { return "08006" }
func (e *unavailableError) Unwrap() []error  { return []error{ErrOAuthUnavailable, e.cause} }

// introspect asks RFC 7662 whether token is active and belongs to user.
func (o *OAuth) introspect(hctx context.Context, token, user string) error {
	form := url.Values{"token": {token}, "token_type_hint": {"access_token"}}
	req, err := http.NewRequestWithContext(hctx, http.MethodPost, o.IntrospectionURL, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(o.Config.ClientID), url.QueryEscape(o.Config.ClientSecret))
	resp, err := o.HTTPClient.Do(req)
	if err != nil {
		return o.unavailable(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 500 {
		return o.unavailable(fmt.Errorf("introspection endpoint answered %s", resp.Status))
	}
	var ir struct {
		Active   bool   `json:"active"`
		Username string `json:"username"`
		Sub      string `json:"sub"`
	}
	if resp.StatusCode != http.StatusOK {
		return &wire.Error{Severity: wire.SeverityFatal, Code: "28000", Message: "the OAuth introspection endpoint refused pgwired's request",
			Detail: "HTTP " + resp.Status}
	}
	if err := json.NewDecoder(http.MaxBytesReader(nil, resp.Body, 1<<20)).Decode(&ir); err != nil {
		return fmt.Errorf("OAuth introspection answer: %w", err)
	}
	owner := ir.Username
	if owner == "" {
		owner = ir.Sub
	}
	if !ir.Active || owner != user {
		return failedFor(user)
	}
	return nil
}

func (o *OAuth) cacheHit(ctx context.Context, hit bool) {
	if o.CacheHit != nil {
		o.CacheHit(hit)
	}
	if hit {
		audit.NoteFrom(ctx).TokenFromCache()
	}
}

func (o *OAuth) recordRefresh(ctx context.Context, start time.Time, err error) {
	e := audit.Event{Event: audit.OAuthTokenRefresh, Method: "oauth",
		DurationMS: float64(o.Now().Sub(start).Microseconds()) / 1000}
	audit.NoteFrom(ctx).Stamp(&e)
	if err != nil {
		e.FailureReason = err.Error()
	}
	o.Audit.Record(e)
}

// tokenCache maps (user, keyed password hash) to the last token. The key is an HMAC with
// a per-process random key, so the cache never holds the password or an unsalted hash of
// it that could be reversed by a dictionary.
type tokenCache struct {
	secret [32]byte
	max    int
	mu     sync.Mutex
	m      map[[32]byte]cachedToken
}

type cachedToken struct {
	tok     *oauth2.Token
	expires time.Time // zero: the server gave no expiry; such a token is not cached
}

func newTokenCache(max int) *tokenCache {
	c := &tokenCache{max: max, m: map[[32]byte]cachedToken{}}
	rand.Read(c.secret[:])
	return c
}

func (c *tokenCache) key(user, password string) [32]byte {
	h := hmac.New(sha256.New, c.secret[:])
	h.Write([]byte(user))
	h.Write([]byte{0})
	h.Write([]byte(password))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// get returns the cached token and whether it is still valid (with 10 s to spare, so that
// a token does not expire between the check and its use).
func (c *tokenCache) get(k [32]byte, now time.Time) (*oauth2.Token, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok {
		return nil, false
	}
	return e.tok, now.Add(10 * time.Second).Before(e.expires)
}

func (c *tokenCache) put(k [32]byte, tok *oauth2.Token, now time.Time) {
	if tok.Expiry.IsZero() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		c.evict(now)
	}
	// oauth2 set Expiry from the wall clock; measure it on the cache's clock (the same one
	// in production, a test's otherwise).
	c.m[k] = cachedToken{tok: tok, expires: now.Add(time.Until(tok.Expiry))}
}

// evict makes room: expired tokens without a refresh token first, then any, down to 90 %.
func (c *tokenCache) evict(now time.Time) {
	for key, e := range c.m {
		if !now.Before(e.expires) && e.tok.RefreshToken == "" {
			delete(c.m, key)
		}
	}
	for key := range c.m {
		if len(c.m) < c.max*9/10 {
			return
		}
		delete(c.m, key)
	}
}
