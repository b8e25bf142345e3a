package iris

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Value decoding by column type (§9). Go types produced:
//
//	BIT → bool; TINYINT..BIGINT → int64; NUMERIC/DECIMAL → Decimal;
//	FLOAT/DOUBLE/REAL → float64; DATE/1091 → Date; TIME/1092 → TimeOfDay;
//	TIMESTAMP/1093 → time.Time (UTC); BINARY/VARBINARY/LONGVARBINARY → []byte;
//	character types, GUID, unknown → string; NULL → nil.
//
// The $LIST type of each value depends on the value, not the column, so every
// decoder accepts the other plausible encodings too.
func (c *Conn) decodeValue(col *Column, it Item) (any, error) {
	if it.IsNull() {
		return nil, nil
	}
	v, err := c.decodeNonNull(col, it)
	if err != nil {
		return nil, fmt.Errorf("iris: column %q (ODBC type %d): %w", col.Name, col.ODBCType, err)
	}
	return v, nil
}

// DecodeItem decodes it, an item of a $LIST that is not a result row (the elements of
// an array_agg value, which the session puts in a $LIST), as a value of col's type, as
// Rows.Value does; NULL is nil. A stream type is an error: its items are handles read
// over a connection.
func DecodeItem(col *Column, it Item) (any, error) {
	if it.IsNull() {
		return nil, nil
	}
	switch col.ODBCType {
	case ODBCLongVarChar, ODBCWLongVarChar, ODBCLongVarBinary:
		return nil, fmt.Errorf("iris: a stream value (ODBC type %d) inside a list", col.ODBCType)
	}
	return (*Conn)(nil).decodeNonNull(col, it)
}

func (c *Conn) decodeNonNull(col *Column, it Item) (any, error) {
	switch col.ODBCType {
	case ODBCBit:
		v, err := it.Int()
		return v != 0, err
	case ODBCTinyInt, ODBCSmallInt, ODBCInteger, ODBCBigInt:
		return it.Int()
	case ODBCNumeric, ODBCDecimal:
		s, err := it.DecimalString()
		return Decimal(s), err
	case ODBCFloat, ODBCReal, ODBCDouble:
		return it.Float()
	case ODBCDate, ODBCDateHorolog:
		return decodeDate(it)
	case ODBCTime, ODBCTimeHorolog:
		return decodeTime(it)
	case ODBCTimestamp, ODBCTimePosix:
		return decodeTimestamp(it)
	case ODBCBinary, ODBCVarBinary:
		return append([]byte{}, it.Bytes()...), nil
	case ODBCLongVarChar, ODBCWLongVarChar:
		b, err := c.readStream(it)
		if b == nil || err != nil {
			return nil, err
		}
		return streamText(b), nil
	case ODBCLongVarBinary:
		b, err := c.readStream(it)
		if b == nil || err != nil {
			return nil, err
		}
		return append(make([]byte, 0, len(b)), b...), nil
	}
	return it.Text()
}

// streamText decodes character-stream bytes. JS returns raw bytes that S2
// decodes with the handshake locale; on Unicode servers 8-bit text is Latin-1
// (§3), which is what we assume for every server (§4.10 gives nothing firmer).
func streamText(b []byte) string {
	if isASCII(b) { // string(b) copies, so b may alias a buffer
		return string(b)
	}
	return string(appendLatin1AsUTF8(make([]byte, 0, len(b)+len(b)/2), b))
}

// posixThreshold separates the two integer encodings a DATE column may carry
// (§10.11): $HOROLOG day numbers are small, %PosixTime values have bit 60 set
// or are negative with bits 61–62 cleared, far beyond any day count.
const posixThreshold = 1 << 40

func decodeDate(it Item) (Date, error) {
	if isNumberType(it.Type.Base()) {
		n, err := it.Int()
		if err != nil {
			return Date{}, err
		}
		if n > posixThreshold || n < -posixThreshold {
			return DateOf(TimeFromPosix(n)), nil
		}
		return DateFromHorolog(n), nil
	}
	s, err := textBytes(it)
	if err != nil {
		return Date{}, err
	}
	return parseDateText(s)
}

func decodeTime(it Item) (TimeOfDay, error) {
	if isNumberType(it.Type.Base()) {
		// $HOROLOG seconds after midnight, possibly fractional (§9, 1092).
		s, err := it.DecimalString()
		if err != nil {
			return 0, err
		}
		d, ok := parseDecimalText(s)
		if !ok || d.neg || !d.fits {
			return 0, fmt.Errorf("%w: seconds %q", errBadTemporal, s)
		}
		us, err := microsFromSeconds(d)
		if err != nil || us >= microsPerDay {
			return 0, fmt.Errorf("%w: seconds %q", errBadTemporal, s)
		}
		return TimeOfDay(us), nil
	}
	s, err := textBytes(it)
	if err != nil {
		return 0, err
	}
	return parseTimeText(s)
}

// microsFromSeconds converts m×10^e seconds to µs, truncating below 1 µs.
func microsFromSeconds(d parsedDecimal) (int64, error) {
	m, e := d.m, d.exp+d.tz+6
	for ; e < 0; e++ {
		m /= 10
	}
	for ; e > 0; e-- {
		if m > math.MaxInt64/10 {
			return 0, errIntRange
		}
		m *= 10
	}
	if m > math.MaxInt64 {
		return 0, errIntRange
	}
	return int64(m), nil
}

func decodeTimestamp(it Item) (time.Time, error) {
	if isNumberType(it.Type.Base()) {
		n, err := it.Int()
		if err != nil {
			return time.Time{}, err
		}
		return TimeFromPosix(n), nil
	}
	s, err := textBytes(it)
	if err != nil {
		return time.Time{}, err
	}
	return parseTimestampText(s)
}

func isNumberType(t ItemType) bool {
	return t >= TypePosInt && t <= TypeCompactDouble
}

// textBytes returns a string item's text as bytes without copying when it is
// 8-bit ASCII (the usual case for date/time text).
func textBytes(it Item) ([]byte, error) {
	if it.Type.Base() == TypeString && isASCII(it.Data) {
		return it.Data, nil
	}
	s, err := it.Text()
	return []byte(strings.TrimSpace(s)), err
}

// readStream fetches a LONGVARCHAR/LONGVARBINARY value with JS (§4.10): new
// statement id, the handle item and −1 (everything); the reply is raw bytes;
// 403 means no such stream and reads as NULL (nil). The bytes alias a connection
// buffer: callers copy them before the next call.
func (c *Conn) readStream(handle Item) ([]byte, error) {
	if handle.IsNull() || handle.isEmptyString() {
		return nil, nil
	}
	c.start(OpReadStream, c.newStatementID())
	c.out.Item(handle.Type, handle.Data)
	c.out.Int(-1)
	h, payload, err := c.roundTrip(&c.auxBuf)
	if err != nil {
		return nil, err
	}
	switch code := h.ReturnCode(); {
	case code == CodeStreamNotFound:
		return nil, nil
	case isError(code):
		return nil, c.serverError(code)
	}
	if cap(c.auxBuf) > maxRetainedBuf {
		c.auxBuf = nil // let one huge stream go instead of pinning it; payload stays valid
	}
	return payload, nil
}

// maxRetainedBuf caps the auxiliary buffer a connection keeps between calls.
const maxRetainedBuf = 1 << 20
