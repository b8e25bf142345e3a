// Package netio reads and writes plain sockets without waking the Go runtime's sysmon
// thread on every system call.
//
// net.Conn's Read and Write enter the system call through the runtime's entersyscall,
// which wakes the sysmon thread whenever the whole process was idle, so that it can take
// the processor back should the call block. A proxy at a few queries in flight goes idle
// twice per query (waiting for the client, waiting for IRIS), so every query paid two
// sysmon wake-ups, its sleeps and its futex calls: measured, about a fifth of pgwired's
// CPU per query and a quarter of its throughput at 8 clients on 2 cores. A read or write
// on a non-blocking socket never blocks, so netio issues it as a raw system call from
// inside syscall.RawConn's Read and Write, which wait in the netpoller when the socket is
// not ready and honour deadlines and Close exactly as net.Conn does.
//
// A Reader may also busy-poll (Spin): a read that finds no data retries for a few tens
// of microseconds before it parks. Parking and being woken by the netpoller costs a
// goroutine switch and an OS thread wake-up on each side of a round trip, the larger part
// of the latency a Go proxy adds to one client's queries; when the process has cores to
// spare, polling finds the reply as it lands instead.
//
// It is a leaf package (standard library only) shared by internal/wire and internal/iris.
package netio

import (
	"io"
	"net"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
)

// Reader reads a socket; Writer writes one. A net.Conn needs one of each: they keep
// per-call state, and a connection may be read and written from different goroutines.
type (
	Reader struct{ raw }
	Writer struct{ raw }
)

type raw struct {
	rc     syscall.RawConn
	nc     net.Conn // for the addresses in errors
	buf    []byte
	n      int
	errno  syscall.Errno
	eof    bool
	callFn func(fd uintptr) bool

	spin   Spin
	polled bool   // this Read has polled already: the netpoller woke it, or it gave up
	misses uint32 // polls in a row that found nothing
	rest   uint32 // reads left that do not poll, after missMax misses in a row
}

// A socket whose data keeps coming later than Spin.For (a remote IRIS's slow queries, a
// client that thinks between statements) is not polled for restReads reads after missMax
// vain polls in a row: polling it would only burn the core.
const (
	missMax   = 4
	restReads = 64
)

// Spin is a Reader's busy poll. A read that finds no data polls the socket for up to
// For before it waits in the netpoller, when When (nil: always) says the process is
// quiet enough to give a core to it. One read in the process polls at a time, and none
// when GOMAXPROCS is 1 (the poll would hold the only processor the reply needs).
type Spin struct {
	For  time.Duration
	When func() bool
}

var (
	spinning atomic.Bool   // the one polling slot of the process
	polls    atomic.Uint64 // polls begun (tests)
	pollHits atomic.Uint64 // polls that found data (tests)
)

// rawConn returns the socket under nc when nc is exactly a TCP or Unix connection.
// Anything else (TLS, a wrapper holding bytes of its own) is not a plain socket.
func rawConn(nc net.Conn) (syscall.RawConn, bool) {
	var sc syscall.Conn
	switch c := nc.(type) {
	case *net.TCPConn:
		sc = c
	case *net.UnixConn:
		sc = c
	default:
		return nil, false
	}
	rc, err := sc.SyscallConn()
	return rc, err == nil && supported
}

// NewReader returns a Reader for nc, or nc itself when it is not a plain socket.
func NewReader(nc net.Conn) io.Reader { return NewSpinningReader(nc, Spin{}) }

// NewSpinningReader is NewReader with busy polling (see Spin).
func NewSpinningReader(nc net.Conn, spin Spin) io.Reader {
	r := &Reader{}
	if !r.init(nc, r.read) {
		return nc
	}
	if spin.For > 0 && runtime.GOMAXPROCS(0) > 1 {
		r.spin = spin
	}
	return r
}

// NewWriter returns a Writer for nc, or nc itself when it is not a plain socket.
func NewWriter(nc net.Conn) io.Writer {
	w := &Writer{}
	if !w.init(nc, w.write) {
		return nc
	}
	return w
}

