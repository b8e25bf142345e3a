package catalog

import (
	"context"
	"sync"
	"time"
)

// Cache keeps one snapshot per (IRIS user, namespace): the user matters because IRIS's
// INFORMATION_SCHEMA lists only what that user may see. Entries expire after TTL and
// are dropped at once by Invalidate (pgwired calls it after DDL it ran).
type Cache struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	entries map[cacheKey]*cacheEntry
	gen     map[string]uint64 // per namespace, bumped by Invalidate
}

type cacheKey struct{ user, namespace string }

type cacheEntry struct {
	snap *Snapshot
	gen  uint64
	at   time.Time
	// loading is closed when the load in flight finishes; concurrent callers wait for it
	// instead of reading INFORMATION_SCHEMA again.
	loading chan struct{}
	err     error
}

// NewCache returns a cache whose snapshots live ttl.
func NewCache(ttl time.Duration) *Cache {
	return &Cache{ttl: ttl, now: time.Now, entries: map[cacheKey]*cacheEntry{}, gen: map[string]uint64{}}
}

// Get returns a fresh snapshot for (user, namespace), loading it through src if needed.
func (c *Cache) Get(ctx context.Context, user, namespace string, src Source) (*Snapshot, error) {
	k := cacheKey{user, namespace}
	for {
		c.mu.Lock()
		e := c.entries[k]
		gen := c.gen[namespace]
		if e != nil && e.loading == nil && e.gen == gen && c.now().Sub(e.at) < c.ttl {
			c.mu.Unlock()
			return e.snap, nil
		}
		if e != nil && e.loading != nil {
			ch := e.loading
			c.mu.Unlock()
			select {
			case <-ch:
				// Loaded, or failed in the other caller (its cancel, its connection):
				// look again, and load ourselves if needed.
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		e = &cacheEntry{gen: gen, loading: make(chan struct{})}
		c.entries[k] = e
		c.mu.Unlock()

		snap, err := Load(ctx, src, namespace, user)
		c.mu.Lock()
		e.snap, e.err, e.at = snap, err, c.now()
		close(e.loading)
		e.loading = nil
		if err != nil && c.entries[k] == e {
			delete(c.entries, k)
		}
		c.mu.Unlock()
		if err != nil {
			return nil, err
		}
		return snap, nil
	}
}

// Fresh returns the snapshot of (user, namespace) when Get would return it without
// reading IRIS (loaded since the last Invalidate, younger than TTL); false otherwise.
func (c *Cache) Fresh(user, namespace string) (*Snapshot, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[cacheKey{user, namespace}]
	if e == nil || e.loading != nil || e.snap == nil || e.gen != c.gen[namespace] || c.now().Sub(e.at) >= c.ttl {
		return nil, false
	}
	return e.snap, true
}

// Current returns the snapshot of (user, namespace) loaded since the last Invalidate,
// however old, without reading IRIS; false when there is none.
func (c *Cache) Current(user, namespace string) (*Snapshot, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[cacheKey{user, namespace}]
	if e == nil || e.loading != nil || e.snap == nil || e.gen != c.gen[namespace] {
		return nil, false
	}
	return e.snap, true
}

// Invalidate drops every snapshot of namespace: the next Get reads IRIS again.
func (c *Cache) Invalidate(namespace string) {
	c.mu.Lock()
	c.gen[namespace]++
	c.mu.Unlock()
}
