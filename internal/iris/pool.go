package iris

import (
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"sync"
	"time"
)

// Credentials identify the IRIS login a connection belongs to.
type Credentials struct {
	Namespace, Username, Password string
}

// PoolConfig configures a Pool.
type PoolConfig struct {
	Size           int           // most connections open at once, across all credentials
	AcquireTimeout time.Duration // longest wait for a free slot; 0: only the context bounds it
	MaxLifetime    time.Duration // connections older than this are closed instead of reused; 0: no limit
	IdleCheckAfter time.Duration // ping (SELECT 1) on checkout after this long idle; 0: never
	Dial           func(ctx context.Context, cred Credentials) (*Conn, error)
}

var (
	// ErrPoolTimeout: no connection became available within AcquireTimeout.
	ErrPoolTimeout = errors.New("iris: timed out waiting for a pooled connection")
	// ErrPoolClosed: the pool was closed.
	ErrPoolClosed = errors.New("iris: pool closed")
)

// Pool keeps logged-in connections for reuse. Connections are keyed by
// (namespace, upper-cased user, SHA-256 of the password), so a session always
// gets a connection logged in as its own IRIS user with the password it proved,
// never someone else's. The total across keys is bounded by Size; when the pool
// is full and another key has an idle connection, that one is closed to make room.
//
// Release does not reset session state: the caller (the session layer) must roll
// back any open transaction before releasing, and must close open Rows.
type Pool struct {
	cfg PoolConfig

	mu      sync.Mutex
	idle    map[poolKey][]idleConn // per key, oldest first; reuse takes the newest
	nIdle   int
	total   int // open or being dialled
	owners  map[*Conn]poolKey
	waiters []chan struct{} // FIFO of blocked Acquire calls
	closed  bool
	stats   PoolStats
}

type poolKey struct {
	namespace, user string
	password        [sha256.Size]byte
}

type idleConn struct {
	c     *Conn
	since time.Time
}

// PoolStats is a snapshot for metrics.
type PoolStats struct {
	Total, Idle, InUse, Waiting int
	Waits                       uint64 // Acquire calls that had to wait
	Timeouts                    uint64 // Acquire calls that gave up with ErrPoolTimeout
	Evictions                   uint64 // idle connections closed to make room for another key
	Dials                       uint64
}

// NewPool returns an empty pool.
func NewPool(cfg PoolConfig) (*Pool, error) {
	if cfg.Size <= 0 || cfg.Dial == nil {
		return nil, errors.New("iris: pool needs Size > 0 and a Dial function")
	}
	return &Pool{cfg: cfg, idle: make(map[poolKey][]idleConn), owners: make(map[*Conn]poolKey)}, nil
}

func keyOf(cred Credentials) poolKey {
	return poolKey{
		namespace: strings.ToUpper(cred.Namespace),
		user:      strings.ToUpper(cred.Username),
		password:  sha256.Sum256([]byte(cred.Password)),
	}
}

// Acquire returns a connection logged in with cred: an idle one of the same key,
// a new one if there is room, or one made by evicting another key's idle
// connection; otherwise it waits up to AcquireTimeout.
func (p *Pool) Acquire(ctx context.Context, cred Credentials) (*Conn, error) {
	key := keyOf(cred)
	var timeout <-chan time.Time // armed on the first wait: most acquires never wait
	waited := false
	for {
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			return nil, ErrPoolClosed
		}
		if ic, ok := p.popIdle(key); ok {
			p.owners[ic.c] = key
			p.mu.Unlock()
			if c := p.checkOut(ctx, ic); c != nil {
				return c, nil
			}
			continue
		}
		if p.total < p.cfg.Size {
			p.total++
			p.mu.Unlock()
			return p.dial(ctx, key, cred)
		}
		if victim, ok := p.popOldestOtherKey(key); ok {
			p.stats.Evictions++ // the victim's slot passes to us: total unchanged
			p.mu.Unlock()
			victim.c.Close()
			return p.dial(ctx, key, cred)
		}
		ch := make(chan struct{}, 1)
		p.waiters = append(p.waiters, ch)
		if !waited {
			p.stats.Waits++
			waited = true
			if p.cfg.AcquireTimeout > 0 {
				t := time.NewTimer(p.cfg.AcquireTimeout)
				defer t.Stop()
				timeout = t.C
			}
		}
		p.mu.Unlock()
		select {
		case <-ch:
		case <-timeout:
			p.abandonWait(ch, true)
			return nil, ErrPoolTimeout
		case <-ctx.Done():
			p.abandonWait(ch, false)
			return nil, ctx.Err()
		}
	}
}

