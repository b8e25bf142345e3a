package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// idleResult is the cost of idle client connections held open through pgwired. In
// session pooling each session keeps its own IRIS connection, so the figure includes that
// connection; in transaction pooling idle sessions hold none.
type idleResult struct {
	PoolMode        string  `json:"pool_mode"`
	PoolSize        int     `json:"pool_size"`
	Connections     int     `json:"connections"`
	OpenSeconds     float64 `json:"open_seconds"`
	LoginsPerSecond float64 `json:"logins_per_second"`
	LoginP50us      float64 `json:"login_p50_us"`
	LoginP99us      float64 `json:"login_p99_us"`
	RSSBeforeKiB    int64   `json:"rss_before_kib"`
	RSSAfterKiB     int64   `json:"rss_after_kib"`
	RSSPerConnKiB   float64 `json:"rss_per_connection_kib"`
	// After every connection ran one query and went idle again: the session's goroutine
	// stack has grown to the query path's depth by then.
	RSSAfterQueryKiB        int64   `json:"rss_after_query_kib"`
	RSSPerConnAfterQueryKiB float64 `json:"rss_per_connection_after_query_kib"`
}

// measureIdle opens n password logins to pgwired (16 at a time), keeps them all open and
// idle, and charges pgwired's RSS growth to them.
func measureIdle(p *process, t target, n int) (idleResult, error) {
	before, err := rssKiB(p.pid())
	if err != nil {
		return idleResult{}, err
	}
	dsn := fmt.Sprintf("host=127.0.0.1 port=%d user=%s password=%s dbname=%s sslmode=disable", t.port, t.user, t.password, t.dbname)
	conns := make([]*pgconn.PgConn, n)
	lat := make([]time.Duration, n)
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close(context.Background())
			}
		}
	}()
	const workers = 16
	var (
		wg    sync.WaitGroup
		next  = make(chan int)
		errMu sync.Mutex
		first error
	)
	begin := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				start := time.Now()
				c, err := pgconn.Connect(ctx, dsn)
				cancel()
				if err != nil {
					errMu.Lock()
					if first == nil {
						first = fmt.Errorf("login %d of %d: %w", i+1, n, err)
					}
					errMu.Unlock()
					continue
				}
				lat[i], conns[i] = time.Since(start), c
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	open := time.Since(begin)
	if first != nil {
		return idleResult{}, first
	}
	time.Sleep(time.Second) // let pgwired's per-session goroutines settle into their idle state
	after, err := rssKiB(p.pid())
	if err != nil {
		return idleResult{}, err
	}
	m := newMeasure(0, lat)
	for i, c := range conns {
		if _, err := c.Exec(context.Background(), "SELECT 1").ReadAll(); err != nil {
			return idleResult{}, fmt.Errorf("query on idle connection %d: %w", i+1, err)
		}
	}
	time.Sleep(time.Second)
	afterQuery, err := rssKiB(p.pid())
	if err != nil {
		return idleResult{}, err
	}
	return idleResult{
		Connections: n, OpenSeconds: open.Seconds(), LoginsPerSecond: float64(n) / open.Seconds(),
		LoginP50us: m.P50us, LoginP99us: m.P99us, RSSBeforeKiB: before, RSSAfterKiB: after,
		RSSPerConnKiB:    float64(after-before) / float64(n),
		RSSAfterQueryKiB: afterQuery, RSSPerConnAfterQueryKiB: float64(afterQuery-before) / float64(n),
	}, nil
}

// measureIdleTransactionPooling holds n idle connections through a second pgwired on the
// same simulator with POOL_MODE=transaction, the mode for many mostly idle clients: the
// sessions share poolSize IRIS connections.
func measureIdleTransactionPooling(env *environment, n int) (idleResult, error) {
	const poolSize = 16
	p, port, err := startPgwired(env.pgwiredBin, env.dir, "pgwired-transaction-pooling", env.simAddr,
		"POOL_MODE=transaction", "POOL_SIZE="+strconv.Itoa(poolSize), "MAX_CONNECTIONS="+strconv.Itoa(n+16))
	if err != nil {
		return idleResult{}, err
	}
	defer p.stop()
	t := env.pgwiredT
	t.port = port
	r, err := measureIdle(p, t, n)
	r.PoolMode, r.PoolSize = "transaction", poolSize
	return r, err
}

// rssKiB is VmRSS from /proc/<pid>/status.
func rssKiB(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) == 0 {
				break
			}
			return strconv.ParseInt(f[0], 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}
