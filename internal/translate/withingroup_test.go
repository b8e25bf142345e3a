package translate

import (
	"math"
	"testing"
)

// float8in's readings (PostgreSQL 15: '0.5'::float8 …); the forms parseFloat8 is not sure
// of are refused, not guessed.
func TestParseFloat8(t *testing.T) {
	for s, want := range map[string]float64{"0.5": 0.5, " .5e0 ": 0.5, "-1": -1, "+2.": 2, "1E-3": 0.001, "\t1\n": 1,
		"Infinity": math.Inf(1), "-inf": math.Inf(-1), "+INF": math.Inf(1)} {
		if got, ok := parseFloat8(s); !ok || got != want {
			t.Errorf("parseFloat8(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	if got, ok := parseFloat8("NaN"); !ok || !math.IsNaN(got) {
		t.Errorf("parseFloat8(NaN) = %v, %v", got, ok)
	}
	for _, s := range []string{"", "abc", "0x1p-1", "1_0", "+-inf", "+nan", "1e", ".", "{0.5}", "1,5"} {
		if got, ok := parseFloat8(s); ok {
			t.Errorf("parseFloat8(%q) = %v, want refused", s, got)
		}
	}
	for s, want := range map[string]bool{"1e400": true, "-1e400": true, "1e-400": true, "0e-400": false, "1e-310": false, "0.5": false, "Infinity": false} {
		x, _ := parseFloat8(s)
		if got := outOfFloat8(s, x); got != want {
			t.Errorf("outOfFloat8(%q) = %v, want %v", s, got, want)
		}
	}
}
