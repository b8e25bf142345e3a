package irissim

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
)

// Config configures a simulator.
type Config struct {
	// DataDir holds one SQLite file per namespace. "" uses a temporary
	// directory that Close removes.
	DataDir string
	// Users maps user name (case-insensitive) to password (case-sensitive).
	// Default: {"_SYSTEM": "SYS"}.
	Users map[string]string
	// Namespaces that exist. Default: USER; %SYS always exists.
	Namespaces []string
	// FetchBatchRows caps rows per data message (default 1000). Batches are
	// also cut at FetchBatchBytes (default 64 KiB) so a message stays small.
	FetchBatchRows  int
	FetchBatchBytes int
	// Version is the $ZVERSION text reported at login and by GetVersion.
	Version string
	// Logger receives connection-level events; nil discards them.
	Logger *slog.Logger
}

const defaultVersion = "IRIS for UNIX (Ubuntu Server LTS for x86-64) 2025.1 (Build 223U) Tue Mar 11 2025 18:09:59 EDT"

// Server is an IRIS SuperServer simulator.
type Server struct {
	cfg    Config
	log    *slog.Logger
	dir    string
	tmpDir bool

	mu         sync.Mutex
	users      map[string]user // upper-cased name → user
	namespaces map[string]*namespace
	wallet     map[string]map[string]string // namespace → key → secret
	listeners  map[net.Listener]struct{}
	conns      map[*serverConn]struct{}
	closed     bool

	wg        sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
	jobs      atomic.Int64
	active    atomic.Int64
	total     atomic.Int64
	addr      atomic.Pointer[net.Addr]
	batchSz   int
	batchB    int
}

type user struct{ name, password string }

// New creates a simulator and opens its namespaces.
func New(cfg Config) (*Server, error) {
	if cfg.Users == nil {
		cfg.Users = map[string]string{"_SYSTEM": "SYS"}
	}
	if len(cfg.Namespaces) == 0 {
		cfg.Namespaces = []string{"USER"}
	}
	if cfg.Version == "" {
		cfg.Version = defaultVersion
	}
	if cfg.FetchBatchRows <= 0 {
		cfg.FetchBatchRows = 1000
	}
	if cfg.FetchBatchBytes <= 0 {
		cfg.FetchBatchBytes = 64 << 10
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	dir, tmp, err := dataDir(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("irissim: data directory: %w", err)
	}
	s := &Server{
		cfg: cfg, log: log, dir: dir, tmpDir: tmp,
		users: map[string]user{}, namespaces: map[string]*namespace{}, wallet: map[string]map[string]string{},
		listeners: map[net.Listener]struct{}{}, conns: map[*serverConn]struct{}{},
		batchSz: cfg.FetchBatchRows, batchB: cfg.FetchBatchBytes,
	}
	s.jobs.Store(int64(os.Getpid()%10000) * 100)
	for name, pw := range cfg.Users {
		s.AddUser(name, pw)
	}
	names := append([]string{"%SYS"}, cfg.Namespaces...)
	for _, name := range names {
		up := strings.ToUpper(name)
		if _, dup := s.namespaces[up]; dup {
			continue
		}
		ns, err := openNamespace(dir, up)
		if err != nil {
			s.closeNamespaces()
			return nil, err
		}
		s.namespaces[up] = ns
	}
	return s, nil
}

// AddUser creates or replaces a user.
func (s *Server) AddUser(name, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[strings.ToUpper(name)] = user{name: name, password: password}
}

// SetWalletSecret stores a secret readable with %IRIS.Wallet.GetSecret in namespace ns.
func (s *Server) SetWalletSecret(ns, key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ns = strings.ToUpper(ns)
	if s.wallet[ns] == nil {
		s.wallet[ns] = map[string]string{}
	}
	s.wallet[ns][key] = value
}

func (s *Server) walletSecret(ns, key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.wallet[ns][key]
	return v, ok
}

// Start listens on addr (e.g. "127.0.0.1:0") and serves in the background.
// It returns once the listener is bound.
func (s *Server) Start(addr string) (net.Addr, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.Serve(l); err != nil {
			s.log.Error("irissim: serve", "err", err)
		}
	}()
	return l.Addr(), nil
}

// ListenAndServe listens on addr and serves until Close.
func (s *Server) ListenAndServe(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(l)
}

// Serve accepts connections on l until Close. It returns nil after Close.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		l.Close()
		return errors.New("irissim: server closed")
	}
	s.listeners[l] = struct{}{}
	s.mu.Unlock()
	a := l.Addr()
	s.addr.Store(&a)
	for {
		nc, err := l.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			delete(s.listeners, l)
			s.mu.Unlock()
			if closed {
				return nil
			}
			return err
		}
		c := newServerConn(s, nc)
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			nc.Close()
			return nil
		}
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.active.Add(1)
		s.total.Add(1)
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			c.serve()
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
			s.active.Add(-1)
		}()
	}
}

// Addr is the address of the most recent listener (nil before Serve).
func (s *Server) Addr() net.Addr {
	if a := s.addr.Load(); a != nil {
		return *a
	}
	return nil
}

// ActiveConnections is the number of open client connections.
func (s *Server) ActiveConnections() int { return int(s.active.Load()) }

// TotalConnections is the number of connections accepted since New.
func (s *Server) TotalConnections() int64 { return s.total.Load() }

// DropConnections closes every client socket, as a crashed network would.
// Their sessions roll back; listeners stay open.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := make([]*serverConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.nc.Close()
	}
}

// Close stops listening, closes all connections, waits for them to finish
// and closes the databases (removing a temporary data directory).
func (s *Server) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.shutdown() })
	return s.closeErr
}

func (s *Server) shutdown() error {
	s.mu.Lock()
	s.closed = true
	for l := range s.listeners {
		l.Close()
	}
	s.mu.Unlock()
	s.DropConnections()
	s.wg.Wait()
	err := s.closeNamespaces()
	if s.tmpDir {
		if rerr := os.RemoveAll(s.dir); err == nil {
			err = rerr
		}
	}
	return err
}

func (s *Server) closeNamespaces() error {
	var first error
	for _, ns := range s.namespaces {
		if err := ns.close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *Server) namespace(name string) *namespace {
	return s.namespaces[strings.ToUpper(name)]
}

func (s *Server) checkLogin(name, password string) (user, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[strings.ToUpper(name)]
	return u, ok && u.password == password
}