// checkOut vets an idle connection: too old → closed; idle too long → pinged.
// It returns nil if the connection was discarded.
func (p *Pool) checkOut(ctx context.Context, ic idleConn) *Conn {
	if p.expired(ic.c) {
		p.Discard(ic.c)
		return nil
	}
	if p.cfg.IdleCheckAfter > 0 && time.Since(ic.since) > p.cfg.IdleCheckAfter {
		if err := ic.c.Ping(ctx); err != nil {
			p.Discard(ic.c)
			return nil
		}
	}
	return ic.c
}

func (p *Pool) dial(ctx context.Context, key poolKey, cred Credentials) (*Conn, error) {
	c, err := p.cfg.Dial(ctx, cred)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stats.Dials++
	if err != nil {
		p.total--
		p.notifyOne()
		return nil, err
	}
	if p.closed {
		p.total--
		go c.Close()
		return nil, ErrPoolClosed
	}
	p.owners[c] = key
	return c, nil
}

// Release returns c to the pool. A broken, expired or busy connection (open
// Rows) is closed instead, and never handed out again.
func (p *Pool) Release(c *Conn) {
	p.mu.Lock()
	key, ok := p.owners[c]
	if !ok {
		p.mu.Unlock()
		c.Close() // not ours (or released twice): do not let it leak
		return
	}
	delete(p.owners, c)
	if p.closed || c.Broken() || c.busy || p.expired(c) {
		p.total--
		p.notifyOne()
		p.mu.Unlock()
		c.Close()
		return
	}
	p.idle[key] = append(p.idle[key], idleConn{c: c, since: time.Now()})
	p.nIdle++
	p.notifyOne()
	p.mu.Unlock()
}

// Discard closes c and frees its slot.
func (p *Pool) Discard(c *Conn) {
	p.mu.Lock()
	if _, ok := p.owners[c]; ok {
		delete(p.owners, c)
		p.total--
		p.notifyOne()
	}
	p.mu.Unlock()
	c.Close()
}

// Stats returns current counts.
func (p *Pool) Stats() PoolStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.stats
	s.Total, s.Idle, s.InUse, s.Waiting = p.total, p.nIdle, len(p.owners), len(p.waiters)
	return s
}

// Close closes idle connections and fails waiting and future Acquire calls.
// Connections in use are closed when released.
func (p *Pool) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	var conns []*Conn
	for k, list := range p.idle {
		for _, ic := range list {
			conns = append(conns, ic.c)
		}
		delete(p.idle, k)
	}
	p.total -= p.nIdle
	p.nIdle = 0
	for _, ch := range p.waiters {
		ch <- struct{}{}
	}
	p.waiters = nil
	p.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

func (p *Pool) expired(c *Conn) bool {
	return p.cfg.MaxLifetime > 0 && time.Since(c.CreatedAt()) > p.cfg.MaxLifetime
}

// popIdle takes the most recently used idle connection of key. Caller holds mu.
func (p *Pool) popIdle(key poolKey) (idleConn, bool) {
	list := p.idle[key]
	if len(list) == 0 {
		return idleConn{}, false
	}
	ic := list[len(list)-1]
	list[len(list)-1] = idleConn{}
	// An emptied list stays, so that transaction pooling (a pop and a push per
	// transaction) does not allocate a new one each time.
	p.idle[key] = list[:len(list)-1]
	p.nIdle--
	return ic, true
}

// popOldestOtherKey takes the longest-idle connection of any other key. Caller holds mu.
func (p *Pool) popOldestOtherKey(key poolKey) (idleConn, bool) {
	var victimKey poolKey
	var victim idleConn
	found := false
	for k, list := range p.idle {
		if k == key || len(list) == 0 {
			continue
		}
		if !found || list[0].since.Before(victim.since) {
			victimKey, victim, found = k, list[0], true
		}
	}
	if !found {
		return idleConn{}, false
	}
	list := p.idle[victimKey]
	if len(list) == 1 {
		delete(p.idle, victimKey)
	} else {
		p.idle[victimKey] = append(list[:0], list[1:]...)
	}
	p.nIdle--
	return victim, true
}

// notifyOne wakes the first waiter. Caller holds mu.
func (p *Pool) notifyOne() {
	if len(p.waiters) == 0 {
		return
	}
	ch := p.waiters[0]
	copy(p.waiters, p.waiters[1:])
	p.waiters[len(p.waiters)-1] = nil
	p.waiters = p.waiters[:len(p.waiters)-1]
	ch <- struct{}{}
}

// abandonWait removes ch from the queue; if it had already been signalled, the
// wake-up passes to the next waiter so that it is not lost.
func (p *Pool) abandonWait(ch chan struct{}, timedOut bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if timedOut {
		p.stats.Timeouts++
	}
	for i, w := range p.waiters {
		if w == ch {
			p.waiters = append(p.waiters[:i], p.waiters[i+1:]...)
			return
		}
	}
	p.notifyOne()
}
