package wire

import (
	"encoding/binary"
	"math"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Hand-written encoders for the messages sent on every query. They append
// to the write buffer without allocating; pgproto3 encodes the rest.

// Fixed messages with an empty body: type byte + length 4.
var (
	msgParseComplete   = []byte{'1', 0, 0, 0, 4}
	msgBindComplete    = []byte{'2', 0, 0, 0, 4}
	msgCloseComplete   = []byte{'3', 0, 0, 0, 4}
	msgNoData          = []byte{'n', 0, 0, 0, 4}
	msgPortalSuspended = []byte{'s', 0, 0, 0, 4}
	msgEmptyQuery      = []byte{'I', 0, 0, 0, 4}
	msgCopyDone        = []byte{'c', 0, 0, 0, 4}
)

func appendReadyForQuery(b []byte, status byte) []byte {
	return append(b, 'Z', 0, 0, 0, 5, status)
}

func appendCommandComplete(b []byte, tag string) []byte {
	b = append(b, 'C')
	b = binary.BigEndian.AppendUint32(b, uint32(4+len(tag)+1))
	b = append(b, tag...)
	return append(b, 0)
}

// dataRowSize is the encoded size of a DataRow after its type byte.
func dataRowSize(values [][]byte) int {
	size := 4 + 2
	for _, v := range values {
		size += 4 + len(v)
	}
	return size
}

// appendDataRow encodes a DataRow of the given dataRowSize; ok is false
// when the row cannot be framed (more than 65535 columns or over 2 GiB).
func appendDataRow(b []byte, values [][]byte, size int) (_ []byte, ok bool) {
	if len(values) > math.MaxUint16 || size > math.MaxInt32 {
		return b, false
	}
	b = append(b, 'D')
	b = binary.BigEndian.AppendUint32(b, uint32(size))
	b = binary.BigEndian.AppendUint16(b, uint16(len(values)))
	for _, v := range values {
		if v == nil {
			b = binary.BigEndian.AppendUint32(b, math.MaxUint32) // -1: NULL
			continue
		}
		b = binary.BigEndian.AppendUint32(b, uint32(len(v)))
		b = append(b, v...)
	}
	return b, true
}

func appendCopyData(b []byte, data []byte) []byte {
	b = append(b, 'd')
	b = binary.BigEndian.AppendUint32(b, uint32(4+len(data)))
	return append(b, data...)
}

func appendParameterStatus(b []byte, name, value string) []byte {
	b = append(b, 'S')
	b = binary.BigEndian.AppendUint32(b, uint32(4+len(name)+1+len(value)+1))
	b = append(b, name...)
	b = append(b, 0)
	b = append(b, value...)
	return append(b, 0)
}

// appendRowDescription encodes fields. forceText reports every column in
// text format, as Describe of a statement does (formats are not known
// before Bind).
func appendRowDescription(b []byte, fields []pgproto3.FieldDescription, forceText bool) ([]byte, error) {
	if len(fields) > math.MaxUint16 {
		return b, errTooManyColumns
	}
	start := len(b)
	b = append(b, 'T', 0, 0, 0, 0)
	b = binary.BigEndian.AppendUint16(b, uint16(len(fields)))
	for i := range fields {
		f := &fields[i]
		b = append(b, f.Name...)
		b = append(b, 0)
		b = binary.BigEndian.AppendUint32(b, f.TableOID)
		b = binary.BigEndian.AppendUint16(b, f.TableAttributeNumber)
		b = binary.BigEndian.AppendUint32(b, f.DataTypeOID)
		b = binary.BigEndian.AppendUint16(b, uint16(f.DataTypeSize))
		b = binary.BigEndian.AppendUint32(b, uint32(f.TypeModifier))
		format := f.Format
		if forceText {
			format = 0
		}
		b = binary.BigEndian.AppendUint16(b, uint16(format))
	}
	binary.BigEndian.PutUint32(b[start+1:], uint32(len(b)-start-1))
	return b, nil
}

var errTooManyColumns = Errorf(CodeProgramLimitExceeded, "target lists can have at most %d entries", math.MaxUint16)
