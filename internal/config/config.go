// Package config reads pgwired's configuration from the environment.
//
// The variable names are those of the deployment checklist (IRIS_HOST … LOG_WALLET_ACCESS,
// PGWIRE_HOST/PGWIRE_PORT) so that an /etc/pgwire/environment written for the checklist works
// unchanged. Every secret can also be given as NAME_FILE (a path whose contents are the value),
// which is how systemd credentials and container secrets are usually mounted.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// Backend types accepted in BACKEND_TYPE.
const (
	BackendSuperServer = "superserver" // the real IRIS SuperServer client ("dbapi" is an alias)
	BackendSim         = "sim"         // the built-in IRIS simulator, data in PGWIRE_DATA_DIR
	BackendEmbedded    = "embedded"    // IRIS embedded Python: refused, see Validate
)

// Config is every setting pgwired has. Field tags give the environment name and default.
type Config struct {
	// Listener.
	Host string `env:"PGWIRE_HOST" envDefault:"0.0.0.0"`
	Port int    `env:"PGWIRE_PORT" envDefault:"5432"`

	// Scale-out behind a load balancer. ProxyProtocolTrusted lists the balancers (CIDR or
	// address) that prefix connections with a PROXY header carrying the client's address;
	// empty disables the PROXY protocol. PeerID (1..127, 0 = alone) goes into every cancel
	// key; Peers ("id=host:port,...", the same list on every instance, its own entry
	// allowed) is where CancelRequests for other instances' keys are forwarded.
	ProxyProtocolTrusted []string `env:"PROXY_PROTOCOL_TRUSTED" envSeparator:","`
	PeerID               int      `env:"PGWIRE_PEER_ID" envDefault:"0"`
	Peers                []string `env:"PGWIRE_PEERS" envSeparator:","`

	// IRIS backend.
	BackendType string `env:"BACKEND_TYPE" envDefault:"superserver"`
	// IRISHost may list a mirror failover pair, "primary,backup" (each host or host:port):
	// connections go to the member that last accepted one, the others are tried in turn.
	IRISHost      string `env:"IRIS_HOST" envDefault:"localhost"`
	IRISPort      int    `env:"IRIS_PORT" envDefault:"1972"`
	IRISUsername  string `env:"IRIS_USERNAME" envDefault:"_SYSTEM"`
	IRISPassword  string `env:"IRIS_PASSWORD" secret:"true"`
	IRISNamespace string `env:"IRIS_NAMESPACE" envDefault:"USER"`
	IRISSchema    string `env:"PGWIRE_IRIS_SCHEMA" envDefault:"SQLUser"`
	IRISTLS       bool   `env:"IRIS_TLS_ENABLED" envDefault:"false"`
	IRISTLSCAFile string `env:"IRIS_TLS_CA_FILE"`
	DataDir       string `env:"PGWIRE_DATA_DIR" envDefault:"./data"`
	// ServiceAccount makes every session log into IRIS as IRIS_USERNAME instead of as the
	// authenticated user. Off by default: a method that proved an identity logs in as it.
	ServiceAccount bool `env:"PGWIRE_SERVICE_ACCOUNT" envDefault:"false"`

	// Capacity and timeouts.
	MaxConnections int `env:"MAX_CONNECTIONS" envDefault:"100"`
	PoolSize       int `env:"POOL_SIZE" envDefault:"100"`
	// PoolMode: "session" (a client keeps its IRIS connection until it leaves) or
	// "transaction" (the connection returns to the pool between transactions).
	PoolMode                 string        `env:"POOL_MODE" envDefault:"session"`
	PoolAcquireTimeout       time.Duration `env:"POOL_ACQUIRE_TIMEOUT" envDefault:"30s"`
	PoolMaxLifetime          time.Duration `env:"POOL_MAX_LIFETIME" envDefault:"1h"`
	LoginTimeout             time.Duration `env:"LOGIN_TIMEOUT" envDefault:"10s"`
	StatementTimeout         time.Duration `env:"STATEMENT_TIMEOUT" envDefault:"0s"`
	IdleInTransactionTimeout time.Duration `env:"IDLE_IN_TRANSACTION_TIMEOUT" envDefault:"0s"`
	ShutdownTimeout          time.Duration `env:"SHUTDOWN_TIMEOUT" envDefault:"30s"`
	MaxMessageSize           int           `env:"MAX_MESSAGE_SIZE" envDefault:"67108864"`
	TranslationCacheSize     int           `env:"TRANSLATION_CACHE_SIZE" envDefault:"4096"`
	// BusyPoll: how long a read from a client or IRIS polls its socket before it sleeps,
	// while a single client issues commands (0: never). It trades a core's idle time for
	// the thread wake-ups of each round trip when there is one client at a time.
	BusyPoll time.Duration `env:"BUSY_POLL" envDefault:"200us"`

	// Client TLS.
	TLSEnabled  bool   `env:"TLS_ENABLED" envDefault:"false"`
	TLSCertFile string `env:"TLS_CERT_FILE"`
	TLSKeyFile  string `env:"TLS_KEY_FILE"`
	TLSRequired bool   `env:"TLS_REQUIRED" envDefault:"false"`
	// TLSClientCAFile holds the CAs that sign client certificates (AUTH_METHODS=cert).
	TLSClientCAFile string `env:"TLS_CLIENT_CA_FILE"`

	// Authentication.
	AuthMethods []string `env:"AUTH_METHODS" envDefault:"password" envSeparator:","`
	// AllowCleartextWithoutTLS lets the password method ask for a cleartext password on a
	// connection that is not encrypted. It must be said in so many words.
	AllowCleartextWithoutTLS bool   `env:"AUTH_ALLOW_CLEARTEXT_WITHOUT_TLS" envDefault:"false"`
	OAuthClientID            string `env:"OAUTH_CLIENT_ID"`
	OAuthTokenEndpoint       string `env:"OAUTH_TOKEN_ENDPOINT"`
	OAuthClientSecret        string `env:"OAUTH_CLIENT_SECRET" secret:"true"`
	// OAuthIntrospectionEndpoint enables RFC 7662 checks of every token, and access tokens
	// presented as passwords.
	OAuthIntrospectionEndpoint string        `env:"OAUTH_INTROSPECTION_ENDPOINT"`
	OAuthScopes                []string      `env:"OAUTH_SCOPES" envSeparator:" "`
	OAuthTimeout               time.Duration `env:"OAUTH_TIMEOUT" envDefault:"4s"`
	KRB5ServicePrincipal       string        `env:"KRB5_SERVICE_PRINCIPAL"`
	KRB5Keytab                 string        `env:"KRB5_KEYTAB"`
	KRB5Config                 string        `env:"KRB5_CONFIG"`
	// KRB5Realms, when set, are the only realms whose principals are accepted.
	KRB5Realms []string `env:"KRB5_REALMS" envSeparator:","`
	// KRB5UserMapFile maps principals to IRIS users where the default rule does not fit.
	KRB5UserMapFile  string        `env:"KRB5_USER_MAP_FILE"`
	KRB5MaxClockSkew time.Duration `env:"KRB5_MAX_CLOCK_SKEW" envDefault:"5m"`
	// Failed-login throttling: after AUTH_THROTTLE_FREE_ATTEMPTS failures for one user (ten
	// times as many from one address), attempts wait AUTH_THROTTLE_BASE, doubling up to
	// AUTH_THROTTLE_MAX; failures are forgotten AUTH_THROTTLE_WINDOW after the last. Base 0
	// disables it.
	ThrottleBase         time.Duration `env:"AUTH_THROTTLE_BASE" envDefault:"250ms"`
	ThrottleMax          time.Duration `env:"AUTH_THROTTLE_MAX" envDefault:"2s"`
	ThrottleFreeAttempts int           `env:"AUTH_THROTTLE_FREE_ATTEMPTS" envDefault:"3"`
	ThrottleWindow       time.Duration `env:"AUTH_THROTTLE_WINDOW" envDefault:"15m"`
	// HBAFile holds pg_hba.conf-style rules that pick one of AUTH_METHODS per client
	// (connection type, database, user, address); reread on SIGHUP.
	HBAFile string `env:"AUTH_HBA_FILE"`
	// UserlistFile holds SCRAM verifiers, PgBouncer's auth_file format
	// ("user" "SCRAM-SHA-256$…" per line); reread on SIGHUP.
	UserlistFile string `env:"AUTH_USERLIST_FILE"`

	// IRIS Wallet. The class and method names are configurable because the checklist's
	// %IRIS.Wallet is not in InterSystems' published class reference (docs/WALLET_TROUBLESHOOTING.md).
	WalletClass         string        `env:"WALLET_CLASS" envDefault:"%IRIS.Wallet"`
	WalletGetMethod     string        `env:"WALLET_GET_METHOD" envDefault:"GetSecret"`
	WalletSetMethod     string        `env:"WALLET_SET_METHOD" envDefault:"SetSecret"`
	WalletEnabledMethod string        `env:"WALLET_ENABLED_METHOD" envDefault:"IsEnabled"`
	WalletNamespace     string        `env:"WALLET_NAMESPACE"` // empty: IRIS_NAMESPACE
	WalletCacheTTL      time.Duration `env:"WALLET_CACHE_TTL" envDefault:"30s"`

	// Logging and audit.
	LogLevel        string `env:"LOG_LEVEL" envDefault:"info"`
	LogFormat       string `env:"LOG_FORMAT" envDefault:"text"`
	LogFile         string `env:"LOG_FILE"`
	AuditLogEnabled bool   `env:"AUDIT_LOG_ENABLED" envDefault:"false"`
	AuditLogFile    string `env:"AUDIT_LOG_FILE"`
	LogAuthAttempts bool   `env:"LOG_AUTH_ATTEMPTS" envDefault:"true"`
	LogWalletAccess bool   `env:"LOG_WALLET_ACCESS" envDefault:"false"`

	// Operations. MetricsAddr serves /health, /ready and /metrics over HTTP; it defaults
	// to DefaultMetricsAddr when unset and is disabled when set to the empty string, which
	// envDefault cannot express (it treats empty as unset), so FromEnvironment applies it.
	MetricsAddr string `env:"METRICS_ADDR"`
}

