package auth

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pgwired/pgwired/internal/auth/audit"
	"github.com/pgwired/pgwired/internal/auth/oauthtest"
)

const testClientSecret = "0123456789abcdef0123456789abcdef-client"

type oauthBed struct {
	idp    *oauthtest.Server
	o      *OAuth
	ls     *listener
	audit  *memAudit
	mu     sync.Mutex
	logins []string
	hits   []bool
	now    time.Time
}

func newOAuthBed(t *testing.T, introspect bool, more ...Method) *oauthBed {
	t.Helper()
	idp, err := oauthtest.Start("pgwired", testClientSecret, map[string]string{"alice": "alice-pw"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(idp.Close)
	b := &oauthBed{idp: idp, audit: &memAudit{}, now: time.Now()}
	b.o = &OAuth{
		Config: oauth2.Config{ClientID: "pgwired", ClientSecret: testClientSecret, Scopes: []string{"offline"},
			Endpoint: oauth2.Endpoint{TokenURL: idp.TokenURL()}},
		Login: func(_ context.Context, user, password, database string) (any, error) {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.logins = append(b.logins, user+"/"+password)
			return "iris-" + user, nil
		},
		Audit:    b.audit,
		CacheHit: func(hit bool) { b.mu.Lock(); b.hits = append(b.hits, hit); b.mu.Unlock() },
		Now:      func() time.Time { b.mu.Lock(); defer b.mu.Unlock(); return b.now },
	}
	if introspect {
		b.o.IntrospectionURL = idp.IntrospectionURL()
	}
	b.ls = startListener(t, &Chain{Methods: append([]Method{b.o}, more...), Audit: b.audit})
	return b
}

func (b *oauthBed) advance(d time.Duration) { b.mu.Lock(); b.now = b.now.Add(d); b.mu.Unlock() }

func TestOAuthPasswordGrantAndCache(t *testing.T) {
	b := newOAuthBed(t, true)
	if err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require"); err != nil {
		t.Fatal(err)
	}
	if id := b.ls.lastIdentity(); id.Method != "oauth" || id.Extra != "iris-alice" {
		t.Fatalf("identity %+v", id)
	}
	if b.idp.TokenRequests.Load() != 1 || b.idp.Introspections.Load() != 1 {
		t.Fatalf("%d grants, %d introspections", b.idp.TokenRequests.Load(), b.idp.Introspections.Load())
	}
	// The second login is answered by the cache: no request reaches the OAuth server.
	if err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require"); err != nil {
		t.Fatal(err)
	}
	if b.idp.TokenRequests.Load() != 1 || b.idp.Introspections.Load() != 1 {
		t.Fatal("second login did not use the token cache")
	}
	// A different password for the same user is not a cache hit, and is refused.
	if err := b.ls.connect(t, "user=alice password=guess sslmode=require"); sqlState(err) != "28P01" {
		t.Fatalf("wrong password: %v", err)
	}
	if err := b.ls.connect(t, "user=mallory password=alice-pw sslmode=require"); sqlState(err) != "28P01" {
		t.Fatalf("unknown user: %v", err)
	}
	if len(b.hits) != 4 || b.hits[0] || !b.hits[1] || b.hits[2] || b.hits[3] {
		t.Fatalf("cache hits %v", b.hits)
	}
	ev := b.audit.all()
	if len(ev) != 4 || ev[0].Cached != nil || ev[1].Cached == nil || !*ev[1].Cached || ev[2].Event != audit.AuthFailure {
		t.Fatalf("audit %+v", ev)
	}
	if strings.Join(b.logins, ",") != "alice/alice-pw,alice/alice-pw" {
		t.Fatalf("IRIS logins %v", b.logins)
	}
	// Refused without TLS: the password would cross in clear.
	if err := b.ls.connect(t, "user=alice password=alice-pw sslmode=disable"); sqlState(err) != "28000" {
		t.Fatalf("plaintext: %v", err)
	}
}

func TestOAuthRefreshesExpiredToken(t *testing.T) {
	b := newOAuthBed(t, false)
	if err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require"); err != nil {
		t.Fatal(err)
	}
	b.advance(2 * time.Hour) // past the token's expiry
	if err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require"); err != nil {
		t.Fatal(err)
	}
	if n := b.idp.TokenRequests.Load(); n != 2 {
		t.Fatalf("%d token requests, want a grant and a refresh", n)
	}
	var refresh []audit.Event
	for _, e := range b.audit.all() {
		if e.Event == audit.OAuthTokenRefresh {
			refresh = append(refresh, e)
		}
	}
	if len(refresh) != 1 || refresh[0].FailureReason != "" || refresh[0].Username != "alice" {
		t.Fatalf("refresh events %+v", refresh)
	}
	// The refreshed token is cached in turn.
	if err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require"); err != nil || b.idp.TokenRequests.Load() != 2 {
		t.Fatalf("after refresh: %v, %d requests", err, b.idp.TokenRequests.Load())
	}
}

