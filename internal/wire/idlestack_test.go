package wire

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// deepSession grows the stack of the goroutine that runs its query to about 32 KiB, as a
// deep query path (translation, the IRIS client) does on a smaller scale.
type deepSession struct{ staticSession }

func (s *deepSession) SimpleQuery(ctx context.Context, q string, w ResultWriter) error {
	if deepFrames(64) != 0 {
		return s.staticSession.SimpleQuery(ctx, q, w)
	}
	return nil
}

// deepFrames recurses n times with a 384-byte frame each; it returns 1.
//
//go:noinline
func deepFrames(n int) int {
	var pad [384]byte
	pad[n%len(pad)] = 1
	if n == 0 {
		return int(pad[0])
	}
	return deepFrames(n-1) * int(pad[n%len(pad)])
}

// TestIdleSessionsDoNotKeepQueryStacks: a session waits for its next message in a
// goroutine of its own, so the stack its last query grew is not kept by an idle
// connection (10,000 idle clients must cost a few KiB each).
func TestIdleSessionsDoNotKeepQueryStacks(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes stack sizes")
	}
	defer func(v int64) { parkIdleFrom = v }(parkIdleFrom)
	parkIdleFrom = 100 // as with thousands of connections
	sess := &deepSession{staticSession{stmt: staticStatement{portal: staticPortal{row: [][]byte{[]byte("v")}, rows: 1}}}}
	ts := startServer(t, func(c *Config) {
		c.NewSession = func(context.Context, *ConnInfo) (Session, error) { return sess, nil }
	})
	const n = 200
	clients := make([]*rawClient, n)
	for i := range clients {
		clients[i] = dialRaw(t, ts.addr)
		clients[i].login("alice")
	}
	stacks := func() uint64 {
		time.Sleep(50 * time.Millisecond) // let every session park
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.StackInuse
	}
	before := stacks()
	for _, rc := range clients {
		rc.send(&pgproto3.Query{String: "select v"})
		rc.expect(&pgproto3.RowDescription{Fields: staticCols}, &pgproto3.DataRow{Values: [][]byte{[]byte("v")}},
			&pgproto3.CommandComplete{CommandTag: []byte("SELECT 1")}, rfqIdle)
	}
	after := stacks()
	grown := int64(after) - int64(before)
	if per := grown / n; per > 1024 {
		t.Errorf("idle sessions hold %d more bytes of stack each after one deep query, want none", per)
	}
}
