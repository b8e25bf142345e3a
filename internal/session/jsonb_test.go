package session

import "testing"

// Expected forms are PostgreSQL 15's output for the same input cast to jsonb.
func TestAppendJSONBIsPostgresCanonicalForm(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"b":1, "a":0.1e1, "aa": -0, "c": 1.50, "d": 1e2, "e": "\u00e9\n\u0001/", "a": [1,{"z":null,"y":true}], "bb": 12E-3}`,
			`{"a": [1, {"y": true, "z": null}], "b": 1, "c": 1.50, "d": 100, "e": "é\n\u0001/", "aa": 0, "bb": 0.012}`},
		{` [ ] `, `[]`},
		{`{}`, `{}`},
		{`"x\"y\\z"`, `"x\"y\\z"`},
		{`-1.0E+3`, `-1000`},
		{`2.5e-1`, `0.25`},
		{`[1e400]`, `[1` + zeros(400) + `]`},
		{`0.000`, `0.000`},
	} {
		got, ok := appendJSONB(nil, []byte(c.in))
		if !ok || string(got) != c.want {
			t.Errorf("appendJSONB(%s) = %s, %v; want %s", c.in, got, ok, c.want)
		}
	}
	for _, bad := range []string{`{"a":1`, `[1,]`, `01`, `.5`, `{"a" 1}`, `tru`, `[1] x`, ``} {
		if got, ok := appendJSONB([]byte("kept"), []byte(bad)); ok || string(got) != "kept" {
			t.Errorf("appendJSONB(%q) = %q, %v; want a refusal", bad, got, ok)
		}
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}
