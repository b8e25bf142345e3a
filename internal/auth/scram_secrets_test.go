package auth

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUserlist(t *testing.T) {
	alice, _ := NewScramVerifier("a", []byte("salt-alice-12345"), 4096)
	quoted, _ := NewScramVerifier("q", []byte("salt-quote-12345"), 4096)
	path := filepath.Join(t.TempDir(), "userlist.txt")
	body := "; comment\n# another\n\n" +
		`"alice" "` + alice.String() + `"` + "\n" +
		`  "we""ird user"   "` + quoted.String() + `" "extra field ignored"` + "\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	ul, err := OpenUserlist(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if v, err := ul.ScramVerifier(ctx, "alice"); err != nil || v.String() != alice.String() {
		t.Fatalf("alice: %v %v", v, err)
	}
	if v, err := ul.ScramVerifier(ctx, `we"ird user`); err != nil || v.String() != quoted.String() {
		t.Fatalf("quoted name: %v %v", v, err)
	}
	if _, err := ul.ScramVerifier(ctx, "bob"); !errors.Is(err, ErrNoVerifier) {
		t.Fatalf("bob: %v", err)
	}

	// A bad file on reload keeps the old contents and names the line, never the secret.
	os.WriteFile(path, []byte(`"alice" "`+alice.String()+`"`+"\n"+`"bob" "hunter2-plain"`+"\n"), 0o600)
	err = ul.Reload()
	if err == nil || !strings.Contains(err.Error(), "userlist.txt:2") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("reload error %v", err)
	}
	if ul.Len() != 2 {
		t.Fatalf("old contents lost: %d users", ul.Len())
	}
	for _, bad := range []string{`alice "x"`, `"alice`, `"alice"`} {
		os.WriteFile(path, []byte(bad+"\n"), 0o600)
		if err := ul.Reload(); err == nil || !strings.Contains(err.Error(), ":1") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestScramSourcesOrder(t *testing.T) {
	a1, _ := NewScramVerifier("one", []byte("salt-one-1234567"), 4096)
	a2, _ := NewScramVerifier("two", []byte("salt-two-1234567"), 4096)
	failing := errSource{errors.New("IRIS down")}
	ss := ScramSources{memScram{"alice": a1}, memScram{"alice": a2, "bob": a2}, failing}
	ctx := context.Background()
	if v, _ := ss.ScramVerifier(ctx, "alice"); v.String() != a1.String() {
		t.Fatal("first source does not win")
	}
	if v, _ := ss.ScramVerifier(ctx, "bob"); v.String() != a2.String() {
		t.Fatal("second source not asked")
	}
	if _, err := ss.ScramVerifier(ctx, "carol"); err == nil || errors.Is(err, ErrNoVerifier) {
		t.Fatalf("a failing source must not read as an unknown user: %v", err)
	}
}

type errSource struct{ err error }

func (e errSource) ScramVerifier(context.Context, string) (ScramVerifier, error) {
	return ScramVerifier{}, e.err
}
