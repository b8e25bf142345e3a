package main

import (
	"log/slog"

	"github.com/pgwired/pgwired/internal/logfile"
)

// reloader is what SIGHUP (`systemctl reload`) redoes without dropping a client: it
// reopens LOG_FILE (after logrotate moved it away) and reloads the TLS certificate from
// its files (after a renewal; sessions already running keep theirs). Other settings are
// read once at start and need a restart.
type reloader struct {
	logger *slog.Logger
	log    *logfile.File // nil when logging to stderr
	certs  *certStore    // nil without client TLS
	auth   *authParts    // audit file and SCRAM userlist (authchain.go)
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
