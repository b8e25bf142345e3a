package catalog

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestCacheTTLAndInvalidate(t *testing.T) {
	src := shopSchema()
	c := NewCache(time.Minute)
	now := time.Unix(1000, 0)
	c.now = func() time.Time { return now }
	ctx := context.Background()
	queriesPerLoad := 8

	s1, err := c.Get(ctx, "alice", "USER", src)
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := c.Get(ctx, "alice", "USER", src)
	if s1 != s2 || src.calls != queriesPerLoad {
		t.Fatalf("second Get reloaded: same=%v calls=%d", s1 == s2, src.calls)
	}
	if s3, _ := c.Get(ctx, "bob", "USER", src); s3 == s1 || src.calls != 2*queriesPerLoad {
		t.Errorf("another IRIS user must get its own snapshot (calls %d)", src.calls)
	}
	c.Invalidate("USER")
	s4, _ := c.Get(ctx, "alice", "USER", src)
	if s4 == s1 || src.calls != 3*queriesPerLoad {
		t.Errorf("Invalidate did not force a reload (calls %d)", src.calls)
	}
	now = now.Add(2 * time.Minute)
	if s5, _ := c.Get(ctx, "alice", "USER", src); s5 == s4 {
		t.Error("an expired snapshot was served")
	}
}

func TestCacheConcurrentGetLoadsOnce(t *testing.T) {
	src := &countingSource{inner: shopSchema(), gate: make(chan struct{})}
	c := NewCache(time.Minute)
	var wg sync.WaitGroup
	snaps := make([]*Snapshot, 8)
	for i := range snaps {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			snaps[i], _ = c.Get(context.Background(), "alice", "USER", src)
		}(i)
	}
	time.Sleep(20 * time.Millisecond)
	close(src.gate)
	wg.Wait()
	for _, s := range snaps {
		if s == nil || s != snaps[0] {
			t.Fatal("concurrent Gets returned different snapshots")
		}
	}
	if src.loads() != 1 {
		t.Errorf("%d loads, want 1", src.loads())
	}
}

type countingSource struct {
	inner *fakeIRIS
	gate  chan struct{}
	mu    sync.Mutex
	n     int
}

func (c *countingSource) QueryAll(ctx context.Context, sql string) ([][]any, error) {
	<-c.gate
	c.mu.Lock()
	defer c.mu.Unlock()
	if sql == qSchemas {
		c.n++
	}
	return c.inner.QueryAll(ctx, sql)
}

func (c *countingSource) loads() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func TestSnapshotNamesTypesAndStableOIDs(t *testing.T) {
	s := loadShop(t)
	var names []string
	for _, tb := range s.Tables {
		names = append(names, tb.Schema.Name+"."+tb.Name)
	}
	if got := fmt.Sprint(names); got != "[public.big_orders public.customers public.orders sales.region]" {
		t.Errorf("tables %s (system schema %%Library must be hidden, names lower-cased)", got)
	}
	region := s.Tables[3]
	if c := region.Columns[0]; c.Name != "code" || c.TypeOID != oidBpchar || c.Typmod != 6 || !c.NotNull {
		t.Errorf("region.code = %+v", c)
	}
	orders := s.Tables[2]
	if c := orders.Columns[2]; c.TypeOID != oidText || c.Default != "'none'::text" || c.Description != "free text" {
		t.Errorf("orders.note = %+v (VARCHAR(3641144) is text)", c)
	}
	if c := s.Tables[1].Columns[0]; c.Identity != 'a' || !c.NotNull {
		t.Errorf("customers.id = %+v, want identity always, not null", c)
	}
	for _, k := range orders.Constraints {
		if k.Type == 'f' && (k.Name != "orders_customer_id_fkey" || k.RefTable != s.Tables[1] || k.OnDelete != 'c' || k.Index == nil || k.Index.Name != "customers_pkey") {
			t.Errorf("foreign key %+v", k)
		}
	}
	// Reloading gives every object the same OID; OIDs are user-range.
	again := loadShop(t)
	for i, tb := range s.Tables {
		if tb.OID != again.Tables[i].OID || tb.OID < firstUserOID {
			t.Errorf("%s: OID %d then %d", tb.Name, tb.OID, again.Tables[i].OID)
		}
		for j, ix := range tb.Indexes {
			if ix.OID != again.Tables[i].Indexes[j].OID {
				t.Errorf("index %s OID changed", ix.Name)
			}
		}
	}
}

