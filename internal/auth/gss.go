package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jcmturner/gofork/encoding/asn1"
	"github.com/jcmturner/gokrb5/v8/asn1tools"
	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/gssapi"
	"github.com/jcmturner/gokrb5/v8/iana/asnAppTag"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/iana/msgtype"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/service"
	"github.com/jcmturner/gokrb5/v8/spnego"
	"github.com/jcmturner/gokrb5/v8/types"

	"github.com/pgwired/pgwired/internal/wire"
)

// GSS is Kerberos 5 through GSSAPI, as libpq speaks it (AuthenticationGSS, then the
// client's krb5 initial context token holding an AP-REQ). The AP-REQ is checked against
// the service key in the keytab (ticket validity, clock skew, replay) and, when the
// client asks for mutual authentication (libpq always does), answered with an AP-REP so
// that the client knows it talks to the holder of the service key.
//
// The principal maps to the IRIS user: alice@EXAMPLE.COM → ALICE, bob/admin@… → BOB
// (instance and realm dropped, case upper, hyphens kept), unless the mapping file names
// the principal. The startup user must be that IRIS user (case-insensitive): a ticket for
// alice does not log in as bob.
type GSS struct {
	// Keytab holds the service key; Swap replaces it (SIGHUP after a key rotation).
	Keytab atomic.Pointer[keytab.Keytab]
	// ServicePrincipal selects the key: "postgres/db.example.com" (realm optional).
	ServicePrincipal string
	// Realms, when not empty, are the only realms accepted.
	Realms []string
	// principalMap names IRIS users for principals the default rule gets wrong.
	principalMap atomic.Pointer[map[string]string]
	// MaxClockSkew bounds the difference between the client's clock and ours (5 min if 0).
	MaxClockSkew time.Duration
	Login        BackendLogin
}

// Name is Method.Name.
func (g *GSS) Name() string { return "gss" }

// Authenticate is Method.Authenticate.
func (g *GSS) Authenticate(ctx context.Context, c *wire.ConnInfo, ex wire.AuthExchange) (wire.Identity, error) {
	if err := ex.Send(&pgproto3.AuthenticationGSS{}); err != nil {
		return wire.Identity{}, err
	}
	msg, err := ex.Receive(ctx)
	if err != nil {
		return wire.Identity{}, err
	}
	resp, ok := msg.(*pgproto3.GSSResponse)
	if !ok {
		return wire.Identity{}, wire.Fatalf("08P01", "expected GSS response, got %T", msg)
	}
	var tok spnego.KRB5Token
	if err := tok.Unmarshal(resp.Data); err != nil || !tok.IsAPReq() {
		return wire.Identity{}, gssFailed(c.User(), "the client's token is not a Kerberos AP-REQ")
	}
	settings := service.NewSettings(g.Keytab.Load(), service.KeytabPrincipal(g.ServicePrincipal),
		service.MaxClockSkew(g.MaxClockSkew), service.DecodePAC(false))
	ok, creds, err := service.VerifyAPREQ(&tok.APReq, settings)
	if err != nil || !ok {
		return wire.Identity{}, gssFailed(c.User(), krbReason(err))
	}
	realm := creds.Domain()
	principal := creds.CName().PrincipalNameString() + "@" + realm
	if len(g.Realms) > 0 && !slices.Contains(g.Realms, realm) {
		return wire.Identity{}, gssFailed(c.User(), fmt.Sprintf("realm %s is not accepted", realm))
	}
	user := g.irisUser(principal)
	if !strings.EqualFold(user, c.Parameters["user"]) {
		return wire.Identity{}, gssFailed(c.Parameters["user"], fmt.Sprintf("Kerberos principal %s maps to user %s", principal, user))
	}
	if tok.APReq.APOptions.At(2) == 1 || mutualRequested(tok.APReq.Authenticator) {
		rep, err := apRepToken(tok.APReq)
		if err != nil {
			return wire.Identity{}, fmt.Errorf("GSSAPI: building the AP-REP: %w", err)
		}
		if err := ex.Send(&pgproto3.AuthenticationGSSContinue{Data: rep}); err != nil {
			return wire.Identity{}, err
		}
	}
	extra, err := g.Login(ctx, user, c.Database())
	if err != nil {
		return wire.Identity{}, err
	}
	return wire.Identity{User: user, Method: "gss", Extra: extra}, nil
}

