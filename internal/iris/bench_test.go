package iris

import (
	"context"
	"testing"
)

func benchRow() []byte {
	return list(func(w *ListWriter) {
		w.Int(42)
		w.Int(-7)
		w.String("hello world")
		w.Decimal("123.45")
		w.Double(2.5)
		w.Null()
		w.Empty()
		w.String("2025-09-16 10:20:30")
		w.Int(1154679522636970432)
		w.Bytes([]byte{1, 2, 3, 4})
	})
}

func BenchmarkListReader(b *testing.B) {
	row := benchRow()
	b.ReportAllocs()
	b.SetBytes(int64(len(row)))
	var r ListReader
	for b.Loop() {
		r.Reset(row)
		for r.More() {
			if _, err := r.Next(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkListWriter(b *testing.B) {
	w := NewListWriter(make([]byte, 0, 256))
	b.ReportAllocs()
	for b.Loop() {
		w.Reset()
		w.Int(42)
		w.Int(-7)
		w.String("hello world")
		_ = w.Decimal("123.45")
		w.Double(2.5)
		w.Null()
		w.Empty()
		w.String("2025-09-16 10:20:30")
		w.Int(1154679522636970432)
		w.Bytes([]byte{1, 2, 3, 4})
	}
}

// BenchmarkQuerySelect1 measures one DQ round trip (SELECT 1, one row) against
// an in-process server over loopback TCP.
func BenchmarkQuerySelect1(b *testing.B) {
	meta := metaReply(true, testCol{"one", ODBCInteger})
	data := list(func(w *ListWriter) { w.Int(1) })
	f := startFake(b, func(s *serverConn) {
		s.login(37)
		fr := &fastReplier{conn: s.conn, in: make([]byte, 0, 4096), out: make([]byte, 0, 4096)}
		for {
			h, ok := fr.read()
			if !ok {
				return
			}
			fr.send(h, replyMsg{0, meta}, replyMsg{100, data})
		}
	})
	c, err := Connect(context.Background(), testOptions(f.addr()))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		rows, err := c.Query(ctx, "SELECT 1", nil)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			if v, _ := rows.Item(0).Int(); v != 1 {
				b.Fatal("bad value")
			}
		}
		rows.Close()
	}
}
