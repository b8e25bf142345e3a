package main

import (
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/pgwired/pgwired/internal/config"
)

// newLogger builds the process logger from LOG_LEVEL, LOG_FORMAT and LOG_FILE. Without
// LOG_FILE it logs to stderr, which journald collects under systemd.
func newLogger(c *config.Config) (*slog.Logger, io.Closer, error) {
	var out io.Writer = os.Stderr
	var closer io.Closer = io.NopCloser(nil)
	if c.LogFile != "" {
		f, err := openLogFile(c.LogFile) // reopened on SIGHUP, see reload.go
		if err != nil {
			return nil, nil, err
		}
		out, closer = f, f
	}
	opts := &slog.HandlerOptions{Level: parseLevel(c.LogLevel)}
	var h slog.Handler
	if strings.EqualFold(c.LogFormat, "json") {
		h = slog.NewJSONHandler(out, opts)
	} else {
		h = slog.NewTextHandler(out, opts)
	}
	return slog.New(h), closer, nil
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
