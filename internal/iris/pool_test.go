package iris

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

type poolFixture struct {
	pool    *Pool
	dials   atomic.Int64
	queries atomic.Int64
}

func newPoolFixture(t *testing.T, cfg PoolConfig) *poolFixture {
	t.Helper()
	fx := &poolFixture{}
	f := startFake(t, serveSelectOne(&fx.queries))
	cfg.Dial = func(ctx context.Context, cred Credentials) (*Conn, error) {
		fx.dials.Add(1)
		opts := testOptions(f.addr())
		opts.Namespace, opts.Username, opts.Password = cred.Namespace, cred.Username, cred.Password
		return Connect(ctx, opts)
	}
	p, err := NewPool(cfg)
	if err != nil {
		t.Fatal(err)
	}
	fx.pool = p
	t.Cleanup(p.Close)
	return fx
}

var (
	alice = Credentials{Namespace: "USER", Username: "alice", Password: "pw-a"}
	bob   = Credentials{Namespace: "USER", Username: "bob", Password: "pw-b"}
)

func mustAcquire(t *testing.T, p *Pool, cred Credentials) *Conn {
	t.Helper()
	c, err := p.Acquire(context.Background(), cred)
	if err != nil {
		t.Fatalf("Acquire(%s): %v", cred.Username, err)
	}
	return c
}

func TestPoolKeysPerUser(t *testing.T) {
	fx := newPoolFixture(t, PoolConfig{Size: 4})
	p := fx.pool
	a := mustAcquire(t, p, alice)
	p.Release(a)
	b := mustAcquire(t, p, bob)
	if b == a {
		t.Fatal("bob got alice's connection")
	}
	if b.ServerInfo().User != "bob" {
		t.Fatalf("bob's connection logged in as %q", b.ServerInfo().User)
	}
	p.Release(b)
	if got := mustAcquire(t, p, Credentials{Namespace: "user", Username: "ALICE", Password: "pw-a"}); got != a {
		t.Fatal("same user (case-insensitive) did not reuse the idle connection")
	} else {
		p.Release(got)
	}
	other := mustAcquire(t, p, Credentials{Namespace: "USER", Username: "alice", Password: "other"})
	if other == a {
		t.Fatal("a different password reused alice's connection")
	}
	p.Release(other)
	if s := p.Stats(); s.Total != 3 || s.Idle != 3 || s.InUse != 0 || fx.dials.Load() != 3 {
		t.Fatalf("stats %+v dials %d", s, fx.dials.Load())
	}
}

func TestPoolBoundAndTimeout(t *testing.T) {
	fx := newPoolFixture(t, PoolConfig{Size: 1, AcquireTimeout: 50 * time.Millisecond})
	p := fx.pool
	a := mustAcquire(t, p, alice)
	start := time.Now()
	_, err := p.Acquire(context.Background(), bob)
	if !errors.Is(err, ErrPoolTimeout) || time.Since(start) < 40*time.Millisecond {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}
	s := p.Stats()
	if s.Total != 1 || s.InUse != 1 || s.Waits != 1 || s.Timeouts != 1 || s.Waiting != 0 {
		t.Fatalf("stats %+v", s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Acquire(ctx, bob); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled acquire: %v", err)
	}
	p.Release(a)
}

func TestPoolWaiterGetsReleasedConn(t *testing.T) {
	fx := newPoolFixture(t, PoolConfig{Size: 1, AcquireTimeout: 5 * time.Second})
	p := fx.pool
	a := mustAcquire(t, p, alice)
	got := make(chan *Conn)
	go func() {
		c, err := p.Acquire(context.Background(), alice)
		if err != nil {
			t.Error(err)
		}
		got <- c
	}()
	for p.Stats().Waiting == 0 {
		time.Sleep(time.Millisecond)
	}
	p.Release(a)
	c := <-got
	if c != a {
		t.Fatal("waiter did not get the released connection")
	}
	p.Release(c)
	if fx.dials.Load() != 1 {
		t.Fatalf("dials = %d", fx.dials.Load())
	}
}

func TestPoolEvictsOtherKeysIdleConn(t *testing.T) {
	fx := newPoolFixture(t, PoolConfig{Size: 1, AcquireTimeout: time.Second})
	p := fx.pool
	a := mustAcquire(t, p, alice)
	p.Release(a)
	b := mustAcquire(t, p, bob)
	if !a.Broken() {
		t.Fatal("alice's idle connection was not closed")
	}
	if s := p.Stats(); s.Total != 1 || s.Evictions != 1 || s.Idle != 0 || s.InUse != 1 {
		t.Fatalf("stats %+v", s)
	}
	p.Release(b)
}

func TestPoolDiscardsBrokenConn(t *testing.T) {
	fx := newPoolFixture(t, PoolConfig{Size: 2})
	p := fx.pool
	a := mustAcquire(t, p, alice)
	a.interrupt() // what a cancelled context does
	p.Release(a)
	if s := p.Stats(); s.Total != 0 || s.Idle != 0 {
		t.Fatalf("broken conn kept: %+v", s)
	}
	if c := mustAcquire(t, p, alice); c == a {
		t.Fatal("broken connection handed out again")
	} else {
		p.Discard(c)
	}
	if s := p.Stats(); s.Total != 0 {
		t.Fatalf("Discard kept the slot: %+v", s)
	}
}

func TestPoolPingsAfterIdleAndHonoursLifetime(t *testing.T) {
	fx := newPoolFixture(t, PoolConfig{Size: 2, IdleCheckAfter: time.Millisecond})
	p := fx.pool
	a := mustAcquire(t, p, alice)
	p.Release(a)
	time.Sleep(5 * time.Millisecond)
	if c := mustAcquire(t, p, alice); c != a {
		t.Fatal("healthy idle connection not reused")
	}
	if fx.queries.Load() != 1 {
		t.Fatalf("pings = %d, want 1", fx.queries.Load())
	}
	p.Release(a)
	a.interrupt()
	time.Sleep(5 * time.Millisecond)
	if c := mustAcquire(t, p, alice); c == a {
		t.Fatal("dead idle connection survived its ping")
	} else {
		p.Release(c)
	}

	fx2 := newPoolFixture(t, PoolConfig{Size: 2, MaxLifetime: time.Millisecond})
	b := mustAcquire(t, fx2.pool, bob)
	time.Sleep(5 * time.Millisecond)
	fx2.pool.Release(b)
	if !b.Broken() || fx2.pool.Stats().Total != 0 {
		t.Fatal("expired connection went back to the pool")
	}
}

func TestPoolClose(t *testing.T) {
	fx := newPoolFixture(t, PoolConfig{Size: 2})
	p := fx.pool
	a := mustAcquire(t, p, alice)
	b := mustAcquire(t, p, bob)
	p.Release(a)
	p.Close()
	if !a.Broken() {
		t.Fatal("idle connection not closed")
	}
	p.Release(b)
	if !b.Broken() {
		t.Fatal("in-use connection not closed on release after Close")
	}
	if _, err := p.Acquire(context.Background(), alice); !errors.Is(err, ErrPoolClosed) {
		t.Fatalf("Acquire after Close: %v", err)
	}
}