func TestTypeMapping(t *testing.T) {
	cases := []struct {
		dataType       string
		charMax, p, sc int64
		oid            uint32
		formatted      string
	}{
		{"varchar", 40, -1, -1, oidVarchar, "character varying(40)"},
		{"VARCHAR", 3641144, -1, -1, oidText, "text"},
		{"longvarchar", -1, -1, -1, oidText, "text"},
		{"integer", -1, 10, 0, oidInt4, "integer"},
		{"smallint", -1, 5, 0, oidInt2, "smallint"},
		{"bigint", -1, 19, 0, oidInt8, "bigint"},
		{"bit", -1, 1, 0, oidBool, "boolean"},
		{"double", -1, 15, -1, oidFloat8, "double precision"},
		{"numeric", -1, 12, 3, oidNumeric, "numeric(12,3)"},
		{"numeric", -1, 36, 17, oidNumeric, "numeric"},
		{"timestamp", -1, -1, -1, oidTimestamp, "timestamp without time zone"},
		{"date", -1, -1, -1, oidDate, "date"},
		{"uniqueidentifier", -1, -1, -1, oidUUID, "uuid"},
		{"varbinary", 3641144, -1, -1, oidBytea, "bytea"},
		{"vector", -1, -1, -1, oidVector, "vector"},
	}
	for _, c := range cases {
		oid, mod := pgTypeOf(c.dataType, c.charMax, c.p, c.sc)
		if oid != c.oid || typeName(oid, mod) != c.formatted {
			t.Errorf("%s(%d,%d,%d) → %d %q, want %d %q", c.dataType, c.charMax, c.p, c.sc, oid, typeName(oid, mod), c.oid, c.formatted)
		}
	}
}

// A failed load is not cached: the next Get reads IRIS again.
func TestCacheDoesNotKeepFailures(t *testing.T) {
	src := &failingOnce{inner: shopSchema()}
	c := NewCache(time.Minute)
	if _, err := c.Get(context.Background(), "alice", "USER", src); err == nil {
		t.Fatal("first load should fail")
	}
	s, err := c.Get(context.Background(), "alice", "USER", src)
	if err != nil || s == nil {
		t.Fatalf("second load: %v", err)
	}
}

type failingOnce struct {
	inner  *fakeIRIS
	failed bool
}

func (f *failingOnce) QueryAll(ctx context.Context, sql string) ([][]any, error) {
	if !f.failed {
		f.failed = true
		return nil, context.Canceled
	}
	return f.inner.QueryAll(ctx, sql)
}

// Current serves the snapshot loaded since the last Invalidate, however old, without
// reading IRIS (the session types result columns from it while a query runs).
func TestCacheCurrent(t *testing.T) {
	src := shopSchema()
	c := NewCache(time.Minute)
	now := time.Unix(1000, 0)
	c.now = func() time.Time { return now }
	if _, ok := c.Current("alice", "USER"); ok {
		t.Fatal("a snapshot before any load")
	}
	s1, err := c.Get(context.Background(), "alice", "USER", src)
	if err != nil {
		t.Fatal(err)
	}
	calls := src.calls
	now = now.Add(2 * time.Minute)
	if s, ok := c.Current("alice", "USER"); !ok || s != s1 || src.calls != calls {
		t.Errorf("Current after the TTL: ok=%v same=%v calls=%d", ok, s == s1, src.calls-calls)
	}
	if _, ok := c.Current("bob", "USER"); ok {
		t.Error("another user's snapshot served")
	}
	c.Invalidate("USER")
	if _, ok := c.Current("alice", "USER"); ok {
		t.Error("Current after Invalidate")
	}
}

func TestCacheFresh(t *testing.T) {
	c := NewCache(time.Minute)
	now := time.Unix(1000, 0)
	c.now = func() time.Time { return now }
	if _, ok := c.Fresh("u", "ns"); ok {
		t.Fatal("fresh before any load")
	}
	if _, err := c.Get(context.Background(), "u", "ns", shopSchema()); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Fresh("u", "ns"); !ok {
		t.Fatal("not fresh after a load")
	}
	now = now.Add(2 * time.Minute)
	if _, ok := c.Fresh("u", "ns"); ok {
		t.Fatal("fresh after the TTL")
	}
	now = now.Add(-2 * time.Minute)
	c.Invalidate("ns")
	if _, ok := c.Fresh("u", "ns"); ok {
		t.Fatal("fresh after Invalidate")
	}
}
