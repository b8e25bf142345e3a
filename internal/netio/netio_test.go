package netio

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t *testing.T) (client, server *net.TCPConn) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := l.Accept()
		accepted <- c
	}()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s := <-accepted
	if s == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { c.Close(); s.Close() })
	return c.(*net.TCPConn), s.(*net.TCPConn)
}

func TestPlainSocketsOnly(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if NewReader(a) != io.Reader(a) || NewWriter(a) != io.Writer(a) {
		t.Error("a net.Pipe is not a socket: want the conn itself")
	}
	c, _ := tcpPair(t)
	if _, ok := NewReader(c).(*Reader); !ok {
		t.Error("TCP conn: want a *Reader")
	}
	if _, ok := NewWriter(c).(*Writer); !ok {
		t.Error("TCP conn: want a *Writer")
	}
}

// A large write through a slow reader fills the socket buffers: Write must wait and go
// on (partial writes, EAGAIN) and every byte must arrive in order.
func TestLargeWriteAndReadBack(t *testing.T) {
	c, s := tcpPair(t)
	w, r := NewWriter(c), NewReader(s)
	payload := make([]byte, 16<<20)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	done := make(chan error, 1)
	go func() {
		_, err := w.Write(payload)
		c.CloseWrite()
		done <- err
	}()
	var got bytes.Buffer
	buf := make([]byte, 1000)
	for {
		n, err := r.Read(buf)
		got.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if got.Len() < 1<<20 {
			time.Sleep(time.Millisecond) // slow at first, so the writer meets a full buffer
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("write: %v", err)
	}
	if !bytes.Equal(got.Bytes(), payload) {
		t.Fatalf("read back %d bytes, not the %d written", got.Len(), len(payload))
	}
}

func TestReadDeadlineAndClose(t *testing.T) {
	c, _ := tcpPair(t)
	r := NewReader(c)
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	_, err := r.Read(make([]byte, 10))
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past the deadline: %v, want a timeout", err)
	}
	c.SetReadDeadline(time.Time{})
	go func() {
		time.Sleep(50 * time.Millisecond)
		c.Close()
	}()
	if _, err := r.Read(make([]byte, 10)); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("read while closed: %v, want net.ErrClosed", err)
	}
}

func TestPeerResetIsAnOpError(t *testing.T) {
	c, s := tcpPair(t)
	s.SetLinger(0) // close with RST
	s.Close()
	time.Sleep(50 * time.Millisecond)
	w := NewWriter(c)
	var err error
	for range 100 { // the first write may still be accepted by the kernel
		if _, err = w.Write([]byte("hello")); err != nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	var oe *net.OpError
	if !errors.As(err, &oe) || oe.Op != "write" || !(errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)) {
		t.Fatalf("write to a reset connection: %v, want *net.OpError with ECONNRESET or EPIPE", err)
	}
	if _, err := NewReader(c).Read(make([]byte, 10)); err == nil {
		t.Fatal("read from a reset connection succeeded")
	}
}

// Steady state allocates nothing per call.
func TestNoAllocationPerCall(t *testing.T) {
	c, s := tcpPair(t)
	w, r := NewWriter(c), NewReader(s)
	msg, buf := []byte("ping"), make([]byte, 4)
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := w.Write(msg); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(r, buf); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%.1f allocations per write+read, want 0", allocs)
	}
}

// writeAfter writes msg to w after d and reports the write's error on the returned channel.
func writeAfter(w net.Conn, d time.Duration, msg string) <-chan error {
	done := make(chan error, 1)
	go func() {
		time.Sleep(d)
		_, err := w.Write([]byte(msg))
		done <- err
	}()
	return done
}

// A busy-polling read returns the bytes that land while it polls, without parking; one
// that may not poll (When false, or the slot taken) or that polls in vain parks and
// still returns them.
func TestSpinningRead(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("polling is off with GOMAXPROCS 1")
	}
	allow := true
	c, s := tcpPair(t)
	r := NewSpinningReader(s, Spin{For: time.Second, When: func() bool { return allow }})
	buf := make([]byte, 16)
	read := func(want string, wantHit bool) {
		t.Helper()
		before := pollHits.Load()
		n, err := r.Read(buf)
		if err != nil || string(buf[:n]) != want {
			t.Fatalf("read %q, %v; want %q", buf[:n], err, want)
		}
		if hit := pollHits.Load() > before; hit != wantHit {
			t.Errorf("reading %q: answered by polling %v, want %v", want, hit, wantHit)
		}
	}

	sent := writeAfter(c, 20*time.Millisecond, "polled")
	read("polled", true)
	<-sent

	allow = false
	sent = writeAfter(c, 20*time.Millisecond, "not allowed")
	read("not allowed", false)
	<-sent

	allow = true
	spinning.Store(true) // another read holds the slot
	sent = writeAfter(c, 20*time.Millisecond, "slot taken")
	read("slot taken", false)
	<-sent
	spinning.Store(false)

	short := NewSpinningReader(s, Spin{For: time.Millisecond})
	sent = writeAfter(c, 50*time.Millisecond, "late")
	before := pollHits.Load()
	if n, err := short.Read(buf); err != nil || string(buf[:n]) != "late" {
		t.Fatalf("read after the poll gave up: %q, %v", buf[:n], err)
	}
	if pollHits.Load() != before {
		t.Error("a reply after the poll's time was counted as a poll's")
	}
	<-sent
	if spinning.Load() {
		t.Error("the polling slot was not given back")
	}

	c.Close() // the end of the stream is found by polling too
	if _, err := r.Read(buf); err != io.EOF {
		t.Fatalf("read after the peer closed: %v, want io.EOF", err)
	}
}

// A socket whose data keeps arriving after the poll gave up is left alone for restReads
// reads after missMax vain polls in a row, then polled again.
func TestSpinningReadRestsAfterVainPolls(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("polling is off with GOMAXPROCS 1")
	}
	c, s := tcpPair(t)
	r := NewSpinningReader(s, Spin{For: 200 * time.Microsecond}).(*Reader)
	buf := make([]byte, 16)
	lateRead := func() (polled bool) {
		t.Helper()
		before := polls.Load()
		sent := writeAfter(c, 5*time.Millisecond, "late")
		if n, err := r.Read(buf); err != nil || string(buf[:n]) != "late" {
			t.Fatalf("read %q, %v", buf[:n], err)
		}
		<-sent
		return polls.Load() > before
	}
	for i := range missMax {
		if !lateRead() {
			t.Fatalf("late read %d did not poll", i+1)
		}
	}
	if lateRead() {
		t.Fatalf("read after %d vain polls polled", missMax)
	}
	if r.rest != restReads-1 {
		t.Fatalf("%d reads left without polling, want %d", r.rest, restReads-1)
	}
	r.rest = 1
	if lateRead() {
		t.Fatal("the last resting read polled")
	}
	if !lateRead() {
		t.Fatal("polling did not resume after the rest")
	}
}
