package e2e

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	krbclient "github.com/jcmturner/gokrb5/v8/client"
	krbconfig "github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/gssapi"
	"github.com/jcmturner/gokrb5/v8/iana/flags"
	"github.com/jcmturner/gokrb5/v8/spnego"
)

// TestGSSAPIWithRealKDC: `kinit alice` against a real MIT KDC, then psql with no password
// logs in through GSSAPI with mutual authentication (libpq checks the AP-REP) as ALICE,
// whose IRIS password comes from the Wallet. A stale keytab, a principal asking for
// someone else's user, and a realm not allowed all fail with 28000; every attempt is in
// the audit log.
func TestGSSAPIWithRealKDC(t *testing.T) {
	requirePsql(t)
	k := startKDC(t)
	k.kadmin(t, "addprinc -pw alicepw alice@EXAMPLE.TEST")
	k.kadmin(t, "addprinc -randkey postgres/localhost@EXAMPLE.TEST")
	// ktadd gives the service a new key each time: the first keytab is stale once the
	// second exists.
	stale := filepath.Join(k.dir, "stale.keytab")
	good := filepath.Join(k.dir, "pgwired.keytab")
	k.kadmin(t, "ktadd -k "+stale+" postgres/localhost@EXAMPLE.TEST")
	k.kadmin(t, "ktadd -k "+good+" postgres/localhost@EXAMPLE.TEST")

	b := newAuthBed(t)
	b.sim.AddUser("ALICE", "alice-iris-pw")
	b.sim.SetWalletSecret("USER", "pgwire-user-ALICE", "alice-iris-pw")
	gssEnv := func(keytab string, extra ...string) []string {
		return append([]string{"AUTH_METHODS=gss", "KRB5_KEYTAB=" + keytab,
			"KRB5_SERVICE_PRINCIPAL=postgres/localhost@EXAMPLE.TEST"}, extra...)
	}
	p := b.start(t, gssEnv(good)...)
	cc := k.kinit(t, "alice@EXAMPLE.TEST", "alicepw")

	psql := func(p *pgwired, user string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		dsn := fmt.Sprintf("host=localhost port=%d user=%s dbname=USER sslmode=require gssencmode=disable", p.Port, user)
		cmd := exec.CommandContext(ctx, psqlPath, "-X", "-At", "-w", "-d", dsn, "-c", "SELECT CURRENT_USER")
		cmd.Env = append(append(os.Environ(), k.env...), "KRB5CCNAME="+cc, "PGCONNECT_TIMEOUT=10")
		out, _ := cmd.CombinedOutput()
		return strings.TrimSpace(string(out))
	}
	if got := psql(p, "alice"); got != "ALICE" {
		t.Fatalf("psql GSSAPI login: %q\n%s", got, p.Log())
	}
	// The ticket is alice's: it does not log in as _SYSTEM.
	if got := psql(p, "_SYSTEM"); !strings.Contains(got, "GSSAPI authentication failed") {
		t.Fatalf("alice's ticket for user _SYSTEM: %q", got)
	}

	var lines []auditLine
	for _, l := range readAudit(t, b.audit) {
		if l.Event != "wallet_access" {
			lines = append(lines, l)
		}
	}
	if len(lines) != 2 || lines[0].Event != "authentication_success" || lines[0].Method != "gss" ||
		lines[0].Username != "ALICE" || lines[0].IRISUsername != "ALICE" || !lines[0].WalletAccessed ||
		lines[1].Event != "authentication_failure" || !strings.Contains(lines[1].FailureReason, "principal alice@EXAMPLE.TEST maps to user ALICE") {
		t.Fatalf("audit lines %+v", lines)
	}
	p.Stop()

	// A stale keytab cannot decrypt the ticket.
	ps := b.start(t, gssEnv(stale)...)
	if got := psql(ps, "alice"); !strings.Contains(got, "GSSAPI authentication failed") {
		t.Fatalf("stale keytab: %q", got)
	}
	ps.Stop()
	// A realm allow-list without EXAMPLE.TEST refuses alice.
	pr := b.start(t, gssEnv(good, "KRB5_REALMS=CORP.EXAMPLE")...)
	if got := psql(pr, "alice"); !strings.Contains(got, "GSSAPI authentication failed") {
		t.Fatalf("realm not allowed: %q", got)
	}
}

