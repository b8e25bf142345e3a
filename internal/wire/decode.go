package wire

import (
	"bytes"
	"encoding/binary"
)

// Decoders for the extended-protocol messages sent with every query.
// pgproto3's decoders allocate a bytes.Buffer and strings per message;
// these return slices of the body (names are looked up in maps with
// string(b), which does not allocate).

var errInvalidMessageFormat = Errorf(CodeProtocolViolation, "invalid message format")

// cutCBytes splits a NUL-terminated string off b.
func cutCBytes(b []byte) (s, rest []byte, ok bool) {
	i := bytes.IndexByte(b, 0)
	if i < 0 {
		return nil, nil, false
	}
	return b[:i], b[i+1:], true
}

// bindMsg is a decoded Bind. params points into the read buffer and
// reuses its backing array between messages; the format slices are
// fresh, because a Portal may keep them.
type bindMsg struct {
	portal, stmt  []byte
	paramFormats  []int16
	params        [][]byte
	resultFormats []int16
}

func (m *bindMsg) decode(b []byte) error {
	var ok bool
	if m.portal, b, ok = cutCBytes(b); !ok {
		return errInvalidMessageFormat
	}
	if m.stmt, b, ok = cutCBytes(b); !ok {
		return errInvalidMessageFormat
	}
	if m.paramFormats, b, ok = decodeFormats(b); !ok {
		return errInvalidMessageFormat
	}
	if len(b) < 2 {
		return errInvalidMessageFormat
	}
	n := int(binary.BigEndian.Uint16(b))
	b = b[2:]
	m.params = m.params[:0]
	for range n {
		if len(b) < 4 {
			return errInvalidMessageFormat
		}
		size := int(int32(binary.BigEndian.Uint32(b)))
		b = b[4:]
		if size == -1 {
			m.params = append(m.params, nil)
			continue
		}
		if size < 0 || size > len(b) {
			return errInvalidMessageFormat
		}
		m.params = append(m.params, b[:size:size])
		b = b[size:]
	}
	if m.resultFormats, b, ok = decodeFormats(b); !ok || len(b) != 0 {
		return errInvalidMessageFormat
	}
	return nil
}

// decodeFormats reads an int16 count and that many int16 format codes.
func decodeFormats(b []byte) (formats []int16, rest []byte, ok bool) {
	if len(b) < 2 {
		return nil, nil, false
	}
	n := int(binary.BigEndian.Uint16(b))
	b = b[2:]
	if len(b) < 2*n {
		return nil, nil, false
	}
	if n == 0 {
		return nil, b, true
	}
	formats = make([]int16, n)
	for i := range formats {
		formats[i] = int16(binary.BigEndian.Uint16(b[2*i:]))
	}
	return formats, b[2*n:], true
}

// decodeTarget decodes Describe and Close: a kind byte ('S' or 'P') and a name.
func decodeTarget(b []byte) (kind byte, name []byte, err error) {
	if len(b) < 2 {
		return 0, nil, errInvalidMessageFormat
	}
	name, rest, ok := cutCBytes(b[1:])
	if !ok || len(rest) != 0 {
		return 0, nil, errInvalidMessageFormat
	}
	return b[0], name, nil
}

// decodeExecute decodes Execute: a portal name and a row limit.
func decodeExecute(b []byte) (portal []byte, maxRows int, err error) {
	portal, rest, ok := cutCBytes(b)
	if !ok || len(rest) != 4 {
		return nil, 0, errInvalidMessageFormat
	}
	n := int32(binary.BigEndian.Uint32(rest))
	if n < 0 {
		n = 0 // PostgreSQL treats a non-positive limit as "all rows"
	}
	return portal, int(n), nil
}
