// Package oauthtest runs a real OAuth 2.0 authorization server (ory/fosite) for tests:
// the resource-owner password grant, refresh tokens and RFC 7662 introspection, on a
// loopback listener. Only tests import it.
package oauthtest

import (
	"context"
	"crypto/rand"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ory/fosite"
	"github.com/ory/fosite/compose"
	"github.com/ory/fosite/storage"
	"golang.org/x/crypto/bcrypt"
)

// Server is a running authorization server.
type Server struct {
	URL            string // base URL; TokenURL and IntrospectionURL hang off it
	ClientID       string
	ClientSecret   string
	TokenRequests  atomic.Int64 // password and refresh grants answered (any outcome)
	Introspections atomic.Int64
	store          *userStore
	srv            *http.Server
	l              net.Listener
	mu             sync.Mutex
	closed         bool
}

// TokenURL is the token endpoint.
func (s *Server) TokenURL() string { return s.URL + "/oauth2/token" }

// IntrospectionURL is the RFC 7662 endpoint.
func (s *Server) IntrospectionURL() string { return s.URL + "/oauth2/introspect" }

// userStore makes the subject of a password grant the user name (fosite's memory store
// would invent a random id), so that introspection names the user.
type userStore struct{ *storage.MemoryStore }

func (u userStore) Authenticate(ctx context.Context, name, secret string) (string, error) {
	if _, err := u.MemoryStore.Authenticate(ctx, name, secret); err != nil {
		return "", err
	}
	return name, nil
}

// Start runs a server on 127.0.0.1 with one confidential client (secret given) and the
// users given (name → password); tokens live for tokenTTL.
func Start(clientID, clientSecret string, users map[string]string, tokenTTL time.Duration) (*Server, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(clientSecret), bcrypt.MinCost)
	if err != nil {
		return nil, err
	}
	ms := storage.NewMemoryStore()
	ms.Clients[clientID] = &fosite.DefaultClient{
		ID: clientID, Secret: hash,
		GrantTypes: []string{"password", "refresh_token"}, ResponseTypes: []string{"token"},
		Scopes: []string{"offline", "openid"},
	}
	for name, pw := range users {
		ms.Users[name] = storage.MemoryUserRelation{Username: name, Password: pw}
	}
	secret := make([]byte, 32)
	rand.Read(secret)
	cfg := &fosite.Config{
		AccessTokenLifespan: tokenTTL, RefreshTokenLifespan: time.Hour, GlobalSecret: secret,
		ClientSecretsHasher: &fosite.BCrypt{Config: &fosite.Config{HashCost: bcrypt.MinCost}},
		RefreshTokenScopes:  []string{}, // every grant gets a refresh token
	}
	store := &userStore{ms}
	provider := compose.Compose(cfg, store, compose.NewOAuth2HMACStrategy(cfg),
		//lint:ignore SA1019 the password grant is deprecated in OAuth 2.1 but is what pgwired must speak
		compose.OAuth2ResourceOwnerPasswordCredentialsFactory,
		compose.OAuth2RefreshTokenGrantFactory,
		compose.OAuth2TokenIntrospectionFactory,
	)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{URL: "http://" + l.Addr().String(), ClientID: clientID, ClientSecret: clientSecret, store: store, l: l}
	mux := http.NewServeMux()
	mux.HandleFunc("/oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		// Only grants count: pgwired's health probe also knocks on this endpoint.
		if g := r.PostFormValue("grant_type"); g == "password" || g == "refresh_token" {
			s.TokenRequests.Add(1)
		}
		ctx := r.Context()
		ar, err := provider.NewAccessRequest(ctx, r, &fosite.DefaultSession{})
		if err != nil {
			provider.WriteAccessError(ctx, w, ar, err)
			return
		}
		for _, scope := range ar.GetRequestedScopes() {
			ar.GrantScope(scope)
		}
		resp, err := provider.NewAccessResponse(ctx, ar)
		if err != nil {
			provider.WriteAccessError(ctx, w, ar, err)
			return
		}
		provider.WriteAccessResponse(ctx, w, ar, resp)
	})
	mux.HandleFunc("/oauth2/introspect", func(w http.ResponseWriter, r *http.Request) {
		s.Introspections.Add(1)
		ctx := r.Context()
		ir, err := provider.NewIntrospectionRequest(ctx, r, &fosite.DefaultSession{})
		if err != nil {
			provider.WriteIntrospectionError(ctx, w, err)
			return
		}
		provider.WriteIntrospectionResponse(ctx, w, ir)
	})
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go s.srv.Serve(l)
	return s, nil
}

// SetPassword changes (or adds) a user's password.
func (s *Server) SetPassword(user, password string) {
	s.store.Users[user] = storage.MemoryUserRelation{Username: user, Password: password}
}

// Close stops the server: later requests find nothing listening (connection refused).
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		s.srv.Close()
	}
}
