package session

import (
	"math"
	"testing"

	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

func p64(v int64) *int64 { return &v }

func codeOf(err error) string {
	if we, ok := err.(*wire.Error); ok {
		return we.Code + " " + we.Message
	}
	return ""
}

// The values and errors below are PostgreSQL 15's for the same statements.
func TestSeqDefNextval(t *testing.T) {
	yes := true
	for _, tc := range []struct {
		name string
		opts translate.SeqOptions
		want []int64
		end  string // the error after want
	}{
		{"default", translate.SeqOptions{}, []int64{1, 2, 3}, ""},
		{"start", translate.SeqOptions{Start: p64(10), Increment: p64(5)}, []int64{10, 15, 20}, ""},
		{"descending", translate.SeqOptions{Increment: p64(-1)}, []int64{-1, -2, -3}, ""},
		{"cycle down", translate.SeqOptions{Type: "smallint", Increment: p64(-2), Min: p64(-3), Max: p64(2), Cycle: &yes},
			[]int64{2, 0, -2, 2, 0}, ""},
		{"max", translate.SeqOptions{Max: p64(2)}, []int64{1, 2}, `2200H nextval: reached maximum value of sequence "s" (2)`},
		{"min", translate.SeqOptions{Increment: p64(-5), Min: p64(-7), Max: p64(0)}, []int64{0, -5}, `2200H nextval: reached minimum value of sequence "s" (-7)`},
		{"bigint end", translate.SeqOptions{Start: p64(math.MaxInt64 - 1)}, []int64{math.MaxInt64 - 1, math.MaxInt64},
			`2200H nextval: reached maximum value of sequence "s" (9223372036854775807)`},
	} {
		d, err := newSeqDef(tc.opts)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for i, want := range tc.want {
			if got, err := d.next("s"); err != nil || got != want {
				t.Fatalf("%s: value %d: got %d, %v; want %d", tc.name, i, got, err, want)
			}
		}
		if tc.end != "" {
			before := d
			if _, err := d.next("s"); codeOf(err) != tc.end {
				t.Fatalf("%s: got %v, want %s", tc.name, err, tc.end)
			}
			if d != before {
				t.Fatalf("%s: the failed nextval changed the sequence", tc.name)
			}
		}
	}
}

func TestSeqDefOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		opts translate.SeqOptions
		want string
	}{
		{translate.SeqOptions{Increment: p64(0)}, "22023 INCREMENT must not be zero"},
		{translate.SeqOptions{Min: p64(10), Max: p64(5)}, "22023 MINVALUE (10) must be less than MAXVALUE (5)"},
		{translate.SeqOptions{Start: p64(0)}, "22023 START value (0) cannot be less than MINVALUE (1)"},
		{translate.SeqOptions{Max: p64(5), Start: p64(6)}, "22023 START value (6) cannot be greater than MAXVALUE (5)"},
		{translate.SeqOptions{Type: "integer", Max: p64(3000000000)}, "22023 MAXVALUE (3000000000) is out of range for sequence data type integer"},
		{translate.SeqOptions{Type: "smallint", Min: p64(-40000)}, "22023 MINVALUE (-40000) is out of range for sequence data type smallint"},
		{translate.SeqOptions{Cache: p64(0)}, "22023 CACHE (0) must be greater than zero"},
	} {
		if _, err := newSeqDef(tc.opts); codeOf(err) != tc.want {
			t.Errorf("%+v: got %v, want %s", tc.opts, err, tc.want)
		}
	}
}

func TestSeqDefAlterAndSetval(t *testing.T) {
	d, _ := newSeqDef(translate.SeqOptions{Start: p64(10)})
	d.next("s")
	d.next("s") // 11
	if err := d.apply(translate.SeqOptions{Increment: p64(5)}, false); err != nil {
		t.Fatal(err)
	}
	if v, _ := d.next("s"); v != 16 {
		t.Fatalf("after INCREMENT BY 5: %d", v)
	}
	d.apply(translate.SeqOptions{Restart: true}, false)
	if v, _ := d.next("s"); v != 10 {
		t.Fatalf("after RESTART: %d", v)
	}
	d.apply(translate.SeqOptions{Restart: true, RestartWith: p64(50)}, false)
	if v, _ := d.next("s"); v != 50 {
		t.Fatalf("after RESTART WITH 50: %d", v)
	}
	if err := d.apply(translate.SeqOptions{Restart: true, RestartWith: p64(0)}, false); codeOf(err) != "22023 RESTART value (0) cannot be less than MINVALUE (1)" {
		t.Fatalf("RESTART WITH 0: %v", err)
	}
	if err := d.setval("s", 0, true); codeOf(err) != `22003 setval: value 0 is out of bounds for sequence "s" (1..9223372036854775807)` {
		t.Fatalf("setval 0: %v", err)
	}
	d.setval("s", 100, true)
	if v, _ := d.next("s"); v != 105 {
		t.Fatalf("after setval(100): %d", v)
	}
	d.setval("s", 200, false)
	if v, _ := d.next("s"); v != 200 {
		t.Fatalf("after setval(200, false): %d", v)
	}
	// AS smallint on a sequence at bigint's bounds moves the maximum with the type.
	d.apply(translate.SeqOptions{Type: "smallint"}, false)
	if d.Max != math.MaxInt16 {
		t.Fatalf("max after AS smallint: %d", d.Max)
	}
}
