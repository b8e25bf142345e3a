package irissim

import (
	"context"
	"sync"
	"time"
)

// lockTimeout is IRIS's default LockTimeout; SQLite's busy_timeout uses the same value.
const lockTimeout = 10 * time.Second

// writeQueue serialises a namespace's writers in arrival order. SQLite has one writer
// per database and its busy handler retries at random, so under many concurrent writers
// some wait past the lock timeout while later ones get through; IRIS locks rows and has
// no such pile-up. Queueing in Go first keeps SQLite's single writer but serves waiters
// fairly: a waiter's delay is bounded by the work queued before it. The lock timeout
// still applies (-114), so the simulator is no more lenient than IRIS.
type writeQueue struct {
	mu      sync.Mutex
	held    bool
	waiters []chan struct{} // FIFO; closing a channel hands the lock to its waiter
}

// lock waits for the writer lock up to timeout. It fails with -114 after the timeout
// and with -400 (interrupt) when ctx ends first.
func (q *writeQueue) lock(ctx context.Context, timeout time.Duration) *sqlError {
	q.mu.Lock()
	if !q.held {
		q.held = true
		q.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	q.waiters = append(q.waiters, ch)
	q.mu.Unlock()

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var fail *sqlError
	select {
	case <-ch:
		return nil
	case <-timer.C:
		fail = newSQLError(-114, "Unable to acquire lock within the lock timeout")
	case <-ctx.Done():
		fail = newSQLError(-400, "<INTERRUPT> statement cancelled or timed out")
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, w := range q.waiters {
		if w == ch {
			q.waiters = append(q.waiters[:i], q.waiters[i+1:]...)
			return fail
		}
	}
	// Handed over while giving up: pass it on rather than keep a lock nobody will use.
	q.unlockLocked()
	return fail
}

func (q *writeQueue) unlock() {
	q.mu.Lock()
	q.unlockLocked()
	q.mu.Unlock()
}

func (q *writeQueue) unlockLocked() {
	if len(q.waiters) == 0 {
		q.held = false
		return
	}
	next := q.waiters[0]
	q.waiters[0] = nil
	q.waiters = q.waiters[1:]
	close(next) // held stays true: ownership moves to next
}

// lockWrite takes the namespace's writer lock for this session unless it already holds
// it (inside a transaction it is held from START TRANSACTION to COMMIT/ROLLBACK).
func (s *session) lockWrite(ctx context.Context) *sqlError {
	if s.writing {
		return nil
	}
	if err := s.ns.writers.lock(ctx, lockTimeout); err != nil {
		return err
	}
	s.writing = true
	return nil
}

// unlockWriteIdle gives the writer lock back once no transaction needs it.
func (s *session) unlockWriteIdle() {
	if s.writing && !s.inTx {
		s.writing = false
		s.ns.writers.unlock()
	}
}
