package iris

import (
	"net"
	"runtime"
	"testing"
)

// fastReplier answers requests from precomputed payloads, patching only count and
// statement id, so that the server side allocates nothing per request.
type fastReplier struct {
	conn net.Conn
	in   []byte
	out  []byte
}

func (f *fastReplier) read() (Header, bool) {
	h, p, err := ReadMessage(f.conn, f.in)
	f.in = p[:0]
	return h, err == nil && h.Code != OpDisconnect
}

// send writes messages (code, payload) answering h, all in one Write.
func (f *fastReplier) send(h Header, msgs ...replyMsg) {
	f.out = f.out[:0]
	for _, m := range msgs {
		f.out = AppendHeader(f.out, Header{Length: uint32(len(m.payload)), Count: h.Count, StatementID: h.StatementID, Code: ReplyCode(m.code)})
		f.out = append(f.out, m.payload...)
	}
	f.conn.Write(f.out)
}

type replyMsg struct {
	code    int
	payload []byte
}

// One million small rows in 1,000 batches: the client must stream them with
// flat memory and no per-row allocation.
func TestStreamingMillionRowsFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams a million rows")
	}
	const batches, perBatch = 1000, 1000
	batch := list(func(w *ListWriter) {
		for i := 0; i < perBatch; i++ {
			w.Int(int64(i))
			w.String("row-value")
		}
	})
	meta := metaReply(true, testCol{"id", ODBCInteger}, testCol{"v", ODBCVarChar})
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		fr := &fastReplier{conn: s.conn, in: make([]byte, 0, 4096), out: make([]byte, 0, 64<<10)}
		h, _ := fr.read()
		fr.send(h, replyMsg{0, meta}, replyMsg{0, batch})
		for i := 1; i < batches; i++ {
			h, ok := fr.read()
			if !ok || h.Code != OpFetchData {
				t.Errorf("batch %d: got %s", i, h)
				return
			}
			code := 0
			if i == batches-1 {
				code = 100
			}
			fr.send(h, replyMsg{code, batch})
		}
		fr.read()
	})
	c := connectTest(t, f)
	rows, err := c.Query(bg, "SELECT id, v FROM big", nil)
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n, sum := 0, int64(0)
	for rows.Next() {
		v, err := rows.Item(0).Int()
		if err != nil {
			t.Fatal(err)
		}
		sum += v
		if len(rows.Item(1).Data) != len("row-value") {
			t.Fatal("bad row")
		}
		n++
	}
	runtime.ReadMemStats(&after)
	rows.Close()
	if err := rows.Err(); err != nil || n != batches*perBatch || sum != int64(batches)*perBatch*(perBatch-1)/2 {
		t.Fatalf("n=%d sum=%d err=%v", n, sum, err)
	}
	mallocs := after.Mallocs - before.Mallocs
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d rows: %d mallocs, heap %+d bytes", n, mallocs, grew)
	if mallocs > 5000 { // both sides of the conversation together; ~0 per row expected
		t.Errorf("%d allocations for %d rows: rows are not streamed in place", mallocs, n)
	}
	if grew > 4<<20 {
		t.Errorf("heap grew by %d bytes while streaming", grew)
	}
}