func TestOAuthTokenAsPassword(t *testing.T) {
	b := newOAuthBed(t, true)
	tok, err := b.o.Config.PasswordCredentialsToken(context.Background(), "alice", "alice-pw")
	if err != nil {
		t.Fatal(err)
	}
	// Without a TokenLogin (no IRIS password for a token) tokens are not passwords.
	if err := b.ls.connect(t, "user=alice password="+tok.AccessToken+" sslmode=require"); sqlState(err) != "28P01" {
		t.Fatalf("token without TokenLogin: %v", err)
	}
	backend := &backendRecorder{}
	b.o.TokenLogin = backend.login
	if err := b.ls.connect(t, "user=alice password="+tok.AccessToken+" sslmode=require"); err != nil {
		t.Fatalf("access token as password: %v", err)
	}
	if id := b.ls.lastIdentity(); id.Extra != "session-of-alice" || strings.Join(backend.users, ",") != "alice@db" {
		t.Fatalf("the token reached IRIS as a password: %+v %v", id, backend.users)
	}
	// The token is alice's: bob cannot use it.
	b.idp.SetPassword("bob", "bob-pw")
	if err := b.ls.connect(t, "user=bob password="+tok.AccessToken+" sslmode=require"); sqlState(err) != "28P01" {
		t.Fatalf("someone else's token: %v", err)
	}
}

func TestOAuthServerDown(t *testing.T) {
	b := newOAuthBed(t, false)
	b.idp.Close()
	err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require")
	if sqlState(err) != "08006" || !strings.Contains(err.Error(), "OAuth token endpoint cannot be reached") {
		t.Fatalf("server down: %v", err)
	}
	ev := b.audit.all()
	if len(ev) != 1 || !strings.HasPrefix(ev[0].FailureReason, "authentication service unavailable") {
		t.Fatalf("audit %+v", ev)
	}
}

// TestOAuthServerDownFallsBack: with a method after oauth, an unreachable OAuth server
// passes the client on, and the password method reuses the password already received.
func TestOAuthServerDownFallsBack(t *testing.T) {
	var verified []string
	pw := &Password{Verify: func(_ context.Context, user, password, _ string) (any, error) {
		verified = append(verified, user+"/"+password)
		return nil, nil
	}}
	b := newOAuthBed(t, false, pw)
	b.o.PassOnWhenUnavailable = true
	b.idp.Close()
	if err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require"); err != nil {
		t.Fatalf("fallback: %v", err)
	}
	if id := b.ls.lastIdentity(); id.Method != "password" || strings.Join(verified, ",") != "alice/alice-pw" {
		t.Fatalf("identity %+v, verified %v", id, verified)
	}
}

func TestOAuthBadClientSecret(t *testing.T) {
	b := newOAuthBed(t, false)
	b.o.Config.ClientSecret = strings.Repeat("w", 40)
	err := b.ls.connect(t, "user=alice password=alice-pw sslmode=require")
	if sqlState(err) != "28000" || !strings.Contains(err.Error(), "refused pgwired's request") {
		t.Fatalf("bad client secret: %v", err)
	}
}

func TestTokenCacheEviction(t *testing.T) {
	c := newTokenCache(10)
	now := time.Now()
	for i := 0; i < 25; i++ {
		c.put(c.key("u", strings.Repeat("p", i+1)), &oauth2.Token{AccessToken: "t", Expiry: now.Add(time.Hour)}, now)
	}
	if len(c.m) > 10 {
		t.Fatalf("%d entries over a maximum of 10", len(c.m))
	}
	if k1, k2 := c.key("u", "p"), c.key("u\x00", ""); k1 == k2 {
		t.Fatal("user/password boundary is ambiguous")
	}
	c.put(c.key("x", "y"), &oauth2.Token{AccessToken: "no expiry"}, now)
	if tok, _ := c.get(c.key("x", "y"), now); tok != nil {
		t.Fatal("a token without expiry was cached")
	}
}
