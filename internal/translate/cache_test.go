package translate

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestCacheHitReturnsSamePlans(t *testing.T) {
	c := NewCache(64, DefaultOptions())
	a, err := c.Translate("SELECT a FROM t WHERE b = $1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.Translate("SELECT a FROM t WHERE b = $1")
	if a[0] != b[0] {
		t.Error("hit returned a different plan")
	}
	if hits, _, misses := c.Stats(); hits != 1 || misses != 1 {
		t.Errorf("stats = %d hits, %d misses", hits, misses)
	}
}

func TestCacheKeepsErrors(t *testing.T) {
	c := NewCache(8, DefaultOptions())
	_, err1 := c.Translate("SELECT ARRAY[1]")
	_, err2 := c.Translate("SELECT ARRAY[1]")
	var te *Error
	if !errors.As(err2, &te) || te.SQLState != "0A000" || err1 != err2 {
		t.Errorf("errors: %v / %v", err1, err2)
	}
}

func TestCacheEvictsLeastRecentlyUsed(t *testing.T) {
	c := NewCache(cacheShards, DefaultOptions()) // one entry per shard
	sh := func(sql string) *cacheShard { return c.shardFor(sql) }
	// Find two statements in the same shard.
	first := "SELECT 0"
	var second string
	for i := 1; ; i++ {
		s := fmt.Sprintf("SELECT %d", i)
		if sh(s) == sh(first) {
			second = s
			break
		}
	}
	c.Translate(first)
	c.Translate(second) // the shard is full: remembered, not admitted
	if _, ok := sh(second).entries[second]; ok {
		t.Error("a text missed once was admitted into a full shard")
	}
	c.Translate(second) // second miss: admitted, evicts first
	if _, ok := sh(first).entries[first]; ok {
		t.Error("least recently used entry was not evicted")
	}
	if _, ok := sh(second).entries[second]; !ok {
		t.Error("new entry missing")
	}
	if n := len(sh(first).entries); n != 1 {
		t.Errorf("shard holds %d entries, limit 1", n)
	}
}

func TestCacheTouchMovesToFront(t *testing.T) {
	c := NewCache(2*cacheShards, DefaultOptions())
	base := "SELECT 0"
	var same []string
	for i := 1; len(same) < 2; i++ {
		s := fmt.Sprintf("SELECT %d", i)
		if c.shardFor(s) == c.shardFor(base) {
			same = append(same, s)
		}
	}
	c.Translate(base)
	c.Translate(same[0])
	c.Translate(base)    // base is now most recent
	c.Translate(same[1]) // full shard: admitted on the second miss
	c.Translate(same[1]) // evicts same[0], not base
	sh := c.shardFor(base)
	if _, ok := sh.entries[base]; !ok {
		t.Error("recently used entry evicted")
	}
	if _, ok := sh.entries[same[0]]; ok {
		t.Error("least recently used entry kept")
	}
}

// A flood of texts that never repeat (interpolated literals) does not push out the
// statements that do repeat.
func TestCacheOneOffTextsDoNotEvictRepeatedOnes(t *testing.T) {
	c := NewCache(4*cacheShards, DefaultOptions())
	// Two repeated statements per shard (room for four): the shard hash is seeded at
	// random, so pick them by shard rather than leave some shard more than it holds.
	perShard := map[*cacheShard]int{}
	var hot []string
	for i := 0; len(hot) < 2*cacheShards; i++ {
		q := fmt.Sprintf("SELECT a FROM hot%d WHERE id = $1", i)
		if sh := c.shardFor(q); perShard[sh] < 2 {
			perShard[sh]++
			hot = append(hot, q)
			c.Translate(q)
			c.Translate(q)
		}
	}
	for i := range 5000 {
		c.Translate(fmt.Sprintf("SELECT a FROM t WHERE id = %d", i))
		if i%100 == 0 {
			for _, q := range hot {
				c.Translate(q)
			}
		}
	}
	hits0, _, _ := c.Stats()
	for _, q := range hot {
		c.Translate(q)
	}
	if hits, _, _ := c.Stats(); hits-hits0 != uint64(len(hot)) {
		t.Errorf("%d of %d repeated statements still cached after 5,000 one-off texts", hits-hits0, len(hot))
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := NewCache(32, DefaultOptions())
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				sql := fmt.Sprintf("SELECT a FROM t WHERE id = %d", (i*7+g)%50)
				plans, err := c.Translate(sql)
				if err != nil || len(plans) != 1 || plans[0].Kind != KindQuery {
					t.Errorf("%s: %v", sql, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	if c.Len() > 32+cacheShards {
		t.Errorf("cache grew to %d entries", c.Len())
	}
	hits, shapes, misses := c.Stats()
	if hits+shapes+misses != 8*200 || shapes == 0 {
		t.Errorf("hits %d + shape hits %d + misses %d, want 1600 in all, some shape hits", hits, shapes, misses)
	}
}

func TestCacheHitDoesNotAllocate(t *testing.T) {
	c := NewCache(16, DefaultOptions())
	const sql = "SELECT id, name FROM users WHERE id = $1"
	c.Translate(sql)
	allocs := testing.AllocsPerRun(100, func() { c.Translate(sql) })
	if allocs != 0 {
		t.Errorf("cache hit allocates %.1f times", allocs)
	}
}
