package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgwired/pgwired/internal/logfile"
)

// TestReloadReopensLogFile is logrotate's sequence: move the file away, SIGHUP, and the
// next lines go to a new file of the configured name.
func TestReloadReopensLogFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pgwired.log")
	lf, err := logfile.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()
	logger := slog.New(slog.NewTextHandler(lf, nil))
	logger.Info("before rotation")
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	(&reloader{logger: logger, log: lf}).reload()
	logger.Info("after rotation")

	rotated := readFile(t, path+".1")
	current := readFile(t, path)
	if !strings.Contains(rotated, "before rotation") || strings.Contains(rotated, "after rotation") {
		t.Errorf("rotated file:\n%s", rotated)
	}
	if !strings.Contains(current, "SIGHUP") || !strings.Contains(current, "after rotation") || strings.Contains(current, "before rotation") {
		t.Errorf("new file:\n%s", current)
	}
}

func TestReloadKeepsCertificateWhenFilesAreBroken(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, err := ensureSelfSigned(dir)
	if err != nil {
		t.Fatal(err)
	}
	store, err := newCertStore(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	before := store.cert.Load()
	if err := os.WriteFile(certFile, []byte("half-written renewal"), 0o644); err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	(&reloader{logger: slog.New(slog.NewTextHandler(&logs, nil)), certs: store}).reload()
	if store.cert.Load() != before {
		t.Error("a broken certificate file replaced the working certificate")
	}
	if !strings.Contains(logs.String(), "keeping the current TLS certificate") {
		t.Errorf("the failure is not logged:\n%s", logs.String())
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
