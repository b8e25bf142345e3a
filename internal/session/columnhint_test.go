package session

import "testing"

func TestLevenshtein(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"name", "nope", 2}, {"name", "naem", 2}, {"name", "nme", 1}, {"nam", "nme", 2}, {"", "abc", 3}, {"id", "ids", 1}, {"same", "same", 0}} {
		if got := levenshtein(c.a, c.b); got != c.d {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}