// DefaultMetricsAddr is METRICS_ADDR when unset: loopback, because /metrics and /health
// describe the deployment and need no exposure beyond the host's own scraper and load
// balancer agent; 9187 is the port postgres_exporter made familiar to PostgreSQL operators.
const DefaultMetricsAddr = "127.0.0.1:9187"

// secretNames are the variables that may be given as NAME_FILE and are masked when printed.
func secretNames() []string {
	var names []string
	t := reflect.TypeOf(Config{})
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Tag.Get("secret") == "true" {
			names = append(names, envName(f))
		}
	}
	return names
}

func envName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("env"), ",")
	return name
}

// Load reads the configuration from the process environment and validates it.
func Load() (*Config, error) {
	return FromEnvironment(environMap(os.Environ()))
}

// FromEnvironment reads the configuration from the given variables (tests pass their own).
func FromEnvironment(vars map[string]string) (*Config, error) {
	vars, err := resolveFileSecrets(vars)
	if err != nil {
		return nil, err
	}
	var c Config
	if err := env.ParseWithOptions(&c, env.Options{Environment: vars}); err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	if _, set := vars["METRICS_ADDR"]; !set {
		c.MetricsAddr = DefaultMetricsAddr
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

func environMap(environ []string) map[string]string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if ok {
			m[k] = v
		}
	}
	return m
}

