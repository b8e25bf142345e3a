package iris

import (
	"bytes"
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeServer is an in-test SuperServer: each accepted connection runs script,
// which asserts the exact request bytes and answers with spec bytes.
type fakeServer struct {
	t      testing.TB
	ln     net.Listener
	wg     sync.WaitGroup
	script func(s *serverConn)
}

func startFake(t testing.TB, script func(s *serverConn)) *fakeServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeServer{t: t, ln: ln, script: script}
	f.wg.Add(1)
	go f.serve()
	t.Cleanup(func() {
		ln.Close()
		f.wg.Wait()
	})
	return f
}

func (f *fakeServer) serve() {
	defer f.wg.Done()
	for {
		nc, err := f.ln.Accept()
		if err != nil {
			return
		}
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			defer nc.Close()
			nc.SetDeadline(time.Now().Add(20 * time.Second))
			s := &serverConn{t: f.t, conn: nc}
			defer func() {
				if r := recover(); r != nil && r != errScriptStop {
					panic(r)
				}
			}()
			f.script(s)
		}()
	}
}

func (f *fakeServer) addr() string { return f.ln.Addr().String() }

// errScriptStop unwinds a script after a failed expectation.
var errScriptStop = errors.New("script stopped")

type serverConn struct {
	t    testing.TB
	conn net.Conn
	last Header // request being answered
	buf  []byte
}

// read reads one request; io errors stop the script.
func (s *serverConn) read() (Header, []byte) {
	h, p, err := ReadMessage(s.conn, s.buf)
	if err != nil {
		s.t.Errorf("fake server: read: %v", err)
		panic(errScriptStop)
	}
	s.buf = p[:0]
	s.last = h
	return h, p
}

// expect reads a request and checks its opcode.
func (s *serverConn) expect(op [2]byte) (Header, []byte) {
	h, p := s.read()
	if h.Code != op {
		s.t.Errorf("fake server: got %s, want opcode %q", h, op[:])
		panic(errScriptStop)
	}
	return h, p
}

// expectExact reads a request and compares the whole message, header included.
func (s *serverConn) expectExact(want []byte) {
	h, p := s.read()
	got := append(AppendHeader(nil, h), p...)
	if !bytes.Equal(got, want) {
		s.t.Errorf("fake server: request mismatch\n got % X\nwant % X", got, want)
		panic(errScriptStop)
	}
}

// reply answers the last request with code and payload, echoing count and id.
func (s *serverConn) reply(code int, payload []byte) {
	h := Header{Count: s.last.Count, StatementID: s.last.StatementID, Code: ReplyCode(code)}
	if err := WriteMessage(s.conn, h, payload); err != nil {
		s.t.Errorf("fake server: write: %v", err)
		panic(errScriptStop)
	}
}

// expectEOF checks that the client closed (optionally after DC).
func (s *serverConn) expectClose() {
	h, _, err := ReadMessage(s.conn, nil)
	if err == nil && h.Code == OpDisconnect {
		_, _, err = ReadMessage(s.conn, nil)
	}
	if err == nil {
		s.t.Errorf("fake server: expected the client to close, got %s", h)
	}
}

const testServerInfo = "IRIS for UNIX (Ubuntu Server LTS for x86-64) 2025.1 (Build 223U) Tue Mar 11 2025|/usr/irissys"

func handshakeReply() []byte {
	b := []byte{ProtocolVersion, 0, 1, 0}
	var w ListWriter
	w.String("UNICODE")
	return append(b, w.List()...)
}

func loginReply(features int) []byte {
	var w ListWriter
	w.String(testServerInfo)
	w.Int(0)
	w.Int(0)
	w.Int(0)
	w.String("4242")
	w.Int(0)
	w.Int(int64(features))
	return w.List()
}

// login serves HS and CN, granting the given feature mask.
func (s *serverConn) login(features int) {
	s.expect(OpHandshake)
	s.reply(0, handshakeReply())
	s.expect(OpConnect)
	s.reply(0, loginReply(features))
}

// list builds $LIST bytes with a writer callback.
func list(f func(w *ListWriter)) []byte {
	var w ListWriter
	f(&w)
	return append([]byte(nil), w.List()...)
}

// metaReply builds a DQ metadata payload for columns (name, type) in normal
// mode, with the statement feature item when fast select was granted.
func metaReply(featureItem bool, cols ...testCol) []byte {
	return list(func(w *ListWriter) {
		if featureItem {
			w.Int(0)
		}
		w.Int(int64(len(cols)))
		for _, c := range cols {
			writeColumn(w, c, 0)
		}
		w.Int(0) // parameters
		w.Int(0) // addToCache
	})
}

type testCol struct {
	name string
	typ  int
}

func writeColumn(w *ListWriter, c testCol, slot int) {
	w.String(c.name)
	w.Int(int64(c.typ))
	w.Int(10)
	w.Int(0)
	w.Int(1)
	w.String(c.name)
	w.String("")
	w.String("")
	w.String("")
	w.Bytes(make([]byte, 12))
	if slot > 0 {
		w.Int(int64(slot))
	}
}

func testOptions(addr string) Options {
	return Options{
		Addr: addr, Namespace: "USER", Username: "_SYSTEM", Password: "SYS",
		OSUser: "jdoe", ClientHost: "go-machine", AppName: "libirisnative",
	}
}

func connectTest(t *testing.T, f *fakeServer) *Conn {
	t.Helper()
	c, err := Connect(context.Background(), testOptions(f.addr()))
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// serveSelectOne logs in and answers every DQ with one INTEGER row holding 1
// until the client disconnects; queries counts the DQs.
func serveSelectOne(queries *atomic.Int64) func(s *serverConn) {
	return func(s *serverConn) {
		s.login(37)
		for want := uint32(2); ; want++ {
			h, _, err := ReadMessage(s.conn, s.buf)
			if err != nil || h.Code == OpDisconnect {
				return
			}
			s.last = h
			if h.Count != want {
				s.t.Errorf("serveSelectOne: request count %d, want %d", h.Count, want)
			}
			if h.Code != OpDirectQuery {
				s.t.Errorf("serveSelectOne: unexpected %s", h)
				return
			}
			if queries != nil {
				queries.Add(1)
			}
			s.reply(0, metaReply(true, testCol{"one", ODBCInteger}))
			s.reply(100, list(func(w *ListWriter) { w.Int(1) }))
		}
	}
}
