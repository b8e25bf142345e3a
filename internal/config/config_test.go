package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaults(t *testing.T) {
	c, err := FromEnvironment(map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if c.ListenAddr() != "0.0.0.0:5432" || c.IRISAddr() != "localhost:1972" {
		t.Fatalf("addresses: %s %s", c.ListenAddr(), c.IRISAddr())
	}
	if c.BackendType != BackendSuperServer || c.IRISNamespace != "USER" || c.IRISSchema != "SQLUser" {
		t.Fatalf("backend defaults: %+v", c)
	}
	if c.LoginTimeout != 10*time.Second || c.MaxConnections != 100 {
		t.Fatalf("timeouts: %+v", c)
	}
	if len(c.AuthMethods) != 1 || c.AuthMethods[0] != "password" {
		t.Fatalf("auth methods: %v", c.AuthMethods)
	}
}

func TestChecklistNames(t *testing.T) {
	c, err := FromEnvironment(map[string]string{
		"IRIS_HOST": "iris.example", "IRIS_PORT": "51773", "IRIS_USERNAME": "svc",
		"IRIS_PASSWORD": "pw", "IRIS_NAMESPACE": "APP", "BACKEND_TYPE": "dbapi",
		"MAX_CONNECTIONS": "7", "POOL_SIZE": "3", "PGWIRE_HOST": "127.0.0.1", "PGWIRE_PORT": "6543",
		"LOG_LEVEL": "debug", "AUDIT_LOG_ENABLED": "true", "AUDIT_LOG_FILE": "/tmp/a.log",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.IRISAddr() != "iris.example:51773" || c.IRISUsername != "svc" || c.IRISPassword != "pw" ||
		c.IRISNamespace != "APP" || c.BackendType != BackendSuperServer || c.MaxConnections != 7 ||
		c.PoolSize != 3 || c.ListenAddr() != "127.0.0.1:6543" || c.LogLevel != "debug" {
		t.Fatalf("unexpected: %+v", c)
	}
}

func TestFileSecret(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(p, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := FromEnvironment(map[string]string{"IRIS_PASSWORD_FILE": p})
	if err != nil {
		t.Fatal(err)
	}
	if c.IRISPassword != "s3cret" {
		t.Fatalf("password %q", c.IRISPassword)
	}
	for _, line := range c.Describe() {
		if strings.Contains(line, "s3cret") {
			t.Fatalf("secret printed: %s", line)
		}
	}
	if _, err := FromEnvironment(map[string]string{"IRIS_PASSWORD_FILE": p, "IRIS_PASSWORD": "x"}); err == nil {
		t.Fatal("both NAME and NAME_FILE accepted")
	}
}

func TestValidationNamesTheVariable(t *testing.T) {
	cases := map[string]map[string]string{
		"PGWIRE_PORT":     {"PGWIRE_PORT": "70000"},
		"BACKEND_TYPE":    {"BACKEND_TYPE": "embedded"},
		"MAX_CONNECTIONS": {"MAX_CONNECTIONS": "0"},
		"TLS_CERT_FILE":   {"TLS_ENABLED": "true"},
		"AUDIT_LOG_FILE":  {"AUDIT_LOG_ENABLED": "true"},
		"LOG_LEVEL":       {"LOG_LEVEL": "loud"},
		"AUTH_METHODS":    {"AUTH_METHODS": "password,magic"},
	}
	for name, vars := range cases {
		_, err := FromEnvironment(vars)
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v does not name the variable", name, err)
		}
	}
	_, err := FromEnvironment(map[string]string{"BACKEND_TYPE": "embedded"})
	if err == nil || !strings.Contains(err.Error(), "embedded Python") {
		t.Fatalf("embedded must explain itself: %v", err)
	}
}

func TestMetricsAddr(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{}, "127.0.0.1:9187"},
		{map[string]string{"METRICS_ADDR": ""}, ""}, // set but empty disables
		{map[string]string{"METRICS_ADDR": "0.0.0.0:9100"}, "0.0.0.0:9100"},
		{map[string]string{"METRICS_ADDR": "[::1]:0"}, "[::1]:0"},
	} {
		c, err := FromEnvironment(tc.vars)
		if err != nil {
			t.Fatalf("%v: %v", tc.vars, err)
		}
		if c.MetricsAddr != tc.want {
			t.Errorf("%v: MetricsAddr = %q, want %q", tc.vars, c.MetricsAddr, tc.want)
		}
	}
	for _, bad := range []string{"9187", "localhost:http", "127.0.0.1:70000"} {
		_, err := FromEnvironment(map[string]string{"METRICS_ADDR": bad})
		if err == nil || !strings.Contains(err.Error(), "METRICS_ADDR=") {
			t.Errorf("METRICS_ADDR=%s: err = %v, want a METRICS_ADDR error", bad, err)
		}
	}
}

func TestAuthMethodsAndWalletSettings(t *testing.T) {
	c, err := FromEnvironment(map[string]string{"AUTH_METHODS": " SCRAM-SHA-256 ,password"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.AuthMethods, ",") != "scram-sha-256,password" {
		t.Fatalf("methods %v", c.AuthMethods)
	}
	if c.WalletClass != "%IRIS.Wallet" || c.WalletGetMethod != "GetSecret" || c.WalletSetMethod != "SetSecret" ||
		c.WalletEnabledMethod != "IsEnabled" || c.WalletCacheTTL.String() != "30s" || c.WalletNS() != "USER" {
		t.Fatalf("wallet defaults %+v", c)
	}
	c, err = FromEnvironment(map[string]string{"WALLET_CLASS": "%Wallet.KeyValue", "WALLET_GET_METHOD": "GetValue", "WALLET_NAMESPACE": "%SYS"})
	if err != nil || c.WalletClass != "%Wallet.KeyValue" || c.WalletNS() != "%SYS" {
		t.Fatalf("custom wallet names: %v %+v", err, c)
	}

	for _, tc := range []struct {
		vars          map[string]string
		name, explain string
	}{
		{map[string]string{"AUTH_METHODS": "scram-sha-256-plus"}, "AUTH_METHODS", "TLS_ENABLED"},
		{map[string]string{"AUTH_METHODS": "wallet"}, "AUTH_METHODS", "pgwire-user-{username}"},
		{map[string]string{"AUTH_METHODS": "cert"}, "AUTH_METHODS", "TLS_CLIENT_CA_FILE"},
		{map[string]string{"AUTH_METHODS": "password", "TLS_CLIENT_CA_FILE": "/nonexistent/ca.pem"}, "TLS_CLIENT_CA_FILE", "no such file"},
		{map[string]string{"AUTH_METHODS": "gss"}, "KRB5_KEYTAB", "must be set"},
		{map[string]string{"AUTH_METHODS": "gss", "KRB5_KEYTAB": "/nonexistent.keytab"}, "KRB5_KEYTAB", "no such file"},
		{map[string]string{"AUTH_METHODS": "gss"}, "KRB5_SERVICE_PRINCIPAL", "must be set"},
		{map[string]string{"KRB5_MAX_CLOCK_SKEW": "0s", "AUTH_METHODS": "gss"}, "KRB5_MAX_CLOCK_SKEW", "positive"},
		{map[string]string{"WALLET_CLASS": "%IRIS..Wallet"}, "WALLET_CLASS", "class"},
		{map[string]string{"WALLET_GET_METHOD": "Get.Secret"}, "WALLET_GET_METHOD", "method"},
		{map[string]string{"WALLET_SET_METHOD": "Set(x)"}, "WALLET_SET_METHOD", "method"},
		{map[string]string{"WALLET_CACHE_TTL": "-1s"}, "WALLET_CACHE_TTL", "negative"},
		{map[string]string{"AUTH_THROTTLE_MAX": "1m"}, "AUTH_THROTTLE_MAX", "LOGIN_TIMEOUT"},
		{map[string]string{"AUTH_THROTTLE_BASE": "3s"}, "AUTH_THROTTLE_BASE", "base <= max"},
		{map[string]string{"AUTH_THROTTLE_WINDOW": "0s"}, "AUTH_THROTTLE_WINDOW", "positive"},
		{map[string]string{"AUTH_USERLIST_FILE": "/nonexistent/userlist"}, "AUTH_USERLIST_FILE", "no such file"},
	} {
		_, err := FromEnvironment(tc.vars)
		if err == nil || !strings.Contains(err.Error(), tc.name) || !strings.Contains(err.Error(), tc.explain) {
			t.Errorf("%v: error %v should name %s and say %q", tc.vars, err, tc.name, tc.explain)
		}
	}
	// With TLS on, -PLUS is fine.
	if _, err := FromEnvironment(map[string]string{"AUTH_METHODS": "scram-sha-256-plus", "TLS_ENABLED": "true",
		"TLS_CERT_FILE": "/etc/ssl/x.crt", "TLS_KEY_FILE": "/etc/ssl/x.key"}); err != nil {
		t.Fatal(err)
	}
}

func TestOAuthSettings(t *testing.T) {
	base := map[string]string{"AUTH_METHODS": "oauth,password", "OAUTH_CLIENT_ID": "pgwired",
		"OAUTH_TOKEN_ENDPOINT": "https://idp.example.com/oauth2/token"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	c, err := FromEnvironment(with("OAUTH_SCOPES", "openid offline", "OAUTH_INTROSPECTION_ENDPOINT", "http://127.0.0.1:4444/introspect"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.OAuthScopes, ",") != "openid,offline" || c.OAuthTimeout.String() != "4s" {
		t.Fatalf("%+v", c)
	}
	for _, tc := range []struct {
		vars          map[string]string
		name, explain string
	}{
		{with("OAUTH_CLIENT_SECRET", strings.Repeat("x", 31)), "OAUTH_CLIENT_SECRET", "at least 32"},
		{with("OAUTH_CLIENT_ID", ""), "OAUTH_CLIENT_ID", "must be set"},
		{with("OAUTH_TOKEN_ENDPOINT", ""), "OAUTH_TOKEN_ENDPOINT", "must be set"},
		{with("OAUTH_TOKEN_ENDPOINT", "http://idp.example.com/token"), "OAUTH_TOKEN_ENDPOINT", "https"},
		{with("OAUTH_INTROSPECTION_ENDPOINT", "idp/introspect"), "OAUTH_INTROSPECTION_ENDPOINT", "absolute URL"},
		{with("OAUTH_TIMEOUT", "30s"), "OAUTH_TIMEOUT", "LOGIN_TIMEOUT"},
	} {
		_, err := FromEnvironment(tc.vars)
		if err == nil || !strings.Contains(err.Error(), tc.name) || !strings.Contains(err.Error(), tc.explain) {
			t.Errorf("error %v should name %s and say %q", err, tc.name, tc.explain)
		}
	}
	// A long enough secret is accepted and masked.
	c, err = FromEnvironment(with("OAUTH_CLIENT_SECRET", strings.Repeat("s", 48)))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range c.Describe() {
		if strings.Contains(line, "ssssssss") {
			t.Fatalf("secret printed: %s", line)
		}
	}
}
