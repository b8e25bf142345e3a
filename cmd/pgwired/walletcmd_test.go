package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgwired/pgwired/internal/wallet"
)

// recordingCaller is a Wallet class that remembers SetSecret calls.
type recordingCaller struct{ set []string }

func (r *recordingCaller) ClassMethod(context.Context, string, string, ...any) (any, error) {
	return nil, nil
}

func (r *recordingCaller) ClassMethodVoid(_ context.Context, class, method string, args ...any) error {
	r.set = append(r.set, class+"."+method+":"+args[0].(string)+"="+args[1].(string))
	return nil
}

func TestImportUsers(t *testing.T) {
	rc := &recordingCaller{}
	w := wallet.New(wallet.Config{Dial: func(context.Context) (wallet.Caller, func(bool), error) { return rc, func(bool) {}, nil }})
	dir := t.TempDir()
	good := filepath.Join(dir, "users.txt")
	os.WriteFile(good, []byte("# comment\n\nalice:pa:ss\r\n bob :x\n"), 0o600)
	var out bytes.Buffer
	n, err := importUsers(context.Background(), w, good, &out)
	if err != nil || n != 2 {
		t.Fatalf("%d %v", n, err)
	}
	if strings.Join(rc.set, " ") != "%IRIS.Wallet.SetSecret:pgwire-user-alice=pa:ss %IRIS.Wallet.SetSecret:pgwire-user-bob=x" {
		t.Fatalf("set %v", rc.set)
	}
	if out.String() != "stored pgwire-user-alice\nstored pgwire-user-bob\n" {
		t.Fatalf("output %q", out.String())
	}

	// A bad line anywhere means nothing is written.
	rc.set = nil
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("carol:ok\ndave-without-password\n"), 0o600)
	if _, err := importUsers(context.Background(), w, bad, &out); err == nil || !strings.Contains(err.Error(), "bad.txt:2") {
		t.Fatalf("bad file: %v", err)
	}
	if len(rc.set) != 0 {
		t.Fatalf("partial import: %v", rc.set)
	}
}

func TestReadSecret(t *testing.T) {
	if v, err := readSecret(strings.NewReader("s3cret\r\nignored\n")); v != "s3cret" || err != nil {
		t.Fatalf("%q %v", v, err)
	}
	if v, err := readSecret(strings.NewReader("no-newline")); v != "no-newline" || err != nil {
		t.Fatalf("%q %v", v, err)
	}
	if _, err := readSecret(strings.NewReader("\n")); err == nil {
		t.Fatal("empty value accepted")
	}
}
