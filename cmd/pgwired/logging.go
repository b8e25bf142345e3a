package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/pgwired/pgwired/internal/config"
	"github.com/pgwired/pgwired/internal/logfile"
)

// newLogger builds the process logger from LOG_LEVEL, LOG_FORMAT and LOG_FILE. Without
// LOG_FILE it logs to stderr, which journald collects under systemd.
func newLogger(c *config.Config) (*slog.Logger, io.Closer, error) {
	var out io.Writer = os.Stderr
	var closer io.Closer = io.NopCloser(nil)
	journal := false
	if c.LogFile != "" {
		f, err := logfile.Open(c.LogFile) // reopened on SIGHUP, see reload.go
		if err != nil {
			return nil, nil, err
		}
		out, closer = f, f
	} else {
		journal = isJournalStream(os.Stderr, os.Getenv("JOURNAL_STREAM"))
	}
	return slog.New(newHandler(out, c.LogFormat, parseLevel(c.LogLevel), journal)), closer, nil
}

// newHandler returns a text or JSON handler. For journald it leaves out the timestamp
// (the journal stamps every line itself; a second one only costs width) and starts each
// line with its syslog priority, "<3>" … "<7>", which journald turns into PRIORITY= so
// that `journalctl -p warning` works.
func newHandler(out io.Writer, format string, level slog.Level, journal bool) slog.Handler {
	opts := &slog.HandlerOptions{Level: level}
	if !journal {
		return formatHandler(out, format, opts)
	}
	opts.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	h := &journalHandler{}
	mu := new(sync.Mutex)
	for i, prefix := range syslogPrefixes {
		h.byPriority[i] = formatHandler(&prefixWriter{mu: mu, out: out, prefix: prefix}, format, opts)
	}
	return h
}

func formatHandler(out io.Writer, format string, opts *slog.HandlerOptions) slog.Handler {
	if strings.EqualFold(format, "json") {
		return slog.NewJSONHandler(out, opts)
	}
	return slog.NewTextHandler(out, opts)
}

// syslogPrefixes are sd-daemon(3)'s priority prefixes, most severe first: err, warning,
// info, debug.
var syslogPrefixes = [4]string{"<3>", "<4>", "<6>", "<7>"}

func priorityIndex(l slog.Level) int {
	switch {
	case l >= slog.LevelError:
		return 0
	case l >= slog.LevelWarn:
		return 1
	case l >= slog.LevelInfo:
		return 2
	}
	return 3
}

// journalHandler sends each record through the handler whose writer carries the
// record's priority prefix. All four share options, so Enabled asks any of them.
type journalHandler struct {
	byPriority [4]slog.Handler
}

func (h *journalHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.byPriority[0].Enabled(ctx, l)
}

func (h *journalHandler) Handle(ctx context.Context, r slog.Record) error {
	return h.byPriority[priorityIndex(r.Level)].Handle(ctx, r)
}

func (h *journalHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	n := &journalHandler{}
	for i, inner := range h.byPriority {
		n.byPriority[i] = inner.WithAttrs(attrs)
	}
	return n
}

func (h *journalHandler) WithGroup(name string) slog.Handler {
	n := &journalHandler{}
	for i, inner := range h.byPriority {
		n.byPriority[i] = inner.WithGroup(name)
	}
	return n
}

// prefixWriter writes each record (slog's handlers write one record per Write) with a
// prefix, in one write so that journald sees prefix and line together. The mutex is
// shared by the four priorities: they write to the same stream.
type prefixWriter struct {
	mu     *sync.Mutex
	out    io.Writer
	prefix string
	buf    []byte
}

func (w *prefixWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(append(w.buf[:0], w.prefix...), p...)
	if _, err := w.out.Write(w.buf); err != nil {
		return 0, err
	}
	return len(p), nil
}

// isJournalStream reports whether f is the stream systemd connected to journald:
// JOURNAL_STREAM holds its "device:inode" (systemd.exec(5)). Comparing them, rather than
// only testing that the variable is set, keeps a child whose stderr was redirected (for
// example to a file by a wrapper script) from writing priority prefixes into it.
func isJournalStream(f *os.File, journalStream string) bool {
	devText, inoText, ok := strings.Cut(journalStream, ":")
	if !ok {
		return false
	}
	dev, err1 := strconv.ParseUint(devText, 10, 64)
	ino, err2 := strconv.ParseUint(inoText, 10, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		return false
	}
	return uint64(st.Dev) == dev && uint64(st.Ino) == ino
}

func parseLevel(s string) slog.Level {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}
