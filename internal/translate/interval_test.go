package translate

import "testing"

// Expected values are PostgreSQL 15's (interval '…' and its extract(epoch …)).
func TestParseIntervalMatchesPostgres(t *testing.T) {
	const h = 3600 * usecsPerSec
	for _, c := range []struct {
		lit  string
		want pgInterval
	}{
		{"1.5 hours", pgInterval{0, 0, 1.5 * h}},
		{"1 day 02:30:00", pgInterval{0, 1, 2.5 * h}},
		{"-01:30", pgInterval{0, 0, -1.5 * h}},
		{"1:30", pgInterval{0, 0, 1.5 * h}},
		{"2 days ago", pgInterval{0, -2, 0}},
		{"1.5 months", pgInterval{1, 15, 0}},
		{"3.7 months", pgInterval{3, 21, 0}},
		{"1.5 years", pgInterval{18, 0, 0}},
		{"0.1 years", pgInterval{1, 0, 0}},
		{"0.25 weeks", pgInterval{0, 1, 18 * h}},
		{"-1.5 days", pgInterval{0, -1, -12 * h}},
		{"90 min", pgInterval{0, 0, 1.5 * h}},
		{"1h", pgInterval{0, 0, h}},
		{"2d", pgInterval{0, 2, 0}},
		{"10", pgInterval{0, 0, 10 * usecsPerSec}},
		{"1 year 2 mons 3 days 04:05:06", pgInterval{14, 3, 4*h + 5*60*usecsPerSec + 6*usecsPerSec}},
		{"1 day -01:00", pgInterval{0, 1, -h}},
		{"0.5 seconds", pgInterval{0, 0, usecsPerSec / 2}},
		{"1 DAY", pgInterval{0, 1, 0}},
		{"1 day 2", pgInterval{0, 1, 2 * usecsPerSec}},
	} {
		got, ok := parseInterval(c.lit)
		if !ok || got != c.want {
			t.Errorf("parseInterval(%q) = %+v, %v; want %+v", c.lit, got, ok, c.want)
		}
	}
	for _, bad := range []string{"", "1 fortnight", "1 day 2 days", "P1D", "1 hour 01:00", "ago", "1:75", "1e3 days", "nan days"} {
		if got, ok := parseInterval(bad); ok {
			t.Errorf("parseInterval(%q) = %+v, want refused", bad, got)
		}
	}
}

func TestIntervalMulMatchesPostgres(t *testing.T) {
	const h = 3600 * usecsPerSec
	for _, c := range []struct {
		iv     pgInterval
		factor float64
		divide bool
		want   pgInterval
	}{
		{pgInterval{1, 0, 0}, 1.5, false, pgInterval{1, 15, 0}},
		{pgInterval{0, 1, 0}, 2.5, false, pgInterval{0, 2, 12 * h}},
		{pgInterval{1, 1, 0}, 0.3, false, pgInterval{0, 9, 7*h + 12*60*usecsPerSec}},
		{pgInterval{0, 0, h}, 3, true, pgInterval{0, 0, 20 * 60 * usecsPerSec}},
		{pgInterval{0, 1, 0}, 2, true, pgInterval{0, 0, 12 * h}},
		{pgInterval{1, 0, 0}, -1.5, false, pgInterval{-1, -15, 0}},
		{pgInterval{0, 3, 0}, 2, false, pgInterval{0, 6, 0}},
	} {
		got, ok := c.iv.mul(c.factor, c.divide)
		if !ok || got != c.want {
			t.Errorf("%+v mul(%v, divide %v) = %+v, %v; want %+v", c.iv, c.factor, c.divide, got, ok, c.want)
		}
	}
}
