package iris

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
)

// HeaderSize is the fixed message header length (§1.1).
const HeaderSize = 14

// DefaultMaxMessageSize caps a message payload read when the caller gives no
// limit. The protocol allows 4 GiB (§1.3); a proxy has no use for that much.
const DefaultMaxMessageSize = 256 << 20

// Message codes at header offset 12 (§1.1, Appendix A, §7).
var (
	OpHandshake       = [2]byte{'H', 'S'}
	OpConnect         = [2]byte{'C', 'N'}
	OpDisconnect      = [2]byte{'D', 'C'}
	OpDirectQuery     = [2]byte{'D', 'Q'}
	OpDirectUpdate    = [2]byte{'D', 'U'}
	OpPrepare         = [2]byte{'P', 'P'}
	OpPreparedQuery   = [2]byte{'P', 'Q'}
	OpPreparedUpdate  = [2]byte{'P', 'U'}
	OpFetchData       = [2]byte{'F', 'D'}
	OpGetError        = [2]byte{'O', 'E'}
	OpCommit          = [2]byte{'T', 'C'}
	OpRollback        = [2]byte{'T', 'R'}
	OpGeneratedKeys   = [2]byte{'G', 'G'}
	OpReadStream      = [2]byte{'J', 'S'}
	OpCloseStatement  = [2]byte{'C', 'U'}
	OpCloseCursor     = [2]byte{'C', 'C'}
	OpResetConnection = [2]byte{'R', 'N'}
	OpAutoCommitOn    = [2]byte{'A', 'N'}
	OpAutoCommitOff   = [2]byte{'A', 'F'}
	OpPing            = [2]byte{'P', 'G'}
	OpClassMethod     = [2]byte{0x4B, 0xC2} // class method with return value
	OpClassMethodVoid = [2]byte{0x4C, 0xC2}
)

// Reply codes (§5). SQL errors are negative SQLCODEs.
const (
	CodeOK             = 0
	CodeNoMoreData     = 100
	CodeStreamNotFound = 403
	CodeStmtNotFound   = 404
	CodeLoginFailed    = 417
)

// Header is the 14-byte message header (§1.1). In a request Code is the opcode;
// in a reply it holds the return code (see ReturnCode).
type Header struct {
	Length      uint32 // payload bytes after the header
	Count       uint32 // per-connection request counter, echoed by the server
	StatementID uint32 // statement/cursor id, echoed by the server
	Code        [2]byte
}

// ReturnCode reads a reply's code as a signed 16-bit integer: SQL errors arrive
// as negative SQLCODEs in two's complement (§5, §10.1).
func (h Header) ReturnCode() int {
	return int(int16(binary.LittleEndian.Uint16(h.Code[:])))
}

// ReplyCode encodes a return code (e.g. −30, 100, 417) for a reply header.
func ReplyCode(code int) [2]byte {
	var c [2]byte
	binary.LittleEndian.PutUint16(c[:], uint16(int16(code)))
	return c
}

// String renders the opcode for logs: letters when printable, hex otherwise.
func (h Header) String() string {
	op := fmt.Sprintf("%02X%02X", h.Code[0], h.Code[1])
	if isLetterOrDigit(h.Code[0]) && isLetterOrDigit(h.Code[1]) {
		op = string(h.Code[:])
	}
	return fmt.Sprintf("%s count=%d stmt=%d len=%d", op, h.Count, h.StatementID, h.Length)
}

func isLetterOrDigit(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

// AppendHeader appends the 14 header bytes.
func AppendHeader(dst []byte, h Header) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, h.Length)
	dst = binary.LittleEndian.AppendUint32(dst, h.Count)
	dst = binary.LittleEndian.AppendUint32(dst, h.StatementID)
	return append(dst, h.Code[0], h.Code[1])
}

// ParseHeader decodes the first 14 bytes of b; b must be at least HeaderSize long.
func ParseHeader(b []byte) Header {
	_ = b[HeaderSize-1]
	return Header{
		Length:      binary.LittleEndian.Uint32(b[0:4]),
		Count:       binary.LittleEndian.Uint32(b[4:8]),
		StatementID: binary.LittleEndian.Uint32(b[8:12]),
		Code:        [2]byte{b[12], b[13]},
	}
}

// ErrMessageTooLarge reports a header announcing more payload than the reader's limit.
var ErrMessageTooLarge = errors.New("iris: message exceeds size limit")

