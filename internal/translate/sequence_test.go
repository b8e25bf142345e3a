package translate

import "testing"

func TestParseSequenceName(t *testing.T) {
	for in, want := range map[string]TableRef{
		"s": {Name: "s"}, "S": {Name: "s"}, ` Public . My_Seq `: {Schema: "public", Name: "my_seq"},
		`"S"`: {Name: "S"}, `"a""b".c`: {Schema: `a"b`, Name: "c"}, `x."Y.Z"`: {Schema: "x", Name: "Y.Z"},
	} {
		got, err := ParseSequenceName(in)
		if err != nil || got != want {
			t.Errorf("%q: got %+v, %v; want %+v", in, got, err, want)
		}
	}
	for in, state := range map[string]string{"": "42602", "a..b": "42602", `"`: "42602", `""`: "42602", "a b": "42602", "a.b.c": "0A000"} {
		_, err := ParseSequenceName(in)
		if e, ok := err.(*Error); !ok || e.SQLState != state {
			t.Errorf("%q: got %v, want %s", in, err, state)
		}
	}
}

// TestSeqCallsThroughShapeCache: texts that differ only in the sequence named share a
// shape but not a translation (the name is read), and each call keeps its place.
func TestSeqCallsThroughShapeCache(t *testing.T) {
	c := NewCache(64, DefaultOptions())
	for range 3 { // recorded, then served from the template
		for _, tc := range []struct{ sql, seq, out string }{
			{"INSERT INTO u (id, name) VALUES (nextval('s1'), 'x')", "s1", "INSERT INTO u (id, name) VALUES (1, 'x')"},
			{"INSERT INTO u (id, name) VALUES (nextval('s2'), 'yy')", "s2", "INSERT INTO u (id, name) VALUES (1, 'yy')"},
			{"INSERT INTO u (id, name) VALUES (nextval('s1'), 'zzz')", "s1", "INSERT INTO u (id, name) VALUES (1, 'zzz')"},
		} {
			plans, err := c.Translate(tc.sql)
			if err != nil {
				t.Fatal(err)
			}
			p := plans[0]
			if len(p.SeqCalls) != 1 || p.SeqCalls[0].Seq.Name != tc.seq {
				t.Fatalf("%s: calls %+v", tc.sql, p.SeqCalls)
			}
			got, _ := RenderSeqCalls(p.SQL, p.SeqCalls, func(SeqCall) (int64, error) { return 1, nil })
			if got != tc.out {
				t.Fatalf("%s: got %q, want %q", tc.sql, got, tc.out)
			}
		}
	}
}
