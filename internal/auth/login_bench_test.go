package auth

import (
	"context"
	"slices"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pgwired/pgwired/internal/auth/oauthtest"
)

// BenchmarkLogin measures whole logins (TCP, TLS, startup, authentication, AuthenticationOk,
// ReadyForQuery) through pgx per method, with the IRIS login stubbed out so that only
// pgwired's side is timed. It reports p50/p99 latency and logins per second; the
// deployment SLA is 5 s per login. SCRAM includes the client's own PBKDF2 (4096 rounds).
//
//	go test ./internal/auth -run '^$' -bench Login -benchtime 200x
func BenchmarkLogin(b *testing.B) {
	verifier, _ := NewScramVerifier("pw", []byte("bench-salt-12345"), 4096)
	login := func(context.Context, string, string) (any, error) { return nil, nil }
	verify := func(context.Context, string, string, string) (any, error) { return nil, nil }

	idp, err := oauthtest.Start("pgwired", testClientSecret, map[string]string{"alice": "pw"}, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	defer idp.Close()
	oauthMethod := &OAuth{Config: oauth2.Config{ClientID: "pgwired", ClientSecret: testClientSecret,
		Endpoint: oauth2.Endpoint{TokenURL: idp.TokenURL()}}, IntrospectionURL: idp.IntrospectionURL(), Login: verify}

	for _, tc := range []struct {
		name   string
		method Method
		params string
	}{
		{"trust", Trust{}, "sslmode=require"},
		{"password", &Password{Verify: verify}, "sslmode=require password=pw"},
		{"scram-sha-256", &Scram{Verifiers: memScram{"alice": verifier}, Login: login}, "sslmode=require channel_binding=disable password=pw"},
		{"scram-sha-256-plus", &Scram{Verifiers: memScram{"alice": verifier}, Login: login}, "sslmode=require channel_binding=require password=pw"},
		{"oauth-cached", oauthMethod, "sslmode=require password=pw"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			ls := startListener(b, &Chain{Methods: []Method{tc.method}})
			if s, ok := tc.method.(*Scram); ok {
				s.ServerCertificates = ls.leaf
			}
			if err := ls.connect(b, "user=alice "+tc.params); err != nil { // warm caches
				b.Fatal(err)
			}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				s := time.Now()
				if err := ls.connect(b, "user=alice "+tc.params); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(s))
			}
			elapsed := time.Since(start)
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "logins/s")
		})
	}
}
