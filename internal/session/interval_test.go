package session

import "testing"

// TestAppendInterval: time stamp differences as PostgreSQL 15 prints them.
func TestAppendInterval(t *testing.T) {
	for ms, want := range map[int64]string{
		0: "00:00:00", 1000: "00:00:01", 86400000: "1 day", -86400000: "-1 days", 2*86400000 + 9015000: "2 days 02:30:15",
		-2000: "-00:00:02", -(86400000 + 1500): "-1 days -00:00:01.5", 90061001: "1 day 01:01:01.001", 36 * 3600000: "1 day 12:00:00",
	} {
		if got := string(appendInterval(nil, ms, 0)); got != want {
			t.Errorf("%d ms: %q, want %q", ms, got, want)
		}
	}
}
