package wire

import (
	"encoding/binary"

	"github.com/jackc/pgx/v5/pgproto3"
)

// resultWriter is the connection's ResultWriter. One value lives in the
// conn and is reused for every query.
type resultWriter struct {
	c *conn
	// extended drops RowDescription: in the extended protocol the client
	// gets it from Describe, and Execute must not repeat it.
	extended bool
}

var errRowTooLarge = Errorf(CodeProgramLimitExceeded, "row is too large to be sent")

func (w *resultWriter) RowDescription(fields []pgproto3.FieldDescription) error {
	if w.extended {
		return nil
	}
	return w.c.sendColumns(fields, false)
}

func (w *resultWriter) DataRow(values [][]byte) error {
	size := dataRowSize(values)
	if err := w.c.wr.reserve(1 + size); err != nil {
		return err
	}
	b, ok := appendDataRow(w.c.wr.begin(), values, size)
	if !ok {
		return errRowTooLarge
	}
	w.c.wr.end(b)
	return nil
}

func (w *resultWriter) CommandComplete(tag string) error {
	w.c.wr.end(appendCommandComplete(w.c.wr.begin(), tag))
	return w.c.wr.err
}

func (w *resultWriter) EmptyQuery() error {
	w.c.sendRaw(msgEmptyQuery)
	return w.c.wr.err
}

// Notice is flushed at once, like PostgreSQL does, so that clients see
// progress messages while a statement runs.
func (w *resultWriter) Notice(n *pgproto3.NoticeResponse) error {
	if err := w.c.send(n); err != nil {
		return err
	}
	return w.c.wr.flush()
}

func (w *resultWriter) ParameterStatus(name, value string) error {
	w.c.wr.end(appendParameterStatus(w.c.wr.begin(), name, value))
	return w.c.wr.err
}

func (w *resultWriter) CopyIn(format int8, columnFormats []int16) (CopyReader, error) {
	w.c.wr.end(appendCopyResponse(w.c.wr.begin(), 'G', format, columnFormats))
	// The client sends nothing until it has seen CopyInResponse.
	if err := w.c.wr.flush(); err != nil {
		return nil, err
	}
	return &copyInReader{c: w.c}, nil
}

func (w *resultWriter) CopyOut(format int8, columnFormats []int16) (CopyWriter, error) {
	w.c.wr.end(appendCopyResponse(w.c.wr.begin(), 'H', format, columnFormats))
	return &copyOutWriter{c: w.c}, w.c.wr.err
}

// appendCopyResponse encodes CopyInResponse ('G') or CopyOutResponse ('H').
func appendCopyResponse(b []byte, typ byte, format int8, columnFormats []int16) []byte {
	b = append(b, typ)
	b = binary.BigEndian.AppendUint32(b, uint32(4+1+2+2*len(columnFormats)))
	b = append(b, byte(format))
	b = binary.BigEndian.AppendUint16(b, uint16(len(columnFormats)))
	for _, f := range columnFormats {
		b = binary.BigEndian.AppendUint16(b, uint16(f))
	}
	return b
}
