package wire

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// fuzzMaxMessage is the server's MaxMessageSize in FuzzFrontendStream: a frame may
// make the server buffer that much, so it bounds what one input can allocate.
const fuzzMaxMessage = 1 << 20

// FuzzFrontendStream feeds arbitrary bytes as the frontend message stream of a logged-in
// connection to the real server loop (over loopback TCP, with the fake session behind
// it), then half-closes the client side. Whatever the bytes, the server must not panic,
// must only write well-formed backend messages, must close the connection within a
// bounded time once the input ends, and must not allocate far more than its message
// size limit allows.
func FuzzFrontendStream(f *testing.F) {
	for _, seed := range frontendStreamSeeds() {
		f.Add(seed)
	}
	var panics panicRecorder
	ts := startServer(f, func(c *Config) {
		c.MaxMessageSize = fuzzMaxMessage
		c.Logger = slog.New(&panics)
		fake := c.NewSession
		c.NewSession = func(ctx context.Context, ci *ConnInfo) (Session, error) {
			s, err := fake(ctx, ci)
			if err != nil {
				return nil, err
			}
			return &fuzzSession{s.(*fakeSession)}, nil
		}
	})
	f.Fuzz(func(t *testing.T, stream []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		runStream(t, ts, stream)
		runtime.ReadMemStats(&after)
		if p := panics.take(); p != "" {
			t.Fatalf("the server recovered a panic: %s", p)
		}
		// The biggest legitimate buffers: one message of fuzzMaxMessage, the reply
		// buffer, and what the fake session copies; a multiple of the limit is a leak
		// of input-controlled size.
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 16*fuzzMaxMessage+64*uint64(len(stream)) {
			t.Fatalf("one input of %d bytes made the server allocate %d bytes", len(stream), grew)
		}
		ts.be.mu.Lock()
		ts.be.closed, ts.be.copied, ts.be.infos = nil, nil, nil
		ts.be.mu.Unlock()
	})
}

// runStream logs in, writes stream, half-closes and reads the server's messages until it
// closes the connection.
func runStream(t *testing.T, ts *testServer, stream []byte) {
	nc, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	// Bounds the whole exchange: a server that neither answers nor closes once the
	// input has ended is hung.
	nc.SetDeadline(time.Now().Add(5 * time.Second))
	fe := pgproto3.NewFrontend(nc, nc)
	fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "fuzz"}})
	fe.Send(&pgproto3.PasswordMessage{Password: "secret"})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	for {
		m, err := fe.Receive()
		if err != nil {
			t.Fatalf("login: %v", err)
		}
		if _, ok := m.(*pgproto3.ReadyForQuery); ok {
			break
		}
	}
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		// The server may close first (a FATAL error): a failed write is expected then.
		_, _ = nc.Write(stream)
		_ = nc.(*net.TCPConn).CloseWrite()
	}()
	out, err := io.ReadAll(nc)
	var ne net.Error
	reset := errors.Is(err, syscall.ECONNRESET) // the server closed with input unread
	switch {
	case err == nil, reset:
	case errors.As(err, &ne) && ne.Timeout():
		t.Fatalf("the server neither answered nor closed within 5 s")
	default:
		t.Fatalf("reading the server's reply: %v", err)
	}
	checkBackendStream(t, out, !reset)
	<-wrote
	// The connection's goroutine ends soon after it closed the socket.
	for end := time.Now().Add(3 * time.Second); ts.srv.ActiveConnections() != 0; {
		if time.Now().After(end) {
			t.Fatalf("%d connections still active after the client left", ts.srv.ActiveConnections())
		}
		time.Sleep(time.Millisecond)
	}
}

// checkBackendStream requires out to be a sequence of complete, decodable backend
// messages (the last one may be cut short when the connection was reset).
func checkBackendStream(t *testing.T, out []byte, complete bool) {
	t.Helper()
	fe := pgproto3.NewFrontend(bytes.NewReader(out), io.Discard)
	for rest := out; len(rest) > 0; {
		if len(rest) < 5 || len(rest) < 1+int(binary.BigEndian.Uint32(rest[1:5])) {
			if complete {
				t.Fatalf("the server's output ends in the middle of a message: % x", rest[:min(len(rest), 32)])
			}
			return
		}
		n := int(binary.BigEndian.Uint32(rest[1:5]))
		if n < 4 {
			t.Fatalf("the server sent a message %q of length %d", rest[0], n)
		}
		if _, err := fe.Receive(); err != nil {
			t.Fatalf("the server sent a message %q that does not decode: %v", rest[0], err)
		}
		rest = rest[1+n:]
	}
}

// fuzzSession is the fake session without the commands that would make an input slow
// for reasons of the fake, not of the server: "sleep" (waits for a cancel), "panic" (a
// deliberate session bug) and series or COPY OUT of more than 1000 rows.
type fuzzSession struct{ *fakeSession }

func fuzzAllowed(sql string) error {
	for _, part := range strings.Split(sql, ";") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		switch strings.ToLower(f[0]) {
		case "sleep", "panic":
			return Errorf("42601", "not in the fuzz session")
		case "series", "copy":
			if n, err := strconv.Atoi(f[len(f)-1]); err == nil && (n < 0 || n > 1000) {
				return Errorf("54000", "too many rows for the fuzz session")
			}
		}
	}
	return nil
}

