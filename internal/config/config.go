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

	// IRIS backend.
	BackendType   string `env:"BACKEND_TYPE" envDefault:"superserver"`
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
	MaxConnections           int           `env:"MAX_CONNECTIONS" envDefault:"100"`
	PoolSize                 int           `env:"POOL_SIZE" envDefault:"100"`
	PoolAcquireTimeout       time.Duration `env:"POOL_ACQUIRE_TIMEOUT" envDefault:"30s"`
	PoolMaxLifetime          time.Duration `env:"POOL_MAX_LIFETIME" envDefault:"1h"`
	LoginTimeout             time.Duration `env:"LOGIN_TIMEOUT" envDefault:"10s"`
	StatementTimeout         time.Duration `env:"STATEMENT_TIMEOUT" envDefault:"0s"`
	IdleInTransactionTimeout time.Duration `env:"IDLE_IN_TRANSACTION_TIMEOUT" envDefault:"0s"`
	ShutdownTimeout          time.Duration `env:"SHUTDOWN_TIMEOUT" envDefault:"30s"`
	MaxMessageSize           int           `env:"MAX_MESSAGE_SIZE" envDefault:"67108864"`
	TranslationCacheSize     int           `env:"TRANSLATION_CACHE_SIZE" envDefault:"4096"`

	// Client TLS.
	TLSEnabled  bool   `env:"TLS_ENABLED" envDefault:"false"`
	TLSCertFile string `env:"TLS_CERT_FILE"`
	TLSKeyFile  string `env:"TLS_KEY_FILE"`
	TLSRequired bool   `env:"TLS_REQUIRED" envDefault:"false"`

	// Authentication.
	AuthMethods []string `env:"AUTH_METHODS" envDefault:"password" envSeparator:","`
	// AllowCleartextWithoutTLS lets the password method ask for a cleartext password on a
	// connection that is not encrypted. It must be said in so many words.
	AllowCleartextWithoutTLS bool   `env:"AUTH_ALLOW_CLEARTEXT_WITHOUT_TLS" envDefault:"false"`
	OAuthClientID            string `env:"OAUTH_CLIENT_ID"`
	OAuthTokenEndpoint       string `env:"OAUTH_TOKEN_ENDPOINT"`
	OAuthClientSecret        string `env:"OAUTH_CLIENT_SECRET" secret:"true"`
	KRB5ServicePrincipal     string `env:"KRB5_SERVICE_PRINCIPAL"`
	KRB5Keytab               string `env:"KRB5_KEYTAB"`
	KRB5Config               string `env:"KRB5_CONFIG"`

	// Logging and audit.
	LogLevel        string `env:"LOG_LEVEL" envDefault:"info"`
	LogFormat       string `env:"LOG_FORMAT" envDefault:"text"`
	LogFile         string `env:"LOG_FILE"`
	AuditLogEnabled bool   `env:"AUDIT_LOG_ENABLED" envDefault:"false"`
	AuditLogFile    string `env:"AUDIT_LOG_FILE"`
	LogAuthAttempts bool   `env:"LOG_AUTH_ATTEMPTS" envDefault:"true"`
	LogWalletAccess bool   `env:"LOG_WALLET_ACCESS" envDefault:"false"`
}

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
	} {
		if d.v < 0 {
			bad("%s=%s: must not be negative", d.name, d.v)
		}
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
		case "password", "trust":
		case "oauth", "gss", "wallet", "scram-sha-256", "cert":
			bad("AUTH_METHODS: method %q is not available in this build yet (available: password, trust)", m)
		default:
			bad("AUTH_METHODS: unknown method %q", m)
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
	if c.AuditLogEnabled && c.AuditLogFile == "" {
		bad("AUDIT_LOG_ENABLED=true: AUDIT_LOG_FILE must be set")
	}
	return errors.Join(errs...)
}

// ListenAddr is the address the PostgreSQL listener binds.
func (c *Config) ListenAddr() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.Port)) }

// IRISAddr is the SuperServer address.
func (c *Config) IRISAddr() string { return net.JoinHostPort(c.IRISHost, strconv.Itoa(c.IRISPort)) }

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
