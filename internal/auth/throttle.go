package auth

import (
	"context"
	"sync"
	"time"
)

// Throttle slows down password guessing without locking anyone out: after Free failed
// attempts against one user, or ten times as many from one source address (an address may
// be a NAT or a proxy serving many users), each further attempt for that user or from that
// address waits Base, then twice as long, up to Max, before it is handled. Failures are
// forgotten Window after the last one; a success clears the user's count (not the
// address's: one valid account must not reset a guesser's address).
type Throttle struct {
	Base, Max time.Duration
	Free      int
	Window    time.Duration
	Now       func() time.Time // tests

	mu sync.Mutex
	m  map[string]failures
}

type failures struct {
	n    int
	last time.Time
}

// maxThrottleEntries bounds memory under an address-spraying attack; beyond it the
// oldest half is forgotten.
const maxThrottleEntries = 100_000

func (t *Throttle) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// Delay is how long an attempt from ip for user waits before it is handled.
func (t *Throttle) Delay(ip, user string) time.Duration {
	if t == nil || t.Base <= 0 {
		return 0
	}
	now := t.now()
	t.mu.Lock()
	excess := max(t.count("user:"+user, now)-t.Free, t.count("ip:"+ip, now)-addressFreeFactor*t.Free)
	t.mu.Unlock()
	if excess < 0 {
		return 0
	}
	d := t.Base
	for ; excess > 0 && d < t.Max; excess-- {
		d *= 2
	}
	return min(d, t.Max)
}

// addressFreeFactor: an address gets this many times the free attempts of a user.
const addressFreeFactor = 10

func (t *Throttle) count(key string, now time.Time) int {
	f, ok := t.m[key]
	if !ok || now.Sub(f.last) > t.Window {
		return 0
	}
	return f.n
}

// Failed records a failed attempt.
func (t *Throttle) Failed(ip, user string) {
	if t == nil || t.Base <= 0 {
		return
	}
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]failures{}
	}
	if len(t.m) >= maxThrottleEntries {
		t.forgetOldest(now)
	}
	for _, key := range []string{"ip:" + ip, "user:" + user} {
		t.m[key] = failures{n: t.count(key, now) + 1, last: now}
	}
}

// Succeeded clears the user's failures.
func (t *Throttle) Succeeded(user string) {
	if t == nil || t.Base <= 0 {
		return
	}
	t.mu.Lock()
	delete(t.m, "user:"+user)
	t.mu.Unlock()
}

func (t *Throttle) forgetOldest(now time.Time) {
	for k, f := range t.m {
		if now.Sub(f.last) > t.Window/2 || len(t.m) > maxThrottleEntries/2 {
			delete(t.m, k)
		}
	}
}

// wait sleeps for d unless ctx ends first (the login timeout).
func wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
