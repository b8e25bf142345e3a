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
