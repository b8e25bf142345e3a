package iris

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// ItemType is the type byte of a $LIST item (iris-protocol.md §3).
type ItemType byte

// $LIST item types (§3).
const (
	TypePlaceholder   ItemType = 0    // read as NULL
	TypeString        ItemType = 1    // 8-bit string / raw bytes
	TypeUnicode       ItemType = 2    // UTF-16LE string
	TypePosInt        ItemType = 4    // unsigned LE, minimal bytes
	TypeNegInt        ItemType = 5    // two's complement LE, leading FF dropped
	TypePosDecimal    ItemType = 6    // exponent byte + type-4 mantissa
	TypeNegDecimal    ItemType = 7    // exponent byte + type-5 mantissa
	TypeDouble        ItemType = 8    // 8-byte double, or compact float32 (0–4 bytes)
	TypeCompactDouble ItemType = 9    // double with low-order zero bytes dropped
	TypeOref          ItemType = 0x19 // object reference, 8-bit
	TypeOrefUnicode   ItemType = 0x1A // object reference, UTF-16LE

	// typeByRef is added to a type to mark a by-reference Native API argument (§3).
	typeByRef ItemType = 32
)

// Base strips the by-reference flag (types 32..63 → 0..31).
func (t ItemType) Base() ItemType {
	if t >= typeByRef && t < 2*typeByRef {
		return t - typeByRef
	}
	return t
}

// ByRef reports whether the by-reference flag is set.
func (t ItemType) ByRef() bool { return t >= typeByRef && t < 2*typeByRef }

// ErrMalformedList reports $LIST bytes that do not follow §3 (truncated item,
// impossible length, data that does not fit its type).
var ErrMalformedList = errors.New("iris: malformed $LIST")

// Item is one decoded $LIST item. Data aliases the buffer it was read from and is
// valid only as long as that buffer is.
type Item struct {
	Type      ItemType
	Data      []byte
	Undefined bool // the one-byte item 01: no type, no data
}

// ListReader walks a $LIST without copying: every Item aliases the input.
// The zero value reads an empty list.
type ListReader struct {
	buf []byte
	off int
}

// NewListReader returns a reader over b.
func NewListReader(b []byte) ListReader { return ListReader{buf: b} }

// Reset makes the reader start over on b.
func (r *ListReader) Reset(b []byte) { r.buf, r.off = b, 0 }

// More reports whether any bytes remain.
func (r *ListReader) More() bool { return r.off < len(r.buf) }

// Offset is the number of bytes consumed so far.
func (r *ListReader) Offset() int { return r.off }

// Rest returns the unread bytes (for messages whose tail is raw, §2.1).
func (r *ListReader) Rest() []byte { return r.buf[r.off:] }

// Next decodes the next item. Past the end of the list, or on inconsistent bytes,
// it returns an error wrapping ErrMalformedList; callers loop on More.
func (r *ListReader) Next() (Item, error) {
	b := r.buf[r.off:]
	if len(b) >= 2 && b[0] >= 2 && int(b[0]) <= len(b) { // short form: the common case, inlined
		n := int(b[0])
		r.off += n
		return Item{Type: ItemType(b[1]), Data: b[2:n:n]}, nil
	}
	return r.nextSlow()
}

func (r *ListReader) nextSlow() (Item, error) {
	item, n, err := decodeItem(r.buf[r.off:])
	if err != nil {
		return Item{}, fmt.Errorf("%w at offset %d: %v", ErrMalformedList, r.off, err)
	}
	r.off += n
	return item, nil
}

// NextRaw returns the complete encoded bytes of the next item (prefix included),
// for callers that forward items unchanged.
func (r *ListReader) NextRaw() ([]byte, error) {
	start := r.off
	if _, err := r.Next(); err != nil {
		return nil, err
	}
	return r.buf[start:r.off], nil
}

var (
	errEnd       = errors.New("no item left")
	errTruncated = errors.New("item runs past the end of the buffer")
	errZeroLen   = errors.New("length field is zero")
)

