package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pgwired/pgwired/internal/config"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/irissim"
	"github.com/pgwired/pgwired/internal/logfile"
	"github.com/pgwired/pgwired/internal/netio"
	"github.com/pgwired/pgwired/internal/session"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

func serve() int {
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgwired: invalid configuration:")
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	logger, logCloser, err := newLogger(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgwired: LOG_FILE:", err)
		return 1
	}
	defer logCloser.Close()
	slog.SetDefault(logger)
	rl := &reloader{logger: logger}
	rl.log, _ = logCloser.(*logfile.File)
	if err := run(cfg, logger, rl); err != nil {
		logger.Error("pgwired stopped", "error", err)
		return 1
	}
	return 0
}

// backend is where IRIS connections go: a real SuperServer, or the built-in simulator.
type backend struct {
	addr    string       // for log lines: IRIS_HOST's addresses, or the simulator's
	members *irisMembers // where connections go (irisfailover.go)
	tls     *tls.Config
	closeFn func() error
}

func startBackend(cfg *config.Config, logger *slog.Logger) (*backend, error) {
	if cfg.BackendType != config.BackendSim {
		members := newIRISMembers(cfg.IRISAddrs(), logger)
		b := &backend{addr: members.String(), members: members, closeFn: func() error { return nil }}
		if cfg.IRISTLS {
			// No ServerName: iris.Connect verifies each member under its own host name.
			tc := &tls.Config{MinVersion: tls.VersionTLS12}
			if cfg.IRISTLSCAFile != "" {
				pem, err := os.ReadFile(cfg.IRISTLSCAFile)
				if err != nil {
					return nil, fmt.Errorf("IRIS_TLS_CA_FILE: %w", err)
				}
				pool := x509.NewCertPool()
				if !pool.AppendCertsFromPEM(pem) {
					return nil, fmt.Errorf("IRIS_TLS_CA_FILE: no certificate found in %s", cfg.IRISTLSCAFile)
				}
				tc.RootCAs = pool
			}
			b.tls = tc
		}
		return b, nil
	}
	// The simulator listens on loopback only; it is pgwired's private backend.
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("PGWIRE_DATA_DIR: %w", err)
	}
	sim, err := irissim.New(irissim.Config{DataDir: filepath.Join(cfg.DataDir, "iris"), Logger: logger.With("component", "irissim")})
	if err != nil {
		return nil, fmt.Errorf("starting the IRIS simulator: %w", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		sim.Close()
		return nil, err
	}
	go sim.Serve(l)
	logger.Warn("BACKEND_TYPE=sim: serving from the built-in IRIS SIMULATOR, not a real IRIS; for trying pgwired and tests only",
		"data_dir", cfg.DataDir, "simulator_addr", l.Addr().String())
	addr := l.Addr().String()
	return &backend{addr: addr, members: newIRISMembers([]string{addr}, logger), closeFn: sim.Close}, nil
}

// socketIO reads and writes plain sockets with internal/netio (no sysmon wake-up per
// system call: a fifth less CPU per query), busy-polling for up to poll while the server
// serves a single client (Server.Solo; the server is nil before it exists: no polling).
func socketIO(poll time.Duration, srv *atomic.Pointer[wire.Server]) func(net.Conn) (io.Reader, io.Writer) {
	spin := netio.Spin{For: poll, When: func() bool {
		s := srv.Load()
		return s != nil && s.Solo()
	}}
	return func(nc net.Conn) (io.Reader, io.Writer) {
		return netio.NewSpinningReader(nc, spin), netio.NewWriter(nc)
	}
}