// resolveFileSecrets turns NAME_FILE into NAME for every secret. Setting both is an error:
// which one wins would otherwise be a guess.
func resolveFileSecrets(vars map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(vars))
	for k, v := range vars {
		out[k] = v
	}
	for _, name := range secretNames() {
		path, ok := vars[name+"_FILE"]
		if !ok || path == "" {
			continue
		}
		if _, both := vars[name]; both {
			return nil, fmt.Errorf("configuration: %s and %s_FILE are both set; set one", name, name)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("configuration: %s_FILE: %w", name, err)
		}
		out[name] = strings.TrimRight(string(b), "\r\n")
	}
	return out, nil
}

// Validate checks values that parse but make no sense; each message names the variable.
func (c *Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if c.Port < 1 || c.Port > 65535 {
		bad("PGWIRE_PORT=%d: must be between 1 and 65535", c.Port)
	}
	if c.IRISPort < 1 || c.IRISPort > 65535 {
		bad("IRIS_PORT=%d: must be between 1 and 65535", c.IRISPort)
	}
	switch strings.ToLower(c.BackendType) {
	case BackendSuperServer, "dbapi":
		c.BackendType = BackendSuperServer
		if c.IRISHost == "" {
			bad("IRIS_HOST: must be set for BACKEND_TYPE=%s", c.BackendType)
		}
		for _, a := range c.IRISAddrs() {
			if host, port, err := net.SplitHostPort(a); err != nil || host == "" {
				bad("IRIS_HOST=%q: %q is neither a host nor host:port", c.IRISHost, a)
			} else if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
				bad("IRIS_HOST=%q: port %q must be between 1 and 65535", c.IRISHost, port)
			}
		}
	case BackendSim:
		c.BackendType = BackendSim
		if c.DataDir == "" {
			bad("PGWIRE_DATA_DIR: must be set for BACKEND_TYPE=sim")
		}
	case BackendEmbedded:
		bad("BACKEND_TYPE=embedded: IRIS embedded Python runs inside an IRIS process and cannot host a Go daemon; " +
			"use BACKEND_TYPE=superserver (IRIS_HOST/IRIS_PORT) to reach IRIS over its SuperServer port")
	default:
		bad("BACKEND_TYPE=%q: must be superserver (alias dbapi), sim or embedded", c.BackendType)
	}
	if c.IRISNamespace == "" {
		bad("IRIS_NAMESPACE: must not be empty")
	}
	if c.MaxConnections < 1 {
		bad("MAX_CONNECTIONS=%d: must be at least 1", c.MaxConnections)
	}
	if c.PoolMode != "session" && c.PoolMode != "transaction" {
		bad("POOL_MODE=%q: must be session or transaction", c.PoolMode)
	}
	if c.PoolSize < 1 {
		bad("POOL_SIZE=%d: must be at least 1", c.PoolSize)
	}
	if c.MaxMessageSize < 1024 {
		bad("MAX_MESSAGE_SIZE=%d: must be at least 1024 bytes", c.MaxMessageSize)
	}
	if c.TranslationCacheSize < 0 {
		bad("TRANSLATION_CACHE_SIZE=%d: must not be negative", c.TranslationCacheSize)
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{
		{"POOL_ACQUIRE_TIMEOUT", c.PoolAcquireTimeout}, {"LOGIN_TIMEOUT", c.LoginTimeout},
		{"STATEMENT_TIMEOUT", c.StatementTimeout}, {"IDLE_IN_TRANSACTION_TIMEOUT", c.IdleInTransactionTimeout},
		{"SHUTDOWN_TIMEOUT", c.ShutdownTimeout}, {"POOL_MAX_LIFETIME", c.PoolMaxLifetime},
		{"BUSY_POLL", c.BusyPoll},
	} {
		if d.v < 0 {
			bad("%s=%s: must not be negative", d.name, d.v)
		}
	}
	if c.BusyPoll > 10*time.Millisecond {
		bad("BUSY_POLL=%s: at most 10ms (it is the wait for one reply, not a timeout)", c.BusyPoll)
	}
	if c.LoginTimeout == 0 {
		bad("LOGIN_TIMEOUT: must be positive (a startup that never finishes must not hold a connection)")
	}
	if c.TLSEnabled {
		if c.TLSCertFile == "" || c.TLSKeyFile == "" {
			if c.BackendType != BackendSim {
				bad("TLS_ENABLED=true: TLS_CERT_FILE and TLS_KEY_FILE must be set")
			}
		}
	}
	if c.TLSRequired && !c.TLSEnabled && c.BackendType != BackendSim {
		bad("TLS_REQUIRED=true needs TLS_ENABLED=true")
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		bad("TLS_CERT_FILE and TLS_KEY_FILE: set both or neither")
	}
	if len(c.AuthMethods) == 0 {
		bad("AUTH_METHODS: must list at least one method")
	}
	for i, m := range c.AuthMethods {
		m = strings.ToLower(strings.TrimSpace(m))
		c.AuthMethods[i] = m
		switch m {
		case "password", "trust", "scram-sha-256":
		case "scram-sha-256-plus":
			if !c.TLSEnabled && c.BackendType != BackendSim {
				bad("AUTH_METHODS: scram-sha-256-plus binds to the TLS channel and needs TLS_ENABLED=true")
			}
		case "wallet":
			bad("AUTH_METHODS: \"wallet\" proves no identity by itself: it is where scram-sha-256 (and gss, cert) " +
				"find the IRIS password of the user they proved (Wallet key pgwire-user-{username}); " +
				"list those methods instead (the Wallet is configured with WALLET_*)")
		case "oauth":
			c.validateOAuth(bad)
		case "gss":
			c.validateGSS(bad)
		case "cert":
			if c.TLSClientCAFile == "" {
				bad("AUTH_METHODS: cert needs TLS_CLIENT_CA_FILE (the CAs that sign client certificates)")
			}
			if !c.TLSEnabled && c.BackendType != BackendSim {
				bad("AUTH_METHODS: cert needs TLS_ENABLED=true")
			}
		default:
			bad("AUTH_METHODS: unknown method %q", m)
		}
	}
	for _, n := range []struct{ name, v string }{
		{"WALLET_CLASS", c.WalletClass}, {"WALLET_GET_METHOD", c.WalletGetMethod},
		{"WALLET_SET_METHOD", c.WalletSetMethod}, {"WALLET_ENABLED_METHOD", c.WalletEnabledMethod},
	} {
		if !isObjectScriptName(n.v, n.name == "WALLET_CLASS") {
			bad("%s=%q: must be an ObjectScript %s name", n.name, n.v, map[bool]string{true: "class", false: "method"}[n.name == "WALLET_CLASS"])
		}
	}
	if c.ThrottleBase < 0 || c.ThrottleMax < c.ThrottleBase || c.ThrottleMax >= c.LoginTimeout {
		bad("AUTH_THROTTLE_BASE=%s, AUTH_THROTTLE_MAX=%s: want 0 <= base <= max < LOGIN_TIMEOUT (%s)", c.ThrottleBase, c.ThrottleMax, c.LoginTimeout)
	}
	if c.ThrottleFreeAttempts < 0 {
		bad("AUTH_THROTTLE_FREE_ATTEMPTS=%d: must not be negative", c.ThrottleFreeAttempts)
	}
	if c.ThrottleWindow <= 0 {
		bad("AUTH_THROTTLE_WINDOW=%s: must be positive", c.ThrottleWindow)
	}
	if c.WalletCacheTTL < 0 {
		bad("WALLET_CACHE_TTL=%s: must not be negative", c.WalletCacheTTL)
	}
	if c.TLSClientCAFile != "" {
		if _, err := os.Stat(c.TLSClientCAFile); err != nil {
			bad("TLS_CLIENT_CA_FILE: %v", err)
		}
	}
	if c.HBAFile != "" {
		if _, err := os.Stat(c.HBAFile); err != nil {
			bad("AUTH_HBA_FILE: %v", err)
		}
	}
	if c.UserlistFile != "" {
		if _, err := os.Stat(c.UserlistFile); err != nil {
			bad("AUTH_USERLIST_FILE: %v", err)
		}
	}
	switch strings.ToLower(c.LogLevel) {
	case "debug", "info", "warn", "warning", "error":
	default:
		bad("LOG_LEVEL=%q: must be debug, info, warn or error", c.LogLevel)
	}
	switch strings.ToLower(c.LogFormat) {
	case "text", "json":
	default:
		bad("LOG_FORMAT=%q: must be text or json", c.LogFormat)
	}
	if c.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			bad("METRICS_ADDR=%q: must be host:port (e.g. %s), or empty to disable", c.MetricsAddr, DefaultMetricsAddr)
		} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			bad("METRICS_ADDR=%q: port must be a number between 0 and 65535", c.MetricsAddr)
		}
	}
	c.validateScaleOut(bad)
	if c.AuditLogEnabled && c.AuditLogFile == "" {
		bad("AUDIT_LOG_ENABLED=true: AUDIT_LOG_FILE must be set")
	}
	return errors.Join(errs...)
}

