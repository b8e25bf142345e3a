package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgproto3"
	krbclient "github.com/jcmturner/gokrb5/v8/client"
	krbconfig "github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/gssapi"
	"github.com/jcmturner/gokrb5/v8/iana/flags"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/spnego"
	"github.com/jcmturner/gokrb5/v8/types"

	"github.com/pgwired/pgwired/internal/auth"
	"github.com/pgwired/pgwired/internal/auth/krbtest"
)

const gssMethod = "gss (Kerberos 5)"

// gssService is pgwired's service principal in the benchmark realm.
const gssService = "postgres/localhost"

// gss: a real MIT KDC, principals gss-n0000… (a new one each login) and gss-same-0…7 (one
// per concurrent client), mapped by pgwired's default rule to IRIS users GSS-N0000…,
// whose IRIS passwords are in the Wallet.
func (b *loginBed) gss() ([]loginRow, error) {
	if err := krbtest.Missing(); err != nil {
		return []loginRow{missingRow(gssMethod, err.Error())}, nil
	}
	kdir := filepath.Join(b.dir, "kdc")
	if err := os.MkdirAll(kdir, 0o700); err != nil {
		return nil, err
	}
	// The KDC binds its port before pgwired asks freePort for one.
	k, err := krbtest.Start(kdir, freePort())
	if err != nil {
		return nil, err
	}
	defer k.Close()
	names := make([]string, 0, b.users()+b.workers)
	for i := range b.users() {
		names = append(names, newName("gss", i))
	}
	for w := range b.workers {
		names = append(names, "gss-same-"+strconv.Itoa(w))
	}
	// One kadmin.local for every principal: it reads queries from stdin.
	var q strings.Builder
	for _, u := range names {
		fmt.Fprintf(&q, "addprinc -pw pw-%s %s@%s\n", u, u, k.Realm)
	}
	if _, err := k.Run(q.String(), "/usr/sbin/kadmin.local", "-r", k.Realm); err != nil {
		return nil, err
	}
	keytab := filepath.Join(kdir, "pgwired.keytab")
	if err := k.AddService(gssService, keytab); err != nil {
		return nil, err
	}
	for _, u := range names {
		iu := auth.PrincipalToUser(u + "@" + k.Realm)
		b.sim.AddUser(iu, "iris-"+u)
		b.sim.SetWalletSecret("USER", "pgwire-user-"+iu, "iris-"+u)
	}
	clients, err := kinitAll(k, names)
	if err != nil {
		return nil, err
	}
	p, port, err := b.startPgwired("gss", "AUTH_METHODS=gss", "KRB5_KEYTAB="+keytab,
		"KRB5_SERVICE_PRINCIPAL="+gssService+"@"+k.Realm)
	if err != nil {
		return nil, err
	}
	defer p.stop()
	login := func(ctx context.Context, user string) error {
		return gssLogin(ctx, port, user, clients[user])
	}
	tgs := func() int64 { return countTGSRequests(filepath.Join(kdir, "kdc.log")) }
	const ext = "KDC TGS-REQs"
	return b.measureCases(p,
		loginCase{row: loginRow{Method: gssMethod, Users: usersNew, External: ext},
			user: func(i, _ int) string { return newName("gss", i) }, login: login, external: tgs},
		loginCase{row: loginRow{Method: gssMethod, Users: usersSame, External: ext},
			user: func(_, w int) string { return "gss-same-" + strconv.Itoa(w) }, login: login, external: tgs},
	)
}

// kinitAll logs every principal in with a pure-Go client (AS exchange: a TGT), a few at
// a time; these are not timed, as kinit is not part of a login.
func kinitAll(k *krbtest.KDC, names []string) (map[string]*krbclient.Client, error) {
	cfg, err := krbconfig.Load(k.ConfigFile())
	if err != nil {
		return nil, err
	}
	out := make(map[string]*krbclient.Client, len(names))
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		first error
		next  = make(chan string)
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range next {
				cl := krbclient.NewWithPassword(u, k.Realm, "pw-"+u, cfg, krbclient.DisablePAFXFAST(true))
				err := cl.Login()
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("AS exchange for %s: %w", u, err)
				}
				out[u] = cl
				mu.Unlock()
			}
		}()
	}
	for _, u := range names {
		next <- u
	}
	close(next)
	wg.Wait()
	return out, first
}

