package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pgwired/pgwired/internal/auth/oauthtest"
)

// TestOAuthPasswordGrant: a real OAuth 2.0 server (fosite) on loopback; pgwired reads its
// client secret from the Wallet (put there with `pgwired wallet set`), exchanges psql's
// and psycopg's passwords with the password grant, checks tokens by introspection,
// answers a second login from its token cache (audit "cached": true), refuses a wrong
// password with 28P01 and reports a stopped OAuth server as 08006.
func TestOAuthPasswordGrant(t *testing.T) {
	requirePsql(t)
	b := newAuthBed(t)
	secret := strings.Repeat("k", 24) + "-oauth-client-secret-e2e"
	idp, err := oauthtest.Start("pgwired", secret, map[string]string{"alice": "alice-iris-pw"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer idp.Close()
	if out, err := b.walletCLI(t, secret+"\n", "set", "pgwire-oauth-client"); err != nil {
		t.Fatalf("wallet set: %v %s", err, out)
	}
	p := b.start(t, "AUTH_METHODS=oauth", "OAUTH_CLIENT_ID=pgwired", "OAUTH_TOKEN_ENDPOINT="+idp.TokenURL(),
		"OAUTH_INTROSPECTION_ENDPOINT="+idp.IntrospectionURL(), "OAUTH_SCOPES=offline")
	dsn := fmt.Sprintf("host=127.0.0.1 port=%d user=alice password=alice-iris-pw dbname=USER sslmode=require gssencmode=disable", p.Port)

	if got := runPsql(t, dsn, "SELECT CURRENT_USER;\n", "-At"); strings.TrimSpace(got) != "alice" {
		t.Fatalf("psql OAuth login: %s", got)
	}
	grants := idp.TokenRequests.Load()
	if grants != 1 {
		t.Fatalf("%d token requests for one login", grants)
	}
	if _, err := os.Stat(python); err == nil {
		requirePythonModule(t, "psycopg", "python3-psycopg")
		if got := runPython(t, "testdata/python/scram_login.py", dsn, ""); strings.TrimSpace(got) != "alice" {
			t.Fatalf("psycopg OAuth login: %s", got)
		}
		if idp.TokenRequests.Load() != grants {
			t.Fatal("the second login did not come from the token cache")
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	url := fmt.Sprintf("postgres://alice:%%s@127.0.0.1:%d/USER?sslmode=require", p.Port)
	_, err = pgx.Connect(ctx, fmt.Sprintf(url, "wrong-pw"))
	expectSQLState(t, err, "28P01", "wrong OAuth password")

	idp.Close()
	// A cached token still proves the password while the server is down; a new password cannot.
	_, err = pgx.Connect(ctx, fmt.Sprintf(url, "other-pw"))
	pe := expectSQLState(t, err, "08006", "OAuth server down")
	if !strings.Contains(pe.Message, "OAuth token endpoint cannot be reached") {
		t.Errorf("message %q", pe.Message)
	}

	var cached, failures int
	for _, l := range readAudit(t, b.audit) {
		if strings.Contains(l.raw, "alice-iris-pw") || strings.Contains(l.raw, secret) {
			t.Fatalf("audit line holds a secret: %s", l.raw)
		}
		if l.Event == "authentication_success" {
			if l.Method != "oauth" || l.IRISUsername != "alice" {
				t.Errorf("success line %s", l.raw)
			}
			if strings.Contains(l.raw, `"cached":true`) {
				cached++
			}
		}
		if l.Event == "authentication_failure" {
			failures++
		}
	}
	if _, err := os.Stat(python); err == nil && cached != 1 {
		t.Errorf("%d cached logins in the audit log, want 1", cached)
	}
	if failures != 2 {
		t.Errorf("%d failure lines, want 2", failures)
	}
}

// TestOAuthRefusesShortSecret: a client secret under 32 characters stops the daemon at
// start-up, naming the variable.
func TestOAuthRefusesShortSecret(t *testing.T) {
	cmd := exec.Command(pgwiredBinary(t), "check-config")
	cmd.Env = append(os.Environ(), "BACKEND_TYPE=sim", "AUTH_METHODS=oauth", "OAUTH_CLIENT_ID=pgwired", "OAUTH_TOKEN_ENDPOINT=https://idp.example.com/token",
		"OAUTH_CLIENT_SECRET=short-secret")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "OAUTH_CLIENT_SECRET") || !strings.Contains(string(out), "at least 32") {
		t.Fatalf("started with a short secret: %v\n%s", err, out)
	}
}