func (c *Config) validateScaleOut(bad func(string, ...any)) {
	for _, s := range c.ProxyProtocolTrusted {
		if _, err := parsePrefix(s); err != nil {
			bad("PROXY_PROTOCOL_TRUSTED: %q is neither a CIDR (10.0.0.0/24) nor an address", s)
		}
	}
	if c.PeerID < 0 || c.PeerID > maxPeerID {
		bad("PGWIRE_PEER_ID=%d: must be between 1 and %d (0 when PGWIRE_PEERS is empty)", c.PeerID, maxPeerID)
	}
	if len(c.Peers) > 0 && c.PeerID == 0 {
		bad("PGWIRE_PEERS is set: PGWIRE_PEER_ID must say which of them this instance is (1..%d)", maxPeerID)
	}
	seen := map[int]bool{}
	for _, p := range c.Peers {
		id, _, err := parsePeer(p)
		switch {
		case err != nil:
			bad("PGWIRE_PEERS: %q: %v", p, err)
		case seen[id]:
			bad("PGWIRE_PEERS: id %d is listed twice", id)
		default:
			seen[id] = true
		}
	}
}

// maxPeerID is wire.MaxInstanceID (config does not import wire): 7 bits of the cancel key.
const maxPeerID = 127

func parsePrefix(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
}