// decodeItem decodes the item at the start of b and returns it with its encoded
// size. Lengths are checked against len(b) before slicing, so hostile input can
// neither panic nor make us allocate.
func decodeItem(b []byte) (Item, int, error) {
	if len(b) == 0 {
		return Item{}, 0, errEnd
	}
	switch b[0] {
	case 0x01:
		return Item{Undefined: true}, 1, nil
	case 0x00:
		// medium form: 00, u16 LE (type byte + data); u16 == 0 → long form.
		if len(b) < 3 {
			return Item{}, 0, errTruncated
		}
		if n := int(binary.LittleEndian.Uint16(b[1:3])); n != 0 {
			return sliceItem(b, 3, n)
		}
		if len(b) < 7 {
			return Item{}, 0, errTruncated
		}
		n := uint64(binary.LittleEndian.Uint32(b[3:7]))
		if n == 0 {
			return Item{}, 0, errZeroLen
		}
		if n > uint64(len(b)-7) {
			return Item{}, 0, errTruncated
		}
		return sliceItem(b, 7, int(n))
	default:
		// short form: the length byte counts itself and the type byte.
		return sliceItem(b, 1, int(b[0])-1)
	}
}

// sliceItem cuts an item whose type byte sits at b[hdr] and that spans n bytes
// (type byte included) from there.
func sliceItem(b []byte, hdr, n int) (Item, int, error) {
	if n > len(b)-hdr {
		return Item{}, 0, errTruncated
	}
	end := hdr + n
	return Item{Type: ItemType(b[hdr]), Data: b[hdr+1 : end : end]}, end, nil
}

// ListWriter appends $LIST items to a reusable buffer. The zero value is ready.
type ListWriter struct {
	buf []byte
}

// NewListWriter returns a writer that appends to buf[:0].
func NewListWriter(buf []byte) ListWriter { return ListWriter{buf: buf[:0]} }

// Reset empties the list, keeping the buffer.
func (w *ListWriter) Reset() { w.buf = w.buf[:0] }

// List returns the encoded list; it aliases the writer's buffer.
func (w *ListWriter) List() []byte { return w.buf }

// Len is the encoded size so far.
func (w *ListWriter) Len() int { return len(w.buf) }

// appendItemHeader writes the length prefix and type for an item of n data bytes
// (§3: short ≤ 253, medium ≤ 65534, long beyond). Sizes beyond u32 cannot occur:
// a message payload is itself limited to u32, which WriteMessage enforces.
func appendItemHeader(b []byte, t ItemType, n int) []byte {
	switch {
	case n <= 253:
		return append(b, byte(n+2), byte(t))
	case n <= 65534:
		return append(b, 0, byte(n+1), byte((n+1)>>8), byte(t))
	default:
		b = append(b, 0, 0, 0)
		b = binary.LittleEndian.AppendUint32(b, uint32(n+1))
		return append(b, byte(t))
	}
}

// Item appends an item of any type with the given data.
func (w *ListWriter) Item(t ItemType, data []byte) {
	w.buf = appendItemHeader(w.buf, t, len(data))
	w.buf = append(w.buf, data...)
}

// Raw appends bytes that are already encoded (one or more items, or raw message bytes).
func (w *ListWriter) Raw(b []byte) { w.buf = append(w.buf, b...) }

// Undefined appends the one-byte undefined item 01.
func (w *ListWriter) Undefined() { w.buf = append(w.buf, 0x01) }

// Null appends SQL NULL, which IRIS encodes as the empty 8-bit string 02 01 (§3).
func (w *ListWriter) Null() { w.buf = append(w.buf, 0x02, byte(TypeString)) }

// Empty appends the SQL empty string, which IRIS encodes as $CHAR(0): 03 01 00 (§3).
func (w *ListWriter) Empty() { w.buf = append(w.buf, 0x03, byte(TypeString), 0x00) }

