package irissim

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
)

// encodeValue appends one column value in the wire form of §9: integers as
// ints, NUMERIC as decimals, DOUBLE as 8-byte doubles, dates and times as ODBC
// strings, POSIXTIME as the encoded int64, ” as 03 01 00, NULL as 02 01, and
// stream columns as a handle for JS. scratch is a reusable text buffer.
func encodeValue(w *iris.ListWriter, col *resultCol, v any, scratch []byte, streams *streamStore, stmt uint32) []byte {
	if v == nil {
		w.Null()
		return scratch
	}
	t := &col.typ
	switch t.Kind {
	case kInt, kBit:
		switch x := v.(type) {
		case int64:
			w.Int(x)
			return scratch
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
				w.Int(int64(x))
				return scratch
			}
			w.Double(x)
			return scratch
		}
	case kNumeric:
		// IRIS sends a NUMERIC value as the canonical number it is (iris-protocol.md: an
		// int item, or a decimal), without trailing zeros: 10, not 10.00.
		switch x := v.(type) {
		case int64:
			w.Int(x)
			return scratch
		case float64:
			if x == 0 {
				x = 0 // an IRIS decimal has no negative zero (SQLite's ceiling(-0.5) is -0.0)
			}
			// SQLite computes in doubles; IRIS in decimals. The shortest text that reads
			// back as the double is the decimal meant (3.14, not 3.14000000000000012),
			// rounded to the column's scale when it has more digits.
			// 15 significant digits, what a double holds for sure: 6.32, not SQLite's
			// 6.3199999999999985 for 14.50 - 8.18.
			x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
			scratch = strconv.AppendFloat(scratch[:0], x, 'f', -1, 64)
			if dot := bytes.IndexByte(scratch, '.'); dot >= 0 && len(scratch)-dot-1 > t.Scale {
				scratch = strconv.AppendFloat(scratch[:0], x, 'f', t.Scale, 64)
			}
			scratch = trimFractionZeros(scratch)
			if x == math.Trunc(x) && math.Abs(x) < 1<<63 && bytes.IndexByte(scratch, '.') < 0 {
				w.Int(int64(x))
				return scratch
			}
			if err := w.Decimal(string(scratch)); err != nil {
				w.Double(x)
			}
			return scratch
		}
	case kDouble:
		switch x := v.(type) {
		case float64:
			w.Double(x)
			return scratch
		case int64:
			w.Double(float64(x))
			return scratch
		}
	case kPosix:
		if s, ok := v.(string); ok {
			if ts, err := time.Parse("2006-01-02 15:04:05.999999999", s); err == nil {
				w.Int(iris.PosixFromTime(ts))
				return scratch
			}
		}
	case kBinary:
		switch x := v.(type) {
		case []byte:
			if len(x) == 0 {
				w.Empty()
			} else {
				w.Bytes(x)
			}
			return scratch
		case string:
			appendText(w, x)
			return scratch
		}
	case kLongChar, kLongBin:
		var data []byte
		switch x := v.(type) {
		case []byte:
			data = x
		case string:
			// Character streams travel as 8-bit (Latin-1) bytes on a Unicode server (§3, §4.10).
			data = latin1Bytes(x)
		default:
			data = []byte(valueText(x))
		}
		w.String(streams.put(stmt, data))
		return scratch
	}
	// Strings, dates, times, GUIDs, vectors, and values whose storage class
	// does not match the declared type (SQLite is dynamically typed).
	switch x := v.(type) {
	case string:
		if col.upper {
			x = strings.ToUpper(x)
		}
		appendText(w, x)
	case int64:
		w.Int(x)
	case float64:
		w.Double(x)
	case []byte:
		if len(x) == 0 {
			w.Empty()
		} else {
			w.Bytes(x)
		}
	default:
		appendText(w, valueText(x))
	}
	return scratch
}

// appendText writes an SQL string: ” is $CHAR(0), not NULL.
func appendText(w *iris.ListWriter, s string) {
	if s == "" {
		w.Empty()
		return
	}
	w.String(s)
}

// latin1Bytes recovers raw bytes from a string decoded from a type-1 item.
func latin1Bytes(s string) []byte {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			return []byte(s)
		}
		b = append(b, byte(r))
	}
	return b
}

// streamStore keeps the contents of stream columns sent as handles, for JS.
// Handles of the current and the previous result stay readable.
type streamStore struct {
	cur     uint32 // statement of the current result
	started bool
	data    map[string]streamEntry
	next    int64
}

type streamEntry struct {
	stmt uint32
	data []byte
}

// newResult starts a result set of statement stmt: handles of the result
// before it stay readable, older ones (and earlier runs of stmt) are dropped.
func (s *streamStore) newResult(stmt uint32) {
	prev, keepPrev := s.cur, s.started && s.cur != stmt
	for h, e := range s.data {
		if !keepPrev || e.stmt != prev {
			delete(s.data, h)
		}
	}
	s.cur, s.started = stmt, true
}

func (s *streamStore) put(stmt uint32, data []byte) string {
	if s.data == nil {
		s.data = map[string]streamEntry{}
	}
	s.next++
	h := strconv.FormatInt(s.next, 10) + "@%Stream.GlobalCharacter"
	s.data[h] = streamEntry{stmt: stmt, data: append([]byte(nil), data...)}
	return h
}

func (s *streamStore) get(h string) ([]byte, bool) {
	e, ok := s.data[h]
	return e.data, ok
}

func (s *streamStore) clear() { clear(s.data) }

// trimFractionZeros drops trailing zeros after a decimal point, and the point itself
// when nothing follows it: 2.500 → 2.5, 3.000 → 3.
func trimFractionZeros(b []byte) []byte {
	if bytes.IndexByte(b, '.') < 0 {
		return b
	}
	b = bytes.TrimRight(b, "0")
	return bytes.TrimSuffix(b, []byte("."))
}
