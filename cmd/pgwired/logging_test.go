package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestJournalLinesCarryPriorityAndNoTime(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		logger := slog.New(newHandler(&buf, format, slog.LevelDebug, true)).With("component", "test")
		logger.Error("e-line", "n", 1)
		logger.Warn("w-line")
		logger.Info("i-line")
		logger.Debug("d-line")
		logger.WithGroup("g").Info("grouped", "k", "v")
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		want := []struct{ prefix, msg string }{{"<3>", "e-line"}, {"<4>", "w-line"}, {"<6>", "i-line"}, {"<7>", "d-line"}, {"<6>", "grouped"}}
		if len(lines) != len(want) {
			t.Fatalf("%s: %d lines:\n%s", format, len(lines), buf.String())
		}
		for i, w := range want {
			line := lines[i]
			if !strings.HasPrefix(line, w.prefix) || !strings.Contains(line, w.msg) || !strings.Contains(line, "component") {
				t.Errorf("%s line %d = %q, want prefix %s and message %s", format, i, line, w.prefix, w.msg)
			}
			if strings.Contains(line, "time=") || strings.Contains(line, `"time"`) {
				t.Errorf("%s line %d repeats the timestamp journald adds: %q", format, i, line)
			}
			if format == "json" {
				var m map[string]any
				if err := json.Unmarshal([]byte(line[len(w.prefix):]), &m); err != nil {
					t.Errorf("json line %q: %v", line, err)
				}
			}
		}
	}
}

func TestPlainLinesKeepTime(t *testing.T) {
	var buf bytes.Buffer
	slog.New(newHandler(&buf, "text", slog.LevelInfo, false)).Info("hello")
	if s := buf.String(); !strings.HasPrefix(s, "time=") || strings.HasPrefix(s, "<") {
		t.Errorf("line %q", s)
	}
}

func TestJournalHandlerHonoursLevel(t *testing.T) {
	var buf bytes.Buffer
	slog.New(newHandler(&buf, "text", slog.LevelWarn, true)).Info("quiet")
	if buf.Len() != 0 {
		t.Errorf("info logged at LOG_LEVEL=warn: %q", buf.String())
	}
}

func TestIsJournalStream(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stream"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		t.Fatal(err)
	}
	for env, want := range map[string]bool{
		fmt.Sprintf("%d:%d", st.Dev, st.Ino):   true,
		fmt.Sprintf("%d:%d", st.Dev, st.Ino+1): false, // another stream: stderr was redirected
		"":                                     false, "garbage": false, "1:x": false,
	} {
		if got := isJournalStream(f, env); got != want {
			t.Errorf("JOURNAL_STREAM=%q: %v, want %v", env, got, want)
		}
	}
}
