package auth

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jcmturner/gofork/encoding/asn1"
	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/gssapi"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/types"
)

// TestAPRepToken decodes the AP-REP the way a client does: GSS framing, KRB_AP_REP,
// decryption with the session key under key usage 12, then the authenticator's time.
func TestAPRepToken(t *testing.T) {
	key := types.EncryptionKey{KeyType: etypeID.AES256_CTS_HMAC_SHA1_96, KeyValue: []byte("0123456789abcdef0123456789abcdef")}
	var req messages.APReq
	req.Ticket.DecryptedEncPart.Key = key
	req.Authenticator.CTime = time.Date(2026, 11, 29, 12, 0, 5, 0, time.UTC)
	req.Authenticator.Cusec = 123456

	tok, err := apRepToken(req)
	if err != nil {
		t.Fatal(err)
	}
	var inner asn1.RawValue
	if _, err := asn1.Unmarshal(tok, &inner); err != nil || inner.Class != asn1.ClassApplication || inner.Tag != 0 {
		t.Fatalf("GSS framing: %v %+v", err, inner)
	}
	var oid asn1.ObjectIdentifier
	rest, err := asn1.Unmarshal(inner.Bytes, &oid)
	if err != nil || !oid.Equal(gssapi.OIDKRB5.OID()) || rest[0] != 0x02 || rest[1] != 0x00 {
		t.Fatalf("mechanism %v, token id % x", oid, rest[:2])
	}
	var rep messages.APRep
	if err := rep.Unmarshal(rest[2:]); err != nil {
		t.Fatal(err)
	}
	plain, err := crypto.DecryptEncPart(rep.EncPart, key, keyusage.AP_REP_ENCPART)
	if err != nil {
		t.Fatal(err)
	}
	var part messages.EncAPRepPart
	if err := part.Unmarshal(plain); err != nil {
		t.Fatal(err)
	}
	if !part.CTime.Equal(req.Authenticator.CTime) || part.Cusec != 123456 {
		t.Fatalf("AP-REP carries %v/%d", part.CTime, part.Cusec)
	}
	if _, err := crypto.DecryptEncPart(rep.EncPart, types.EncryptionKey{KeyType: key.KeyType, KeyValue: []byte(strings.Repeat("x", 32))}, keyusage.AP_REP_ENCPART); err == nil {
		t.Fatal("AP-REP decrypts with another key")
	}
}

func TestPrincipalToUser(t *testing.T) {
	for in, want := range map[string]string{
		"alice@EXAMPLE.COM":           "ALICE",
		"bob/admin@EXAMPLE.COM":       "BOB",
		"service-account@EXAMPLE.COM": "SERVICE-ACCOUNT",
		"Carol.Smith@example.com":     "CAROL.SMITH",
	} {
		if got := PrincipalToUser(in); got != want {
			t.Errorf("%s → %s, want %s", in, got, want)
		}
	}
	g := &GSS{}
	g.SetMap(map[string]string{"etl/batch@EXAMPLE.COM": "REPORTING"})
	if g.irisUser("etl/batch@EXAMPLE.COM") != "REPORTING" || g.irisUser("etl@EXAMPLE.COM") != "ETL" {
		t.Fatal("mapping file not applied, or applied too widely")
	}
}

func TestReadPrincipalMap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "map")
	os.WriteFile(path, []byte("# exceptions\netl/batch@EXAMPLE.COM REPORTING\n\n"), 0o600)
	m, err := ReadPrincipalMap(path)
	if err != nil || m["etl/batch@EXAMPLE.COM"] != "REPORTING" || len(m) != 1 {
		t.Fatalf("%v %v", m, err)
	}
	for _, bad := range []string{"etl REPORTING\n", "a@R X Y\n", "a@R X\na@R Y\n"} {
		os.WriteFile(path, []byte(bad), 0o600)
		if _, err := ReadPrincipalMap(path); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestMutualRequested(t *testing.T) {
	var a types.Authenticator
	a.Cksum.CksumType = 0x8003
	a.Cksum.Checksum = make([]byte, 24)
	if mutualRequested(a) {
		t.Fatal("no flags read as mutual")
	}
	binary.LittleEndian.PutUint32(a.Cksum.Checksum[20:], 2|32) // MUTUAL | SEQUENCE
	if !mutualRequested(a) {
		t.Fatal("GSS_C_MUTUAL_FLAG not seen")
	}
}
