package auth

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/wire"
)

// SCRAM mechanism names as PostgreSQL advertises them.
const (
	mechSCRAM     = "SCRAM-SHA-256"
	mechSCRAMPlus = "SCRAM-SHA-256-PLUS"
)

// BackendLogin opens the session's IRIS login for a user that a password-less method
// (SCRAM against pgwired's own verifiers, GSSAPI, certificates) has proven. pgwired builds
// it from the Wallet key pgwire-user-{user}, or the service account when configured. Its
// result becomes Identity.Extra.
type BackendLogin func(ctx context.Context, user, database string) (extra any, err error)

// Scram is SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL speaks it, with
// tls-server-end-point channel binding (RFC 5929) on TLS connections (SCRAM-SHA-256-PLUS).
// The proof is checked against a verifier pgwired keeps (IRIS stores only its own
// password hashes, so IRIS cannot check it); then Login opens the IRIS session.
type Scram struct {
	Verifiers ScramSecrets
	Login     BackendLogin
	// RequireChannelBinding accepts only SCRAM-SHA-256-PLUS (AUTH_METHODS=scram-sha-256-plus).
	RequireChannelBinding bool
	// ServerCertificates returns the DER certificates this server presents (the current one
	// and, after a SIGHUP reload, the previous one): the client's channel binding must match
	// the hash of one of them.
	ServerCertificates func() [][]byte
	// MockKey derives salts for unknown users so that a client cannot tell an unknown user
	// from a wrong password (PostgreSQL's mock authentication). Random when nil.
	MockKey  []byte
	mockOnce sync.Once
}

// Name is Method.Name.
func (s *Scram) Name() string {
	if s.RequireChannelBinding {
		return "scram-sha-256-plus"
	}
	return "scram-sha-256"
}

// Authenticate is Method.Authenticate.
func (s *Scram) Authenticate(ctx context.Context, c *wire.ConnInfo, ex wire.AuthExchange) (wire.Identity, error) {
	user := c.User()
	tlsOn := c.TLS != nil && s.ServerCertificates != nil
	if s.RequireChannelBinding && !tlsOn {
		return wire.Identity{}, &wire.Error{Severity: wire.SeverityFatal, Code: "28000",
			Message: "SCRAM-SHA-256-PLUS requires an encrypted connection", Hint: "Connect with sslmode=require."}
	}
	// SCRAM-SHA-256 stays in the list even when binding is required: some clients (pgx)
	// look for it before they consider -PLUS. A client that then picks it is refused below.
	mechs := []string{mechSCRAM}
	if tlsOn {
		mechs = []string{mechSCRAMPlus, mechSCRAM}
	}
	if err := ex.Send(&pgproto3.AuthenticationSASL{AuthMechanisms: mechs}); err != nil {
		return wire.Identity{}, err
	}
	msg, err := ex.Receive(ctx)
	if err != nil {
		return wire.Identity{}, err
	}
	init, ok := msg.(*pgproto3.SASLInitialResponse)
	if !ok {
		return wire.Identity{}, wire.Fatalf("08P01", "expected SASLInitialResponse, got %T", msg)
	}
	if !slices.Contains(mechs, init.AuthMechanism) {
		return wire.Identity{}, wire.Fatalf("28000", "client selected an invalid SASL authentication mechanism")
	}
	if s.RequireChannelBinding && init.AuthMechanism != mechSCRAMPlus {
		return wire.Identity{}, &wire.Error{Severity: wire.SeverityFatal, Code: "28000",
			Message: "SCRAM channel binding is required (scram-sha-256-plus)", Hint: "Connect with channel_binding=prefer or require."}
	}
	cf, err := parseClientFirst(string(init.Data))
	if err != nil {
		return wire.Identity{}, err
	}
	if err := s.checkBindingFlag(cf, init.AuthMechanism, tlsOn); err != nil {
		return wire.Identity{}, err
	}

	v, err := s.Verifiers.ScramVerifier(ctx, user)
	known := err == nil
	if err != nil && !errors.Is(err, ErrNoVerifier) {
		return wire.Identity{}, fmt.Errorf("SCRAM verifier for %q: %w", user, err)
	}
	if !known {
		v = s.mockVerifier(user)
	}

	var nonce [18]byte
	_, _ = rand.Read(nonce[:])
	serverFirst := "r=" + cf.nonce + base64.StdEncoding.EncodeToString(nonce[:]) +
		",s=" + base64.StdEncoding.EncodeToString(v.Salt) + ",i=" + strconv.Itoa(v.Iterations)
	if err := ex.Send(&pgproto3.AuthenticationSASLContinue{Data: []byte(serverFirst)}); err != nil {
		return wire.Identity{}, err
	}
	msg, err = ex.Receive(ctx)
	if err != nil {
		return wire.Identity{}, err
	}
	resp, ok := msg.(*pgproto3.SASLResponse)
	if !ok {
		return wire.Identity{}, wire.Fatalf("08P01", "expected SASLResponse, got %T", msg)
	}
	fin, err := parseClientFinal(string(resp.Data))
	if err != nil {
		return wire.Identity{}, err
	}
	if fin.nonce != serverFirst[2:strings.IndexByte(serverFirst, ',')] {
		return wire.Identity{}, wire.Fatalf("08P01", "SCRAM nonce mismatch")
	}
	if err := s.checkBinding(cf, fin, c); err != nil {
		return wire.Identity{}, err
	}
	authMessage := cf.bare + "," + serverFirst + "," + fin.withoutProof
	if !known || !proofMatches(v, authMessage, fin.proof) {
		return wire.Identity{}, failedFor(user)
	}
	serverSig := hmacSHA256(v.ServerKey, []byte(authMessage))
	if err := ex.Send(&pgproto3.AuthenticationSASLFinal{Data: []byte("v=" + base64.StdEncoding.EncodeToString(serverSig))}); err != nil {
		return wire.Identity{}, err
	}
	extra, err := s.Login(ctx, user, c.Database())
	if err != nil {
		return wire.Identity{}, err
	}
	method := "scram-sha-256"
	if init.AuthMechanism == mechSCRAMPlus {
		method = "scram-sha-256-plus"
	}
	return wire.Identity{User: user, Method: method, Extra: extra}, nil
}