func (s *fuzzSession) SimpleQuery(ctx context.Context, sql string, w ResultWriter) error {
	if err := fuzzAllowed(sql); err != nil {
		return err
	}
	return s.fakeSession.SimpleQuery(ctx, sql, w)
}

func (s *fuzzSession) Prepare(ctx context.Context, name, sql string, paramOIDs []uint32) (PreparedStatement, error) {
	if err := fuzzAllowed(sql); err != nil {
		return nil, err
	}
	return s.fakeSession.Prepare(ctx, name, sql, paramOIDs)
}

// panicRecorder is a slog handler that keeps the server's "panic while serving
// connection" records: the server recovers a connection's panic, so the log is where a
// panic shows.
type panicRecorder struct {
	mu     sync.Mutex
	panics []string
}

func (p *panicRecorder) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelError }
func (p *panicRecorder) WithAttrs([]slog.Attr) slog.Handler           { return p }
func (p *panicRecorder) WithGroup(string) slog.Handler                { return p }

func (p *panicRecorder) Handle(_ context.Context, r slog.Record) error {
	if !strings.Contains(r.Message, "panic") {
		return nil
	}
	s := r.Message
	r.Attrs(func(a slog.Attr) bool {
		s += " " + a.Key + "=" + a.Value.String()
		return true
	})
	p.mu.Lock()
	p.panics = append(p.panics, s)
	p.mu.Unlock()
	return nil
}

func (p *panicRecorder) take() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := strings.Join(p.panics, "\n")
	p.panics = nil
	return s
}

// frontendStreamSeeds are valid message sequences covering every frontend message type,
// plus a few broken frames.
func frontendStreamSeeds() [][]byte {
	enc := func(msgs ...pgproto3.FrontendMessage) []byte {
		var b []byte
		for _, m := range msgs {
			var err error
			if b, err = m.Encode(b); err != nil {
				panic(err)
			}
		}
		return b
	}
	raw := func(typ byte, length uint32, body ...byte) []byte {
		return append(binary.BigEndian.AppendUint32([]byte{typ}, length), body...)
	}
	return [][]byte{
		enc(&pgproto3.Query{String: "select 42"}),
		enc(&pgproto3.Query{String: "begin; insert; fail 23505 dup; commit"}, &pgproto3.Query{String: "rollback"}),
		enc(&pgproto3.Query{String: ""}, &pgproto3.Query{String: "set application_name x; notice hi"}),
		enc(&pgproto3.Parse{Name: "s", Query: "select $1", ParameterOIDs: []uint32{25}},
			&pgproto3.Describe{ObjectType: 'S', Name: "s"},
			&pgproto3.Bind{DestinationPortal: "p", PreparedStatement: "s", ParameterFormatCodes: []int16{0},
				Parameters: [][]byte{[]byte("v")}, ResultFormatCodes: []int16{0}},
			&pgproto3.Describe{ObjectType: 'P', Name: "p"},
			&pgproto3.Execute{Portal: "p"},
			&pgproto3.Close{ObjectType: 'P', Name: "p"},
			&pgproto3.Close{ObjectType: 'S', Name: "s"},
			&pgproto3.Sync{}),
		enc(&pgproto3.Parse{Query: "series 5"}, &pgproto3.Bind{ResultFormatCodes: []int16{1}},
			&pgproto3.Execute{MaxRows: 2}, &pgproto3.Flush{}, &pgproto3.Execute{}, &pgproto3.Sync{}),
		enc(&pgproto3.Parse{Query: "nonsense"}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{},
			&pgproto3.Query{String: "select 1"}),
		enc(&pgproto3.Query{String: "copy in"}, &pgproto3.CopyData{Data: []byte("1\n2\n")}, &pgproto3.CopyDone{}),
		enc(&pgproto3.Query{String: "copy in"}, &pgproto3.CopyData{Data: []byte("1\n")}, &pgproto3.CopyFail{Message: "no"}),
		enc(&pgproto3.Parse{Query: "copy in"}, &pgproto3.Bind{}, &pgproto3.Execute{},
			&pgproto3.CopyData{Data: []byte("x\n")}, &pgproto3.CopyDone{}, &pgproto3.Sync{}),
		enc(&pgproto3.Query{String: "copy out 3"}),
		enc(&pgproto3.FunctionCall{Function: 1, ArgFormatCodes: []uint16{0}, Arguments: [][]byte{[]byte("1")}}),
		enc(&pgproto3.Query{String: "fatal 57P01 bye"}),
		enc(&pgproto3.Query{String: "select 1"}, &pgproto3.Terminate{}),
		enc(&pgproto3.Describe{ObjectType: 'S', Name: "missing"}, &pgproto3.Execute{Portal: "missing"}, &pgproto3.Sync{}),
		enc(&pgproto3.CopyData{Data: []byte("stray")}, &pgproto3.CopyDone{}, &pgproto3.Sync{}),
		raw('Z', 4),                   // not a frontend message type
		raw('Q', 3),                   // length shorter than itself
		raw('Q', 0x7fffffff),          // beyond MaxMessageSize
		raw('S', 20000, 0),            // a Sync far larger than any Sync
		raw('Q', 9, 's', 'e', 'l'),    // truncated body
		raw('B', 8, 0, 0, 0xff, 0xff), // Bind with a negative count
		raw('p', 8, 'x', 'y', 'z', 0),
	}
}
