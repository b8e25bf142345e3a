package translate

import (
	"hash/maphash"
	"sync"
	"sync/atomic"
)

const cacheShards = 16

// Cache is a bounded, concurrency-safe LRU of translations keyed by the exact
// SQL text. Plans are shared between callers and must not be modified. A hit is
// one hash, one map lookup and a list splice under a shard mutex: no allocation.
//
// Once full, a text is admitted on its second miss only: a client that interpolates
// literals (psycopg2, many ORMs' raw queries) sends a stream of texts that never repeat,
// and admitting each would evict the statements that do repeat. A small direct-mapped
// table of hashes per shard remembers texts missed once.
type Cache struct {
	opt    Options
	seed   maphash.Seed
	shards [cacheShards]cacheShard
	shapes *shapeCache // templates for texts that differ only in literals (shape.go)
	hits   atomic.Uint64
	misses atomic.Uint64
}

type cacheShard struct {
	mu      sync.Mutex
	entries map[string]*cacheEntry
	head    *cacheEntry // most recently used
	tail    *cacheEntry // least recently used
	limit   int
	seen    []uint64 // hash|1 of texts missed once while the shard was full; 0: empty
}

type cacheEntry struct {
	key        string
	plans      []*Plan
	err        error
	prev, next *cacheEntry
}

// NewCache returns a cache holding about size translations (at least one per shard).
func NewCache(size int, opt Options) *Cache {
	c := &Cache{opt: opt.normalized(), seed: maphash.MakeSeed(), shapes: newShapeCache(size)}
	per := (size + cacheShards - 1) / cacheShards
	if per < 1 {
		per = 1
	}
	for i := range c.shards {
		c.shards[i].entries = make(map[string]*cacheEntry, per)
		c.shards[i].limit = per
		c.shards[i].seen = make([]uint64, 2*per)
	}
	return c
}

// Translate returns the cached translation of sql, translating it on a miss.
// Errors are cached too: the same text always fails the same way.
// Options are the options the cache translates with.
func (c *Cache) Options() Options { return c.opt }

func (c *Cache) Translate(sql string) ([]*Plan, error) {
	h := maphash.String(c.seed, sql)
	sh := &c.shards[h%cacheShards]
	sh.mu.Lock()
	if e, ok := sh.entries[sql]; ok {
		sh.touch(e)
		plans, err := e.plans, e.err
		sh.mu.Unlock()
		c.hits.Add(1)
		return plans, err
	}
	sh.mu.Unlock()
	c.misses.Add(1)

	plans, err := c.shapes.translate(sql, c.opt)

	sh.mu.Lock()
	defer sh.mu.Unlock()
	if e, ok := sh.entries[sql]; ok { // another goroutine translated it meanwhile
		sh.touch(e)
		return e.plans, e.err
	}
	if len(sh.entries) >= sh.limit {
		slot := &sh.seen[(h/cacheShards)%uint64(len(sh.seen))]
		if *slot != h|1 {
			*slot = h | 1 // first miss: remember it, evict nothing
			return plans, err
		}
		*slot = 0
		old := sh.tail
		sh.unlink(old)
		delete(sh.entries, old.key)
	}
	e := &cacheEntry{key: sql, plans: plans, err: err}
	sh.entries[sql] = e
	sh.pushFront(e)
	return plans, err
}

func (c *Cache) shardFor(sql string) *cacheShard {
	return &c.shards[maphash.String(c.seed, sql)%cacheShards]
}

// Stats returns the lookups so far: hits of the exact text, texts filled into a
// template of their shape (shape.go), and texts parsed and translated.
func (c *Cache) Stats() (hits, shapes, misses uint64) {
	shapes = c.shapes.hits.Load()
	return c.hits.Load(), shapes, c.misses.Load() - shapes
}

// Len returns the number of cached translations.
func (c *Cache) Len() int {
	n := 0
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		n += len(sh.entries)
		sh.mu.Unlock()
	}
	return n
}

func (sh *cacheShard) touch(e *cacheEntry) {
	if sh.head == e {
		return
	}
	sh.unlink(e)
	sh.pushFront(e)
}

func (sh *cacheShard) pushFront(e *cacheEntry) {
	e.prev, e.next = nil, sh.head
	if sh.head != nil {
		sh.head.prev = e
	}
	sh.head = e
	if sh.tail == nil {
		sh.tail = e
	}
}

func (sh *cacheShard) unlink(e *cacheEntry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		sh.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		sh.tail = e.prev
	}
	e.prev, e.next = nil, nil
}
