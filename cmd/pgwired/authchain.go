package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/jcmturner/gokrb5/v8/keytab"
	"golang.org/x/oauth2"

	"github.com/pgwired/pgwired/internal/auth"
	"github.com/pgwired/pgwired/internal/auth/audit"
	"github.com/pgwired/pgwired/internal/config"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/session"
	"github.com/pgwired/pgwired/internal/wallet"
)

// authMetrics is what the chain and the Wallet report to (ops.Metrics).
type authMetrics interface {
	auth.Observer
	WalletAccess()
	OAuthTokenCache(hit bool)
}

// authParts is the authentication side of the daemon: the chain handed to wire, and what
// SIGHUP refreshes (the audit file after logrotate, HBA rules, SCRAM userlist, keytab).
type authParts struct {
	chain    *auth.Chain
	audit    *audit.File    // nil when AUDIT_LOG_ENABLED=false
	userlist *auth.Userlist // nil without AUTH_USERLIST_FILE
	gss      *auth.GSS      // nil without gss in AUTH_METHODS
	wallet   *wallet.Wallet
	cfg      *config.Config
}

// walletProbe is the /health check of the Wallet: nil when pgwired has no IRIS login to
// read it with (the service account's IRIS_PASSWORD), so wallet_available is just false.
func (p *authParts) walletProbe() func(context.Context) error {
	if p.cfg.IRISPassword == "" || p.wallet == nil {
		return nil
	}
	return func(ctx context.Context) error {
		ok, err := p.wallet.Enabled(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("the IRIS Wallet is not enabled")
		}
		return nil
	}
}

// buildAuth assembles the chain from AUTH_METHODS, in that order.
func buildAuth(cfg *config.Config, logger *slog.Logger, mgr *session.Manager, pool *iris.Pool, certs *certStore, metrics authMetrics) (*authParts, error) {
	p := &authParts{cfg: cfg}
	var sink audit.Sink = audit.Discard
	if cfg.AuditLogEnabled {
		f, err := audit.OpenFile(cfg.AuditLogFile)
		if err != nil {
			return nil, fmt.Errorf("AUDIT_LOG_FILE: %w", err)
		}
		f.Logger = logger
		p.audit, sink = f, f
	}
	p.chain = &auth.Chain{Logger: logger, LogAuthAttempts: cfg.LogAuthAttempts, Audit: sink, Observer: metrics,
		Throttle: &auth.Throttle{Base: cfg.ThrottleBase, Max: cfg.ThrottleMax, Free: cfg.ThrottleFreeAttempts, Window: cfg.ThrottleWindow}}
	w := newWallet(cfg, pool, sink, metrics)
	p.wallet = w

	for i, m := range cfg.AuthMethods {
		switch m {
		case "oauth":
			o, err := newOAuth(cfg, w, mgr, sink, metrics)
			if err != nil {
				p.close()
				return nil, err
			}
			// Another method after oauth serves clients while the OAuth server is down.
			o.PassOnWhenUnavailable = i < len(cfg.AuthMethods)-1
			p.chain.Methods = append(p.chain.Methods, o)
		case "password":
			p.chain.Methods = append(p.chain.Methods, &auth.Password{Verify: mgr.VerifyPassword, AllowWithoutTLS: cfg.AllowCleartextWithoutTLS})
		case "scram-sha-256", "scram-sha-256-plus":
			sources := auth.ScramSources{}
			if cfg.UserlistFile != "" && p.userlist == nil {
				ul, err := auth.OpenUserlist(cfg.UserlistFile)
				if err != nil {
					p.close()
					return nil, fmt.Errorf("AUTH_USERLIST_FILE: %w", err)
				}
				p.userlist = ul
				logger.Info("SCRAM verifiers loaded", "file", cfg.UserlistFile, "users", ul.Len())
			}
			if p.userlist != nil {
				sources = append(sources, p.userlist)
			}
			sources = append(sources, auth.WalletScram{Wallet: w})
			s := &auth.Scram{Verifiers: sources, Login: backendLogin(mgr, w), RequireChannelBinding: m == "scram-sha-256-plus"}
			if certs != nil {
				s.ServerCertificates = certs.Leaves
			}
			p.chain.Methods = append(p.chain.Methods, s)
		case "gss":
			g := &auth.GSS{ServicePrincipal: cfg.KRB5ServicePrincipal, Realms: cfg.KRB5Realms,
				MaxClockSkew: cfg.KRB5MaxClockSkew, Login: backendLogin(mgr, w)}
			if err := loadKerberos(cfg, g); err != nil {
				p.close()
				return nil, err
			}
			p.gss = g
			p.chain.Methods = append(p.chain.Methods, g)
		case "cert":
			p.chain.Methods = append(p.chain.Methods, auth.Cert{Login: backendLogin(mgr, w)})
		case "trust":
			logger.Warn("AUTH_METHODS includes trust: clients are accepted without any proof of identity")
			p.chain.Methods = append(p.chain.Methods, auth.Trust{})
		default: // config.Validate lets only the methods above through
			p.close()
			return nil, fmt.Errorf("AUTH_METHODS: method %q has no implementation", m)
		}
	}
	if cfg.HBAFile != "" {
		h, err := auth.ReadHBA(cfg.HBAFile, cfg.AuthMethods)
		if err != nil {
			p.close()
			return nil, fmt.Errorf("AUTH_HBA_FILE: %w", err)
		}
		p.chain.SetRules(h)
	}
	return p, nil
}

