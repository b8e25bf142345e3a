package wallet

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pgwired/pgwired/internal/auth/audit"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/irissim"
)

// simWallet starts an IRIS simulator and returns a Dialer logging into it as _SYSTEM.
func simWallet(t *testing.T) (*irissim.Server, Dialer, *int) {
	t.Helper()
	sim, err := irissim.New(irissim.Config{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go sim.Serve(l)
	t.Cleanup(func() { sim.Close() })
	dials := new(int)
	var mu sync.Mutex
	dial := func(ctx context.Context) (Caller, func(bool), error) {
		mu.Lock()
		*dials++
		mu.Unlock()
		c, err := iris.Connect(ctx, iris.Options{Addr: l.Addr().String(), Namespace: "USER", Username: "_SYSTEM", Password: "SYS"})
		if err != nil {
			return nil, nil, err
		}
		return c, func(bool) { c.Close() }, nil
	}
	return sim, dial, dials
}

type memSink struct {
	mu     sync.Mutex
	events []audit.Event
}

func (m *memSink) Record(e audit.Event) { m.mu.Lock(); m.events = append(m.events, e); m.mu.Unlock() }

func TestGetCachesAndAudits(t *testing.T) {
	sim, dial, dials := simWallet(t)
	sim.SetWalletSecret("USER", "pgwire-user-alice", "s3cret-value")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sink := &memSink{}
	fetches := 0
	w := New(Config{Dial: dial, CacheTTL: 30 * time.Second, Audit: sink, LogAccess: true,
		OnFetch: func() { fetches++ }, Now: func() time.Time { return now }})
	ctx, note := audit.WithNote(context.Background(), &audit.Note{Username: "alice", SourceIP: "10.1.2.3", ConnectionID: 9})

	for i := 0; i < 3; i++ {
		v, err := w.Get(ctx, UserKey("alice"))
		if err != nil || v != "s3cret-value" {
			t.Fatalf("get %d: %q %v", i, v, err)
		}
	}
	if *dials != 1 || fetches != 1 {
		t.Fatalf("%d dials, %d fetches for three reads within the TTL", *dials, fetches)
	}
	w.Forget(UserKey("alice"))
	w.Get(ctx, UserKey("alice"))
	if fetches != 2 {
		t.Fatal("Forget did not drop the cached value")
	}
	now = now.Add(31 * time.Second)
	sim.SetWalletSecret("USER", "pgwire-user-alice", "rotated")
	if v, _ := w.Get(ctx, UserKey("alice")); v != "rotated" || fetches != 3 {
		t.Fatalf("after the TTL: %q, %d fetches", v, fetches)
	}
	if !note.WalletAccessed() {
		t.Fatal("the attempt's note does not say the Wallet was read")
	}
	if len(sink.events) != 5 {
		t.Fatalf("%d wallet_access events for 5 reads", len(sink.events))
	}
	e := sink.events[1]
	if e.Event != audit.WalletAccess || e.WalletKey != "pgwire-user-alice" || e.Username != "alice" ||
		e.SourceIP != "10.1.2.3" || e.ConnectionID != 9 || !e.WalletAccessed || e.Cached == nil || !*e.Cached {
		t.Fatalf("event %+v", e)
	}
	if !*sink.events[1].Cached || *sink.events[0].Cached {
		t.Fatal("cached flag wrong")
	}
	for _, e := range sink.events {
		b, _ := json.Marshal(e)
		if strings.Contains(string(b), "s3cret") || strings.Contains(string(b), "rotated") {
			t.Fatalf("secret in audit event: %s", b)
		}
	}
}

func TestMissingKeyAndWrongNames(t *testing.T) {
	_, dial, _ := simWallet(t)
	ctx := context.Background()
	w := New(Config{Dial: dial})
	_, err := w.Get(ctx, "pgwire-user-nobody")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "pgwire-user-nobody") {
		t.Fatalf("missing key: %v", err)
	}
	for _, names := range []Names{
		{Class: "%Wallet.Collection", Get: "GetSecret", Set: "SetSecret", IsEnabled: "IsEnabled"},
		{Class: "%IRIS.Wallet", Get: "Fetch", Set: "SetSecret", IsEnabled: "IsEnabled"},
	} {
		w := New(Config{Dial: dial, Names: names})
		_, err := w.Get(ctx, "pgwire-user-nobody")
		if err == nil || errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), names.Class+"."+names.Get) {
			t.Errorf("%+v: a missing class or method must not read as a missing key: %v", names, err)
		}
	}
}

func TestSetInvalidatesAndEnabled(t *testing.T) {
	_, dial, _ := simWallet(t)
	ctx := context.Background()
	w := New(Config{Dial: dial, CacheTTL: time.Hour})
	if err := w.Set(ctx, OAuthClientKey, "first"); err != nil {
		t.Fatal(err)
	}
	if v, _ := w.Get(ctx, OAuthClientKey); v != "first" {
		t.Fatalf("got %q", v)
	}
	if err := w.Set(ctx, OAuthClientKey, "second"); err != nil {
		t.Fatal(err)
	}
	if v, _ := w.Get(ctx, OAuthClientKey); v != "second" {
		t.Fatalf("Set did not invalidate the cache: %q", v)
	}
	if ok, err := w.Enabled(ctx); !ok || err != nil {
		t.Fatalf("Enabled: %v %v", ok, err)
	}
	failing := New(Config{Dial: func(context.Context) (Caller, func(bool), error) { return nil, nil, errors.New("refused") }})
	if _, err := failing.Get(ctx, "k"); err == nil || errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "connecting to IRIS") {
		t.Fatalf("unreachable IRIS: %v", err)
	}
}
