package irissim

import (
	"context"
	"sync"
	"testing"
	"time"
)

func queued(q *writeQueue) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.waiters)
}

// waitQueued waits until n waiters are queued, so the next one arrives after them.
func waitQueued(t *testing.T, q *writeQueue, n int) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); queued(q) != n; {
		if time.Now().After(end) {
			t.Fatalf("%d waiters queued, want %d", queued(q), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestWriteQueueServesInArrivalOrder: waiters get the lock in the order they asked for
// it, one at a time.
func TestWriteQueueServesInArrivalOrder(t *testing.T) {
	var q writeQueue
	ctx := context.Background()
	if err := q.lock(ctx, time.Second); err != nil {
		t.Fatal(err)
	}
	const n = 20
	var (
		mu    sync.Mutex
		order []int
		wg    sync.WaitGroup
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := q.lock(ctx, 10*time.Second); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			q.unlock()
		}()
		waitQueued(t, &q, i+1)
	}
	q.unlock()
	wg.Wait()
	for i, got := range order {
		if got != i {
			t.Fatalf("served in order %v, want arrival order", order)
		}
	}
	if len(order) != n || q.held || queued(&q) != 0 {
		t.Fatalf("served %d, held %v, %d still queued", len(order), q.held, queued(&q))
	}
}

// TestWriteQueueTimeoutAndCancel: a waiter gives up with -114 after the lock timeout or
// -400 when its statement is interrupted, and leaves the queue; later waiters still get
// the lock.
func TestWriteQueueTimeoutAndCancel(t *testing.T) {
	var q writeQueue
	ctx := context.Background()
	if err := q.lock(ctx, time.Second); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err := q.lock(ctx, 100*time.Millisecond)
	if err == nil || err.Code != -114 {
		t.Fatalf("timed-out waiter: %v, want -114", err)
	}
	if d := time.Since(start); d < 100*time.Millisecond || d > 5*time.Second {
		t.Errorf("gave up after %v", d)
	}
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan *sqlError)
	go func() { done <- q.lock(cctx, 10*time.Second) }()
	waitQueued(t, &q, 1)
	cancel()
	if err := <-done; err == nil || err.Code != -400 {
		t.Fatalf("interrupted waiter: %v, want -400", err)
	}
	if queued(&q) != 0 {
		t.Fatalf("%d waiters left in the queue", queued(&q))
	}
	got := make(chan *sqlError)
	go func() { got <- q.lock(ctx, 10*time.Second) }()
	waitQueued(t, &q, 1)
	q.unlock()
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	q.unlock()
	if q.held {
		t.Fatal("lock still held after the last unlock")
	}
}

// TestWritersQueueBehindATransaction: over the wire, an autocommit INSERT waits for the
// transaction that holds the write lock and runs as soon as it commits; reads do not wait.
func TestWritersQueueBehindATransaction(t *testing.T) {
	_, addr := startServer(t, Config{})
	a := dial(t, addr, "_SYSTEM", "SYS")
	b := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	for _, q := range []string{"CREATE TABLE W (n INTEGER)", "START TRANSACTION", "INSERT INTO W (n) VALUES (1)"} {
		if _, err := a.Exec(ctx, q, nil); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if got := rowsOf(t, b, "SELECT COUNT(*) FROM W"); got[0][0] != int64(0) {
		t.Fatalf("reader: %v", got)
	}
	done := make(chan error, 1)
	go func() {
		_, err := b.Exec(ctx, "INSERT INTO W (n) VALUES (2)", nil)
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("INSERT ran while another transaction held the write lock: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := a.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("INSERT still waiting after the commit")
	}
	if got := rowsOf(t, a, "SELECT COUNT(*) FROM W"); got[0][0] != int64(2) {
		t.Fatalf("rows: %v", got)
	}
}