// Bytes appends b verbatim as a type-1 item (binary data, pre-scrambled text).
func (w *ListWriter) Bytes(b []byte) { w.Item(TypeString, b) }

// String appends s as Latin-1 (type 1) when every code point is ≤ U+00FF, else as
// UTF-16LE (type 2) (§3, §10.10). "" becomes 02 01: that is the protocol-level empty
// string; SQL parameter values use Empty() for the empty string (see appendParam).
func (w *ListWriter) String(s string) {
	ascii, latin1, units := scanString(s)
	switch {
	case ascii:
		w.buf = appendItemHeader(w.buf, TypeString, len(s))
		w.buf = append(w.buf, s...)
	case latin1:
		w.buf = appendItemHeader(w.buf, TypeString, units)
		for _, r := range s {
			w.buf = append(w.buf, byte(r))
		}
	default:
		w.buf = appendItemHeader(w.buf, TypeUnicode, 2*units)
		w.buf = appendUTF16LE(w.buf, s)
	}
}

// Int appends v as type 4 (v ≥ 0) or type 5 (v < 0) with minimal bytes (§3).
func (w *ListWriter) Int(v int64) {
	u := uint64(v)
	if v >= 0 {
		n := uintLen(u)
		w.buf = append(w.buf, byte(n+2), byte(TypePosInt))
		w.buf = appendUintLE(w.buf, u, n)
		return
	}
	n := negIntLen(u)
	w.buf = append(w.buf, byte(n+2), byte(TypeNegInt))
	w.buf = appendUintLE(w.buf, u, n)
}

// Uint appends v as type 4. Values above MaxInt64 go as decimal text, because
// IRIS integers are signed 64-bit (§3 encoder rules).
func (w *ListWriter) Uint(v uint64) {
	if v > 1<<63-1 {
		var tmp [20]byte
		w.Bytes(appendUintText(tmp[:0], v))
		return
	}
	w.Int(int64(v))
}

// Double appends f as an 8-byte type-8 item (§10.9: always the non-compact form).
func (w *ListWriter) Double(f float64) {
	w.buf = append(w.buf, 10, byte(TypeDouble))
	w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(f))
}

// BeginList starts a nested $LIST carried as a type-1 item (§3: a sub-list travels
// as a string holding list bytes). Append the inner items, then call EndList with
// the returned mark. Fast-select rows are built this way without a second buffer.
func (w *ListWriter) BeginList() int {
	mark := len(w.buf)
	w.buf = append(w.buf, 0, byte(TypeString)) // short-form placeholder, fixed in EndList
	return mark
}

// EndList closes the nested list opened at mark, moving the body if the length
// needs the medium or long form.
func (w *ListWriter) EndList(mark int) {
	body := len(w.buf) - mark - 2
	if body <= 253 {
		w.buf[mark] = byte(body + 2)
		return
	}
	var hdr [8]byte
	h := appendItemHeader(hdr[:0], TypeString, body)
	grow := len(h) - 2
	w.buf = append(w.buf, hdr[:grow]...)
	copy(w.buf[mark+len(h):], w.buf[mark+2:mark+2+body])
	copy(w.buf[mark:], h)
}

// uintLen is the number of bytes of u without high-order zero bytes.
func uintLen(u uint64) int {
	n := 0
	for u != 0 {
		n++
		u >>= 8
	}
	return n
}

// negIntLen is the number of low-order bytes left after dropping high-order FF
// bytes from a negative two's-complement value (§3 type 5; −1 → 0 bytes).
func negIntLen(u uint64) int {
	n := 8
	for n > 0 && byte(u>>(8*(n-1))) == 0xFF {
		n--
	}
	return n
}

func appendUintLE(b []byte, u uint64, n int) []byte {
	for i := 0; i < n; i++ {
		b = append(b, byte(u>>(8*i)))
	}
	return b
}

func appendUintText(b []byte, u uint64) []byte {
	var tmp [20]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	return append(b, tmp[i:]...)
}
