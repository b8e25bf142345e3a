package iris

import (
	"errors"
	"fmt"
	"time"
)

// Date is a calendar date without zone: the value of DATE columns (§9). A plain
// struct rather than time.Time so that no zone or clock sneaks in.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String formats the ODBC form YYYY-MM-DD.
func (d Date) String() string { return string(d.AppendODBC(nil)) }

// AppendODBC appends YYYY-MM-DD.
func (d Date) AppendODBC(b []byte) []byte {
	b = appendPadded(b, d.Year, 4)
	b = append(b, '-')
	b = appendPadded(b, int(d.Month), 2)
	b = append(b, '-')
	return appendPadded(b, d.Day, 2)
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// TimeOfDay is a TIME value: microseconds since midnight, 0 ≤ v < 24h.
type TimeOfDay int64

// NewTimeOfDay builds a TimeOfDay from its parts.
func NewTimeOfDay(hour, min, sec, micro int) TimeOfDay {
	return TimeOfDay(((int64(hour)*60+int64(min))*60+int64(sec))*1e6 + int64(micro))
}

// Clock splits the value into hour, minute, second and microsecond.
func (t TimeOfDay) Clock() (hour, min, sec, micro int) {
	v := int64(t)
	micro = int(v % 1e6)
	v /= 1e6
	return int(v / 3600), int(v / 60 % 60), int(v % 60), micro
}

// String formats HH:MM:SS[.ffffff] (trailing fraction zeros trimmed).
func (t TimeOfDay) String() string { return string(t.AppendODBC(nil)) }

// AppendODBC appends HH:MM:SS and, when non-zero, a fraction of up to six digits.
func (t TimeOfDay) AppendODBC(b []byte) []byte {
	h, m, s, us := t.Clock()
	b = appendPadded(b, h, 2)
	b = append(b, ':')
	b = appendPadded(b, m, 2)
	b = append(b, ':')
	b = appendPadded(b, s, 2)
	if us == 0 {
		return b
	}
	b = append(b, '.')
	digits := 6
	for us%10 == 0 {
		us /= 10
		digits--
	}
	return appendPadded(b, us, digits)
}

func appendPadded(b []byte, v, width int) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	var tmp [20]byte
	i := len(tmp)
	for v > 0 || i > len(tmp)-width {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, tmp[i:]...)
}

// Horolog and %PosixTime conversions (§9).
const (
	horologEpochOffset = 47117 // $HOROLOG day number of 1970-01-01 (day 0 = 1840-12-31)
	posixTimeBias      = 0x1000000000000000
	posixTimeNegMask   = 0x6000000000000000
	microsPerDay       = 86400 * 1e6
)

// DateFromHorolog converts a $HOROLOG day count (1091 DATE_HOROLOG).
func DateFromHorolog(days int64) Date {
	return DateOf(time.Unix((days-horologEpochOffset)*86400, 0).UTC())
}

// Horolog returns the $HOROLOG day count of d.
func (d Date) Horolog() int64 {
	return d.Time().Unix()/86400 + horologEpochOffset
}

// TimeFromPosix decodes an IRIS %PosixTime integer (1093): positive values are
// µs since 1970 with bit 60 set; others are negative µs with bits 61–62 cleared.
func TimeFromPosix(r int64) time.Time {
	var us int64
	if r > 0 {
		us = r ^ posixTimeBias
	} else {
		us = r | posixTimeNegMask
	}
	return time.UnixMicro(us).UTC()
}

// PosixFromTime encodes t as %PosixTime (for the simulator and tests).
func PosixFromTime(t time.Time) int64 {
	us := t.UnixMicro()
	if us >= 0 {
		return us + posixTimeBias
	}
	return us &^ posixTimeNegMask
}

var errBadTemporal = errors.New("iris: malformed date/time text")

// parseDateText parses YYYY-MM-DD (a trailing time part is ignored, since DATE
// columns sometimes arrive as timestamps).
func parseDateText(b []byte) (Date, error) {
	if len(b) < 10 || b[4] != '-' || b[7] != '-' {
		return Date{}, fmt.Errorf("%w: date %q", errBadTemporal, b)
	}
	y, ok1 := atoiFixed(b[0:4])
	m, ok2 := atoiFixed(b[5:7])
	d, ok3 := atoiFixed(b[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 || (len(b) > 10 && b[10] != ' ' && b[10] != 'T') {
		return Date{}, fmt.Errorf("%w: date %q", errBadTemporal, b)
	}
	return Date{y, time.Month(m), d}, nil
}

// parseTimeText parses HH:MM:SS[.fffffffff] into µs (digits past the sixth are truncated).
func parseTimeText(b []byte) (TimeOfDay, error) {
	if len(b) < 8 || b[2] != ':' || b[5] != ':' {
		return 0, fmt.Errorf("%w: time %q", errBadTemporal, b)
	}
	h, ok1 := atoiFixed(b[0:2])
	m, ok2 := atoiFixed(b[3:5])
	s, ok3 := atoiFixed(b[6:8])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 59 {
		return 0, fmt.Errorf("%w: time %q", errBadTemporal, b)
	}
	us, ok := parseFraction(b[8:])
	if !ok {
		return 0, fmt.Errorf("%w: time %q", errBadTemporal, b)
	}
	return NewTimeOfDay(h, m, s, us), nil
}

// parseTimestampText parses YYYY-MM-DD[ HH:MM:SS[.f…]] as UTC.
func parseTimestampText(b []byte) (time.Time, error) {
	d, err := parseDateText(b)
	if err != nil {
		return time.Time{}, err
	}
	var tod TimeOfDay
	if len(b) > 10 {
		if tod, err = parseTimeText(b[11:]); err != nil {
			return time.Time{}, err
		}
	}
	return d.Time().Add(time.Duration(tod) * time.Microsecond), nil
}

// parseFraction reads an optional ".digits" and returns microseconds.
func parseFraction(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, true
	}
	if b[0] != '.' || len(b) == 1 {
		return 0, false
	}
	us, scale := 0, 100000
	for _, c := range b[1:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		us += int(c-'0') * scale
		scale /= 10
	}
	return us, true
}

func atoiFixed(b []byte) (int, bool) {
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}
