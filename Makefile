# pgwired: the two commands a newcomer needs are `make run` and `make test`.
GO        ?= go
PKGS      ?= ./...
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS   := -X main.version=$(VERSION) -X main.commit=$(COMMIT)
BIN       := bin/pgwired

.PHONY: all build run test test-short bench lint fmt clean

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

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/iris/ ./internal/translate/ ./internal/irissim/

lint:
	$(GO) vet $(PKGS)
	@command -v staticcheck >/dev/null 2>&1 || $(GO) install honnef.co/go/tools/cmd/staticcheck@latest
	$$(command -v staticcheck || echo $$($(GO) env GOPATH)/bin/staticcheck) $(PKGS)

fmt:
	gofmt -w cmd internal

clean:
	rm -rf bin