// proofMatches checks ClientProof: ClientKey = proof XOR HMAC(StoredKey, AuthMessage) must
// hash to StoredKey.
func proofMatches(v ScramVerifier, authMessage string, proof []byte) bool {
	sig := hmacSHA256(v.StoredKey, []byte(authMessage))
	if len(proof) != len(sig) {
		return false
	}
	clientKey := make([]byte, len(sig))
	subtle.XORBytes(clientKey, proof, sig)
	got := sha256.Sum256(clientKey)
	return subtle.ConstantTimeCompare(got[:], v.StoredKey) == 1
}

// mockVerifier gives an unknown user a stable, plausible salt so that the exchange looks
// the same as for a known user; the proof is then refused.
func (s *Scram) mockVerifier(user string) ScramVerifier {
	s.mockOnce.Do(func() {
		if s.MockKey == nil {
			s.MockKey = make([]byte, 32)
			_, _ = rand.Read(s.MockKey)
		}
	})
	salt := hmacSHA256(s.MockKey, []byte("salt:"+user))[:16]
	return ScramVerifier{Iterations: 4096, Salt: salt, StoredKey: make([]byte, 32), ServerKey: make([]byte, 32)}
}

// clientFirst is the client-first-message.
type clientFirst struct {
	flag   byte   // 'n', 'y' or 'p'
	cbName string // with 'p'
	header string // gs2-header, echoed in the final message's c= attribute
	bare   string // client-first-message-bare, part of AuthMessage
	nonce  string
}

func parseClientFirst(s string) (clientFirst, error) {
	bad := func(why string) (clientFirst, error) {
		return clientFirst{}, wire.Fatalf("08P01", "malformed SCRAM message: %s", why)
	}
	var cf clientFirst
	flag, rest, ok := strings.Cut(s, ",")
	if !ok || flag == "" {
		return bad("missing GS2 header")
	}
	switch {
	case flag == "n" || flag == "y":
		cf.flag = flag[0]
	case strings.HasPrefix(flag, "p="):
		cf.flag, cf.cbName = 'p', flag[2:]
	default:
		return bad("unexpected channel-binding flag " + strconv.Quote(flag))
	}
	authzid, bare, ok := strings.Cut(rest, ",")
	if !ok {
		return bad("missing authorization identity")
	}
	if authzid != "" {
		return clientFirst{}, wire.Fatalf("0A000", "client uses authorization identity, but it is not supported")
	}
	cf.header = s[:len(flag)+1+len(authzid)+1]
	cf.bare = bare
	if strings.HasPrefix(bare, "m=") {
		return clientFirst{}, wire.Fatalf("0A000", "client requires an unsupported SCRAM extension")
	}
	// PostgreSQL clients send an empty n=: the user is the startup user.
	if !strings.HasPrefix(bare, "n=") {
		return bad("expected attribute \"n\"")
	}
	_, attrs, _ := strings.Cut(bare, ",")
	r, _, _ := strings.Cut(attrs, ",")
	if !strings.HasPrefix(r, "r=") || len(r) < 3 {
		return bad("expected attribute \"r\"")
	}
	cf.nonce = r[2:]
	for _, ch := range []byte(cf.nonce) {
		if ch < 0x21 || ch > 0x7e || ch == ',' {
			return bad("nonce has a non-printable character")
		}
	}
	return cf, nil
}

