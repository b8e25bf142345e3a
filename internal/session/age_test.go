package session

import (
	"encoding/binary"
	"testing"
	"time"
)

// Expected values are PostgreSQL 15's age() and interval output.
func TestPgAgeMatchesPostgres(t *testing.T) {
	ts := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04:05.999999", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct{ a, b, want string }{
		{"2024-01-01 00:00:00", "2020-06-15 00:00:00", "3 years 6 mons 16 days"},
		{"2024-03-31 00:00:00", "2024-02-29 00:00:00", "1 mon 2 days"},
		{"2024-02-29 00:00:00", "2024-03-31 00:00:00", "-1 mons -2 days"},
		{"2001-04-10 00:00:00", "1957-06-13 00:00:00", "43 years 9 mons 27 days"},
		{"2024-03-31 08:30:15.25", "2024-01-01 10:00:00", "2 mons 29 days 22:30:15.25"},
		{"2024-01-01 10:00:00", "2024-03-31 08:30:15.25", "-2 mons -29 days -22:30:15.25"},
		{"2024-01-01 00:00:00", "2024-01-01 00:00:00", "00:00:00"},
		{"2024-01-01 00:00:01", "2024-01-01 00:00:00", "00:00:01"},
		{"2025-01-01 00:00:00", "2024-01-01 00:00:00", "1 year"},
	} {
		got := string(appendPGInterval(nil, pgAge(ts(c.a), ts(c.b)), 0))
		if got != c.want {
			t.Errorf("age(%s, %s) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}

func TestPGIntervalText(t *testing.T) {
	for _, c := range []struct {
		iv   pgInterval
		want string
	}{
		{pgInterval{-1, 3, 0}, "-1 mons +3 days"},
		{pgInterval{0, -1, 3_600_000_000}, "-1 days +01:00:00"},
		{pgInterval{14, 0, 500_000}, "1 year 2 mons 00:00:00.5"},
		{pgInterval{0, 0, -1}, "-00:00:00.000001"},
	} {
		if got := string(appendPGInterval(nil, c.iv, 0)); got != c.want {
			t.Errorf("%+v: %q, want %q", c.iv, got, c.want)
		}
	}
	b := appendPGInterval(nil, pgInterval{14, -3, 1_500_000}, 1)
	if len(b) != 16 || int64(binary.BigEndian.Uint64(b)) != 1_500_000 || int32(binary.BigEndian.Uint32(b[8:])) != -3 || int32(binary.BigEndian.Uint32(b[12:])) != 14 {
		t.Errorf("binary: %x", b)
	}
}