func parsePeer(s string) (id int, addr string, err error) {
	idText, addr, ok := strings.Cut(strings.TrimSpace(s), "=")
	if !ok {
		return 0, "", fmt.Errorf("want id=host:port")
	}
	id, err = strconv.Atoi(idText)
	if err != nil || id < 1 || id > maxPeerID {
		return 0, "", fmt.Errorf("id must be a number between 1 and %d", maxPeerID)
	}
	if _, port, err := net.SplitHostPort(addr); err != nil || port == "" {
		return 0, "", fmt.Errorf("address %q is not host:port", addr)
	}
	return id, addr, nil
}

// ProxyTrusted is PROXY_PROTOCOL_TRUSTED parsed (after Validate).
func (c *Config) ProxyTrusted() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range c.ProxyProtocolTrusted {
		if p, err := parsePrefix(s); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// PeerAddrs maps the other instances' ids to their addresses (after Validate); this
// instance's own entry is left out.
func (c *Config) PeerAddrs() map[int]string {
	out := map[int]string{}
	for _, s := range c.Peers {
		if id, addr, err := parsePeer(s); err == nil && id != c.PeerID {
			out[id] = addr
		}
	}
	return out
}

// MinOAuthClientSecret is the shortest OAuth client secret accepted (pgwired gen-secret
// makes 48 characters).
const MinOAuthClientSecret = 32

func (c *Config) validateOAuth(bad func(string, ...any)) {
	if c.OAuthClientID == "" {
		bad("OAUTH_CLIENT_ID: must be set for AUTH_METHODS=oauth")
	}
	if c.OAuthTokenEndpoint == "" {
		bad("OAUTH_TOKEN_ENDPOINT: must be set for AUTH_METHODS=oauth")
	} else if err := checkOAuthURL(c.OAuthTokenEndpoint); err != nil {
		bad("OAUTH_TOKEN_ENDPOINT=%q: %v", c.OAuthTokenEndpoint, err)
	}
	if c.OAuthIntrospectionEndpoint != "" {
		if err := checkOAuthURL(c.OAuthIntrospectionEndpoint); err != nil {
			bad("OAUTH_INTROSPECTION_ENDPOINT=%q: %v", c.OAuthIntrospectionEndpoint, err)
		}
	}
	if c.OAuthClientSecret != "" && len(c.OAuthClientSecret) < MinOAuthClientSecret {
		bad("OAUTH_CLIENT_SECRET: %d characters is too short to resist guessing; use at least %d (pgwired gen-secret)",
			len(c.OAuthClientSecret), MinOAuthClientSecret)
	}
	if c.OAuthTimeout <= 0 || c.OAuthTimeout >= c.LoginTimeout {
		bad("OAUTH_TIMEOUT=%s: must be positive and shorter than LOGIN_TIMEOUT (%s)", c.OAuthTimeout, c.LoginTimeout)
	}
}

func (c *Config) validateGSS(bad func(string, ...any)) {
	if c.KRB5Keytab == "" {
		bad("KRB5_KEYTAB: must be set for AUTH_METHODS=gss")
	} else if _, err := os.Stat(c.KRB5Keytab); err != nil {
		bad("KRB5_KEYTAB: %v", err)
	}
	if c.KRB5ServicePrincipal == "" {
		bad("KRB5_SERVICE_PRINCIPAL: must be set for AUTH_METHODS=gss (e.g. postgres/db.example.com@EXAMPLE.COM)")
	}
	if c.KRB5MaxClockSkew <= 0 {
		bad("KRB5_MAX_CLOCK_SKEW=%s: must be positive", c.KRB5MaxClockSkew)
	}
	if c.KRB5UserMapFile != "" {
		if _, err := os.Stat(c.KRB5UserMapFile); err != nil {
			bad("KRB5_USER_MAP_FILE: %v", err)
		}
	}
}

// checkOAuthURL accepts https URLs, and http only to loopback: user passwords go there.
func checkOAuthURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return fmt.Errorf("not an absolute URL")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if h := u.Hostname(); h == "localhost" || net.ParseIP(h) != nil && net.ParseIP(h).IsLoopback() {
			return nil
		}
		return fmt.Errorf("user passwords would cross the network in clear: use https (http is accepted for loopback only)")
	}
	return fmt.Errorf("scheme %q: use https", u.Scheme)
}