type clientFinal struct {
	binding      []byte // decoded c=
	nonce        string
	proof        []byte
	withoutProof string
}

func parseClientFinal(s string) (clientFinal, error) {
	bad := func(why string) (clientFinal, error) {
		return clientFinal{}, wire.Fatalf("08P01", "malformed SCRAM message: %s", why)
	}
	i := strings.LastIndex(s, ",p=")
	if i < 0 {
		return bad("missing client proof")
	}
	var fin clientFinal
	fin.withoutProof = s[:i]
	proof, err := base64.StdEncoding.DecodeString(s[i+3:])
	if err != nil {
		return bad("client proof is not base64")
	}
	fin.proof = proof
	c, rest, ok := strings.Cut(fin.withoutProof, ",")
	if !ok || !strings.HasPrefix(c, "c=") {
		return bad("expected attribute \"c\"")
	}
	if fin.binding, err = base64.StdEncoding.DecodeString(c[2:]); err != nil {
		return bad("channel binding is not base64")
	}
	r, _, _ := strings.Cut(rest, ",")
	if !strings.HasPrefix(r, "r=") {
		return bad("expected attribute \"r\"")
	}
	fin.nonce = r[2:]
	return fin, nil
}

// checkBindingFlag applies RFC 5802's downgrade rules to the GS2 flag.
func (s *Scram) checkBindingFlag(cf clientFirst, mech string, tlsOn bool) error {
	switch cf.flag {
	case 'p':
		if mech != mechSCRAMPlus {
			return wire.Fatalf("08P01", "malformed SCRAM message: channel binding requested with %s", mech)
		}
		if cf.cbName != "tls-server-end-point" {
			return wire.Fatalf("08P01", "unsupported SCRAM channel-binding type %q", cf.cbName)
		}
	case 'y':
		// The client could bind but believes the server cannot: when this server offered
		// PLUS, someone in the middle removed it.
		if tlsOn {
			return wire.Fatalf("28000", "SCRAM channel binding negotiation error")
		}
		fallthrough
	default:
		if mech == mechSCRAMPlus {
			return wire.Fatalf("08P01", "malformed SCRAM message: %s without channel binding", mech)
		}
	}
	return nil
}

// checkBinding compares the client's c= with the GS2 header plus, for SCRAM-PLUS, the
// tls-server-end-point hash of one of this server's certificates.
func (s *Scram) checkBinding(cf clientFirst, fin clientFinal, c *wire.ConnInfo) error {
	header := []byte(cf.header)
	if cf.flag != 'p' {
		if !bytes.Equal(fin.binding, header) {
			return wire.Fatalf("28000", "SCRAM channel binding check failed")
		}
		return nil
	}
	if !bytes.HasPrefix(fin.binding, header) {
		return wire.Fatalf("28000", "SCRAM channel binding check failed")
	}
	got := fin.binding[len(header):]
	for _, der := range s.ServerCertificates() {
		want, err := tlsServerEndPoint(der)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return wire.Fatalf("28000", "SCRAM channel binding check failed")
}

// tlsServerEndPoint is RFC 5929's channel binding data: the certificate hashed with its
// signature's hash function, SHA-256 when that is MD5 or SHA-1.
func tlsServerEndPoint(der []byte) ([]byte, error) {
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	var h hash.Hash
	switch cert.SignatureAlgorithm {
	case x509.SHA384WithRSA, x509.ECDSAWithSHA384, x509.SHA384WithRSAPSS:
		h = sha512.New384()
	case x509.SHA512WithRSA, x509.ECDSAWithSHA512, x509.SHA512WithRSAPSS:
		h = sha512.New()
	case x509.SHA256WithRSA, x509.ECDSAWithSHA256, x509.SHA256WithRSAPSS,
		x509.SHA1WithRSA, x509.ECDSAWithSHA1, x509.MD5WithRSA, x509.DSAWithSHA1:
		h = sha256.New()
	default:
		return nil, fmt.Errorf("no tls-server-end-point hash for signature algorithm %v", cert.SignatureAlgorithm)
	}
	h.Write(der)
	return h.Sum(nil), nil
}
