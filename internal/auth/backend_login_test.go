package auth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/pgwired/pgwired/internal/auth/audit"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/irissim"
	"github.com/pgwired/pgwired/internal/wallet"
	"github.com/pgwired/pgwired/internal/wire"
)

// simWallet is a Wallet over a real IRIS simulator.
func simWallet(t *testing.T) (*irissim.Server, *wallet.Wallet) {
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
	return sim, wallet.New(wallet.Config{Dial: func(ctx context.Context) (wallet.Caller, func(bool), error) {
		c, err := iris.Connect(ctx, iris.Options{Addr: l.Addr().String(), Namespace: "USER", Username: "_SYSTEM", Password: "SYS"})
		if err != nil {
			return nil, nil, err
		}
		return c, func(bool) { c.Close() }, nil
	}})
}

func TestWalletLogin(t *testing.T) {
	sim, w := simWallet(t)
	sim.SetWalletSecret("USER", "pgwire-user-alice", "alice-iris")
	sim.SetWalletSecret("USER", "pgwire-user-bob", "stale")
	var got []string
	login := func(_ context.Context, user, password, database string) (any, error) {
		got = append(got, user+"/"+password+"/"+database)
		if password != "alice-iris" {
			return nil, fmt.Errorf("%w: IRIS: Access Denied", ErrBadPassword)
		}
		return "conn", nil
	}
	bl := WalletLogin(w, login)
	ctx, note := audit.WithNote(context.Background(), &audit.Note{})
	if extra, err := bl(ctx, "alice", "USER"); err != nil || extra != "conn" {
		t.Fatalf("alice: %v %v", extra, err)
	}
	if !note.WalletAccessed() || got[0] != "alice/alice-iris/USER" {
		t.Fatalf("login %v, wallet read %v", got, note.WalletAccessed())
	}
	for user, want := range map[string]string{
		"carol": "no IRIS password for user \"carol\" in the Wallet",
		"bob":   "IRIS refused the Wallet password for user \"bob\"",
	} {
		_, err := bl(context.Background(), user, "USER")
		var we *wire.Error
		if !errors.As(err, &we) || we.Code != "28000" || we.Message != want || !strings.Contains(we.Hint, "pgwire-user-"+user) {
			t.Errorf("%s: %v", user, err)
		}
	}
}

func TestWalletScram(t *testing.T) {
	sim, w := simWallet(t)
	v, _ := NewScramVerifier("pw", []byte("0123456789abcdef"), 4096)
	sim.SetWalletSecret("USER", "pgwire-scram-alice", v.String())
	sim.SetWalletSecret("USER", "pgwire-scram-bob", "not-a-verifier")
	ws := WalletScram{Wallet: w}
	ctx := context.Background()
	if got, err := ws.ScramVerifier(ctx, "alice"); err != nil || got.String() != v.String() {
		t.Fatalf("alice: %v", err)
	}
	if _, err := ws.ScramVerifier(ctx, "carol"); !errors.Is(err, ErrNoVerifier) {
		t.Fatalf("carol: %v", err)
	}
	if _, err := ws.ScramVerifier(ctx, "bob"); err == nil || errors.Is(err, ErrNoVerifier) || !strings.Contains(err.Error(), "pgwire-scram-bob") {
		t.Fatalf("bob: %v", err)
	}
}

// TestPasswordChainAudit: the password method refuses cleartext without TLS, and the
// chain's audit line and observer report it; a successful login names the IRIS user.
func TestPasswordChainAudit(t *testing.T) {
	mem := &memAudit{}
	obs := &obsRecorder{}
	verify := func(ctx context.Context, user, password, database string) (any, error) {
		if password != "right" {
			return nil, ErrBadPassword
		}
		return loggedIn{"IRIS_" + user}, nil
	}
	ls := startListener(t, &Chain{Methods: []Method{&Password{Verify: verify}}, Audit: mem, Observer: obs})
	if err := ls.connect(t, "user=alice password=right sslmode=disable"); sqlState(err) != "28000" {
		t.Fatalf("cleartext without TLS: %v", err)
	}
	if err := ls.connect(t, "user=alice password=wrong sslmode=require"); sqlState(err) != "28P01" {
		t.Fatalf("wrong password: %v", err)
	}
	if err := ls.connect(t, "user=alice password=right sslmode=require"); err != nil {
		t.Fatal(err)
	}
	ev := mem.all()
	if len(ev) != 3 || ev[0].Event != audit.AuthFailure || !strings.HasPrefix(ev[0].FailureReason, "28000: password authentication requires an encrypted connection") ||
		ev[1].FailureReason != `28P01: password authentication failed for user "alice"` ||
		ev[2].Event != audit.AuthSuccess || ev[2].IRISUsername != "IRIS_alice" || ev[2].Method != "password" || ev[2].WalletAccessed {
		t.Fatalf("audit %+v", ev)
	}
	if strings.Join(obs.got, " ") != "password:fail password:fail password:ok" {
		t.Fatalf("observer %v", obs.got)
	}
}

type loggedIn struct{ user string }

func (l loggedIn) IRISUsername() string { return l.user }

func TestTrustIsAudited(t *testing.T) {
	mem := &memAudit{}
	ls := startListener(t, &Chain{Methods: []Method{Trust{}}, Audit: mem})
	// Even trust, which checks nothing, leaves its audit line.
	if err := ls.connect(t, "user=bob sslmode=disable"); err != nil {
		t.Fatal(err)
	}
	if ev := mem.all(); len(ev) != 1 || ev[0].Method != "trust" || ev[0].Username != "bob" {
		t.Fatalf("audit %+v", ev)
	}
}
