package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestFileWritesContractFieldsAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	f, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	at := time.Date(2026, 11, 29, 13, 4, 5, 678_000_000, time.FixedZone("CET", 3600))
	f.Record(Event{Timestamp: at, Event: AuthFailure, Method: "password", Username: "alice",
		SourceIP: "10.0.0.1", ConnectionID: 7, DurationMS: 1.5, FailureReason: "28P01: password authentication failed"})

	b, _ := os.ReadFile(path)
	const want = `{"timestamp":"2026-11-29T12:04:05.678Z","event":"authentication_failure","method":"password",` +
		`"username":"alice","iris_username":"","source_ip":"10.0.0.1","connection_id":7,"wallet_accessed":false,` +
		`"duration_ms":1.5,"failure_reason":"28P01: password authentication failed"}` + "\n"
	if string(b) != want {
		t.Fatalf("line\n got %s\nwant %s", b, want)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", st.Mode().Perm())
	}

	// logrotate moves the file; Reopen starts a new one, later lines go there.
	os.Rename(path, path+".1")
	if err := f.Reopen(); err != nil {
		t.Fatal(err)
	}
	f.Record(Event{Event: AuthSuccess})
	lines := readLines(t, path)
	if len(lines) != 1 || lines[0]["event"] != AuthSuccess {
		t.Fatalf("after reopen: %v", lines)
	}
	if old := readLines(t, path+".1"); len(old) != 1 {
		t.Fatalf("rotated file has %d lines", len(old))
	}
}

// TestFileConcurrentLinesStayWhole: lines written from many goroutines never interleave.
func TestFileConcurrentLinesStayWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	f, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				f.Record(Event{Event: AuthSuccess, Username: "user-with-a-longish-name", ConnectionID: uint64(i)})
			}
		}()
	}
	wg.Wait()
	f.Close()
	if n := len(readLines(t, path)); n != 1600 {
		t.Fatalf("%d lines", n)
	}
}

func TestNote(t *testing.T) {
	var nilNote *Note
	nilNote.WalletRead() // nil-safe: methods run without a chain
	ctx, n := WithNote(context.Background(), &Note{Username: "bob", SourceIP: "::1", ConnectionID: 3})
	NoteFrom(ctx).WalletRead()
	NoteFrom(ctx).LoggedInAs("BOB")
	if !n.WalletAccessed() || n.IRISUser() != "BOB" {
		t.Fatal("note not updated through the context")
	}
	var e Event
	n.Stamp(&e)
	if e.Username != "bob" || e.SourceIP != "::1" || e.ConnectionID != 3 {
		t.Fatalf("stamp %+v", e)
	}
	if NoteFrom(context.Background()) != nil {
		t.Fatal("note out of nowhere")
	}
}

func readLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []map[string]any
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON: %q", sc.Text())
		}
		out = append(out, m)
	}
	return out
}
