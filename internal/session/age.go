package session

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
)

// ageColumn is an age(later, earlier) result column (translate/age.go): the two time
// stamps come as hidden columns, and the session writes PostgreSQL's interval.
type ageColumn struct {
	later, earlier       int
	laterCol, earlierCol *iris.Column
}

func (a *ageColumn) appendValue(dst []byte, rows rowSource, format int16) ([]byte, error) {
	t1, err := a.timestamp(rows, a.later, a.laterCol)
	if err != nil {
		return dst, err
	}
	t2, err := a.timestamp(rows, a.earlier, a.earlierCol)
	if err != nil {
		return dst, err
	}
	return appendPGInterval(dst, pgAge(t1, t2), format), nil
}

func (a *ageColumn) timestamp(rows rowSource, i int, col *iris.Column) (time.Time, error) {
	v, err := iris.DecodeItem(col, rows.Item(i))
	if err != nil {
		return time.Time{}, err
	}
	t, ok := v.(time.Time)
	if !ok {
		return time.Time{}, fmt.Errorf("age(): IRIS returned %T for a time stamp", v)
	}
	return t, nil
}

// pgInterval is a PostgreSQL interval's fields.
type pgInterval struct {
	months, days int32
	usecs        int64
}

// pgAge is PostgreSQL's timestamp_age: the field-by-field difference of t1 and t2,
// negative fields borrowed from the next larger one (a day from the month of the later
// time stamp's counterpart, as PostgreSQL's day_tab lookup does), the sign of t1 - t2.
func pgAge(t1, t2 time.Time) pgInterval {
	y1, m1, d1 := t1.Date()
	y2, m2, d2 := t2.Date()
	h1, mi1, s1 := t1.Clock()
	h2, mi2, s2 := t2.Clock()
	fsec := int64(t1.Nanosecond()/1000 - t2.Nanosecond()/1000)
	sec, min, hour := s1-s2, mi1-mi2, h1-h2
	mday, mon, year := d1-d2, int(m1)-int(m2), y1-y2
	neg := t1.Before(t2)
	if neg {
		fsec, sec, min, hour, mday, mon, year = -fsec, -sec, -min, -hour, -mday, -mon, -year
	}
	for fsec < 0 {
		fsec += 1_000_000
		sec--
	}
	for sec < 0 {
		sec += 60
		min--
	}
	for min < 0 {
		min += 60
		hour--
	}
	for hour < 0 {
		hour += 24
		mday--
	}
	for mday < 0 {
		if neg {
			mday += daysIn(y1, m1)
		} else {
			mday += daysIn(y2, m2)
		}
		mon--
	}
	for mon < 0 {
		mon += 12
		year--
	}
	if neg {
		fsec, sec, min, hour, mday, mon, year = -fsec, -sec, -min, -hour, -mday, -mon, -year
	}
	return pgInterval{
		months: int32(year*12 + mon),
		days:   int32(mday),
		usecs:  (int64(hour)*3600+int64(min)*60+int64(sec))*1_000_000 + fsec,
	}
}

func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// appendPGInterval writes iv as PostgreSQL does with IntervalStyle postgres ("1 year 2
// mons -3 days +04:05:06.5", "00:00:00"); binary: microseconds, days, months.
func appendPGInterval(dst []byte, iv pgInterval, format int16) []byte {
	if format != 0 {
		dst = binary.BigEndian.AppendUint64(dst, uint64(iv.usecs))
		dst = binary.BigEndian.AppendUint32(dst, uint32(iv.days))
		return binary.BigEndian.AppendUint32(dst, uint32(iv.months))
	}
	zero, before := true, false
	part := func(v int64, unit string) {
		if v == 0 {
			return
		}
		if !zero {
			dst = append(dst, ' ')
		}
		if !zero && before && v > 0 {
			dst = append(dst, '+')
		}
		dst = strconv.AppendInt(dst, v, 10)
		dst = append(dst, ' ')
		dst = append(dst, unit...)
		if v != 1 {
			dst = append(dst, 's')
		}
		zero, before = false, v < 0
	}
	part(int64(iv.months/12), "year")
	part(int64(iv.months%12), "mon")
	part(int64(iv.days), "day")
	if !zero && iv.usecs == 0 {
		return dst
	}
	if !zero {
		dst = append(dst, ' ')
	}
	us := iv.usecs
	switch {
	case us < 0:
		dst = append(dst, '-')
		us = -us
	case before:
		dst = append(dst, '+')
	}
	dst = appendTwo(dst, us/3_600_000_000)
	dst = append(dst, ':')
	dst = appendTwo(dst, us/60_000_000%60)
	dst = append(dst, ':')
	dst = appendTwo(dst, us/1_000_000%60)
	if frac := us % 1_000_000; frac != 0 {
		f := strconv.FormatInt(frac+1_000_000, 10)[1:]
		dst = append(dst, '.')
		for len(f) > 0 && f[len(f)-1] == '0' {
			f = f[:len(f)-1]
		}
		dst = append(dst, f...)
	}
	return dst
}
