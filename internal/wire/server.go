package wire

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// ErrServerClosed is returned by Serve after Shutdown.
var ErrServerClosed = errors.New("wire: server closed")

// Server accepts PostgreSQL clients and runs one goroutine per connection.
type Server struct {
	cfg Config
	log *slog.Logger

	mu        sync.Mutex
	closing   bool
	listeners map[net.Listener]struct{}
	conns     map[*conn]struct{}
	wg        sync.WaitGroup // one per live connection goroutine

	active atomic.Int64 // connections holding a MaxConnections slot
	nextID atomic.Uint64

	// lastCommander is the connection that began the latest command after being idle;
	// othersAt is when a different one last did (Unix ns): see Solo.
	lastCommander atomic.Uint64
	othersAt      atomic.Int64
}

// NewServer returns a server; zero Config fields get defaults.
func NewServer(cfg Config) *Server {
	cfg = cfg.withDefaults()
	return &Server{
		cfg:       cfg,
		log:       cfg.Logger,
		listeners: make(map[net.Listener]struct{}),
		conns:     make(map[*conn]struct{}),
	}
}

// ActiveConnections is the number of connections counted against
// MaxConnections (connections refused with 53300 are not counted).
func (s *Server) ActiveConnections() int { return int(s.active.Load()) }

// soloWindow is how long one connection must have been the only one issuing commands
// before Solo says so.
const soloWindow = 5 * time.Millisecond

// Solo reports whether a single connection has issued all commands for the last few
// milliseconds: the server serves one client at a time (however many sit idle), so a
// core it spends on that client takes none from another session.
func (s *Server) Solo() bool { return time.Now().UnixNano()-s.othersAt.Load() > int64(soloWindow) }

// commandBegins notes that connection id begins a command after being idle.
func (s *Server) commandBegins(id uint64) {
	if s.lastCommander.Load() != id && s.lastCommander.Swap(id) != 0 {
		s.othersAt.Store(time.Now().UnixNano())
	}
}

// Serve accepts connections on l until Shutdown (then it returns
// ErrServerClosed) or until l fails permanently. It may be called for
// several listeners.
func (s *Server) Serve(l net.Listener) error {
	if !s.addListener(l) {
		return ErrServerClosed
	}
	defer s.removeListener(l)

	var backoff time.Duration
	for {
		nc, err := l.Accept()
		if err != nil {
			if s.isClosing() {
				return ErrServerClosed
			}
			if errors.Is(err, net.ErrClosed) {
				return err
			}
			// Transient (EMFILE, ECONNABORTED, ...): back off like net/http.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			s.log.Warn("accept failed; retrying", "err", err, "retry_in", backoff)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		s.startConn(nc)
	}
}

// Shutdown stops accepting, waits for sessions to end until ctx is done,
// then terminates the remaining ones (FATAL 57P01, as PostgreSQL's fast
// shutdown) and waits for their goroutines. It returns ctx.Err() when
// sessions had to be terminated.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	for l := range s.listeners {
		_ = l.Close()
	}
	s.mu.Unlock()

	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	s.mu.Lock()
	for c := range s.conns {
		c.kill()
	}
	s.mu.Unlock()
	<-done
	return ctx.Err()
}

func (s *Server) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

func (s *Server) addListener(l net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.listeners[l] = struct{}{}
	return true
}

func (s *Server) removeListener(l net.Listener) {
	s.mu.Lock()
	delete(s.listeners, l)
	s.mu.Unlock()
}

func (s *Server) startConn(nc net.Conn) {
	c := newConn(s, nc, s.nextID.Add(1))
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		_ = nc.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()

	// The slot is taken at accept so that a burst cannot overshoot the
	// limit; a refused client is told after its startup message.
	if limit := s.cfg.MaxConnections; limit > 0 && s.active.Add(1) > int64(limit) {
		s.active.Add(-1)
		c.overLimit = true
	} else if limit <= 0 {
		s.active.Add(1)
	}
	go c.serve()
}

// releaseSlot gives back the connection's MAX_CONNECTIONS slot, once. teardown does it
// before closing the socket, so that a client that saw its connection end can connect
// again at once.
func (s *Server) releaseSlot(c *conn) {
	if !c.overLimit && !c.slotReleased {
		c.slotReleased = true
		s.active.Add(-1)
	}
}

// connDone is called once by each connection goroutine when it ends.
func (s *Server) connDone(c *conn) {
	s.releaseSlot(c)
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.wg.Done()
}
