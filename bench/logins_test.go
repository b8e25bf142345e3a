package main

import (
	"context"
	"crypto/rand"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jcmturner/gofork/encoding/asn1"
	"github.com/jcmturner/gokrb5/v8/asn1tools"
	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/gssapi"
	"github.com/jcmturner/gokrb5/v8/iana/asnAppTag"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/iana/msgtype"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/types"

	"github.com/pgwired/pgwired/internal/auth/krbtest"
)

// apRep builds a server's GSS AP-REP token the way RFC 4121/4120 lay it out.
func apRep(t *testing.T, key types.EncryptionKey, ctime time.Time, cusec int) []byte {
	t.Helper()
	part, err := asn1.Marshal(struct {
		CTime time.Time `asn1:"generalized,explicit,tag:0"`
		Cusec int       `asn1:"explicit,tag:1"`
	}{ctime, cusec})
	if err != nil {
		t.Fatal(err)
	}
	ed, err := crypto.GetEncryptedData(asn1tools.AddASNAppTag(part, asnAppTag.EncAPRepPart), key, keyusage.AP_REP_ENCPART, 0)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := asn1.Marshal(messages.APRep{PVNO: 5, MsgType: msgtype.KRB_AP_REP, EncPart: ed})
	if err != nil {
		t.Fatal(err)
	}
	oid, _ := asn1.Marshal(gssapi.OIDKRB5.OID())
	return asn1tools.AddASNAppTag(append(append(oid, 0x02, 0x00), asn1tools.AddASNAppTag(rep, asnAppTag.APREP)...), 0)
}

func newKey() types.EncryptionKey {
	k := make([]byte, 32)
	rand.Read(k)
	return types.EncryptionKey{KeyType: etypeID.AES256_CTS_HMAC_SHA1_96, KeyValue: k}
}

// TestCheckAPRep: the benchmark's GSS client accepts only an AP-REP that repeats its
// authenticator's time under the session key, so a login that skipped or botched mutual
// authentication would fail rather than count.
func TestCheckAPRep(t *testing.T) {
	key := newKey()
	ctime := time.Now().UTC().Truncate(time.Second)
	sent := messages.APReq{Authenticator: types.Authenticator{CTime: ctime, Cusec: 123456}}
	if err := checkAPRep(apRep(t, key, ctime, 123456), sent, key); err != nil {
		t.Fatalf("matching AP-REP refused: %v", err)
	}
	for name, tok := range map[string][]byte{
		"wrong cusec":      apRep(t, key, ctime, 123457),
		"wrong ctime":      apRep(t, key, ctime.Add(time.Second), 123456),
		"other key":        apRep(t, newKey(), ctime, 123456),
		"not a GSS token":  []byte("garbage"),
		"truncated AP-REP": apRep(t, key, ctime, 123456)[:40],
	} {
		if err := checkAPRep(tok, sent, key); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestRunLogins: every login index runs once across the workers, latencies come back
// sorted, and the first failure stops the run and is reported with its index.
func TestRunLogins(t *testing.T) {
	var mu sync.Mutex
	seen := map[int]int{}
	lat, wall, err := runLogins(context.Background(), 40, 4, func(_ context.Context, i, w int) error {
		mu.Lock()
		seen[i]++
		mu.Unlock()
		time.Sleep(time.Duration(i%3) * time.Millisecond)
		return nil
	})
	if err != nil || len(lat) != 40 || len(seen) != 40 || wall <= 0 {
		t.Fatalf("err %v, %d latencies, %d distinct logins, wall %v", err, len(lat), len(seen), wall)
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("login %d ran %d times", i, n)
		}
	}
	for i := 1; i < len(lat); i++ {
		if lat[i] < lat[i-1] {
			t.Fatal("latencies not sorted")
		}
	}
	_, _, err = runLogins(context.Background(), 1000, 1, func(_ context.Context, i, _ int) error {
		if i == 5 {
			return errors.New("28P01 password authentication failed")
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "login 6 of 1000") || !strings.Contains(err.Error(), "28P01") {
		t.Fatalf("failure: %v", err)
	}
}

// TestGSSMissingTools: without the Kerberos programs the gss row says what to install
// instead of disappearing or failing the whole run.
func TestGSSMissingTools(t *testing.T) {
	saved := krbtest.Binaries
	krbtest.Binaries = []string{"/nonexistent/krb5kdc"}
	defer func() { krbtest.Binaries = saved }()
	rows, err := (&loginBed{}).gss()
	if err != nil || len(rows) != 1 || !strings.Contains(rows[0].Missing, "apt-get install -y krb5-kdc") {
		t.Fatalf("rows %+v, err %v", rows, err)
	}
	md := (&loginsResult{PerRun: 1, Workers: 8, Rows: rows}).markdown()
	if !strings.Contains(md, "| "+gssMethod+" | – | missing: /nonexistent/krb5kdc missing") {
		t.Fatalf("markdown:\n%s", md)
	}
}

// TestMeasureLogins runs the logins section for real (pgwired, the simulator, fosite and,
// when installed, an MIT KDC) with 3 logins per run, and checks what the table claims:
// new users cost one IRIS login each, a cold OAuth login a grant and an introspection, a
// warm one none, a new principal one TGS exchange.
func TestMeasureLogins(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs pgwired")
	}
	dir := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "pgwired"), "./cmd/pgwired")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	res, err := measureLogins(&environment{dir: dir, pgwiredBin: filepath.Join(dir, "pgwired")}, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := 8
	if krbtest.Missing() != nil {
		want = 7 // one "missing" row for gss
	}
	if len(res.Rows) != want || res.Workers != 8 || res.PerRun != 3 {
		t.Fatalf("%d rows, %d workers, %d per run: %+v", len(res.Rows), res.Workers, res.PerRun, res.Rows)
	}
	for _, r := range res.Rows {
		if r.Missing != "" {
			if !strings.HasPrefix(r.Method, "gss") {
				t.Errorf("%s missing: %s", r.Method, r.Missing)
			}
			continue
		}
		if r.Logins != 3 || r.P50ms <= 0 || r.P99ms < r.P50ms || r.PerSecond <= 0 || r.ConcPerSecond <= 0 || r.ConcP99ms < r.ConcP50ms {
			t.Errorf("%s, %s: %+v", r.Method, r.Users, r)
		}
		if r.Users == usersNew && r.IRISLoginsPerLogin != 1 {
			t.Errorf("%s, new users: %.2f IRIS logins per login, want 1", r.Method, r.IRISLoginsPerLogin)
		}
		switch r.Method + " / " + r.Users {
		case "oauth, cold token cache / new user each login":
			if r.ExternalPerLogin != 2 {
				t.Errorf("cold OAuth: %.2f requests per login, want a grant and an introspection", r.ExternalPerLogin)
			}
		case "oauth, warm token cache / same user":
			if r.ExternalPerLogin != 0 {
				t.Errorf("warm OAuth: %.2f requests per login, want 0", r.ExternalPerLogin)
			}
		case gssMethod + " / new user each login":
			if r.ExternalPerLogin != 1 {
				t.Errorf("new principal: %.2f TGS-REQs per login, want 1", r.ExternalPerLogin)
			}
		case gssMethod + " / same user":
			if r.ExternalPerLogin != 0 {
				t.Errorf("cached service ticket: %.2f TGS-REQs per login, want 0", r.ExternalPerLogin)
			}
		}
	}
	md := res.markdown()
	if !strings.Contains(md, "| oauth, cold token cache | new user each login | 3 |") {
		t.Errorf("markdown:\n%s", md)
	}
}
