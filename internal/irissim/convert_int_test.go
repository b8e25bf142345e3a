package irissim

import (
	"database/sql/driver"
	"testing"
)

// Values beyond BigInt's range fail validation as in IRIS; they must not wrap around to
// another integer (9223372036854775808 was stored as -9223372036854775808).
func TestToIntRefusesValuesBeyondBigInt(t *testing.T) {
	for _, v := range []driver.Value{"9223372036854775808", "-9223372036854775809", "1e19", "100000000000000000000", float64(1 << 63), -1e19} {
		if n, ok := toInt(v); ok {
			t.Errorf("toInt(%v) = %d, want a validation failure", v, n)
		}
	}
	for v, want := range map[driver.Value]int64{"9223372036854775807": 1<<63 - 1, "-9223372036854775808": -1 << 63, "1e3": 1000, float64(-1 << 63): -1 << 63} {
		if n, ok := toInt(v); !ok || n != want {
			t.Errorf("toInt(%v) = %d %v, want %d", v, n, ok, want)
		}
	}
}
