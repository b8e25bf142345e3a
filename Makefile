# pgwired: the two commands a newcomer needs are `make run` and `make test`.
GO        ?= go
PKGS      ?= ./...
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS   := -X main.version=$(VERSION) -X main.commit=$(COMMIT)
BIN       := bin/pgwired

.PHONY: all build run test test-short fuzz bench bench-micro lint fmt clean install uninstall

# Install paths; packagers set DESTDIR (staging root) and PREFIX. The systemd, logrotate
# and sysusers paths are where Debian and Fedora look, whatever PREFIX is.
PREFIX     ?= /usr
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
DOCDIR     ?= $(PREFIX)/share/doc/pgwired
UNITDIR    ?= /usr/lib/systemd/system
SYSUSERSDIR ?= /usr/lib/sysusers.d
SYSCONFDIR ?= /etc
INSTALL    ?= install

all: build

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/pgwired
	$(GO) build -o bin/irissim ./cmd/irissim

# Serves PostgreSQL on 127.0.0.1:5432 from the built-in IRIS simulator (data in ./data).
# Log in as _SYSTEM / SYS, database USER.
run: build
	BACKEND_TYPE=sim PGWIRE_HOST=$${PGWIRE_HOST:-127.0.0.1} PGWIRE_PORT=$${PGWIRE_PORT:-5432} \
	PGWIRE_DATA_DIR=$${PGWIRE_DATA_DIR:-./data} ./$(BIN) serve

# Unit, integration and end-to-end tests. End-to-end tests use psql, psycopg and PostgreSQL
# from Debian packages; .ci/run installs them on a fresh machine.
test:
	$(GO) vet $(PKGS)
	$(GO) test -count=1 -timeout 30m $(PKGS)

test-short:
	$(GO) test -short -count=1 $(PKGS)

# Every Go fuzz target for FUZZTIME (default 5s) each; .ci/run runs it after make test.
fuzz:
	GO=$(GO) ./scripts/fuzz-smoke

# Side-by-side overhead table (pgwired vs direct IRIS, PgBouncer vs direct PostgreSQL);
# needs postgresql and, for the PgBouncer column, pgbouncer (Debian packages). About 6 min.
# Writes bench/results/latest.{json,md}. bench-micro runs the Go micro-benchmarks.
bench:
	$(GO) run ./bench

bench-micro:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/iris/ ./internal/translate/ ./internal/irissim/ ./internal/session/ ./internal/wire/ ./internal/auth/

lint:
	$(GO) vet $(PKGS)
	@command -v staticcheck >/dev/null 2>&1 || $(GO) install honnef.co/go/tools/cmd/staticcheck@latest
	$$(command -v staticcheck || echo $$($(GO) env GOPATH)/bin/staticcheck) $(PKGS)

fmt:
	gofmt -w cmd internal

clean:
	rm -rf bin

# Installs the binary, the systemd units, the logrotate file, the sysusers.d entry and the
# environment example. /etc/pgwire/environment is created from the example only if absent
# (an upgrade keeps the operator's settings). Afterwards, on the target machine:
#   systemd-sysusers && systemctl daemon-reload && systemctl enable --now pgwired
install: build
	$(INSTALL) -D -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/pgwired
	$(INSTALL) -D -m 0644 deploy/systemd/pgwired.service $(DESTDIR)$(UNITDIR)/pgwired.service
	$(INSTALL) -D -m 0644 deploy/systemd/pgwired.socket $(DESTDIR)$(UNITDIR)/pgwired.socket
	sed -i 's|^ExecStart=/usr/bin/pgwired |ExecStart=$(BINDIR)/pgwired |' $(DESTDIR)$(UNITDIR)/pgwired.service
	$(INSTALL) -D -m 0644 deploy/sysusers.d/pgwired.conf $(DESTDIR)$(SYSUSERSDIR)/pgwired.conf
	$(INSTALL) -D -m 0644 deploy/logrotate/pgwired $(DESTDIR)$(SYSCONFDIR)/logrotate.d/pgwired
	$(INSTALL) -D -m 0644 deploy/systemd/environment.example $(DESTDIR)$(DOCDIR)/environment.example
	$(INSTALL) -D -m 0644 docs/operations.md $(DESTDIR)$(DOCDIR)/operations.md
	$(INSTALL) -D -m 0644 deploy/haproxy/haproxy.cfg $(DESTDIR)$(DOCDIR)/haproxy.cfg.example
	$(INSTALL) -d -m 0750 $(DESTDIR)$(SYSCONFDIR)/pgwire
	[ -e $(DESTDIR)$(SYSCONFDIR)/pgwire/environment ] || \
		$(INSTALL) -m 0640 deploy/systemd/environment.example $(DESTDIR)$(SYSCONFDIR)/pgwire/environment

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pgwired $(DESTDIR)$(UNITDIR)/pgwired.service $(DESTDIR)$(UNITDIR)/pgwired.socket \
		$(DESTDIR)$(SYSUSERSDIR)/pgwired.conf $(DESTDIR)$(SYSCONFDIR)/logrotate.d/pgwired
	rm -rf $(DESTDIR)$(DOCDIR)