// TestGSSAPIReplayAndExpiry sends AP-REQs built by a pure-Go Kerberos client (gokrb5)
// with tickets from the real KDC: a fresh one logs in and gets the AP-REP; the same
// AP-REQ sent again is a replay; a ticket past its end time fails with 28000.
func TestGSSAPIReplayAndExpiry(t *testing.T) {
	k := startKDC(t)
	k.kadmin(t, "addprinc -pw alicepw alice@EXAMPLE.TEST")
	k.kadmin(t, "addprinc -randkey postgres/localhost@EXAMPLE.TEST")
	keytab := filepath.Join(k.dir, "pgwired.keytab")
	k.kadmin(t, "ktadd -k "+keytab+" postgres/localhost@EXAMPLE.TEST")
	b := newAuthBed(t)
	b.sim.AddUser("ALICE", "alice-iris-pw")
	b.sim.SetWalletSecret("USER", "pgwire-user-ALICE", "alice-iris-pw")
	p := b.start(t, "AUTH_METHODS=gss", "KRB5_KEYTAB="+keytab, "KRB5_SERVICE_PRINCIPAL=postgres/localhost@EXAMPLE.TEST",
		"KRB5_MAX_CLOCK_SKEW=1s")

	// apReq returns a function that builds an AP-REQ (with a fresh authenticator) for a
	// service ticket of the given lifetime.
	apReq := func(lifetime time.Duration) func() []byte {
		cfg, err := krbconfig.Load(filepath.Join(k.dir, "krb5.conf"))
		if err != nil {
			t.Fatal(err)
		}
		cfg.LibDefaults.TicketLifetime = lifetime
		cl := krbclient.NewWithPassword("alice", "EXAMPLE.TEST", "alicepw", cfg, krbclient.DisablePAFXFAST(true))
		if err := cl.Login(); err != nil {
			t.Fatal(err)
		}
		tkt, key, err := cl.GetServiceTicket("postgres/localhost")
		if err != nil {
			t.Fatal(err)
		}
		build := func() []byte {
			tok, err := spnego.NewKRB5TokenAPREQ(cl, tkt, key, []int{gssapi.ContextFlagMutual, gssapi.ContextFlagInteg},
				[]int{flags.APOptionMutualRequired})
			if err != nil {
				t.Fatal(err)
			}
			b, err := tok.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		return build
	}
	login := func(token []byte) []pgproto3.BackendMessage {
		t.Helper()
		conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", p.Port))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		fe := pgproto3.NewFrontend(conn, conn)
		fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber,
			Parameters: map[string]string{"user": "alice", "database": "USER"}})
		must(t, fe.Flush())
		msg, err := fe.Receive()
		if _, ok := msg.(*pgproto3.AuthenticationGSS); !ok || err != nil {
			t.Fatalf("want AuthenticationGSS, got %T %v", msg, err)
		}
		fe.Send(&pgproto3.GSSResponse{Data: token})
		must(t, fe.Flush())
		var got []pgproto3.BackendMessage
		for {
			msg, err := fe.Receive()
			if err != nil {
				t.Fatalf("after %v: %v", got, err)
			}
			got = append(got, copyMessage(msg))
			switch msg.(type) {
			case *pgproto3.ReadyForQuery, *pgproto3.ErrorResponse:
				return got
			}
		}
	}

	// An hour, not the KDC's default: a ticket of lifetime 0 could expire before the replay.
	fresh := apReq(time.Hour)()
	got := login(fresh)
	if _, ok := got[0].(*pgproto3.AuthenticationGSSContinue); !ok {
		t.Fatalf("no AP-REP before AuthenticationOk: %T", got[0])
	}
	if _, ok := got[1].(*pgproto3.AuthenticationOk); !ok {
		t.Fatalf("want AuthenticationOk after the AP-REP, got %T", got[1])
	}
	replay := login(fresh)
	if e, ok := replay[0].(*pgproto3.ErrorResponse); !ok || e.Code != "28000" || !strings.Contains(e.Detail, "replay") {
		t.Fatalf("replayed AP-REQ: %+v", replay[0])
	}
	buildExpired := apReq(3 * time.Second)
	time.Sleep(3*time.Second + 2*time.Second) // past the end time and the 1 s skew
	got = login(buildExpired())
	if e, ok := got[0].(*pgproto3.ErrorResponse); !ok || e.Code != "28000" || !strings.Contains(e.Detail, "expired") {
		t.Fatalf("expired ticket: %+v", got[0])
	}
}