// SetMap replaces the principal → IRIS user exceptions (nil: none).
func (g *GSS) SetMap(m map[string]string) { g.principalMap.Store(&m) }

// irisUser applies the mapping file, then the default rule.
func (g *GSS) irisUser(principal string) string {
	if m := g.principalMap.Load(); m != nil {
		if u, ok := (*m)[principal]; ok {
			return u
		}
	}
	return PrincipalToUser(principal)
}

// PrincipalToUser is the default mapping: the first component of the principal name, upper
// case (alice@EXAMPLE.COM → ALICE, bob/admin@EXAMPLE.COM → BOB,
// service-account@EXAMPLE.COM → SERVICE-ACCOUNT).
func PrincipalToUser(principal string) string {
	name, _, _ := strings.Cut(principal, "@")
	name, _, _ = strings.Cut(name, "/")
	return strings.ToUpper(name)
}

func gssFailed(user, why string) error {
	return &wire.Error{Severity: wire.SeverityFatal, Code: "28000",
		Message: fmt.Sprintf("GSSAPI authentication failed for user %q", user), Detail: why}
}

// krbReason keeps the Kerberos error short for the client and the audit line.
func krbReason(err error) string {
	if err == nil {
		return "AP-REQ not valid"
	}
	var ke messages.KRBError
	if errors.As(err, &ke) {
		return ke.EText
	}
	s := err.Error()
	if i := strings.LastIndex(s, " < "); i >= 0 { // gokrb5 nests causes with " < "
		s = s[i+3:]
	}
	return s
}

// mutualRequested reads GSS_C_MUTUAL_FLAG from the authenticator checksum (RFC 4121
// 4.1.1: type 0x8003, flags at bytes 20–23, little endian).
func mutualRequested(a types.Authenticator) bool {
	const gssMutualFlag = 2
	if a.Cksum.CksumType != 0x8003 || len(a.Cksum.Checksum) < 24 {
		return false
	}
	return a.Cksum.Checksum[20]&gssMutualFlag != 0
}

// encAPRepPart is RFC 4120's EncAPRepPart without subkey and sequence number, which the
// client does not need (the testbed confirmed libpq accepts this).
type encAPRepPart struct {
	CTime time.Time `asn1:"generalized,explicit,tag:0"`
	Cusec int       `asn1:"explicit,tag:1"`
}

// apRepToken builds the GSS token holding the AP-REP for req, which gokrb5 cannot marshal:
// the authenticator's ctime and cusec, encrypted with the ticket's session key (key usage
// 12), inside KRB_AP_REP, inside the krb5 mechanism framing with token id 02 00.
func apRepToken(req messages.APReq) ([]byte, error) {
	part, err := asn1.Marshal(encAPRepPart{CTime: req.Authenticator.CTime, Cusec: req.Authenticator.Cusec})
	if err != nil {
		return nil, err
	}
	part = asn1tools.AddASNAppTag(part, asnAppTag.EncAPRepPart)
	ed, err := crypto.GetEncryptedData(part, req.Ticket.DecryptedEncPart.Key, keyusage.AP_REP_ENCPART, 0)
	if err != nil {
		return nil, err
	}
	rep, err := asn1.Marshal(messages.APRep{PVNO: 5, MsgType: msgtype.KRB_AP_REP, EncPart: ed})
	if err != nil {
		return nil, err
	}
	rep = asn1tools.AddASNAppTag(rep, asnAppTag.APREP)
	oid, err := asn1.Marshal(gssapi.OIDKRB5.OID())
	if err != nil {
		return nil, err
	}
	inner := append(append(oid, 0x02, 0x00), rep...)
	return asn1tools.AddASNAppTag(inner, 0), nil
}