// gssLogin is one GSSAPI login as libpq makes it: StartupMessage, AuthenticationGSS, the
// krb5 initial context token (AP-REQ, mutual authentication requested), pgwired's AP-REP
// in AuthenticationGSSContinue (checked here: it must hold our authenticator's time,
// encrypted with the ticket's session key), AuthenticationOk … ReadyForQuery, Terminate.
func gssLogin(ctx context.Context, port int, user string, cl *krbclient.Client) error {
	if cl == nil {
		return fmt.Errorf("no Kerberos client for %s", user)
	}
	// The client's cached service ticket, or a TGS exchange with the KDC the first time.
	tkt, key, err := cl.GetServiceTicket(gssService)
	if err != nil {
		return fmt.Errorf("service ticket: %w", err)
	}
	tok, err := spnego.NewKRB5TokenAPREQ(cl, tkt, key, []int{gssapi.ContextFlagMutual, gssapi.ContextFlagInteg},
		[]int{flags.APOptionMutualRequired})
	if err != nil {
		return err
	}
	sent := tok.APReq
	if err := sent.DecryptAuthenticator(key); err != nil {
		return err
	}
	apReq, err := tok.Marshal()
	if err != nil {
		return err
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		return err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	fe := pgproto3.NewFrontend(conn, conn)
	fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber,
		Parameters: map[string]string{"user": user, "database": "USER"}})
	if err := fe.Flush(); err != nil {
		return err
	}
	msg, err := fe.Receive()
	if err != nil {
		return err
	}
	if _, ok := msg.(*pgproto3.AuthenticationGSS); !ok {
		return unexpected("AuthenticationGSS", msg)
	}
	fe.Send(&pgproto3.GSSResponse{Data: apReq})
	if err := fe.Flush(); err != nil {
		return err
	}
	if msg, err = fe.Receive(); err != nil {
		return err
	}
	cont, ok := msg.(*pgproto3.AuthenticationGSSContinue)
	if !ok {
		return unexpected("AuthenticationGSSContinue (the AP-REP)", msg)
	}
	if err := checkAPRep(cont.Data, sent, key); err != nil {
		return fmt.Errorf("mutual authentication failed: %w", err)
	}
	if msg, err = fe.Receive(); err != nil {
		return err
	}
	if _, ok := msg.(*pgproto3.AuthenticationOk); !ok {
		return unexpected("AuthenticationOk", msg)
	}
	for {
		if msg, err = fe.Receive(); err != nil {
			return err
		}
		switch m := msg.(type) {
		case *pgproto3.ReadyForQuery:
			fe.Send(&pgproto3.Terminate{})
			return fe.Flush()
		case *pgproto3.ErrorResponse:
			return fmt.Errorf("%s %s: %s", m.Severity, m.Code, m.Message)
		}
	}
}

// checkAPRep verifies the server's GSS token: an AP-REP whose encrypted part, under the
// session key (key usage 12), repeats the ctime and cusec of the authenticator we sent.
func checkAPRep(data []byte, sent messages.APReq, key types.EncryptionKey) error {
	var tok spnego.KRB5Token
	if err := tok.Unmarshal(data); err != nil {
		return err
	}
	if !tok.IsAPRep() {
		return errors.New("the server's token is not an AP-REP")
	}
	plain, err := crypto.DecryptEncPart(tok.APRep.EncPart, key, keyusage.AP_REP_ENCPART)
	if err != nil {
		return err
	}
	var part messages.EncAPRepPart
	if err := part.Unmarshal(plain); err != nil {
		return err
	}
	if a := sent.Authenticator; part.CTime.Unix() != a.CTime.Unix() || part.Cusec != a.Cusec {
		return fmt.Errorf("AP-REP time %v+%dµs, authenticator %v+%dµs", part.CTime, part.Cusec, a.CTime, a.Cusec)
	}
	return nil
}

func unexpected(want string, got pgproto3.BackendMessage) error {
	if e, ok := got.(*pgproto3.ErrorResponse); ok {
		return fmt.Errorf("want %s, got %s %s: %s (%s)", want, e.Severity, e.Code, e.Message, e.Detail)
	}
	return fmt.Errorf("want %s, got %T", want, got)
}

// countTGSRequests counts the TGS exchanges in the KDC's log.
func countTGSRequests(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	var n int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "TGS_REQ") {
			n++
		}
	}
	return n
}