// loadKerberos (re)reads KRB5_KEYTAB and KRB5_USER_MAP_FILE into g.
func loadKerberos(cfg *config.Config, g *auth.GSS) error {
	kt, err := keytab.Load(cfg.KRB5Keytab)
	if err != nil {
		return fmt.Errorf("KRB5_KEYTAB: %w", err)
	}
	var m map[string]string
	if cfg.KRB5UserMapFile != "" {
		if m, err = auth.ReadPrincipalMap(cfg.KRB5UserMapFile); err != nil {
			return fmt.Errorf("KRB5_USER_MAP_FILE: %w", err)
		}
	}
	g.Keytab.Store(kt)
	g.SetMap(m)
	return nil
}

// requestClientCerts makes the TLS handshake ask for a client certificate and verify it
// against the CAs in caFile (TLS_CLIENT_CA_FILE). A certificate is optional at the TLS
// level: the cert method passes clients without one on to the next method.
func requestClientCerts(tc *tls.Config, caFile string) error {
	if caFile == "" {
		return nil
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return fmt.Errorf("TLS_CLIENT_CA_FILE: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return fmt.Errorf("TLS_CLIENT_CA_FILE: no certificate found in %s", caFile)
	}
	tc.ClientCAs = pool
	tc.ClientAuth = tls.VerifyClientCertIfGiven
	return nil
}

// newOAuth configures the password grant. The client secret comes from OAUTH_CLIENT_SECRET
// or else the Wallet key pgwire-oauth-client, read once at start-up: a daemon that cannot
// authenticate to its OAuth server should not start and fail every login.
func newOAuth(cfg *config.Config, w *wallet.Wallet, mgr *session.Manager, sink audit.Sink, metrics authMetrics) (*auth.OAuth, error) {
	secret := cfg.OAuthClientSecret
	if secret == "" {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var err error
		if secret, err = w.Get(ctx, wallet.OAuthClientKey); err != nil {
			return nil, fmt.Errorf("OAUTH_CLIENT_SECRET is not set and the Wallet key %s cannot be read: %w", wallet.OAuthClientKey, err)
		}
		w.Forget(wallet.OAuthClientKey) // held by the OAuth config from now on, not twice
	}
	if len(secret) < config.MinOAuthClientSecret {
		return nil, fmt.Errorf("the OAuth client secret has %d characters; at least %d are required (pgwired gen-secret)", len(secret), config.MinOAuthClientSecret)
	}
	o := &auth.OAuth{
		Config: oauth2.Config{ClientID: cfg.OAuthClientID, ClientSecret: secret, Scopes: cfg.OAuthScopes,
			Endpoint: oauth2.Endpoint{TokenURL: cfg.OAuthTokenEndpoint}},
		IntrospectionURL: cfg.OAuthIntrospectionEndpoint,
		HTTPClient:       &http.Client{Timeout: cfg.OAuthTimeout},
		Login:            mgr.LoginAs,
		TokenLogin:       backendLogin(mgr, w),
		AllowWithoutTLS:  cfg.AllowCleartextWithoutTLS,
		Audit:            sink,
	}
	if metrics != nil {
		o.CacheHit = metrics.OAuthTokenCache
	}
	return o, nil
}

// backendLogin is how a password-less method's user reaches IRIS: as the service account
// when PGWIRE_SERVICE_ACCOUNT says so, else as the user with the Wallet's password.
func backendLogin(mgr *session.Manager, w *wallet.Wallet) auth.BackendLogin {
	if mgr.UsesServiceAccount() {
		return func(ctx context.Context, user, database string) (any, error) {
			return mgr.LoginAs(ctx, user, "", database)
		}
	}
	return auth.WalletLogin(w, mgr.LoginAs)
}

// newWallet reads the Wallet with the service account (IRIS_USERNAME) in WALLET_NAMESPACE,
// over the shared pool so that lookups reuse a warm connection.
func newWallet(cfg *config.Config, pool *iris.Pool, sink audit.Sink, metrics authMetrics) *wallet.Wallet {
	cred := iris.Credentials{Namespace: cfg.WalletNS(), Username: cfg.IRISUsername, Password: cfg.IRISPassword}
	wc := wallet.Config{
		Names: wallet.Names{Class: cfg.WalletClass, Get: cfg.WalletGetMethod, Set: cfg.WalletSetMethod, IsEnabled: cfg.WalletEnabledMethod},
		Dial: func(ctx context.Context) (wallet.Caller, func(bool), error) {
			c, err := pool.Acquire(ctx, cred)
			if err != nil {
				return nil, nil, err
			}
			return c, func(broken bool) {
				if broken {
					pool.Discard(c)
					return
				}
				pool.Release(c)
			}, nil
		},
		CacheTTL:  cfg.WalletCacheTTL,
		Audit:     sink,
		LogAccess: cfg.LogWalletAccess,
	}
	if metrics != nil {
		wc.OnFetch = metrics.WalletAccess
	}
	return wallet.New(wc)
}

// reload is the SIGHUP part of authentication: reopen the audit file (logrotate moved it),
// reread the HBA rules, the SCRAM userlist, the keytab and the principal map (a bad file
// keeps the old).
func (p *authParts) reload(logger *slog.Logger) {
	if p == nil {
		return
	}
	if p.audit != nil {
		if err := p.audit.Reopen(); err != nil {
			logger.Error("SIGHUP: cannot reopen AUDIT_LOG_FILE; still writing to the old file", "error", err)
		}
	}
	if p.cfg.HBAFile != "" {
		if h, err := auth.ReadHBA(p.cfg.HBAFile, p.cfg.AuthMethods); err != nil {
			logger.Error("SIGHUP: keeping the previous AUTH_HBA_FILE rules", "error", err)
		} else {
			p.chain.SetRules(h)
			logger.Info("AUTH_HBA_FILE reloaded")
		}
	}
	if p.gss != nil {
		if err := loadKerberos(p.cfg, p.gss); err != nil {
			logger.Error("SIGHUP: keeping the previous keytab and principal map", "error", err)
		} else {
			logger.Info("KRB5_KEYTAB reloaded")
		}
	}
	if p.userlist != nil {
		if err := p.userlist.Reload(); err != nil {
			logger.Error("SIGHUP: keeping the previous AUTH_USERLIST_FILE", "error", err)
		} else {
			logger.Info("AUTH_USERLIST_FILE reloaded", "users", p.userlist.Len())
		}
	}
}

func (p *authParts) close() {
	if p != nil && p.audit != nil {
		p.audit.Close()
	}
}
