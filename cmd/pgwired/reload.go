package main

import (
	"log/slog"
	"os"
	"sync"
)

// reloader is what SIGHUP (`systemctl reload`) redoes without dropping a client: it
// reopens LOG_FILE (after logrotate moved it away) and reloads the TLS certificate from
// its files (after a renewal; sessions already running keep theirs). Other settings are
// read once at start and need a restart.
type reloader struct {
	logger *slog.Logger
	log    *logFile   // nil when logging to stderr
	certs  *certStore // nil without client TLS
	auth   *authParts // audit file and SCRAM userlist (authchain.go)
}

func (r *reloader) reload() {
	if r.log != nil {
		if err := r.log.Reopen(); err != nil {
			r.logger.Error("SIGHUP: cannot reopen LOG_FILE; still writing to the old file", "error", err)
		}
	}
	r.auth.reload(r.logger)
	r.logger.Info("SIGHUP: reopening LOG_FILE and AUDIT_LOG_FILE, reloading the TLS certificate, AUTH_HBA_FILE, AUTH_USERLIST_FILE and KRB5_KEYTAB; other settings need a restart")
	if r.certs != nil {
		if err := r.certs.Reload(); err != nil {
			r.logger.Error("SIGHUP: keeping the current TLS certificate", "error", err)
		} else {
			r.logger.Info("TLS certificate reloaded", "cert", r.certs.certFile)
		}
	}
}

// logFile is LOG_FILE as an io.Writer that Reopen can point at a new file of the same
// name while other goroutines log.
type logFile struct {
	path string
	mu   sync.Mutex
	f    *os.File
}

func openLogFile(path string) (*logFile, error) {
	l := &logFile{path: path}
	f, err := l.open()
	if err != nil {
		return nil, err
	}
	l.f = f
	return l, nil
}

func (l *logFile) open() (*os.File, error) {
	return os.OpenFile(l.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o640)
}

func (l *logFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Write(p)
}

// Reopen switches to a freshly opened LOG_FILE; on failure the old file stays in use.
func (l *logFile) Reopen() error {
	f, err := l.open()
	if err != nil {
		return err
	}
	l.mu.Lock()
	old := l.f
	l.f = f
	l.mu.Unlock()
	return old.Close()
}

func (l *logFile) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Close()
}
