package ops

import (
	"context"
	"sync"
	"time"
)

// cachedProbe runs a check at most once per ttl; callers in between get the last result.
// The mutex is held during the check, so concurrent /health requests wait for one check
// instead of starting many (a load balancer polling every instance must not turn into an
// IRIS login storm).
type cachedProbe struct {
	check   func(context.Context) error
	ttl     time.Duration
	timeout time.Duration
	now     func() time.Time

	mu   sync.Mutex
	at   time.Time
	last error
	done bool
}

func (p *cachedProbe) result(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done && p.now().Sub(p.at) < p.ttl {
		return p.last
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	p.last = p.check(ctx)
	p.at, p.done = p.now(), true
	return p.last
}
