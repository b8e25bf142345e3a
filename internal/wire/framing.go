package wire

import (
	"encoding/binary"
	"io"
	"sync"
)

const (
	// pooledBufSize is the size of the read and write buffers borrowed from
	// bufPool while a connection has traffic. Idle connections hold none.
	pooledBufSize = 16 << 10
	// idleBufSize is the inline read buffer of an idle connection: large
	// enough for most statements, small enough to keep idle connections
	// cheap.
	idleBufSize = 512
	// maxPooledBufSize bounds buffers returned to the pool, so one huge
	// result does not pin memory forever.
	maxPooledBufSize = 256 << 10
	// flushThreshold is the amount of buffered output that triggers a write
	// in the middle of a result.
	flushThreshold = pooledBufSize
	// smallMessageLimit is PostgreSQL's PQ_SMALL_MESSAGE_LIMIT: messages
	// that carry no user data (Sync, Describe, Execute, ...) are never
	// larger, so a bigger length is a broken or hostile frame.
	smallMessageLimit = 10000
	// maxStartupPacketLen is PostgreSQL's MAX_STARTUP_PACKET_LENGTH.
	maxStartupPacketLen = 10000
)

var bufPool = sync.Pool{New: func() any {
	b := make([]byte, 0, pooledBufSize)
	return &b
}}

// msgReader reads protocol frames. Unlike pgproto3.Backend it does not pin
// a read buffer per connection: the buffer is borrowed from bufPool when
// a message outgrows the inline idle array and returned as soon as
// everything buffered is consumed, which keeps idle connections small.
type msgReader struct {
	src    io.Reader
	buf    []byte            // len(buf) is the usable size
	pooled *[]byte           // origin of buf when it came from bufPool
	rp, wp int               // read and write positions in buf
	err    error             // a read error met by fill, returned by the next read
	idle   [idleBufSize]byte // buf while nothing is pending (see header)
}

// buffered reports how many received bytes have not been consumed yet.
func (r *msgReader) buffered() int { return r.wp - r.rp }

// release returns the buffer to the pool; only valid when nothing is buffered.
func (r *msgReader) release() {
	if r.pooled != nil {
		bufPool.Put(r.pooled)
	}
	r.buf, r.pooled, r.rp, r.wp = nil, nil, 0, 0
}

// ensure makes room for n contiguous bytes starting at rp.
func (r *msgReader) ensure(n int) {
	if len(r.buf)-r.rp >= n {
		return
	}
	pending := r.wp - r.rp
	if len(r.buf) >= n {
		copy(r.buf, r.buf[r.rp:r.wp])
		r.rp, r.wp = 0, pending
		return
	}
	// Grow: from the inline idle buffer (or none) to a pooled one, or, for a
	// message larger than the pooled buffer, to its own, dropped again once
	// consumed.
	var grown []byte
	var pooled *[]byte
	if n <= pooledBufSize {
		pooled = bufPool.Get().(*[]byte)
		grown = (*pooled)[:cap(*pooled)]
	} else {
		grown = make([]byte, n)
	}
	copy(grown, r.buf[r.rp:r.wp])
	if r.pooled != nil {
		bufPool.Put(r.pooled)
	}
	r.buf, r.pooled, r.rp, r.wp = grown, pooled, 0, pending
}

