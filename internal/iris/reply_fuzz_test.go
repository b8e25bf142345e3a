package iris

import (
	"context"
	"net"
	"testing"
	"time"
)

// FuzzQueryReply serves arbitrary metadata and data payloads as the answer to a DQ and
// lets the client decode them as a caller would (columns, every value): a hostile or
// broken server must produce errors, never a panic or a hang.
func FuzzQueryReply(f *testing.F) {
	// A well-formed reply for SELECT 1 AS one (iris-protocol.md §4.4), and variations.
	var meta ListWriter
	meta.Int(0) // statement feature: none
	meta.Int(1) // one column
	meta.String("one")
	meta.Int(ODBCInteger)
	meta.Int(10)
	meta.Int(0)
	meta.Int(1)
	meta.String("one")
	meta.Null()
	meta.Null()
	meta.Null()
	meta.Bytes(make([]byte, 12))
	meta.Int(0) // no parameters
	meta.Int(0) // addToCache
	var data ListWriter
	data.Int(1)
	f.Add(meta.List(), data.List())
	f.Add(meta.List(), []byte{0x02, 0x01})
	f.Add([]byte{0x03, 0x04, 0x01}, []byte{})
	f.Add([]byte{0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0x7f}, []byte{0x01})

	f.Fuzz(func(t *testing.T, metaPayload, dataPayload []byte) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Skip(err)
		}
		defer ln.Close()
		go serveFuzzReply(ln, metaPayload, dataPayload)

		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		c, err := Connect(ctx, Options{Addr: ln.Addr().String(), Namespace: "USER", Username: "_SYSTEM", Password: "SYS"})
		if err != nil {
			return
		}
		defer c.Close()
		rows, err := c.Query(ctx, "SELECT 1 AS one", nil)
		if err != nil {
			return
		}
		for i := 0; rows.Next() && i < 1000; i++ {
			rows.Values()
		}
		rows.Close()
	})
}

// serveFuzzReply logs the client in, answers its first DQ with the two payloads, and
// then answers anything else with "no data" until the client leaves.
func serveFuzzReply(ln net.Listener, metaPayload, dataPayload []byte) {
	conn, err := ln.Accept()
	if err != nil {
		return
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(3 * time.Second))
	reply := func(req Header, code int, payload []byte) bool {
		h := Header{Count: req.Count, StatementID: req.StatementID, Code: ReplyCode(code)}
		return WriteMessage(conn, h, payload) == nil
	}
	var buf []byte
	answeredDQ := false
	for {
		h, p, err := ReadMessage(conn, buf)
		if err != nil {
			return
		}
		buf = p[:0]
		switch h.Code {
		case OpHandshake:
			reply(h, 0, handshakeReply())
		case OpConnect:
			reply(h, 0, loginReply(0))
		case OpDirectQuery:
			if answeredDQ {
				reply(h, CodeNoMoreData, nil)
				continue
			}
			answeredDQ = true
			if !reply(h, 0, metaPayload) || !reply(h, CodeNoMoreData, dataPayload) {
				return
			}
		case OpDisconnect:
			return
		default:
			reply(h, CodeNoMoreData, nil)
		}
	}
}
