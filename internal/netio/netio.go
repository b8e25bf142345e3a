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
// It is a leaf package (standard library only) shared by internal/wire and internal/iris.
package netio

import (
	"io"
	"net"
	"os"
	"syscall"
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
}

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
func NewReader(nc net.Conn) io.Reader {
	r := &Reader{}
	if !r.init(nc, r.read) {
		return nc
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
	r.buf, r.n, r.errno, r.eof = p, 0, 0, false
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