// next returns the next n bytes, reading as much as the buffer holds so
// that pipelined messages cost one read. The slice is valid until the
// next call.
func (r *msgReader) next(n int) ([]byte, error) {
	if r.wp-r.rp < n {
		if err := r.err; err != nil {
			r.err = nil
			if err == io.EOF && r.wp > r.rp {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		r.ensure(n)
		got, err := io.ReadAtLeast(r.src, r.buf[r.wp:], n-(r.wp-r.rp))
		r.wp += got
		if err != nil {
			if err == io.EOF && r.wp > r.rp {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
	}
	b := r.buf[r.rp : r.rp+n : r.rp+n]
	r.rp += n
	return b, nil
}

// fill waits until the client sends something and buffers it (in the inline idle array,
// as header would), keeping a read error for the next call to next.
func (r *msgReader) fill() {
	if r.rp == r.wp {
		r.release()
		r.buf = r.idle[:]
	}
	n, err := r.src.Read(r.buf[r.wp:])
	r.wp += n
	if n == 0 {
		r.err = err // nil when the reader returned nothing at all: next reads again
	}
}

// peekByte returns the next byte without consuming it.
func (r *msgReader) peekByte() (byte, error) {
	if _, err := r.next(1); err != nil {
		return 0, err
	}
	r.rp--
	return r.buf[r.rp], nil
}

// header reads a message's type byte and body length. When nothing is
// buffered the client is idle: the pooled buffer goes back to the pool and
// the next read lands in the small inline array, which holds a typical
// query or Parse/Bind/Execute/Sync batch whole, so such a message costs one
// read(2) instead of two (header, then body) and borrows no pooled buffer.
func (r *msgReader) header() (typ byte, bodyLen int, err error) {
	if r.rp == r.wp {
		r.release()
		r.buf = r.idle[:]
	}
	h, err := r.next(5)
	if err != nil {
		return 0, 0, err
	}
	return h[0], int(int32(binary.BigEndian.Uint32(h[1:]))) - 4, nil
}

// executeBeforeSync reports whether another Execute may come before the next Sync: one
// is buffered before a Sync, or the buffered input ends before any Sync (the rest of the
// pipeline has not arrived yet, so more may follow). False only when the buffered input
// shows a Sync first.
func (r *msgReader) executeBeforeSync() bool {
	b := r.buf[r.rp:r.wp]
	for len(b) > 0 {
		switch b[0] {
		case 'S':
			return false
		case 'E':
			return true
		}
		if len(b) < 5 {
			return true
		}
		n := int(binary.BigEndian.Uint32(b[1:5]))
		if n < 4 || len(b) < 1+n {
			return true
		}
		b = b[1+n:]
	}
	return true
}

// msgWriter buffers outgoing messages. The buffer is borrowed from
// bufPool on the first message and returned on flush.
type msgWriter struct {
	dst    io.Writer
	buf    []byte
	pooled *[]byte
	err    error // sticky: once a write failed the client is gone
	torn   bool  // a failed write sent part of the buffer: the stream is corrupt
}

// begin returns the buffer to append one or more messages to; end stores it back.
func (w *msgWriter) begin() []byte {
	if w.buf == nil {
		w.pooled = bufPool.Get().(*[]byte)
		w.buf = (*w.pooled)[:0]
	}
	return w.buf
}

func (w *msgWriter) end(b []byte) { w.buf = b }

// flush writes the buffer and returns it to the pool.
func (w *msgWriter) flush() error {
	if w.err != nil {
		return w.err
	}
	if len(w.buf) > 0 {
		if n, err := w.dst.Write(w.buf); err != nil {
			w.err = &clientGoneError{err}
			w.torn = n > 0
		}
	}
	w.releaseBuf()
	return w.err
}

// reserve flushes pending output when n more bytes would push the buffer
// past flushThreshold, so that streaming keeps the pooled buffer's size.
func (w *msgWriter) reserve(n int) error {
	if len(w.buf) > 0 && len(w.buf)+n > flushThreshold {
		return w.flush()
	}
	return w.err
}

// resetAfterError clears a write error that left the stream intact (the write was
// interrupted before any byte went out, e.g. by a deadline), so that a
// last message can still be sent. Unsent output is discarded.
func (w *msgWriter) resetAfterError() bool {
	if w.torn {
		return false
	}
	w.err = nil
	w.releaseBuf()
	return true
}

func (w *msgWriter) releaseBuf() {
	if w.pooled != nil && cap(w.buf) <= maxPooledBufSize {
		*w.pooled = w.buf[:0]
		bufPool.Put(w.pooled)
	}
	w.buf, w.pooled = nil, nil
}