func run(cfg *config.Config, logger *slog.Logger, rl *reloader) error {
	be, err := startBackend(cfg, logger)
	if err != nil {
		return err
	}
	defer be.closeFn()
	var server atomic.Pointer[wire.Server] // for the busy-poll gates, set once it exists

	pool, err := iris.NewPool(iris.PoolConfig{
		Size:           cfg.PoolSize,
		AcquireTimeout: cfg.PoolAcquireTimeout,
		MaxLifetime:    cfg.PoolMaxLifetime,
		IdleCheckAfter: 30 * time.Second,
		Dial: func(ctx context.Context, cred iris.Credentials) (*iris.Conn, error) {
			conn, err := be.members.connect(ctx, iris.Options{
				Namespace: cred.Namespace, Username: cred.Username, Password: cred.Password,
				TLSConfig: be.tls, DialTimeout: 10 * time.Second, KeepAlive: 30 * time.Second,
				AppName: "pgwired", SocketIO: socketIO(cfg.BusyPoll, &server),
			})
			if err != nil {
				return nil, err
			}
			// IRIS defaults to READ UNCOMMITTED for the whole process; PostgreSQL clients
			// expect READ COMMITTED, also for statements outside transaction blocks.
			if _, err := conn.Exec(ctx, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", nil); err != nil {
				conn.Close()
				return nil, fmt.Errorf("setting READ COMMITTED on the new IRIS connection: %w", err)
			}
			return conn, nil
		},
	})
	if err != nil {
		return fmt.Errorf("POOL_SIZE: %w", err)
	}
	defer pool.Close()

	surface := newOpsSurface(cfg, logger, be) // ops.go: metrics, health, sd_notify
	defer surface.close()

	topts := translate.DefaultOptions()
	topts.Schema = cfg.IRISSchema
	topts.ServerVersion = pgCompatVersion
	var serviceAccount *iris.Credentials
	if cfg.ServiceAccount {
		serviceAccount = &iris.Credentials{Namespace: cfg.IRISNamespace, Username: cfg.IRISUsername, Password: cfg.IRISPassword}
	}
	translations := translate.NewCache(cfg.TranslationCacheSize, topts)
	mgr := session.NewManager(session.Config{
		Pool:             pool,
		Translator:       translations,
		Namespace:        cfg.IRISNamespace,
		ServiceAccount:   serviceAccount,
		StatementTimeout: cfg.StatementTimeout,
		ServerVersion:    pgCompatVersion,
		Version:          version,
		Logger:           logger,

		TransactionPooling: cfg.PoolMode == "transaction",
	})

	tlsConfig, certs, err := clientTLS(cfg, logger)
	if err != nil {
		return err
	}
	rl.certs = certs
	authn, err := buildAuth(cfg, logger, mgr, pool, certs, surface.metrics) // authchain.go
	if err != nil {
		return err
	}
	defer authn.close()
	rl.auth = authn

	srv := wire.NewServer(wire.Config{
		SocketIO:     socketIO(cfg.BusyPoll, &server),
		TLSConfig:    tlsConfig,
		TLSRequired:  cfg.TLSRequired,
		LoginTimeout: cfg.LoginTimeout,
		// An abandoned transaction would otherwise hold its IRIS connection and locks.
		IdleInTransactionTimeout: cfg.IdleInTransactionTimeout,
		MaxMessageSize:           cfg.MaxMessageSize,
		MaxConnections:           cfg.MaxConnections,
		Authenticate:             authn.chain, // reports to surface.metrics itself, with the deciding method
		NewSession:               mgr.NewSession,
		Cancel:                   mgr.Cancel,
		// Behind a balancer: the real client address, and cancels reaching the session's instance.
		ProxyTrusted: cfg.ProxyTrusted(),
		InstanceID:   cfg.PeerID,
		CancelPeers:  cfg.PeerAddrs(),
		Logger:       logger,
		Observer:     surface.metrics,
		ParameterStatus: func(c *wire.ConnInfo) map[string]string {
			return map[string]string{"server_version": mgr.ServerVersion(c.Identity.Extra), "TimeZone": "UTC"}
		},
	})

	server.Store(srv)

	// SIGHUP must be caught: its default action would end the process, so a
	// `systemctl reload` would drop every client. Caught before the listening line and
	// READY=1, after which scripts and systemd may send it.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	listeners, err := pgListeners(cfg, logger)
	if err != nil {
		return err
	}
	if err := surface.start(srv, pool, translations.Stats, authn.walletProbe()); err != nil {
		for _, l := range listeners {
			l.Close()
		}
		return err
	}
	serveErr := make(chan error, len(listeners))
	for _, l := range listeners {
		logger.Info("PGWire server listening on "+l.Addr().String(), "backend", cfg.BackendType, "iris", be.addr,
			"namespace", cfg.IRISNamespace, "tls", tlsConfig != nil, "version", version)
		go func() { serveErr <- srv.Serve(l) }()
	}
	if len(cfg.ProxyProtocolTrusted) > 0 || cfg.PeerID != 0 {
		logger.Info("scale-out: PROXY protocol and cancel forwarding",
			"proxy_protocol_trusted", strings.Join(cfg.ProxyProtocolTrusted, ","), "peer_id", cfg.PeerID, "peers", strings.Join(cfg.Peers, ","))
	}
	surface.listening()
	var stop os.Signal
	for stop == nil {
		select {
		case err := <-serveErr:
			return err
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				rl.reload()
				continue
			}
			stop = sig
		}
	}
	surface.draining()
	logger.Info("draining: no new connections; waiting for sessions to finish", "signal", stop.String(), "timeout", cfg.ShutdownTimeout.String())
	ctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	go func() {
		for {
			select {
			case sig := <-sigs:
				if sig == syscall.SIGHUP {
					continue
				}
				// A second SIGTERM or SIGINT stops at once.
				logger.Warn("second signal: stopping now")
				cancel()
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		logger.Warn("shutdown", "error", err)
	}
	logger.Info("pgwired stopped")
	return nil
}

// clientTLS prepares the TLS offered to PostgreSQL clients. With the simulator and no
// certificate configured, pgwired makes a self-signed one so that `make run` protects the
// password with psql's default sslmode=prefer.
func clientTLS(cfg *config.Config, logger *slog.Logger) (func() *tls.Config, *certStore, error) {
	certFile, keyFile := cfg.TLSCertFile, cfg.TLSKeyFile
	if certFile == "" && cfg.BackendType == config.BackendSim {
		var err error
		certFile, keyFile, err = ensureSelfSigned(cfg.DataDir)
		if err != nil {
			return nil, nil, fmt.Errorf("making a self-signed certificate in %s: %w", cfg.DataDir, err)
		}
		logger.Info("TLS with a self-signed certificate for the simulator", "cert", certFile)
	} else if !cfg.TLSEnabled {
		return nil, nil, nil
	}
	store, err := newCertStore(certFile, keyFile)
	if err != nil {
		return nil, nil, err
	}
	tc := store.TLSConfig()
	if err := requestClientCerts(tc, cfg.TLSClientCAFile); err != nil { // authchain.go: AUTH_METHODS=cert
		return nil, nil, err
	}
	return func() *tls.Config { return tc }, store, nil
}