// ReadMessage reads one message with the default size limit; see ReadMessageLimit.
func ReadMessage(r io.Reader, buf []byte) (Header, []byte, error) {
	return ReadMessageLimit(r, buf, DefaultMaxMessageSize)
}

// ReadMessageLimit reads exactly one header and its payload, looping on short
// reads (§1.3). The payload is read into buf (grown if needed) and returned; it
// aliases buf. A payload above limit bytes is refused before anything is allocated.
func ReadMessageLimit(r io.Reader, buf []byte, limit int) (Header, []byte, error) {
	if cap(buf) < HeaderSize {
		buf = make([]byte, 0, 512)
	}
	hb := buf[:HeaderSize]
	if _, err := io.ReadFull(r, hb); err != nil {
		return Header{}, buf[:0], err
	}
	h := ParseHeader(hb)
	if uint64(h.Length) > uint64(limit) {
		return h, buf[:0], fmt.Errorf("%w: %d > %d bytes (%s)", ErrMessageTooLarge, h.Length, limit, h)
	}
	n := int(h.Length)
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	payload := buf[:n]
	if _, err := io.ReadFull(r, payload); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return h, payload[:0], err
	}
	return h, payload, nil
}

// writeBufPool holds scratch buffers for WriteMessage so that header and payload
// leave in one Write without a per-call allocation.
var writeBufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// WriteMessage sends header and payload in ONE Write call (§1.3: peers that read
// the header with a single read hang on split writes). h.Length is set from payload.
func WriteMessage(w io.Writer, h Header, payload []byte) error {
	if len(payload) > math.MaxUint32 {
		return fmt.Errorf("%w: payload of %d bytes", ErrMessageTooLarge, len(payload))
	}
	h.Length = uint32(len(payload))
	bp := writeBufPool.Get().(*[]byte)
	b := append(AppendHeader((*bp)[:0], h), payload...)
	_, err := w.Write(b)
	if cap(b) <= 64<<10 { // do not pin big buffers in the pool
		*bp = b[:0]
		writeBufPool.Put(bp)
	}
	return err
}

// MessageBuffer builds one message, header and $LIST payload, in a reusable buffer
// so that it is written with a single Write and no copy:
//
//	m.Start(h); m.String("x"); m.Int(1); err := m.Send(conn)
type MessageBuffer struct {
	ListWriter
	hdr Header
}

// Start begins a message with header h (its Length is filled in by Finish).
func (m *MessageBuffer) Start(h Header) {
	m.hdr = h
	m.buf = append(m.buf[:0], make([]byte, HeaderSize)...)
}

// Payload returns the payload written so far.
func (m *MessageBuffer) Payload() []byte { return m.buf[HeaderSize:] }

// List returns the payload, so that MessageBuffer reads like a ListWriter.
func (m *MessageBuffer) List() []byte { return m.Payload() }

// Finish patches the header and returns the complete message bytes.
func (m *MessageBuffer) Finish() ([]byte, error) {
	n := len(m.buf) - HeaderSize
	if n > math.MaxUint32 {
		return nil, fmt.Errorf("%w: payload of %d bytes", ErrMessageTooLarge, n)
	}
	m.hdr.Length = uint32(n)
	AppendHeader(m.buf[:0], m.hdr)
	return m.buf, nil
}

// Send finishes the message and writes it in one Write call.
func (m *MessageBuffer) Send(w io.Writer) error {
	b, err := m.Finish()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Scramble applies the credential transform of §2.3 (not encryption): the result
// is reversed, and o[k] = rotl8((b[i] XOR 0xA7) + k, 5) with k = n−1−i.
func Scramble(b []byte) []byte {
	return AppendScrambled(make([]byte, 0, len(b)), b)
}

// AppendScrambled appends Scramble(b) to dst.
func AppendScrambled(dst, b []byte) []byte {
	n := len(b)
	start := len(dst)
	dst = append(dst, make([]byte, n)...)
	for i, c := range b {
		k := n - 1 - i
		t := (c ^ 0xA7) + byte(k)
		dst[start+k] = t<<5 | t>>3
	}
	return dst
}

// Unscramble inverts Scramble (the simulator uses it to check logins).
func Unscramble(o []byte) []byte {
	n := len(o)
	b := make([]byte, n)
	for k, c := range o {
		t := c>>5 | c<<3
		b[n-1-k] = (t - byte(k)) ^ 0xA7
	}
	return b
}