// init binds r to nc's socket with call as its RawConn callback, bound once so that a
// Read or Write allocates nothing; false when nc is not a plain socket.
func (r *raw) init(nc net.Conn, call func(fd uintptr) bool) bool {
	rc, ok := rawConn(nc)
	if ok {
		r.rc, r.nc, r.callFn = rc, nc, call
	}
	return ok
}

// Read reads like net.Conn.Read: at least one byte, io.EOF at the end, a *net.OpError
// otherwise (timeouts and a closed connection included).
func (r *Reader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	r.buf, r.n, r.errno, r.eof, r.polled = p, 0, 0, false, false
	err := r.rc.Read(r.callFn)
	n := r.n
	r.buf = nil
	switch {
	case err != nil:
		return 0, err
	case r.errno != 0:
		return 0, r.opError("read")
	case r.eof:
		return 0, io.EOF
	}
	return n, nil
}

// Write writes all of p like net.Conn.Write, waiting while the socket buffer is full.
func (w *Writer) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	w.buf, w.n, w.errno = p, 0, 0
	err := w.rc.Write(w.callFn)
	n := w.n
	w.buf = nil
	if err == nil && w.errno != 0 {
		err = w.opError("write")
	}
	return n, err
}

// read is the RawConn.Read callback: false means "not ready, wait".
func (r *raw) read(fd uintptr) bool {
	for {
		n, errno := sysRead(fd, r.buf)
		if errno == syscall.EAGAIN && r.spin.For > 0 && !r.polled {
			r.polled = true
			n, errno = r.pollIfWorthIt(fd)
		}
		switch errno {
		case 0:
			r.n, r.eof = n, n == 0
			return true
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
			return false
		}
		r.errno = errno
		return true
	}
}

// pollIfWorthIt polls (see poll) unless this socket's recent polls were in vain.
func (r *raw) pollIfWorthIt(fd uintptr) (int, syscall.Errno) {
	if r.rest > 0 {
		r.rest--
		return 0, syscall.EAGAIN
	}
	n, errno, polled := r.poll(fd)
	switch {
	case !polled:
	case errno != syscall.EAGAIN:
		r.misses = 0
	default:
		if r.misses++; r.misses == missMax {
			r.misses, r.rest = 0, restReads
		}
	}
	return n, errno
}

// poll retries the read for up to spin.For when the Spin allows it, and returns the last
// read's result (EAGAIN when it gave up or did not poll) and whether it polled.
func (r *raw) poll(fd uintptr) (int, syscall.Errno, bool) {
	if r.spin.When != nil && !r.spin.When() || !spinning.CompareAndSwap(false, true) {
		return 0, syscall.EAGAIN, false
	}
	defer spinning.Store(false)
	polls.Add(1)
	deadline := time.Now().Add(r.spin.For)
	for {
		n, errno := sysRead(fd, r.buf)
		if errno != syscall.EAGAIN {
			pollHits.Add(1)
			return n, errno, true
		}
		if !time.Now().Before(deadline) {
			return n, errno, true
		}
		sysYield() // a process that wants this core (the client, IRIS) runs first
	}
}

// write is the RawConn.Write callback: it writes until done, an error, or a full buffer
// (false: wait until writable, then it is called again and goes on).
func (r *raw) write(fd uintptr) bool {
	for r.n < len(r.buf) {
		n, errno := sysWrite(fd, r.buf[r.n:])
		switch errno {
		case 0:
			r.n += n
		case syscall.EINTR:
		case syscall.EAGAIN:
			return false
		default:
			r.errno = errno
			return true
		}
	}
	return true
}

func (r *raw) opError(op string) error {
	return &net.OpError{Op: op, Net: r.nc.LocalAddr().Network(), Source: r.nc.LocalAddr(), Addr: r.nc.RemoteAddr(),
		Err: os.NewSyscallError(op, r.errno)}
}
