package wire

import (
	"io"

	"github.com/jackc/pgx/v5/pgproto3"
)

// copyInReader turns the client's CopyData stream into an io.Reader.
type copyInReader struct {
	c       *conn
	pending []byte // unread part of the current CopyData; points into the read buffer
	err     error  // sticky: io.EOF after CopyDone, or why the copy failed
}

func (r *copyInReader) Read(p []byte) (int, error) {
	for len(r.pending) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		r.nextMessage()
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

func (r *copyInReader) nextMessage() {
	typ, body, err := r.c.readMessage()
	if err != nil {
		r.err = err
		return
	}
	switch typ {
	case 'd':
		r.pending = body
	case 'c':
		r.err = io.EOF
	case 'f':
		var m pgproto3.CopyFail
		if err := m.Decode(body); err != nil {
			r.err = errInvalidMessageFormat
			return
		}
		r.err = Errorf(CodeQueryCanceled, "COPY from stdin failed: %s", m.Message)
	case 'H', 'S':
		// PostgreSQL ignores Flush and Sync during COPY FROM STDIN.
	case 'X':
		r.err = &clientGoneError{io.EOF}
	default:
		r.err = Errorf(CodeProtocolViolation, "unexpected message type 0x%02X during COPY from stdin", typ)
	}
}

// copyOutWriter sends each Write as one CopyData message.
type copyOutWriter struct{ c *conn }

func (w *copyOutWriter) Write(p []byte) (int, error) {
	if err := w.c.wr.reserve(5 + len(p)); err != nil {
		return 0, err
	}
	w.c.wr.end(appendCopyData(w.c.wr.begin(), p))
	return len(p), nil
}

func (w *copyOutWriter) Done() error {
	w.c.sendRaw(msgCopyDone)
	return w.c.wr.err
}