// isObjectScriptName accepts names like %IRIS.Wallet (class, dots allowed) or GetSecret:
// an optional leading %, then letters and digits.
func isObjectScriptName(s string, class bool) bool {
	s = strings.TrimPrefix(s, "%")
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || !isLetter(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case isLetter(ch), ch >= '0' && ch <= '9':
		case ch == '.' && class && s[i-1] != '.':
		default:
			return false
		}
	}
	return true
}

func isLetter(ch byte) bool { return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' }

// WalletNS is the namespace whose Wallet holds pgwired's secrets.
func (c *Config) WalletNS() string {
	if c.WalletNamespace != "" {
		return c.WalletNamespace
	}
	return c.IRISNamespace
}

// ListenAddr is the address the PostgreSQL listener binds.
func (c *Config) ListenAddr() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.Port)) }

// IRISAddr is the (first) SuperServer address.
func (c *Config) IRISAddr() string { return c.IRISAddrs()[0] }

// IRISAddrs are the SuperServer addresses of IRIS_HOST in order (a mirror failover pair
// lists two); an entry without a port gets IRIS_PORT.
func (c *Config) IRISAddrs() []string {
	var out []string
	for _, h := range strings.Split(c.IRISHost, ",") {
		h = strings.TrimSpace(h)
		if _, _, err := net.SplitHostPort(h); err != nil {
			// A bare host, or a bare IPv6 address (whose colons SplitHostPort misreads).
			h = net.JoinHostPort(strings.Trim(h, "[]"), strconv.Itoa(c.IRISPort))
		}
		out = append(out, h)
	}
	return out
}

// Describe lists every setting as NAME=value lines, sorted, with secrets masked.
func (c *Config) Describe() []string {
	var lines []string
	v := reflect.ValueOf(*c)
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := envName(f)
		val := fmt.Sprint(v.Field(i).Interface())
		if s, ok := v.Field(i).Interface().([]string); ok {
			val = strings.Join(s, ",")
		}
		if f.Tag.Get("secret") == "true" {
			if val == "" {
				val = "(unset)"
			} else {
				val = "********"
			}
		}
		lines = append(lines, name+"="+val)
	}
	sort.Strings(lines)
	return lines
}
